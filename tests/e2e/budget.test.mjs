// The built UI as a district office on a slow link receives it: the initial page
// and what it loads stay under 300 KB compressed, every text file has its brotli and
// gzip siblings (a browser gets brotli), hashed assets are cached for good, and nothing
// inline needs the CSP relaxed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { WEB_DIR, startKazi } from './lib/browser.mjs';
import { api } from '../api/lib/server.mjs';

const BUDGET = 300 * 1024;
const index = () => readFileSync(join(WEB_DIR, 'index.html'), 'utf8');

/** Files the browser fetches before the first screen can show: scripts, styles, preloads. */
function initialFiles(html) {
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"[^>]*>/g)]
    .filter((m) => /<script|rel="(?:stylesheet|modulepreload)"/.test(m[0]))
    .map((m) => m[1]);
  return ['/index.html', ...refs];
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out); else out.push(p);
  }
  return out;
}

describe('built UI', () => {
  test('the initial page and its scripts and styles are under 300 KB compressed', () => {
    const files = initialFiles(index());
    assert.ok(files.some((f) => f.endsWith('.js')), `index.html loads a script: ${files}`);
    let total = 0;
    const sizes = [];
    for (const f of files) {
      const br = join(WEB_DIR, f + '.br'); // what a browser receives
      assert.ok(existsSync(br), `${f} has a .br sibling`);
      const n = statSync(br).size;
      sizes.push(`${f} ${(n / 1024).toFixed(1)} KB`);
      total += n;
    }
    console.log(`initial page: ${(total / 1024).toFixed(1)} KB compressed (budget 300 KB)\n  ${sizes.join('\n  ')}`);
    assert.ok(total < BUDGET, `initial page is ${total} bytes compressed, over ${BUDGET}`);
    const all = walk(WEB_DIR).filter((p) => p.endsWith('.br')).reduce((n, p) => n + statSync(p).size, 0);
    console.log(`everything, including screens loaded later: ${(all / 1024).toFixed(1)} KB compressed`);
  });

  test('every script, style and page has matching brotli and gzip siblings', () => {
    const text = walk(WEB_DIR).filter((p) => /\.(js|css|html)$/.test(p));
    assert.ok(text.length >= 3);
    for (const p of text) {
      assert.ok(existsSync(p + '.gz'), `${p}.gz exists`);
      assert.ok(gunzipSync(readFileSync(p + '.gz')).equals(readFileSync(p)), `${p}.gz matches ${p}`);
      assert.ok(existsSync(p + '.br'), `${p}.br exists`);
      assert.ok(brotliDecompressSync(readFileSync(p + '.br')).equals(readFileSync(p)), `${p}.br matches ${p}`);
      assert.ok(statSync(p + '.br').size <= statSync(p + '.gz').size, `${p}.br is no larger than ${p}.gz`);
    }
  });

  test('index.html has no inline script or style for the CSP to block', () => {
    const html = index();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script has a src');
    assert.doesNotMatch(html, /<style\b|\sstyle=|\son[a-z]+=/i);
    assert.ok(readdirSync(join(WEB_DIR, 'assets')).every((n) => /-[A-Za-z0-9_-]{8}\.\w+(\.gz|\.br)?$/.test(n)),
      'assets/ holds only content-hashed files');
  });

  describe('served by kazi', () => {
    let srv;
    before(async () => { srv = await startKazi(); });
    after(async () => { assert.equal(await srv.stop(), 0); });

    test('scripts arrive brotli- (or gzip-) compressed and cached for good; the page itself is revalidated', async () => {
      const script = initialFiles(index()).find((f) => f.startsWith('/assets/') && f.endsWith('.js'));
      const br = await fetch(srv.url + script, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
      assert.equal(br.headers.get('content-encoding'), 'br', 'what Chromium accepts gets brotli');
      assert.equal(await br.text(), readFileSync(join(WEB_DIR, script), 'utf8'));
      const js = await fetch(srv.url + script, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(js.status, 200);
      assert.equal(js.headers.get('content-encoding'), 'gzip');
      assert.match(js.headers.get('cache-control'), /immutable/);
      assert.match(js.headers.get('content-type'), /javascript/);
      const page = await api(srv.url, 'GET', '/people/42');
      assert.equal(page.status, 200, 'a deep link gets the app');
      assert.match(page.text, /<div id="app">/);
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      // The service worker and the early requests' script are revalidated too.
      for (const f of ['/sw.js', '/early.js']) {
        const r = await fetch(srv.url + f);
        assert.equal(r.status, 200, f);
        assert.match(r.headers.get('content-type'), /javascript/, f);
        assert.doesNotMatch(r.headers.get('cache-control') || '', /immutable/, `${f} is not cached for good`);
      }
    });
  });
});
