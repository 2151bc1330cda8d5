// Keyset paging for lists whose API answers {items, total, next} and takes
// ?after=<next>. The address keeps the cursor (after=) and the cursors of the
// pages before it (trail=), so Previous works and every page can be bookmarked.
// useAddressList and useFilterDraft are the list plumbing the list screens share.
import { useEffect, useState } from 'preact/hooks';
import { t, formatNumber } from '../i18n.js';
import { Link, useLocation } from '../router.js';
import { useGet } from './useGet.js';

/** {after, trail[]} from the address's query. */
export function readCursor(query) {
  return { after: query.get('after') || '', trail: (query.get('trail') || '').split(',').filter(Boolean) };
}

/** Just the FILTERS keys of VALUES (e.g. for an address). */
export function pickFilters(values, filters) {
  return Object.fromEntries(filters.map((k) => [k, values[k]]));
}

/**
 * A keyset list whose filters live in the address: reads FILTERS (names) and the
 * cursor from the address and GETs PATH?limit=PAGESIZE&<filters>&after=.
 * {current: filters + cursor, filters: just the filters, page: the API's answer
 * (null until the first arrives), error}.
 */
export function useAddressList(path, filters, pageSize) {
  const loc = useLocation();
  const current = { ...Object.fromEntries(filters.map((k) => [k, loc.query.get(k) || ''])), ...readCursor(loc.query) };
  const q = new URLSearchParams({ limit: String(pageSize) });
  for (const k of [...filters, 'after']) { const v = current[k].trim(); if (v) q.set(k, v); }
  const { data: page, error } = useGet(`${path}?${q}`);
  return { current, filters: pickFilters(current, filters), page, error };
}

/**
 * The filter form's values while the officer edits them (CURRENT are the ones in
 * the address; they take over again when the address changes). [values, set(k, v)].
 */
export function useFilterDraft(current, filters) {
  const [f, setF] = useState(current);
  useEffect(() => setF(current), filters.map((k) => current[k]));
  return [f, (k, v) => setF((old) => ({ ...old, [k]: v }))];
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
