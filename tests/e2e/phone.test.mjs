// Phones (issue 18, point 7), at 360 x 740 px over a demo register: a district
// officer's key figures are all on the first screen of the dashboard; People search
// results start on the first screen, not below the filters; and every control a thumb
// must hit — links in lists and tables, buttons, fields, the menu — is at least 44 px
// tall (WCAG 2.5.5; links inside a sentence are exempt). Measured, not eyeballed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { demoServer, get, signIn, A } from './lib/fixtures.mjs';

/** Controls under ROOT smaller than 44 px tall (or wide), described for the message. */
function smallTargets(page, root = 'body') {
  return page.evaluate((root) => {
    const out = [];
    for (const el of document.querySelector(root).querySelectorAll('a[href], button, input, select, textarea, summary')) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue; // not shown
      if (el.closest('.visually-hidden, .skip')) continue;
      // A link inside running text (a sentence) is exempt from the target size.
      const p = el.tagName === 'A' && el.closest('p, li.prose, dd');
      if (p && p.textContent.trim() !== el.textContent.trim()) continue;
      const box = el.type === 'checkbox' || el.type === 'radio' ? el.closest('label')?.getBoundingClientRect() || r : r;
      if (box.height < 44 || box.width < 44) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent || el.value || el.name || '').trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    }
    return out;
  }, root);
}

describe('phones', () => {
  let srv, admin, browser, region;
  before(async () => {
    ({ srv, admin } = await demoServer({ people: 120, seed: '11' }));
    const roots = await get(admin, '/api/v1/org-units');
    region = (await get(admin, `/api/v1/org-units/${roots.org_units[0].id}/children`)).org_units[0];
    const u = await admin.call('POST', '/api/v1/users', { body: { username: 'zawadi', password: A.PW, role: 'district_hr_officer',
      scope_org_unit_id: region.id, display_name: 'Zawadi Kombo' } });
    assert.equal(u.status, 201, u.text);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('the district dashboard\'s key figures are all on the first screen; every target is at least 44 px', async () => {
    const page = await openPage(browser.context, PHONE);
    await signIn(page, srv.url, 'zawadi', A.PW);
    await page.locator('.stats .stat').first().waitFor();
    const stats = await page.locator('.stats .stat').evaluateAll((els) => els.map((e) => ({
      id: e.id, bottom: Math.round(e.getBoundingClientRect().bottom) })));
    assert.ok(stats.length >= 4, `key figures shown: ${stats.map((s) => s.id)}`);
    const below = stats.filter((s) => s.bottom > PHONE.height);
    assert.deepEqual(below, [], `every key figure ends within the first ${PHONE.height} px`);
    await screenshot(page, 'phone-dashboard-first-screen');
    await page.screenshot({ path: `${process.env.KAZI_SCREENSHOT_DIR || 'build/screenshots'}/phone-dashboard-viewport.png` });
    assert.deepEqual(await smallTargets(page), [], 'dashboard targets');
    await page.getByRole('button', { name: 'Menu' }).click();
    assert.deepEqual(await smallTargets(page, 'nav'), [], 'menu targets');
    await assertAccessible(page, 'phone dashboard');
    await page.getByLabel('Language').selectOption('sw');
    await page.getByRole('heading', { level: 1, name: 'Muhtasari' }).waitFor();
    assert.deepEqual(await smallTargets(page, 'main'), [], 'dashboard targets in Swahili');
    await assertAccessible(page, 'phone dashboard, Swahili');
    await page.getByLabel('Lugha').selectOption('en');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('People search results start on the first screen; list and person-page links are at least 44 px', async () => {
    const page = await openPage(browser.context, PHONE);
    await signIn(page, srv.url, 'zawadi', A.PW, '/people');
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByLabel('Name or identifier').fill('a');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const first = page.locator('.people-list tbody tr').first();
    await first.waitFor();
    const top = await first.evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(top < PHONE.height - 60, `the first result starts on the first screen (top ${Math.round(top)} px)`);
    assert.deepEqual(await smallTargets(page, 'main'), [], 'people list targets');
    // The other filters are one tap away; the button says what it will do, and says
    // whether they are shown; a search with one in use shows them.
    const more = page.locator('.filters-toggle');
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    await page.getByRole('button', { name: 'More filters' }).click();
    await page.getByRole('button', { name: 'Fewer filters' }).waitFor();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForFunction(() => location.search.includes('status=active'));
    assert.ok(await page.getByLabel('Status').isVisible(), 'a filter in use stays shown');
    assert.equal(await more.textContent(), 'Fewer filters');
    // Folded again, they say so, in Swahili too.
    await more.click();
    assert.equal(await page.getByLabel('Status').isVisible(), false, 'folded away');
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    await page.getByLabel('Language').selectOption('sw');
    await page.getByRole('button', { name: 'Vichujio zaidi' }).click();
    await page.getByRole('button', { name: 'Vichujio vichache' }).waitFor();
    await page.getByLabel('Lugha').selectOption('en');
    await page.getByRole('button', { name: 'Fewer filters' }).waitFor();
    await screenshot(page, 'phone-people-results');
    await assertAccessible(page, 'phone people results');
    await first.getByRole('link').click();
    await page.locator('.person h1, h1#main-title').first().waitFor();
    await page.locator('main a[href^="/positions/"], main a[href$="/career"]').first().waitFor();
    assert.deepEqual(await smallTargets(page, 'main'), [], 'person page targets');
    await screenshot(page, 'phone-person');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
