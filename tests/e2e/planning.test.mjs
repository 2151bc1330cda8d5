// Workforce planning in the browser: a national officer reads need, supply and
// shortfall per district from the staffing norms (one PSW per village, one SWA per
// 2,000 children), types the training assumptions and reads the projection of the
// baseline beside "training 500 more a year", every figure computed here by hand;
// then edits a second scenario (more trained, faster population growth, stricter
// norms) and reads the same projection the API gives for the same query, kept in
// the address; a share above 1 is refused at its field with the server's message.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { startRegistry, signIn, A } from './lib/fixtures.mjs';

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
      [String(y + 1), '20', '0.1', '20.9', '3', '-17.9'],
      [String(y + 2), '20', '2.1', '38.8', '3', '-35.8'],
    ]);
    // 600 × 0.2 = 120 a year: 1 + 120 − 0.1 = 120.9; 120.9 + 120 − 12.09 = 228.81
    assert.deepEqual((await cells(extra.locator('table'))).map((r) => r[3]), ['120.9', '228.8']);
    await page.getByText('Share leaving each year').first().waitFor();
    assert.match(await page.locator('.planning-projection > .planning-assumptions').textContent(), /\(typed here\)/);
    await assertAccessible(page, 'planning');
    await screenshot(page, 'planning-desktop');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'planning-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a second scenario edited in the form, kept in the address, as the API computes it', async () => {
    const national = await A.mustLogin(srv, 'national');
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'national', undefined, '/planning');
    await page.locator('.planning-scenario').first().waitFor();
    const label = (name) => page.getByLabel(name, { exact: true });
    // SWAs (one per 2,000 children): the need grows with the population
    await page.getByLabel('Cadre').selectOption('swa');
    await label('Years ahead').fill('3');
    for (const [name, v] of [['Enrolled a year', '100'], ['Share who pass', '0.5'], ['Share of those certified', '0.8'],
      ['Share of those placed', '0.5'], ['Share leaving each year', '0.1'], ['Population growth a year', '0.1'],
      ['Train this many more a year', '200'], ['Leaving share in this scenario', '0.05'],
      ['Population growth in this scenario', '0.3'], ['Staffing norms at (%)', '150']]) await label(name).fill(v);
    await page.getByRole('button', { name: 'Show the plan' }).click();
    // the address is the request, the norm scale asked as a factor
    const want = { level: 'district', cadre: 'swa', years: '3', intake_per_year: '100', pass_rate: '0.5', certify_rate: '0.8',
      place_rate: '0.5', exit_rate: '0.1', population_growth: '0.1', extra_intake: '200', alt_exit_rate: '0.05',
      alt_population_growth: '0.3', alt_norm_scale: '1.5' };
    await page.waitForURL((u) => u.searchParams.get('alt_norm_scale') === '1.5');
    assert.deepEqual(Object.fromEntries(new URL(page.url()).searchParams), want);
    const r = await national.call('GET', `/api/v1/planning?${new URLSearchParams(want)}`);
    assert.equal(r.status, 200, r.text);
    const [base, alt] = r.body.projections[0].scenarios;
    assert.equal(alt.id, 'extra_intake');
    // the second scenario really differs: more workers, and a larger need
    assert.ok(alt.years.at(-1).supply > base.years.at(-1).supply && alt.years.at(-1).need > base.years.at(-1).need,
      JSON.stringify(r.body.projections[0].scenarios));
    const fmt = (v) => (v == null ? '—' : new Intl.NumberFormat('en').format(v));
    const shown = (s) => s.years.map((x) => [String(x.year), ...['graduates', 'exits', 'supply', 'need', 'shortfall'].map((k) => fmt(x[k]))]);
    const card = (id) => page.locator(`.planning-scenario.scenario-${id}`);
    const check = async () => {
      await page.locator('#proj-psw').waitFor({ state: 'detached' }); // the SWA-only answer is shown
      await card('extra_intake').waitFor();
      assert.deepEqual(await cells(card('baseline').locator('table')), shown(base));
      assert.deepEqual(await cells(card('extra_intake').locator('table')), shown(alt));
      // the assumptions used, beside the figures
      const used = await card('extra_intake').locator('dl').textContent();
      assert.match(used, /Share leaving each year\s*0\.05/);
      assert.match(used, /Population growth a year\s*0\.3/);
      assert.match(used, /Staffing norms at\s*150 %/);
      assert.match(await page.locator('.planning-projection > .planning-assumptions').textContent(), /Population growth a year\s*0\.1 \(typed here\)/);
    };
    await check();
    await assertAccessible(page, 'planning scenario');
    await screenshot(page, 'planning-scenario-desktop');
    // a shared address asks the same again: the form and the figures come back
    await page.goto(page.url());
    await check();
    assert.equal(await label('Train this many more a year').inputValue(), '200');
    assert.equal(await label('Staffing norms at (%)').inputValue(), '150');

    // a share above 1: the server's message, at its field
    const bad = await national.call('GET', `/api/v1/planning?${new URLSearchParams({ ...want, exit_rate: '1.5' })}`);
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'exit_rate');
    const msg = bad.body.error.message;
    const expected = msg.startsWith('exit_rate ') ? `Share leaving each year${msg.slice('exit_rate'.length)}` : msg;
    await label('Share leaving each year').fill('1.5');
    await page.getByRole('button', { name: 'Show the plan' }).click();
    const error = page.locator('#planning-exit_rate-error');
    await error.waitFor();
    assert.equal(await error.textContent(), expected);
    const input = label('Share leaving each year');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await input.getAttribute('aria-describedby'), /planning-exit_rate-error/);
    await page.waitForFunction(() => document.activeElement?.id === 'planning-exit_rate');
    assert.equal(new URL(page.url()).searchParams.get('exit_rate'), '1.5');
    await assertAccessible(page, 'planning refused exit rate');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await assertAccessible(page, 'planning refused exit rate, 360 px');
    await screenshot(page, 'planning-scenario-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
