// Interface language: the dictionaries, the user's remembered choice, and
// locale-aware formatting. Plain JS (no Preact) so node:test can load it.
import en from './strings-en.js';
import sw from './strings-sw.js';
import { AREAS } from './strings/index.js';

export const LANGUAGES = [
  { code: 'en', name: 'English', locale: 'en-GB' },
  { code: 'sw', name: 'Kiswahili', locale: 'sw-TZ' },
];
const dictionaries = {
  en: Object.assign({}, en, ...AREAS.map((a) => a.en)),
  sw: Object.assign({}, sw, ...AREAS.map((a) => a.sw)),
};
const STORAGE_KEY = 'kazi.lang';

let current = 'en';
const listeners = new Set();

function storage() {
  try { return globalThis.localStorage || null; } catch { return null; }
}

/** The language to start in: the remembered choice, else the browser's, else English. */
export function initialLanguage(nav = globalThis.navigator) {
  const saved = storage()?.getItem(STORAGE_KEY);
  if (saved && dictionaries[saved]) return saved;
  const wanted = (nav && nav.languages) || [];
  for (const tag of wanted) {
    const code = String(tag).slice(0, 2).toLowerCase();
    if (dictionaries[code]) return code;
  }
  return 'en';
}

export function language() { return current; }

/** Switch language, remember it, tell subscribers. Unknown codes are ignored. */
export function setLanguage(code) {
  if (!dictionaries[code]) return;
  current = code;
  storage()?.setItem(STORAGE_KEY, code);
  if (globalThis.document) globalThis.document.documentElement.lang = code;
  for (const fn of listeners) fn(code);
}

export function onLanguage(fn) { listeners.add(fn); return () => listeners.delete(fn); }

/** Interface text for KEY in the current language, with {name} placeholders filled. */
export function t(key, params) {
  let s = dictionaries[current][key] ?? dictionaries.en[key];
  if (s === undefined) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

export function locale() {
  return LANGUAGES.find((l) => l.code === current).locale;
}

/**
 * A configuration name in the current language. The configuration declares names as
 * { en = "...", sw = "..." }; a plain string is used as it is. Falls back to English,
 * then to any language given, then to FALLBACK (e.g. the id).
 */
export function localName(name, fallback = '') {
  if (name == null) return fallback;
  if (typeof name === 'string') return name;
  if (typeof name === 'object') {
    return name[current] ?? name.en ?? Object.values(name).find((v) => typeof v === 'string') ?? fallback;
  }
  return String(name);
}

/** A number formatted for the current language (e.g. 12,345 or 12,345 in sw-TZ). */
export function formatNumber(n, opts) {
  return new Intl.NumberFormat(locale(), opts).format(n);
}

/** A date (Date, ISO string or epoch ms) as a readable date in the current language. */
export function formatDate(d, opts = { day: 'numeric', month: 'long', year: 'numeric' }) {
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale(), opts).format(date);
}

/** A role's name in the current language; unknown roles as the server names them. */
export function roleName(role) {
  const k = `role.${role}`;
  const s = t(k);
  return s === k ? role : s;
}

export const _dictionaries = dictionaries;
current = initialLanguage();
