import { render } from 'preact';
import { App } from './app.jsx';
import { language } from './i18n.js';
import './styles.css';

document.documentElement.lang = language();
render(<App />, document.getElementById('app'));
