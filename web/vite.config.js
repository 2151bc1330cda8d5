// Vite build for the Kazi web UI. The output goes straight into the directory the
// server serves (KAZI_WEB_OUT, set by web/web.cmake; default ../build/web):
// index.html at the top, content-hashed files under assets/ (served as immutable),
// and a .gz sibling of every text file for the server's precompressed serving.
import { defineConfig } from 'vite';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const outDir = process.env.KAZI_WEB_OUT ? resolve(process.env.KAZI_WEB_OUT) : resolve('../build/web');

/** Write NAME.gz next to every js/css/html/svg/json file of the finished build. */
function precompress() {
  const text = /\.(js|mjs|css|html|svg|json|txt)$/;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (text.test(name)) {
        writeFileSync(path + '.gz', gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION }));
      }
    }
  };
  return { name: 'kazi-precompress', apply: 'build', closeBundle() { walk(outDir); } };
}

/** The chunk of a language's interface text (strings/<code>/*.json), or null for English. */
function stringsChunk(id) {
  const m = /[\\/]strings[\\/]([a-z-]+)[\\/][^\\/]+\.json$/.exec(id);
  return m && m[1] !== 'en' ? `strings-${m[1]}` : null;
}

/**
 * Each screen's code, named in public/early.js so it downloads beside the shell on a
 * slow link instead of after it (issue 18). From src/screens.js: the address pattern of
 * each row whose component is a lazy import of screens/X.jsx; from the bundle: X's
 * chunk and the chunks it imports that the page does not already load. early.js's line
 * `var SCREEN_CODE = [];` becomes [[pattern, [files]], ...] in the screens' order.
 */
function screenCode() {
  let table = [];
  return {
    name: 'kazi-screen-code',
    apply: 'build',
    generateBundle(_, bundle) {
      const src = readFileSync(resolve('src/screens.js'), 'utf8');
      const lazyFile = Object.fromEntries([...src.matchAll(/const (\w+) = lazy\(\(\) => import\('\.\/screens\/(\w+)\.jsx'\)/g)]
        .map((m) => [m[1], m[2]]));
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const closure = (names, seen = new Set()) => {
        for (const n of names) {
          if (seen.has(n)) continue;
          seen.add(n);
          closure(bundle[n]?.imports || [], seen);
        }
        return seen;
      };
      const onPage = closure(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
      for (const m of src.matchAll(/\{ path: '([^']+)'[^}]*component: (\w+)/g)) {
        const file = lazyFile[m[2]];
        const chunk = file && chunks.find((c) => c.isDynamicEntry && c.facadeModuleId?.endsWith(`/src/screens/${file}.jsx`));
        if (!chunk) continue;
        const files = [...closure([chunk.fileName])].filter((f) => !onPage.has(f)).map((f) => `/${f}`);
        table.push([`^${m[1].replace(/:\w+/g, '[^/]+')}$`, files]);
      }
    },
    closeBundle() {
      const path = join(outDir, 'early.js');
      const text = readFileSync(path, 'utf8');
      const line = 'var SCREEN_CODE = [];';
      if (!text.includes(line)) throw new Error(`public/early.js lost its line "${line}"`);
      writeFileSync(path, text.replace(line, `var SCREEN_CODE = ${JSON.stringify(table)};`));
    },
  };
}

export default defineConfig({
  base: '/',
  // Preact's automatic JSX runtime; no Babel, no preset.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // The CSP is default-src 'self': no data: URIs, so never inline assets.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: false,
    // Each shipped language other than English is one chunk, fetched when chosen
    // (web/src/strings.js); English stays in the first page's code.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: stringsChunk, debugName: 'strings', test: /[\\/]strings[\\/][a-z-]+[\\/][^\\/]+\.json$/ }],
        },
      },
    },
  },
  // screenCode first: precompress gzips the early.js it writes.
  plugins: [screenCode(), precompress()],
});
