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
  plugins: [precompress()],
});
