// Names the registry screens show beside ids: org units, organisations, cadres and
// field declarations from the live configuration. Each is fetched once per page
// load and shared; a failed fetch is forgotten so the next screen asks again. Org
// units and the catalogue are also kept across visits with their ETag (api.getKept).
import * as api from './api.js';
import { localName, locale } from './i18n.js';

const cache = new Map();
function once(key, load) {
  if (!cache.has(key)) {
    const p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return cache.get(key);
}

/** GET /api/v1/org-units/{id}: {id, code, name, level, path[]} (path from the top). */
export function orgUnit(id) {
  return once(`unit:${id}`, () => api.getKept(`/api/v1/org-units/${id}`));
}

/** Org units whose name or code matches Q (the server's search). */
export async function searchOrgUnits(q) {
  const r = await api.get(`/api/v1/org-units?q=${encodeURIComponent(q)}`);
  return r.org_units || [];
}

/** "Kaloleni Village" for an org unit; "#5" if it cannot be read. */
export async function orgUnitName(id) {
  if (!id) return '';
  try { const u = await orgUnit(id); return localName(u.name, u.code); } catch { return `#${id}`; }
}

/** "Tanzania › Arusha › Arusha City" (without the country when deeper). */
export function pathText(unit) {
  const parts = (unit.path || [unit]).map((p) => localName(p.name, p.code));
  return (parts.length > 2 ? parts.slice(1) : parts).join(' › ');
}

/** The organisations the caller may see: [{id, code, name, kind, org_unit_id}]. */
export function organisations() {
  return once('organisations', () => api.get('/api/v1/organisations').then((r) => r.organisations || []));
}

/** The live configuration's catalogue kind (cadres, fields, country ...): its items. */
export function catalogue(kind) {
  return once(`catalogue:${kind}`, () => api.getKept(`/api/v1/catalogue/${kind}`).then((r) => r.items));
}

/** Cadres [{id, name, level, works_at, ...}] in ladder order. */
export async function cadres() {
  const items = await catalogue('cadres');
  return [...(items || [])].sort((a, b) => (a.level ?? 0) - (b.level ?? 0));
}

/** Custom field declarations for ENTITY ('person' | 'position'). */
export async function customFields(entity) {
  const items = await catalogue('fields').catch(() => []);
  return (items || []).filter((f) => (f.applies_to || 'person') === entity);
}

/** Forget everything (after a configuration change, or in tests). */
export function forget() { cache.clear(); }

/**
 * The name of the country's level ID (of LEVELS, kazi.country{levels}) in the user's
 * language as a word inside a sentence ("Serving in their home commune"), else the id.
 */
export function levelWord(levels, id) {
  const l = (levels || []).find((x) => x.id === id);
  return (l ? localName(l.name, id) : id || '').toLocaleLowerCase(locale());
}

/** The country declaration: {id, name, currency, levels[{id, name}], languages}. */
export function country() {
  return catalogue('country').then((c) => c || {});
}
