// Screens loaded when first opened (issue 18, slow links): the first page downloads
// only the shell and People's list; each other screen's code (and sign-in's) comes with
// its first visit (one chunk per dynamic import(); public/early.js fetches the one at
// the address beside the shell). While it loads, the screen says so; once drawn, focus
// goes to its title as the shell does on every navigation.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n.js';
import { moreText } from './strings.js';

/** lazy()'s third argument for a screen whose English text is in the first page (strings.js). */
export const FIRST_TEXT = 'first-text';

/**
 * A component that renders export NAME of the module LOAD() imports. It waits for the
 * rest of the English text too (strings.js moreText), unless TEXT is FIRST_TEXT. Once
 * drawn, focus goes to the screen's title, unless OPTS.focus is false (a page drawn
 * outside the shell: sign-in starts at the top like any page).
 */
export function lazy(load, name, text, opts = {}) {
  let Loaded = null;
  let pending = null;
  const both = () => Promise.all([load(), text === FIRST_TEXT ? null : moreText()]).then(([m]) => m);
  const fetchIt = () => (pending ||= both().then((m) => { Loaded = m[name]; }, (e) => { pending = null; throw e; }));
  function Lazy(props) {
    const [state, setState] = useState(Loaded ? 'ready' : 'loading');
    const arrived = useRef(false);
    // Focus to the title in the very render that draws the screen (not a frame later,
    // when the user may have moved on).
    useLayoutEffect(() => {
      if (state === 'ready' && arrived.current && opts.focus !== false) document.getElementById('main-title')?.focus();
    }, [state]);
    useEffect(() => {
      if (Loaded) { // arrived between the first render and now (main.jsx preloads)
        arrived.current = true;
        setState('ready');
        return undefined;
      }
      let live = true;
      fetchIt().then(() => {
        if (!live) return;
        arrived.current = true;
        setState('ready');
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
