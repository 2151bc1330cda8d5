// The interface text and formatting every screen relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import en from '../src/strings-en.js';
import sw from '../src/strings-sw.js';
import { AREAS } from '../src/strings/index.js';
import { t, setLanguage, localName, formatNumber, formatDate, initialLanguage, _dictionaries } from '../src/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('i18n: Swahili has every English key and no others', () => {
  assert.deepEqual(Object.keys(sw).sort(), Object.keys(en).sort());
  for (const area of AREAS) assert.deepEqual(Object.keys(area.sw).sort(), Object.keys(area.en).sort());
});

test('i18n: no two string files define the same key', () => {
  const seen = new Set(Object.keys(en));
  for (const area of AREAS) {
    for (const k of Object.keys(area.en)) {
      assert.ok(!seen.has(k), `${k} is defined twice`);
      seen.add(k);
    }
  }
});

test('i18n: no text is empty and placeholders agree between languages', () => {
  const all = { en: _dictionaries.en, sw: _dictionaries.sw };
  for (const k of Object.keys(all.en)) {
    assert.ok(all.en[k].trim() && all.sw[k].trim(), `empty text for ${k}`);
    assert.deepEqual(placeholders(all.sw[k]), placeholders(all.en[k]), `placeholders differ for ${k}`);
  }
});

test('i18n: t() switches language and fills placeholders', () => {
  setLanguage('sw');
  assert.equal(t('signin.submit'), 'Ingia');
  assert.equal(t('app.signedInAs', { name: 'Asha' }), 'Umeingia kama Asha');
  setLanguage('en');
  assert.equal(t('signin.submit'), 'Sign in');
  setLanguage('xx');
  assert.equal(t('signin.submit'), 'Sign in', 'an unknown language is ignored');
});

test('i18n: configuration names are taken in the current language', () => {
  const name = { en: 'Para social worker', sw: 'Msaidizi wa ustawi wa jamii' };
  setLanguage('sw');
  assert.equal(localName(name), 'Msaidizi wa ustawi wa jamii');
  assert.equal(localName({ en: 'Only English' }), 'Only English');
  assert.equal(localName('plain'), 'plain');
  assert.equal(localName(null, 'psw'), 'psw');
  setLanguage('en');
  assert.equal(localName(name), 'Para social worker');
});

test('i18n: numbers and dates follow the language', () => {
  setLanguage('en');
  assert.equal(formatNumber(12345), '12,345');
  assert.equal(formatDate('2026-03-05'), '5 March 2026');
  setLanguage('sw');
  assert.match(formatDate('2026-03-05'), /Machi/);
  assert.equal(formatDate('not a date'), '');
  setLanguage('en');
});

test('i18n: the browser language is used when nothing was chosen', () => {
  assert.equal(initialLanguage({ languages: ['sw-TZ', 'en'] }), 'sw');
  assert.equal(initialLanguage({ languages: ['fr-FR'] }), 'en');
});
