// Vite build for the Kazi web UI. The output goes straight into the directory the
// server serves (KAZI_WEB_OUT, set by web/web.cmake; default ../build/web):
// index.html at the top, content-hashed files under assets/ (served as immutable),
// and a .br (brotli) and a .gz sibling of every text file for the server's precompressed
// serving (core/http/static.c sends the one the browser accepts, brotli first).
import { defineConfig } from 'vite';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const outDir = process.env.KAZI_WEB_OUT ? resolve(process.env.KAZI_WEB_OUT) : resolve('../build/web');

/** Write NAME.br and NAME.gz next to every js/css/html/svg/json file of the finished build. */
function precompress() {
  const text = /\.(js|mjs|css|html|svg|json|txt)$/;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (text.test(name)) {
        const data = readFileSync(path);
        writeFileSync(path + '.gz', gzipSync(data, { level: constants.Z_BEST_COMPRESSION }));
        writeFileSync(path + '.br', brotliCompressSync(data, { params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        } }));
      }
    }
  };
  return { name: 'kazi-precompress', apply: 'build', closeBundle() { walk(outDir); } };
}

/**
 * The chunk of a language's interface text (strings/<code>/*.json): one per language;
 * English's first-page areas (imported by src/strings.js, not fetched) stay in its code,
 * its other areas are the chunk strings-en.
 */
function stringsChunk(id, ctx) {
  const m = /[\\/]strings[\\/]([a-z-]+)[\\/][^\\/]+\.json$/.exec(id);
  if (!m) return null;
  if (m[1] !== 'en') return `strings-${m[1]}`;
  return ctx.getModuleInfo(id)?.importers.length ? null : 'strings-en';
}

/** The interface text keys SOURCE names literally: t('area.key'), and screens.js's nav: 'area.key'. */
const literalKeys = (source) => [...source.matchAll(/(?:\bt\(\s*|\bnav: )(['"`])([a-z]+\.[\w.-]+)\1/g)].map((m) => m[2]);

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
      // The screens' rows, and sign-in's (app.jsx draws it at any address when signed out).
      const src = readFileSync(resolve('src/screens.js'), 'utf8') + readFileSync(resolve('src/app.jsx'), 'utf8')
        + "{ path: '/signin', component: SignIn }";
      const lazyRows = [...src.matchAll(/const (\w+) = lazy\(\(\) => import\('\.\/screens\/(\w+)\.jsx'\), '\w+'(, FIRST_TEXT)?[,)]/g)];
      const lazyFile = Object.fromEntries(lazyRows.map((m) => [m[1], m[2]]));
      const firstText = new Set(lazyRows.filter((m) => m[3]).map((m) => m[1]));
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const moreText = chunks.find((c) => c.name === 'strings-en')?.fileName;
      if (!moreText) throw new Error('no strings-en chunk: src/strings.js no longer fetches the rest of English');
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
        const own = (c) => c.isDynamicEntry && c.facadeModuleId?.endsWith(`/src/screens/${file}.jsx`);
        const holds = (c) => Object.keys(c.modules).some((id) => id.endsWith(`/src/screens/${file}.jsx`));
        const chunk = file && (chunks.find(own) || chunks.find(holds)); // a group's chunk has no facade
        if (!chunk) continue;
        const code = [...closure([chunk.fileName])].filter((f) => !onPage.has(f));
        // A screen drawn with the first page's English text: every key its code names
        // literally must be there, or it would show the key until the rest arrives.
        if (firstText.has(m[2])) missingFirstText(bundle, [...onPage, ...code]);
        const files = [...code, ...(firstText.has(m[2]) ? [] : [moreText])].map((f) => `/${f}`);
        table.push([`^${m[1].replace(/:\w+/g, '[^/]+')}$`, files]);
      }
      missingFirstText(bundle, [...onPage]);
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

/**
 * Fail the build when the modules of chunks FILES name an English key (literally) that
 * is not in the English text those chunks carry (src/strings.js, the first page's areas).
 */
function missingFirstText(bundle, files) {
  const ids = files.flatMap((f) => Object.keys(bundle[f]?.modules || {}));
  const text = Object.assign({}, ...ids.filter((id) => /[\\/]strings[\\/]en[\\/][^\\/]+\.json$/.test(id))
    .map((id) => JSON.parse(readFileSync(id, 'utf8'))));
  const code = ids.filter((id) => /[\\/]web[\\/]src[\\/].*\.jsx?$/.test(id));
  const missing = code.flatMap((id) => literalKeys(readFileSync(id, 'utf8')).filter((k) => !(k in text))
    .map((k) => `${k} (${id.replace(/.*[\\/]web[\\/]/, '')})`));
  if (missing.length) {
    throw new Error(`English text used before the rest of it is fetched, but not in src/strings.js's first areas: ${[...new Set(missing)].join(', ')}`);
  }
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
          groups: [
            { name: stringsChunk, debugName: 'strings', test: /[\\/]strings[\\/][a-z-]+[\\/][^\\/]+\.json$/ },
            // The dashboard's code in two files, not four: at 400 ms a request, and six at
            // a time beside the page's own, tiny files cost more than their bytes
            // (issue 18). Its screen stays a chunk of its own (a group's chunk would need
            // rolldown's runtime, one more request).
            { name: 'dashboard', includeDependenciesRecursively: false,
              test: /[\\/]src[\\/](components[\\/](DashboardFigures|FigureChart|BarChart)\.jsx|careers-data\.jsx)$/ },
            // Everything the first page imports in the one file index.html loads (left
            // alone, rolldown splits what the later chunks share into small files the page
            // must fetch too).
            { name: 'app', tags: ['$initial'] },
          ],
        },
      },
    },
  },
  // screenCode first: precompress gzips the early.js it writes.
  plugins: [screenCode(), precompress()],
});
