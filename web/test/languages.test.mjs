// The language menu comes from the configuration (GET /api/v1/languages), a language
// Kazi does not ship comes from GET /api/v1/translations/{code}, and a missing string
// falls back: chosen -> the configuration's first language -> English.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { stringsOf } from './strings.mjs';
import {
  t, setLanguage, language, languages, firstLanguage, configureLanguages, addStrings, setStringLoader,
  localName, locale, formatNumber, formatDate, initialLanguage, rememberedLanguage, onLanguage, _reset,
} from '../src/i18n.js';

// A browser's storage, as i18n.js finds it.
const store = new Map();
globalThis.localStorage = {
  getItem: (k) => (store.has(k) ? store.get(k) : null),
  setItem: (k, v) => store.set(k, String(v)),
  removeItem: (k) => store.delete(k),
};

// What the app's loader does: shipped languages from their files, others from the
// configuration's translation (here a stand-in that counts its calls).
const asked = [];
const TRANSLATIONS = {
  ny: { 'nav.people': 'Anthu', 'signin.submit': 'Lowani', 'app.signedInAs': 'Mwalowa ngati {name}' },
};
addStrings('en', stringsOf('en'));
setStringLoader(async (code) => {
  asked.push(code);
  if (code === 'en' || code === 'sw') return stringsOf(code);
  if (TRANSLATIONS[code]) return TRANSLATIONS[code];
  throw new Error('404');
});
const LAKELAND = { languages: [{ code: 'en', name: 'English' }, { code: 'ny', name: 'Chichewa' }], default: 'en' };
const en = stringsOf('en');

beforeEach(async () => {
  store.clear();
  _reset();
  await setLanguage('en', { remember: false });
});

test('languages: before the configuration answers, the menu is what Kazi ships', () => {
  assert.deepEqual(languages().map((l) => l.code), ['en', 'sw']);
  assert.deepEqual(languages().map((l) => l.name), ['English', 'Kiswahili']);
});

test('languages: the menu lists exactly the configuration\'s languages, in its order', async () => {
  configureLanguages(LAKELAND);
  assert.deepEqual(languages(), LAKELAND.languages);
  assert.equal(firstLanguage(), 'en');
  assert.equal(await setLanguage('sw'), false, 'Kiswahili is not on this configuration\'s menu');
  assert.equal(language(), 'en');
});

test('languages: a language Kazi does not ship is fetched once when chosen, then overlaid on English', async () => {
  configureLanguages(LAKELAND);
  asked.length = 0;
  let told = 0;
  const off = onLanguage(() => { told += 1; });
  assert.equal(await setLanguage('ny'), true);
  off();
  assert.deepEqual(asked, ['ny'], 'only the chosen language is fetched');
  assert.ok(told > 0, 'the screens are told');
  assert.equal(language(), 'ny');
  assert.equal(t('nav.people'), 'Anthu');
  assert.equal(t('app.signedInAs', { name: 'Chisomo' }), 'Mwalowa ngati Chisomo');
  assert.equal(t('nav.training'), en['nav.training'], 'an untranslated string is English');
  assert.equal(rememberedLanguage(), 'ny');
  await setLanguage('en');
  await setLanguage('ny');
  assert.deepEqual(asked, ['ny'], 'fetched once');
});

test('languages: a missing string falls back to the configuration\'s first language before English', async () => {
  configureLanguages({ languages: [{ code: 'sw', name: 'Kiswahili' }, { code: 'ny', name: 'Chichewa' }, { code: 'en', name: 'English' }],
    default: 'sw' });
  assert.equal(firstLanguage(), 'sw');
  assert.equal(await setLanguage('ny'), true);
  assert.equal(t('nav.people'), 'Anthu', 'the chosen language first');
  assert.equal(t('nav.training'), stringsOf('sw')['nav.training'], 'then the first declared language');
  assert.equal(t('no.such.key'), 'no.such.key');
  // Names from the configuration follow the same chain.
  assert.equal(localName({ en: 'Village', sw: 'Kijiji', ny: 'Mudzi' }), 'Mudzi');
  assert.equal(localName({ en: 'Village', sw: 'Kijiji' }), 'Kijiji');
  assert.equal(localName({ en: 'Village' }), 'Village');
});

test('languages: the remembered choice is dropped when the configuration no longer declares it', async () => {
  configureLanguages(LAKELAND);
  await setLanguage('ny');
  assert.equal(rememberedLanguage(), 'ny');
  const now = configureLanguages({ languages: [{ code: 'en', name: 'English' }, { code: 'sw', name: 'Kiswahili' }], default: 'en' });
  assert.equal(rememberedLanguage(), null, 'forgotten');
  assert.equal(now, 'en', 'the language to use instead');
  // ... and kept when it still is.
  configureLanguages(LAKELAND);
  await setLanguage('ny');
  assert.equal(configureLanguages(LAKELAND), 'ny');
  assert.equal(rememberedLanguage(), 'ny');
});

test('languages: without a choice, the browser\'s language if declared, else the first declared', () => {
  configureLanguages({ languages: [{ code: 'ny', name: 'Chichewa' }, { code: 'en', name: 'English' }], default: 'ny' });
  assert.equal(initialLanguage({ languages: ['ny-MW', 'en'] }), 'ny');
  assert.equal(initialLanguage({ languages: ['en-GB'] }), 'en');
  assert.equal(initialLanguage({ languages: ['fr-FR'] }), 'ny');
});

test('languages: a translation that cannot be had leaves the language as it was', async () => {
  configureLanguages({ languages: [{ code: 'en', name: 'English' }, { code: 'yo', name: 'Yorùbá' }], default: 'en' });
  assert.equal(await setLanguage('yo'), false);
  assert.equal(language(), 'en');
  assert.equal(t('nav.people'), en['nav.people']);
});

test('languages: a choice overtaken while its text loads does not win', async () => {
  configureLanguages({ languages: [{ code: 'en', name: 'English' }, { code: 'ny', name: 'Chichewa' }, { code: 'tum', name: 'Chitumbuka' }],
    default: 'en' });
  TRANSLATIONS.tum = { 'nav.people': 'Ŵanthu' };
  const slow = setLanguage('tum');   // its translation still on the way ...
  const quick = setLanguage('en');   // ... when the user picks English
  assert.deepEqual([await quick, await slow], [true, false]);
  assert.equal(language(), 'en');
  assert.equal(t('nav.people'), en['nav.people']);
  assert.equal(rememberedLanguage(), 'en');
});

test('languages: a reply without languages keeps the shipped menu', () => {
  configureLanguages({});
  configureLanguages({ languages: [] });
  assert.deepEqual(languages().map((l) => l.code), ['en', 'sw']);
});

test('languages: Intl follows the language; a code Intl does not know falls back gracefully', async () => {
  await setLanguage('sw');
  assert.equal(locale(), 'sw-TZ');
  configureLanguages({ languages: [{ code: 'en', name: 'English' }, { code: 'ny', name: 'Chichewa' }, { code: 'zz', name: 'Zed' }],
    default: 'en' });
  TRANSLATIONS.zz = { 'nav.people': 'Zeople' };
  await setLanguage('zz');
  assert.equal(locale(), 'en-GB', 'an unknown locale formats as the first language');
  assert.equal(formatNumber(12345), '12,345');
  assert.equal(formatDate('2026-03-05'), '5 March 2026');
});
