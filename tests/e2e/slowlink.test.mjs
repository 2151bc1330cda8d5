// Slow links (issue 18, point 6), in Chromium with its network throttled through the
// DevTools protocol to 400 kbps and 400 ms of latency — a district office on a poor
// mobile connection. The dashboard's figures show in under 3 s from an empty cache, in
// at most 5 API requests (one figures call), and faster on a return visit (the shell
// from the service worker, the area revalidated with its ETag: 304); People's first
// result row needs under 2 s: asserted as the link's share of the wait, from the
// requests' bytes and what waits for what (lib/linkmodel.mjs), which a busy test
// machine does not change, with 0.25 s left for the browser's own work; the real time
// is printed beside it. The search leaves with the page, the row waits for nothing
// else, its list needs no code beyond the first page's; a form left unsent is there
// again on return (docs/ui.md, "Slow links").
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot } from './lib/browser.mjs';
import { demoServer, get, signIn, A } from './lib/fixtures.mjs';
import { SLOW, recordRequests, replay, stackUrls } from './lib/linkmodel.mjs';

/** API requests PAGE makes from now on: [{path, status}] (filled as responses arrive). */
function apiLog(page) {
  const log = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) log.push({ path: u.pathname + u.search, status: r.status() });
  });
  return log;
}

/**
 * From now on, each page PAGE opens notes when the first element matching each of
 * SELECTORS appears: ms since the browser started opening the address (the navigation's
 * time origin), as the user waits for it — not when the page's load event fires, which
 * waits for things the user does not (page.goto's default).
 */
async function markShown(page, selectors) {
  await page.addInitScript((sels) => {
    window.kaziShown = {};
    const seen = () => {
      for (const s of sels) if (!(s in window.kaziShown) && document.querySelector(s)) window.kaziShown[s] = performance.now();
      if (Object.keys(window.kaziShown).length === sels.length) obs.disconnect();
    };
    const obs = new MutationObserver(seen);
    obs.observe(document, { childList: true, subtree: true });
  }, selectors);
}

/** Open PATH and wait for SELECTOR; ms from the address opened to it shown (markShown). */
async function openAndTime(page, url, selector) {
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().waitFor();
  return Math.round(await page.evaluate((s) => window.kaziShown[s], selector));
}

const ROW = '.people-list tbody tr';
const LINK_BUDGET = 1750;

/**
 * What People's first result row waits for: the page, its code and styles, the session,
 * the languages the configuration offers (the first screen is drawn in the one chosen,
 * src/strings.js; with its text when that is not English) and the search — nothing else
 * (the second People test holds everything else back and the row is still drawn).
 * R: {type (CDP resource type), url}.
 */
function waitedFor(r) {
  if (['Document', 'Script', 'Stylesheet'].includes(r.type)) return true;
  const u = new URL(r.url);
  return ['/api/v1/auth/me', '/api/v1/languages', '/api/v1/people'].includes(u.pathname) || u.pathname.startsWith('/api/v1/translations/');
}

/**
 * PAGE (signed in) with nothing kept — no HTTP cache, no service worker, no kept
 * look-ups — and left on about:blank; throttled like the slow link when SLOWLY.
 * Returns the CDP session.
 */
async function coldSlowLink(page, slowly = true) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  if (slowly) await cdp.send('Network.emulateNetworkConditions', SLOW);
  await cdp.send('Network.clearBrowserCache');
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
    for (const k of await caches.keys()) await caches.delete(k);
    localStorage.clear();
  });
  await page.goto('about:blank');
  return cdp;
}

describe('the link model', () => {
  const req = (id, type, bytes, from) => ({ id, url: `http://k/${id}`, type, bytes, start: 0,
    initiator: from ? { type: 'script', stack: { callFrames: [{ url: `http://k/${from}` }] } } : { type: 'parser', url: 'http://k/page' } });
  test('a request waits for what asked for it, 400 ms, then shares 50 KB/s with the answers arriving beside it', () => {
    const page = { ...req('page', 'Document', 1000), initiator: { type: 'other' } };
    const a = req('a.js', 'Script', 10_000);
    const b = req('b.css', 'Stylesheet', 10_000);
    const api = req('api', 'Fetch', 500, 'a.js');
    const icon = { ...req('icon', 'Other', 500), initiator: { type: 'other' } }; // the browser's, once the page is in
    const m = replay([page, a, b, api, icon]);
    assert.deepEqual([page, a, b, api, icon].map((r) => Math.round(m.get(r).end)), [420, 1220, 1220, 1640, 1640]);
    assert.deepEqual(m.get(api).chain, [page, a, api]);
  });
});

describe('slow links', () => {
  let srv, admin, browser, region;
  before(async () => {
    // As many worker threads as a browser opens connections and more (a real server has
    // 64): the test suite's usual 4 would make the browser's 5th connection wait.
    ({ srv, admin } = await demoServer({ people: 200, seed: '5', args: ['--threads', '16'] }));
    const roots = await get(admin, '/api/v1/org-units');
    const regions = (await get(admin, `/api/v1/org-units/${roots.org_units[0].id}/children`)).org_units;
    region = regions[0];
    const u = await admin.call('POST', '/api/v1/users', { body: { username: 'amani', password: A.PW, role: 'district_hr_officer',
      scope_org_unit_id: region.id, display_name: 'Amani Said' } });
    assert.equal(u.status, 201, u.text);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('dashboard figures: under 3 s cold, under 1 s warm, in at most 5 API requests', async () => {
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'amani', A.PW);
    await page.locator('#fig-people').waitFor();
    // Cold: nothing cached — no HTTP cache, no service worker, no kept look-ups.
    await coldSlowLink(page);
    const log = apiLog(page);
    const FIG = '#fig-people .stat-value';
    await markShown(page, [FIG]);
    const cold = await openAndTime(page, `${srv.url}/`, FIG);
    await page.locator('#chart-units table').waitFor();
    await page.locator('.area-path').waitFor(); // the last request: where the officer's area sits
    const figures = log.filter((r) => r.path.startsWith('/api/v1/figures/'));
    console.log(`dashboard at 400 kbps / 400 ms: figures after ${cold} ms cold; API requests: ${log.map((r) => r.path).join(', ')}`);
    assert.ok(log.length <= 5, `at most 5 API requests, made ${log.length}: ${log.map((r) => r.path).join(', ')}`);
    assert.equal(figures.length, 1, 'one figures call for the caller\'s area');
    assert.ok(cold < 3000, `figures shown ${cold} ms after the address was opened (budget 3000 ms)`);
    // Warm: the shell from the service worker, the look-ups revalidated (304).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true));
    await page.goto('about:blank');
    log.length = 0;
    const warm = await openAndTime(page, `${srv.url}/`, FIG);
    await page.locator('.area-path').waitFor();
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/api/v1/org-units/') && r.responseEnd > 0));
    console.log(`warm: figures after ${warm} ms; API requests: ${log.map((r) => `${r.path} ${r.status}`).join(', ')}`);
    assert.ok(warm < 1000, `a return visit shows the figures in ${warm} ms (budget 1000 ms)`);
    assert.ok(log.length <= 5, `at most 5 API requests on return, made ${log.length}`);
    const unit = log.find((r) => r.path.startsWith('/api/v1/org-units/'));
    if (unit) assert.equal(unit.status, 304, 'the kept area is revalidated, not downloaded');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('People search: over the link alone the first row is in under 1.75 s (of 2 s); the search leaves with the page', async () => {
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'amani', A.PW);
    const cdp = await coldSlowLink(page);
    const requests = recordRequests(cdp);
    const log = apiLog(page);
    const code = [];
    page.on('request', (q) => { if (/\/assets\/.*\.js$/.test(q.url())) code.push(new URL(q.url()).pathname); });
    await markShown(page, [ROW]);
    const elapsed = await openAndTime(page, `${srv.url}/people?status=active`, ROW);
    // People's list is in the first page's code: no chunk of its own to wait for.
    const named = [...(await (await fetch(`${srv.url}/`)).text()).matchAll(/\/assets\/[\w.-]+\.js/g)].map((m) => m[0]);
    assert.deepEqual(code, named, 'the results need only the code index.html names');
    const n = await page.locator(ROW).count();

    // The link's share of the wait (lib/linkmodel.mjs, docs/ui.md "Slow links"): the
    // requests made before the row was shown, replayed over an ideal 400 ms / 50 KB/s
    // link from what asked for each (the page's parser, early.js, the app's code) and
    // their bytes; the row's own inputs (waitedFor, proven by the next test) arrive at
    // `link`. Bytes and dependencies only: a busy test machine changes neither.
    const all = [...requests.values()];
    const page0 = all.find((r) => r.type === 'Document' && new URL(r.url).pathname === '/people');
    const before = all.filter((r) => (r.start - page0.start) * 1000 <= elapsed && !r.url.startsWith('data:'));
    await requests.settled(before);
    const model = replay(before);
    const inputs = before.filter(waitedFor);
    const last = inputs.reduce((a, b) => (model.get(b).end > model.get(a).end ? b : a));
    const link = Math.round(model.get(last).end);
    const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
    const name = (r) => { const u = new URL(r.url); return u.pathname + u.search; };
    const search = before.find((r) => name(r).startsWith('/api/v1/people?'));
    console.log(`people search at 400 kbps / 400 ms: ${n} results after ${elapsed} ms cold (the link alone: ${link} ms; `
      + `the rest, ${elapsed - link} ms, the browser's own work); API requests: ${log.map((r) => r.path).join(', ')}\n`
      + before.map((r) => `  ${inputs.includes(r) ? '*' : ' '} ${name(r)} ${kb(r.bytes)}: ${Math.round(model.get(r).start)}-${Math.round(model.get(r).end)} ms modelled, `
        + `${Math.round((r.start - page0.start) * 1000)}-${Math.round((r.end - page0.start) * 1000)} ms here`).join('\n')
      + `\n  the row waits longest for ${name(last)}: ${model.get(last).chain.length} requests one after another `
      + `(${model.get(last).chain.length * SLOW.latency} ms of latency), ${kb(before.filter((r) => model.get(r).end <= model.get(last).end).reduce((t, r) => t + r.bytes, 0))} on the link by then`);
    // 2 s less 0.25 s for the browser: parsing and running the code, drawing the list,
    // and the grain of Chromium's throttling (on a quiet machine the row shows about
    // 0.15 s after `link`; docs/ui.md).
    assert.ok(link < LINK_BUDGET, `over the link alone the first row could show only after ${link} ms (budget ${LINK_BUDGET} ms): `
      + `${model.get(last).chain.map(name).join(' -> ')}`);
    // The model is the link the browser had, at best: the row never shows before it
    // (less 0.1 s: the model counts the answers' headers, a throttle might not).
    assert.ok(elapsed >= link - 100, `the row showed after ${elapsed} ms, before the modelled link (${link} ms) allows`);
    assert.ok(search, `the search was asked for before the row: ${before.map(name).join(', ')}`);
    assert.ok(stackUrls(search.initiator?.stack).some((u) => new URL(u).pathname === '/early.js'), 'the search is asked for by early.js, with the page');

    // Every column drawn from the list's own answer: nothing more is asked per row.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/api/v1/catalogue/cadres') && r.responseEnd > 0));
    // The language menu (and a chosen language's text) leave with the page too; their
    // small answers may come first.
    const api = log.filter((r) => !/^\/api\/v1\/(languages|translations)\b/.test(r.path));
    const at = api.findIndex((r) => r.path.startsWith('/api/v1/people?'));
    assert.ok(at >= 0 && at <= 1, `the search is among the first requests: ${log.map((r) => r.path).join(', ')}`);
    assert.deepEqual(log.filter((r) => /^\/api\/v1\/(org-units|positions|assignments)\b|^\/api\/v1\/people\/\d/.test(r.path)), [],
      'no request per row (village, post, cadre)');
    assert.ok(api.length <= 3, `the session, the search and the cadre names: ${log.map((r) => r.path).join(', ')}`);
    await screenshot(page, 'slowlink-people');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('People\'s first row waits for nothing but the page, its code and styles, the session, the languages and the search', async () => {
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'amani', A.PW);
    const cdp = await coldSlowLink(page, false);
    // Every other request (the cadres' names, the icon ...) is held until the row is drawn.
    const held = [];
    const seen = [];
    let release = false;
    cdp.on('Fetch.requestPaused', (e) => {
      seen.push(new URL(e.request.url).pathname);
      if (release || waitedFor({ type: e.resourceType, url: e.request.url })) cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
      else held.push(e);
    });
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
    await page.goto(`${srv.url}/people?status=active`, { waitUntil: 'commit' });
    const shown = await page.locator(ROW).first().waitFor({ timeout: 10_000 }).then(() => true, () => false);
    const names = held.map((e) => new URL(e.request.url).pathname);
    release = true;
    for (const e of held.splice(0)) await cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
    await cdp.send('Fetch.disable');
    console.log(`held until the first row was drawn: ${names.join(', ')}`);
    assert.ok(shown, `the first row is drawn while these are held: ${names.join(', ')}`);
    // Not a check that missed the requests: the API's went through it.
    assert.ok(seen.includes('/api/v1/people') && seen.includes('/api/v1/auth/me'), `the requests passed the check: ${seen.join(', ')}`);
    await page.locator('.people-list tbody tr').first().waitFor();
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a form typed and left unsent is there again on return; signing out forgets it', async () => {
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'amani', A.PW, '/people/new');
    await page.getByLabel('Given name').fill('Rehema');
    await page.getByLabel('Family name').fill('Draftkeeper');
    // The officer is called away before sending; later the same form opens again.
    await page.locator('#nav').getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForFunction(() => location.pathname === '/');
    await page.locator('#nav').getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: 'Register a worker' }).click();
    await page.getByText('What you typed here before was not sent yet').waitFor();
    assert.equal(await page.getByLabel('Given name').inputValue(), 'Rehema');
    assert.equal(await page.getByLabel('Family name').inputValue(), 'Draftkeeper');
    // Signing out on a shared computer forgets it.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kazi.draft.')).length), 0);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
