// Screens loaded when first opened (issue 18, slow links): the first page downloads
// only the shell, the dashboard and sign-in; each other screen's code comes with its
// first visit (Vite makes one chunk per dynamic import()). While it loads, the screen
// says so; once drawn, focus goes to its title as the shell does on every navigation.
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n.js';

/** A component that renders export NAME of the module LOAD() imports. */
export function lazy(load, name) {
  let Loaded = null;
  let pending = null;
  const fetchIt = () => (pending ||= load().then((m) => { Loaded = m[name]; }, (e) => { pending = null; throw e; }));
  function Lazy(props) {
    const [state, setState] = useState(Loaded ? 'ready' : 'loading');
    useEffect(() => {
      if (Loaded) { // arrived between the first render and now (main.jsx preloads)
        setState('ready');
        return undefined;
      }
      let live = true;
      fetchIt().then(() => {
        if (!live) return;
        setState('ready');
        requestAnimationFrame(() => document.getElementById('main-title')?.focus());
      }, () => live && setState('failed'));
      return () => { live = false; };
    }, []);
    if (state === 'ready' && Loaded) return <Loaded {...props} />;
    if (state === 'failed') return <p class="problem" role="alert">{t('app.loadFailed')}</p>;
    return <p role="status">{t('app.loading')}</p>;
  }
  Lazy.preload = () => fetchIt().catch(() => {});
  return Lazy;
}
