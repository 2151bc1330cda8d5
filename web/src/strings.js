// Where the interface text comes from in the app (web/src/i18n.js holds and looks it
// up). English is in the first page's code: it is the base every other language falls
// back to. Each other language Kazi ships is its own chunk (web/src/strings/<code>/*.json,
// grouped per language in vite.config.js), fetched only when chosen. A language only
// the configuration ships comes from GET /api/v1/translations/{code}.
import {
  addStrings, setStringLoader, loadStrings, SHIPPED, configureLanguages, initialLanguage, firstLanguage,
  rememberedLanguage, setLanguage,
} from './i18n.js';
import * as api from './api.js';

const merge = (files) => Object.assign({}, ...Object.keys(files).sort().map((k) => files[k]));

// English in two parts (issue 18, slow links): the text of the shell, sign-in, the
// dashboard and People is in the first page's code (FIRST_TEXT; vite.config.js fails the
// build when that code uses a key from elsewhere); the other areas' text is one chunk
// (strings-en), fetched with the first screen that needs it (lazy.jsx), then kept by the
// browser like every asset (immutable).
addStrings('en', merge(import.meta.glob(
  ['./strings/en/app.json', './strings/en/dashboard.json', './strings/en/daily.json', './strings/en/people.json',
    './strings/en/picker.json'], { eager: true, import: 'default' })));
const moreEnglish = import.meta.glob(
  ['./strings/en/*.json', '!./strings/en/{app,dashboard,daily,people,picker}.json'], { import: 'default' });
let more = null;

/** The rest of the English text is here (loaded once; rejects, to be asked again, when it could not be). */
export function moreText() {
  more ||= Promise.all(Object.keys(moreEnglish).sort().map((k) => moreEnglish[k]()))
    .then((texts) => addStrings('en', Object.assign({}, ...texts)), (e) => { more = null; throw e; });
  return more;
}

const shipped = import.meta.glob(['./strings/*/*.json', '!./strings/en/*.json'], { import: 'default' });

/** The configuration's interface text for CODE (its kazi.translation{ui}). */
async function configured(code) {
  const reply = await api.get(`/api/v1/translations/${encodeURIComponent(code)}`);
  return reply && typeof reply.ui === 'object' && reply.ui ? reply.ui : {};
}

/**
 * Language CODE's text: the configuration's translation, over Kazi's own files when Kazi
 * ships the language (a configuration may reword them; a server without the endpoint,
 * or one that does not declare CODE, leaves the files as they are).
 */
export async function stringsOf(code) {
  if (SHIPPED.some((l) => l.code === code)) {
    const prefix = `./strings/${code}/`;
    const files = Object.keys(shipped).filter((k) => k.startsWith(prefix));
    const [texts, own] = await Promise.all([Promise.all(files.map((k) => shipped[k]())), configured(code).catch(() => ({}))]);
    return Object.assign({}, ...texts, own);
  }
  return configured(code);
}

setStringLoader(stringsOf);

/**
 * At start: ask the configuration for its languages (a server without the endpoint
 * keeps the shipped menu) and settle on the language to show: the remembered choice if
 * the configuration still declares it (else it is dropped), the browser's, the first
 * declared. Resolves once that language's text is here, so the first screen is drawn in
 * it. public/early.js has asked for the menu already; a remembered language Kazi ships
 * is fetched alongside.
 */
export function startLanguage() {
  const remembered = rememberedLanguage();
  if (remembered && SHIPPED.some((l) => l.code === remembered)) loadStrings(remembered);
  const quiet = { remember: false };
  return api.get('/api/v1/languages')
    .then((reply) => configureLanguages(reply), () => initialLanguage())
    .then(async (code) => (await setLanguage(code, quiet)) || (await setLanguage(firstLanguage(), quiet))
      || setLanguage('en', quiet));
}
