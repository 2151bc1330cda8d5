// Languages come from the configuration (issue 15, point 3; issue 18, point 6), over
// tests/plugins/lakeland — English and Chichewa (ny), a language Kazi does not ship.
// The menus (sign-in page and header) list exactly the configuration's languages
// (GET /api/v1/languages); choosing Chichewa fetches its strings
// (GET /api/v1/translations/ny) and shows them, an untranslated string in English;
// every API request then says `Accept-Language: ny`; the choice is remembered, and
// dropped when the configuration no longer declares it. Only the chosen language's
// text is fetched. A server without the two endpoints keeps today's English + Kiswahili.
//
// Where the server does not answer /api/v1/languages yet (404), the test stands in
// for the two endpoints with page.route, answering as the contract says
// (docs/ui.md, "Languages"); where it does, it runs against the real server.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, startKazi, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { kazi, tempDir } from '../api/lib/server.mjs';
import { A } from './lib/fixtures.mjs';

const repo = resolve(fileURLToPath(import.meta.url), '../../..');
const LAKELAND = join(process.env.KAZI_SHARE_DIR || repo, 'tests/plugins/lakeland');

// The stand-in answers, as the contract describes them for Lakeland.
const STAND_IN = {
  languages: { languages: [{ code: 'en', name: 'English' }, { code: 'ny', name: 'Chichewa' }], default: 'en' },
  ny: {
    language: 'ny',
    ui: {
      'app.language': 'Chiyankhulo',
      'signin.title': 'Lowani mu Kazi',
      'signin.submit': 'Lowani',
      'nav.dashboard': 'Tsamba loyamba',
      'nav.people': 'Anthu',
    },
    complete: { ui: { have: 5, of: 1068 }, messages: { have: 0, of: 0 } },
  },
};
// The menu entries an administrator sees, in the app's order (web/src/screens.js).
const NAV = ['nav.dashboard', 'nav.people', 'nav.positions', 'nav.training', 'nav.certificates', 'nav.careers',
  'nav.supervision', 'nav.orgunits', 'nav.reports', 'nav.indicators', 'nav.planning', 'nav.imports',
  'nav.configuration', 'nav.users', 'nav.audit'];

const json = (body, status = 200) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });

describe('languages from the configuration', () => {
  let srv, browser, real, menu, ny, en;
  before(async () => {
    const root = tempDir();
    const data = join(root, 'data');
    writeFileSync(join(root, 'admin.pw'), `${A.ADMIN_PW}\n`);
    const init = kazi(['init', '--data', data, '--config', LAKELAND, '--admin', A.ADMIN,
      '--admin-password-file', join(root, 'admin.pw')]);
    assert.equal(init.status, 0, init.stderr);
    srv = await startKazi({ data, args: ['--admin-totp', 'optional'] });
    const r = await fetch(`${srv.url}/api/v1/languages`);
    real = r.status === 200;
    if (real) {
      menu = await r.json();
      const t = await fetch(`${srv.url}/api/v1/translations/ny`);
      assert.equal(t.status, 200, 'Lakeland declares ny, so its translation is served');
      ny = await t.json();
    } else {
      assert.equal(r.status, 404, 'a server without the endpoint says 404');
      ({ languages: menu, ny } = STAND_IN);
    }
    console.log(`languages: ${real ? 'the real server answers' : 'stand-in for the two endpoints (server says 404)'}`);
    const dir = join(repo, 'web/src/strings/en');
    en = Object.assign({}, ...readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly');
  });

  /** A page over the Lakeland server; the stand-in answers the endpoints the server lacks. */
  async function lakelandPage(viewport) {
    const page = await openPage(browser.context, viewport);
    page.requests = [];
    page.on('request', (q) => page.requests.push({ path: new URL(q.url()).pathname, lang: q.headers()['accept-language'] }));
    page.answered = {}; // path -> Content-Language of its last answer
    page.on('response', (r) => { page.answered[new URL(r.url()).pathname] = r.headers()['content-language']; });
    if (!real) {
      await page.route('**/api/v1/languages', (route) => route.fulfill(json(menu)));
      await page.route('**/api/v1/translations/*', (route) => {
        const code = new URL(route.request().url()).pathname.split('/').pop();
        return code === 'ny' ? route.fulfill(json(ny)) : route.fulfill(json({ error: { code: 'not_found', message: 'not found' } }, 404));
      });
    }
    return page;
  }
  const options = (page, id) => page.locator(`#${id} option`).evaluateAll((os) => os.map((o) => [o.value, o.textContent]));

  test('the sign-in page offers exactly the configuration\'s languages; Chichewa is fetched when chosen', async () => {
    assert.deepEqual(menu.languages.map((l) => l.code), ['en', 'ny'], 'Lakeland declares en and ny');
    await browser.context.clearCookies();
    const page = await lakelandPage();
    await page.goto(`${srv.url}/signin`);
    await page.locator('#main-title').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#signin-lang option').length > 0);
    assert.deepEqual(await options(page, 'signin-lang'), menu.languages.map((l) => [l.code, l.name]));
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    // Only English so far: no other language's text was fetched.
    assert.deepEqual(page.requests.filter((q) => /strings-|\/translations\//.test(q.path)), []);

    await page.locator('#signin-lang').selectOption('ny');
    await page.waitForFunction(() => document.documentElement.lang === 'ny');
    assert.deepEqual(page.requests.filter((q) => /strings-|\/translations\//.test(q.path)).map((q) => q.path),
      ['/api/v1/translations/ny'], 'Chichewa\'s strings, and nothing else, fetched once');
    const title = ny.ui['signin.title'] ?? en['signin.title'];
    assert.equal(await page.locator('#main-title').textContent(), title);
    // What the translation leaves out is in English (the configuration's first language).
    const left = [['signin.intro', '.intro'], ['certificates.publicLink', '.verify-link a']].find(([k]) => !ny.ui[k]);
    assert.ok(left, 'something on the sign-in page is left untranslated');
    assert.equal((await page.locator(left[1]).textContent()).trim(), en[left[0]]);
    assert.equal(await page.locator('#signin-lang').inputValue(), 'ny');
    await assertAccessible(page, 'sign-in in Chichewa');
    await screenshot(page, 'languages-signin-ny');
    await page.setViewportSize(PHONE);
    await assertAccessible(page, 'sign-in in Chichewa at 360 px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('signed in in Chichewa: translated menu entries, English for the others, the API asked in ny', async () => {
    await browser.context.clearCookies();
    const page = await lakelandPage();
    await page.goto(`${srv.url}/signin`);
    await page.locator('#signin-lang').selectOption('ny');
    await page.waitForFunction(() => document.documentElement.lang === 'ny');
    // By the fields' ids: their labels may be translated.
    await page.locator('#signin-username').fill(A.ADMIN);
    await page.locator('#signin-password').fill(A.ADMIN_PW);
    await page.locator('#signin button[type=submit]').click();
    await page.locator('#nav').waitFor();
    const translated = NAV.find((k) => ny.ui[k]);
    assert.ok(translated, 'Lakeland translates a menu entry');
    const nav = page.locator('#nav');
    await nav.getByRole('link', { name: ny.ui[translated], exact: true }).waitFor();
    // An untranslated string is in English: a menu entry if one is left, else the title.
    const shown = [...NAV.map((k) => [k, nav.getByRole('link', { name: en[k], exact: true })]),
      ['dash.title', page.locator('#main-title')]];
    const [untranslated, where] = shown.find(([k]) => !ny.ui[k]) || [];
    assert.ok(untranslated, 'something on the dashboard is left untranslated');
    await where.waitFor();
    assert.equal((await where.textContent()).trim(), en[untranslated]);
    assert.deepEqual(await options(page, 'lang'), menu.languages.map((l) => [l.code, l.name]), 'the header menu too');
    assert.equal(await page.locator('#lang').inputValue(), 'ny');
    const asked = page.requests.filter((q) => q.path.startsWith('/api/v1/') && !q.path.startsWith('/api/v1/languages'));
    assert.ok(asked.some((q) => q.path === '/api/v1/auth/login'), 'signed in through the API');
    const after = asked.slice(asked.findIndex((q) => q.path === '/api/v1/translations/ny') + 1);
    assert.deepEqual(after.filter((q) => q.lang !== 'ny').map((q) => `${q.path} ${q.lang}`), [],
      'every request after the choice says Accept-Language: ny');
    await assertAccessible(page, 'dashboard in Chichewa');
    await screenshot(page, 'languages-dashboard-ny');

    // Remembered across a reload ...
    const mark = page.requests.length;
    await page.reload();
    await nav.getByRole('link', { name: ny.ui[translated], exact: true }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'ny');
    assert.equal(page.requests.slice(mark).filter((q) => q.path === '/api/v1/translations/ny').length, 1,
      'its strings asked for once, with the page (public/early.js)');
    const early = page.requests.filter((q) => q.path === '/api/v1/auth/me').pop();
    assert.equal(early.lang, 'ny', 'even the requests that leave with the page');
    if (real) assert.equal(page.answered['/api/v1/auth/me'], 'ny', 'the server answers in Chichewa (Content-Language)');

    // ... and dropped once the configuration no longer declares it.
    await page.route('**/api/v1/languages', (route) => route.fulfill(json({
      languages: [{ code: 'en', name: 'English' }, { code: 'sw', name: 'Kiswahili' }], default: 'en' })));
    await page.reload();
    await nav.getByRole('link', { name: en[translated], exact: true }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.evaluate(() => localStorage.getItem('kazi.lang')), null, 'the choice is forgotten');
    assert.deepEqual(await options(page, 'lang'), [['en', 'English'], ['sw', 'Kiswahili']]);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a server without the language endpoints keeps English and Kiswahili; Kiswahili loads when chosen', async () => {
    await browser.context.clearCookies();
    const page = await openPage(browser.context);
    const fetched = [];
    page.on('request', (q) => fetched.push(new URL(q.url()).pathname));
    await page.route('**/api/v1/languages', (route) => route.fulfill(json({ error: { code: 'not_found', message: 'not found' } }, 404)));
    await page.goto(`${srv.url}/signin`);
    await page.waitForFunction(() => document.querySelectorAll('#signin-lang option').length > 0);
    assert.deepEqual(await options(page, 'signin-lang'), [['en', 'English'], ['sw', 'Kiswahili']]);
    assert.deepEqual(fetched.filter((p) => p.includes('/strings-')), [], 'Swahili is not part of the first page');
    await page.locator('#signin-lang').selectOption('sw');
    await page.getByRole('heading', { name: 'Ingia kwenye Kazi' }).waitFor();
    assert.equal(fetched.filter((p) => /\/assets\/strings-sw-.*\.js$/.test(p)).length, 1, 'its own chunk, fetched when chosen');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a configuration may reword the Kiswahili Kazi ships: its strings over the shipped ones', async () => {
    await browser.context.clearCookies();
    const page = await openPage(browser.context);
    await page.route('**/api/v1/languages', (route) => route.fulfill(json({
      languages: [{ code: 'sw', name: 'Kiswahili' }, { code: 'ny', name: 'Chichewa' }], default: 'sw' })));
    await page.route('**/api/v1/translations/sw', (route) => route.fulfill(json({
      language: 'sw', ui: { 'signin.title': 'Karibu kwenye Kazi' }, complete: { ui: { have: 1, of: 1 }, messages: { have: 0, of: 0 } } })));
    await page.goto(`${srv.url}/signin`);
    // The configuration's first language, for a browser (en-GB) whose language it does not declare.
    await page.getByRole('heading', { name: 'Karibu kwenye Kazi' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'sw');
    assert.equal(await page.locator('#signin button[type=submit]').textContent(), 'Ingia', 'the rest as Kazi ships it');
    assert.deepEqual(await options(page, 'signin-lang'), [['sw', 'Kiswahili'], ['ny', 'Chichewa']]);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
