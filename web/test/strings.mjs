// The interface text as the unit tests read it: web/src/strings/<lang>/<area>.json.
// (In the app, web/src/strings.js loads the same files through Vite.)
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const STRINGS_DIR = fileURLToPath(new URL('../src/strings/', import.meta.url));

/** The languages with a directory of text. */
export const shippedLanguages = () =>
  readdirSync(STRINGS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

/** { area: {key: text} } of language LANG, one entry per file. */
export function areasOf(lang) {
  const out = {};
  for (const f of readdirSync(`${STRINGS_DIR}${lang}`).filter((n) => n.endsWith('.json')).sort()) {
    out[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(`${STRINGS_DIR}${lang}/${f}`, 'utf8'));
  }
  return out;
}

/** All of language LANG's text in one object. */
export const stringsOf = (lang) => Object.assign({}, ...Object.values(areasOf(lang)));
