// Reading one API resource into a component: the one data hook the screens share.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';

/**
 * GET PATH, again whenever PATH or any of DEPS changes, or reload() is called.
 * Returns {data, error, loading, reload}: ERROR is the ApiError (data null) and
 * the previous data stay shown while a new answer loads. A null PATH reads nothing
 * (data and error null). An answer that arrives after the component moved on is dropped.
 */
export function useGet(path, ...deps) {
  const [state, setState] = useState({ data: null, error: null, loading: !!path });
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!path) { setState({ data: null, error: null, loading: false }); return undefined; }
    let live = true;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    api.get(path).then((data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: null, error, loading: false }));
    return () => { live = false; };
  }, [path, n, ...deps]);
  return { ...state, reload: () => setN((x) => x + 1) };
}
