// The interface text and formatting every screen relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areasOf, shippedLanguages, stringsOf } from './strings.mjs';
import {
  t, setLanguage, localName, formatNumber, formatDate, initialLanguage, addStrings, setStringLoader, SHIPPED,
} from '../src/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// The app gets English up front and the others when chosen (web/src/strings.js).
addStrings('en', stringsOf('en'));
setStringLoader(async (code) => stringsOf(code));

test('i18n: the languages Kazi ships are the ones with text, English first', () => {
  assert.deepEqual(shippedLanguages(), SHIPPED.map((l) => l.code).sort());
  assert.equal(SHIPPED[0].code, 'en');
});

test('i18n: every language has every English area and key, and no others', () => {
  const en = areasOf('en');
  for (const lang of shippedLanguages()) {
    const other = areasOf(lang);
    assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), `${lang}: the same area files as English`);
    for (const area of Object.keys(en)) {
      assert.deepEqual(Object.keys(other[area]).sort(), Object.keys(en[area]).sort(), `${lang}/${area}.json`);
    }
  }
});

test('i18n: each area file is one flat object of texts', () => {
  for (const lang of shippedLanguages()) {
    for (const [area, text] of Object.entries(areasOf(lang))) {
      assert.ok(text && typeof text === 'object' && !Array.isArray(text), `${lang}/${area}.json is an object`);
      for (const [k, v] of Object.entries(text)) assert.equal(typeof v, 'string', `${lang}/${area}.json: ${k}`);
    }
  }
});

test('i18n: no two area files define the same key', () => {
  const seen = new Map();
  for (const [area, text] of Object.entries(areasOf('en'))) {
    for (const k of Object.keys(text)) {
      assert.ok(!seen.has(k), `${k} is defined in ${seen.get(k)}.json and ${area}.json`);
      seen.set(k, area);
    }
  }
});

test('i18n: no text is empty and placeholders agree between languages', () => {
  const en = stringsOf('en');
  for (const lang of shippedLanguages()) {
    const other = stringsOf(lang);
    for (const k of Object.keys(en)) {
      assert.ok(en[k].trim() && other[k].trim(), `empty text for ${k} (${lang})`);
      assert.deepEqual(placeholders(other[k]), placeholders(en[k]), `placeholders differ for ${k} (${lang})`);
    }
  }
});

test('i18n: t() switches language and fills placeholders', async () => {
  assert.equal(await setLanguage('sw'), true);
  assert.equal(t('signin.submit'), 'Ingia');
  assert.equal(t('app.signedInAs', { name: 'Asha' }), 'Umeingia kama Asha');
  await setLanguage('en');
  assert.equal(t('signin.submit'), 'Sign in');
  assert.equal(await setLanguage('xx'), false, 'a language not on the menu is refused');
  assert.equal(t('signin.submit'), 'Sign in', 'an unknown language is ignored');
});

test('i18n: configuration names are taken in the current language', async () => {
  const name = { en: 'Para social worker', sw: 'Msaidizi wa ustawi wa jamii' };
  await setLanguage('sw');
  assert.equal(localName(name), 'Msaidizi wa ustawi wa jamii');
  assert.equal(localName({ en: 'Only English' }), 'Only English');
  assert.equal(localName('plain'), 'plain');
  assert.equal(localName(null, 'psw'), 'psw');
  await setLanguage('en');
  assert.equal(localName(name), 'Para social worker');
});

test('i18n: numbers and dates follow the language', async () => {
  await setLanguage('en');
  assert.equal(formatNumber(12345), '12,345');
  assert.equal(formatDate('2026-03-05'), '5 March 2026');
  await setLanguage('sw');
  assert.match(formatDate('2026-03-05'), /Machi/);
  assert.equal(formatDate('not a date'), '');
  await setLanguage('en');
});

test('i18n: the browser language is used when nothing was chosen', () => {
  assert.equal(initialLanguage({ languages: ['sw-TZ', 'en'] }), 'sw');
  assert.equal(initialLanguage({ languages: ['fr-FR'] }), 'en');
});

test('i18n: a screen\'s own form labels are interface text by key, so every language can translate them', async () => {
  assert.equal(localName({ t: 'signin.username' }), 'Username');
  await setLanguage('sw');
  assert.equal(localName({ t: 'signin.username' }), stringsOf('sw')['signin.username']);
  await setLanguage('en');
  // No screen keeps text of its own per language ({ en: '…', sw: '…' }) outside the string files.
  const { readdirSync, readFileSync } = await import('node:fs');
  const src = new URL('../src/', import.meta.url);
  const inline = [];
  const walk = (dir) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const u = new URL(d.name + (d.isDirectory() ? '/' : ''), dir);
      if (d.isDirectory()) walk(u);
      else if (/\.jsx?$/.test(d.name) && /\{\s*en:\s*'[^']*',\s*sw:\s*'/.test(readFileSync(u, 'utf8'))) inline.push(d.name);
    }
  };
  walk(src);
  assert.deepEqual(inline.filter((f) => f !== 'i18n.js'), []);
});
