// Workforce planning in the browser: a national officer reads need, supply and
// shortfall per district from the staffing norms (one PSW per village, one SWA per
// 2,000 children), types the training assumptions and reads the projection of the
// baseline beside "training 500 more a year", every figure computed here by hand.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { startRegistry, signIn } from './lib/fixtures.mjs';

const cells = (table) => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));

describe('workforce planning', () => {
  let srv, admin, units, orgs, browser;
  before(async () => {
    ({ srv, admin, units, orgs } = await startRegistry());
    const call = async (method, path, body, opts = {}) => {
      const r = await admin.call(method, path, { body, ...opts });
      assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
      return r.body;
    };
    await call('POST', '/api/v1/population/import', undefined,
      { raw: 'org_unit,year,total,children\nR1-D1,2025,9000,4500\nR1-D2,2025,5000,2000\n', headers: { 'content-type': 'text/csv' } });
    // one PSW holds the post in Kaloleni Village (V1); Chang'ombe (V2) has none
    const person = await call('POST', '/api/v1/people', {
      given_name: 'Neema', family_name: 'Mollel', sex: 'female', birth_date: '1990-04-12', education: 'Form IV',
      residence_org_unit_id: units['R1-D1-W1-V1'], identifiers: [{ type: 'national_id', value: `19900412-0000-00001-${process.pid % 100}` }],
    });
    const post = await call('POST', '/api/v1/positions', { title: 'Para social worker', org_unit_id: units['R1-D1-W1-V1'],
      organisation_id: orgs['NGO-NAT'], cadre: 'psw', level: 'village', approved: true });
    await call('POST', '/api/v1/assignments', { person_id: person.id, position_id: post.id, start_date: '2020-01-01', engagement: 'volunteer' });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('need, supply and shortfall by district, and two scenarios side by side', async () => {
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'national', undefined, '/planning');
    await page.getByRole('heading', { level: 1, name: 'Workforce planning' }).waitFor();
    const need = page.locator('table.planning-need');
    await need.waitFor();
    const rows = await cells(need);
    const row = (area, cadre) => rows.find((r) => r[0] === area && r[1] === cadre).slice(2);
    assert.deepEqual(row('Arusha City', 'Para social worker'), ['2', '1', '1']);
    assert.deepEqual(row('Meru', 'Para social worker'), ['0', '0', '0']);
    assert.deepEqual(row('Arusha City', 'Social welfare assistant'), ['3', '0', '3']);
    assert.deepEqual(row('Meru', 'Social welfare assistant'), ['1', '0', '1']);
    assert.match(row('Zzoutside District', 'Social welfare assistant')[0], /no population figure \(children\)/);

    // PSWs only, with typed assumptions: 100 × 0.5 × 0.8 × 0.5 = 20 graduates a year,
    // 10 % leaving: 1 + 20 − 0.1 = 20.9; 20.9 + 20 − 2.09 = 38.81 → 38.8
    await page.getByLabel('Cadre').selectOption('psw');
    await page.getByLabel('Years ahead').fill('2');
    await page.getByLabel('Enrolled a year').fill('100');
    await page.getByLabel('Share who pass').fill('0.5');
    await page.getByLabel('Share of those certified').fill('0.8');
    await page.getByLabel('Share of those placed').fill('0.5');
    await page.getByLabel('Share leaving each year').fill('0.1');
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await page.locator('#proj-swa').waitFor({ state: 'detached' }); // the PSW-only answer is shown
    const extra = page.locator('.planning-scenario', { hasText: 'Training 500 more a year' });
    await extra.waitFor();
    const base = page.locator('.planning-scenario', { hasText: 'Baseline' });
    const y = new Date().getUTCFullYear();
    assert.deepEqual(await cells(base.locator('table')), [
      [String(y + 1), '20', '0.1', '20.9', '-17.9'],
      [String(y + 2), '20', '2.1', '38.8', '-35.8'],
    ]);
    // 600 × 0.2 = 120 a year: 1 + 120 − 0.1 = 120.9; 120.9 + 120 − 12.09 = 228.81
    assert.deepEqual((await cells(extra.locator('table'))).map((r) => r[3]), ['120.9', '228.8']);
    await page.getByText('Share leaving each year').first().waitFor();
    assert.match(await page.locator('.planning-assumptions').textContent(), /\(typed here\)/);
    await assertAccessible(page, 'planning');
    await screenshot(page, 'planning-desktop');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'planning-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
