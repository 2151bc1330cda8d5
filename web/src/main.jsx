import { render } from 'preact';
import { App } from './app.jsx';
import { language } from './i18n.js';
import './styles.css';
import { SCREENS } from './screens.js';
import { match } from './router.js';

document.documentElement.lang = language();
// Fetch the screen's code while the session is being checked (public/early.js has
// already asked for the session and, on the dashboard, the figures).
match(SCREENS, location.pathname)?.route.component?.preload?.();
render(<App />, document.getElementById('app'));
// The app shell, kept by the browser for the next visit (public/sw.js).
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
