// Shared reads for the training, certificate and career screens: the active
// configuration's catalogue (course, certification and cadre names), org-unit
// names by id (each fetched once), and small formatting helpers. People's names
// are in names.js.
import { useEffect, useState } from 'preact/hooks';
import * as api from './api.js';
import { localName, formatDate, t, language } from './i18n.js';

let cataloguePromise = null;

/** GET /api/v1/catalogue once per page load (retried after a failure). */
export function loadCatalogue() {
  if (!cataloguePromise) {
    cataloguePromise = api.getKept('/api/v1/catalogue').catch((e) => { cataloguePromise = null; throw e; });
  }
  return cataloguePromise;
}

/** The catalogue, or null while it loads (or when it cannot be read). */
export function useCatalogue() {
  const [cat, setCat] = useState(null);
  useEffect(() => { let live = true; loadCatalogue().then((c) => live && setCat(c), () => {}); return () => { live = false; }; }, []);
  return cat;
}

function find(cat, kind, id) {
  return cat && Array.isArray(cat[kind]) ? cat[kind].find((x) => x.id === id) : null;
}

/** A course's name in the current language (its id until the catalogue is loaded). */
export function courseName(cat, id) { return localName(find(cat, 'courses', id)?.name, id); }
export function certificationName(cat, id) { return localName(find(cat, 'certifications', id)?.name, id); }
export function cadreName(cat, id) { return localName(find(cat, 'cadres', id)?.name, id); }
export function courseOf(cat, id) { return find(cat, 'courses', id); }

/** A YYYY-MM-DD day as a readable date (read as a calendar day, never shifted by time zone). */
export function formatDay(s, opts) {
  if (!s || !/^\d{4}-\d{2}-\d{2}/.test(s)) return s || '';
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  return formatDate(new Date(y, m - 1, d), opts);
}

/** Today as YYYY-MM-DD in the browser's calendar. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** One "what is missing" item from a rule ({en, sw, ...} or a plain string) in the current language:
 * the server's "text" (resolved in the language the request chose, any the configuration declares),
 * else the item's own words. */
export function missingText(m) {
  if (m == null) return '';
  if (typeof m === 'string') return m;
  // The rule's own words per language win for the language chosen now (the page is not
  // fetched again when the language changes); `text` is the server's wording in the
  // language the answer was asked in, for a language the rule did not write.
  const { text, ...words } = m;
  if (typeof words[language()] === 'string') return words[language()];
  if (typeof text === 'string') return text;
  return localName(words, JSON.stringify(m));
}

/** A configuration commit id shortened for display (the full id goes in a title). */
export function shortCommit(id) {
  if (!id) return '';
  return /^[0-9a-f]{40}$/.test(id) ? id.slice(0, 10) : id;
}

const unitCache = new Map();
/** An org unit {id, code, name, level, path?} by id, fetched once. */
export function orgUnit(id) {
  if (!id) return Promise.resolve(null);
  if (!unitCache.has(id)) {
    unitCache.set(id, api.get(`/api/v1/org-units/${id}`).catch(() => ({ id, code: `#${id}`, name: `#${id}` })));
  }
  return unitCache.get(id);
}

/** The name of org unit ID as text; '…' while it loads. */
export function UnitName({ id }) {
  const [name, setName] = useState(id ? '…' : t('careers.wholeArea'));
  useEffect(() => {
    let live = true;
    if (id) orgUnit(id).then((u) => live && setName(localName(u?.name, u?.code)));
    else setName(t('careers.wholeArea'));
    return () => { live = false; };
  }, [id]);
  return <>{name}</>;
}
