// A small history-API router: the server answers every path without a dot with
// index.html, so addresses like /people/42 can be bookmarked and reloaded.
import { useEffect, useState } from 'preact/hooks';
import { jsx } from 'preact/jsx-runtime';

const listeners = new Set();

function here() {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Go to URL (path + optional ?query) inside the app. */
export function navigate(url, { replace = false } = {}) {
  if (url === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  for (const fn of listeners) fn();
}

/** The current {path, query}; re-renders the caller when it changes. */
export function useLocation() {
  const [loc, setLoc] = useState(here);
  useEffect(() => {
    const update = () => setLoc(here());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => { listeners.delete(update); removeEventListener('popstate', update); };
  }, []);
  return loc;
}

/** An in-app link: a real <a href> (keyboard, middle-click and screen readers work). */
export function Link({ href, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    if (rest.onNavigate) rest.onNavigate();
  };
  const { onNavigate, ...attrs } = rest;
  return jsx('a', { href, onClick, ...attrs, children });
}

/**
 * Match PATH against ROUTES ([{path: '/people/:id', ...}]); returns {route, params}
 * for the first match, or null.
 */
export function match(routes, path) {
  const parts = path.replace(/\/+$/, '').split('/');
  for (const route of routes) {
    const want = route.path.replace(/\/+$/, '').split('/');
    if (want.length !== parts.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < want.length; i++) {
      if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(parts[i]);
      else if (want[i] !== parts[i]) { ok = false; break; }
    }
    if (ok) return { route, params };
  }
  return null;
}
