// After a screen swaps its "Loading…" title for the loaded one, the shell's focus
// on the old title is lost with the element; put it on the new title, unless the
// officer has already moved focus somewhere else.
import { useEffect } from 'preact/hooks';

export function useTitleFocusAfterLoad(loaded) {
  useEffect(() => {
    if (!loaded) return;
    const active = document.activeElement;
    if (!active || active === document.body) document.getElementById('main-title')?.focus();
  }, [loaded]);
}
