// Keyset paging for lists whose API answers {items, total, next} and takes
// ?after=<next>. The address keeps the cursor (after=) and the cursors of the
// pages before it (trail=), so Previous works and every page can be bookmarked.
import { t, formatNumber } from '../i18n.js';
import { Link } from '../router.js';

/** {after, trail[]} from the address's query. */
export function readCursor(query) {
  return { after: query.get('after') || '', trail: (query.get('trail') || '').split(',').filter(Boolean) };
}

/** BASE?filters&after=&trail= — filters with empty values are left out. */
export function addressWith(base, filters, after = '', trail = []) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== '' && v != null) q.set(k, v);
  if (after) q.set('after', after);
  if (trail.length) q.set('trail', trail.join(','));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

/** "Showing 26–50 of 1,234" (or "Nothing found"), announced to screen readers. */
export function PageCount({ cursor, shown, total, pageSize, none }) {
  const first = cursor.trail.length * pageSize + 1;
  return (
    <p class="result-count" role="status">
      {total === 0 ? none : t('people.showing', {
        first: formatNumber(first), last: formatNumber(first + shown - 1), total: formatNumber(total) })}
    </p>
  );
}

/** Previous / Next links for BASE with FILTERS at CURSOR; NEXT is the API's cursor. */
export function CursorPager({ base, filters, cursor, next }) {
  if (!cursor.trail.length && !next) return null;
  const prev = () => {
    const before = cursor.trail[cursor.trail.length - 1];
    return addressWith(base, filters, before === '0' ? '' : before, cursor.trail.slice(0, -1));
  };
  return (
    <nav class="pager" aria-label={t('people.pages')}>
      {cursor.trail.length > 0 && <Link href={prev()} class="button-link" rel="prev">{t('people.previous')}</Link>}
      {next && <Link href={addressWith(base, filters, String(next), [...cursor.trail, cursor.after || '0'])}
        class="button-link" rel="next">{t('people.next')}</Link>}
    </nav>
  );
}
