// Interface language: the dictionaries, the language menu, the user's remembered
// choice, and locale-aware formatting. Plain JS with no bundler features, so node:test
// can load it: the text arrives through addStrings() and setStringLoader() (the app's
// web/src/strings.js; the unit tests read web/src/strings/<lang>/*.json themselves).
//
// A string is looked up in the chosen language, then in the configuration's first
// language, then in English (the base every build carries).

/** The languages Kazi ships (their text is in web/src/strings/<code>/). */
export const SHIPPED = [
  { code: 'en', name: 'English' },
  { code: 'sw', name: 'Kiswahili' },
];
/** Intl locales of the languages Kazi ships; another code is tried as it is. */
const LOCALES = { en: 'en-GB', sw: 'sw-TZ' };
const STORAGE_KEY = 'kazi.lang';

const dictionaries = {};      // code -> { key: text }
let menu = SHIPPED;           // the language menu, in the configuration's order
let first = 'en';             // the configuration's first (default) language
let current = 'en';
let revision = 0;             // changes whenever anything shown may change
let loader = null;            // async (code) -> { key: text }
const loading = new Map();    // code -> promise of its dictionary
let asked = 0;                // the latest setLanguage() call: an earlier one still loading loses
const listeners = new Set();

function storage() {
  try { return globalThis.localStorage || null; } catch { return null; }
}

function changed() {
  revision += 1;
  for (const fn of listeners) fn(current);
}

/** Add TEXT ({key: text}) to language CODE's dictionary. */
export function addStrings(code, text) {
  dictionaries[code] = Object.assign(dictionaries[code] || {}, text);
  if (code === current || code === first) changed();
}

/** FN(code) resolves to a language's text when it is first needed. */
export function setStringLoader(fn) { loader = fn; }

/** Make sure language CODE's text is here (loaded once); false when it could not be. */
export function loadStrings(code) {
  if (dictionaries[code]) return Promise.resolve(true);
  if (!loader) return Promise.resolve(false);
  if (!loading.has(code)) {
    loading.set(code, Promise.resolve()
      .then(() => loader(code))
      .then((text) => { addStrings(code, text || {}); return true; })
      .catch(() => { loading.delete(code); return false; }));
  }
  return loading.get(code);
}

/** The language menu: [{code, name}] in the configuration's order. */
export function languages() { return menu; }
/** The configuration's first language (the fallback before English). */
export function firstLanguage() { return first; }
export function language() { return current; }
/** Changes whenever the language, the menu or the loaded text change (for re-rendering). */
export function languageState() { return `${current}:${revision}`; }

const declared = (code) => menu.some((l) => l.code === code);

/**
 * The configuration's languages (GET /api/v1/languages: {languages:[{code,name}], default}).
 * The menu lists exactly those; a remembered choice they no longer declare is dropped.
 * Returns the language to use now.
 */
export function configureLanguages(reply, nav = globalThis.navigator) {
  const list = (reply && Array.isArray(reply.languages) ? reply.languages : [])
    .filter((l) => l && typeof l.code === 'string' && l.code)
    .map((l) => ({ code: l.code, name: typeof l.name === 'string' && l.name ? l.name : l.code }));
  if (!list.length) return initialLanguage(nav);
  menu = list;
  first = list.some((l) => l.code === reply.default) ? reply.default : list[0].code;
  const saved = storage()?.getItem(STORAGE_KEY);
  if (saved && !declared(saved)) storage()?.removeItem(STORAGE_KEY);
  changed();
  return initialLanguage(nav);
}

/** The language to start in: the remembered choice, else the browser's, else the first declared. */
export function initialLanguage(nav = globalThis.navigator) {
  const saved = storage()?.getItem(STORAGE_KEY);
  if (saved && declared(saved)) return saved;
  const wanted = (nav && nav.languages) || [];
  for (const tag of wanted) {
    const whole = String(tag).toLowerCase();
    const code = declared(whole) ? whole : whole.split('-')[0];
    if (declared(code)) return code;
  }
  return declared(first) ? first : menu[0].code;
}

/** The remembered choice, whether or not it is on today's menu (null when none). */
export function rememberedLanguage() { return storage()?.getItem(STORAGE_KEY) || null; }

/**
 * Switch to CODE: load its text (and the first language's) when needed, then switch,
 * set <html lang> and tell subscribers. REMEMBER (default) keeps the choice in this
 * browser. A code the menu does not list, or whose text cannot be had, is ignored, and
 * so is a choice overtaken by a later one while its text was loading.
 * Resolves to whether the language is now CODE.
 */
export function setLanguage(code, { remember = true } = {}) {
  if (!declared(code)) return Promise.resolve(false);
  const mine = ++asked;
  const apply = () => {
    if (mine !== asked) return false;
    current = code;
    if (remember) storage()?.setItem(STORAGE_KEY, code);
    if (globalThis.document) globalThis.document.documentElement.lang = code;
    changed();
    return true;
  };
  if (dictionaries[code] && (dictionaries[first] || first === code)) {
    const done = apply();
    return Promise.resolve(done);
  }
  return Promise.all([loadStrings(code), loadStrings(first)]).then(([ok]) => (ok ? apply() : false));
}

export function onLanguage(fn) { listeners.add(fn); return () => listeners.delete(fn); }

/** Interface text for KEY (chosen -> first declared -> English), {name} placeholders filled. */
export function t(key, params) {
  let s = dictionaries[current]?.[key] ?? dictionaries[first]?.[key] ?? dictionaries.en?.[key];
  if (s === undefined) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

/** Whether Intl can format for LOC (a bad or unknown tag is not). */
function knownLocale(loc) {
  try {
    return Intl.NumberFormat.supportedLocalesOf([loc]).length > 0
      && Intl.DateTimeFormat.supportedLocalesOf([loc]).length > 0;
  } catch {
    return false;
  }
}

/** The Intl locale for the current language: its own, else the first language's, else en-GB. */
export function locale() {
  for (const code of [current, first]) {
    const loc = LOCALES[code] || code;
    if (knownLocale(loc)) return loc;
  }
  return LOCALES.en;
}

/**
 * A configuration name in the current language. The configuration declares names as
 * { en = "...", sw = "...", ny = "..." }; a plain string is used as it is. Falls back to
 * the configuration's first language, then English, then any language given, then to
 * FALLBACK (e.g. the id). { t: 'key' } is the interface text KEY (fixed form fields of the
 * app's own screens, so their labels are translated like any other text).
 */
export function localName(name, fallback = '') {
  if (name == null) return fallback;
  if (typeof name === 'string') return name;
  if (typeof name === 'object') {
    // Interface text named by its key where a name is expected (a screen's own form fields).
    if (typeof name.t === 'string') return t(name.t);
    return name[current] ?? name[first] ?? name.en ?? Object.values(name).find((v) => typeof v === 'string') ?? fallback;
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
/** For tests: the state before any configuration was read. */
export function _reset() {
  menu = SHIPPED;
  first = 'en';
  current = 'en';
  changed();
}
