import { render } from 'preact';
import { startLanguage } from './strings.js';
import { App } from './app.jsx';
import './styles.css';
import { SCREENS } from './screens.js';
import { match } from './router.js';

// Fetch the screen's code while the session is being checked (public/early.js has
// already asked for the session, the language menu and, on the dashboard, the figures).
match(SCREENS, location.pathname)?.route.component?.preload?.();
// The first screen is drawn in the chosen language (its text fetched first when it is
// not English).
startLanguage().catch(() => {}).then(() => render(<App />, document.getElementById('app')));
// The app shell, kept by the browser for the next visit (public/sw.js).
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
