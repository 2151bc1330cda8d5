// The dashboard's register figures against the real API over a demo register
// (`kazi demo-data`): what the administrator sees equals what the API answers for
// the whole country; a district officer sees their own area's figures, which
// differ; an empty register says so instead of showing zeros as charts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { launch, openPage, startKazi, assertAccessible, screenshot, PHONE, SHOTS } from './lib/browser.mjs';
import { demoServer, get, signIn, num, tableRows, viewShot, A } from './lib/fixtures.mjs';

/** The figures the dashboard must show, computed from the API as SESSION. */
async function expected(session) {
  const total = async (q) => (await get(session, q)).total;
  const cadres = (await get(session, '/api/v1/catalogue/cadres')).items;
  const byCadre = {};
  for (const c of cadres) byCadre[c.name.en] = await total(`/api/v1/people?status=active&cadre=${c.id}&limit=1`);
  return {
    people: await total('/api/v1/people?status=active&limit=1'),
    vacant: await total('/api/v1/positions?vacant=true&limit=1'),
    expiring: (await get(session, '/api/v1/certificates/expiring?days=90')).items.length,
    unsupervised: (await get(session, '/api/v1/figures/supervision')).total.without_supervisor,
    byCadre,
  };
}

async function shown(page) {
  const stat = async (id) => (await page.locator(`#${id} .stat-value`).textContent()).trim();
  const rows = await tableRows(page.locator('#chart-cadres table'));
  return { people: await stat('fig-people'), vacant: await stat('fig-vacant'), expiring: await stat('fig-expiring'),
    unsupervised: await stat('fig-unsupervised'), byCadre: rows };
}

const asText = (e) => ({ people: num(e.people), vacant: num(e.vacant), expiring: num(e.expiring), unsupervised: num(e.unsupervised),
  byCadre: Object.fromEntries(Object.entries(e.byCadre).map(([k, v]) => [k, num(v)])) });

describe('dashboard figures', () => {
  let srv, admin, browser, region, expiringBefore;
  before(async () => {
    ({ srv, admin } = await demoServer({ people: 200 }));
    // A district officer scoped to the region with the most people.
    const roots = await get(admin, '/api/v1/org-units');
    const regions = (await get(admin, `/api/v1/org-units/${roots.org_units[0].id}/children`)).org_units;
    let best = null;
    for (const r of regions) {
      const n = (await get(admin, `/api/v1/people?status=active&org_unit=${r.id}&limit=1`)).total;
      if (!best || n > best.n) best = { ...r, n };
    }
    region = best;
    const u = await admin.call('POST', '/api/v1/users', { body: { username: 'neema', password: A.PW, role: 'district_hr_officer',
      scope_org_unit_id: region.id, display_name: 'Neema Mushi' } });
    assert.equal(u.status, 201, u.text);
    // The demo history has its own certificates nearing expiry; three more are issued
    // (by an administrator's override) almost three years
    // ago, so that they expire within 90 days.
    const before = (await get(admin, '/api/v1/certificates/expiring?days=90')).items;
    expiringBefore = { all: before.length, psw: before.filter((c) => c.certification === 'psw-certificate').length };
    const issued = new Date(Date.now() - (3 * 365 - 30) * 864e5).toISOString().slice(0, 10);
    for (const p of (await get(admin, '/api/v1/people?status=active&cadre=psw&limit=3')).items) {
      const c = await admin.call('POST', `/api/v1/people/${p.id}/certificates`, { body: { certification: 'psw-certificate',
        issued_date: issued, override_reason: 'Certified before Kazi (paper register)' } });
      assert.equal(c.status, 201, c.text);
    }
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('the administrator sees the whole country\'s figures, equal to the API\'s, each linking to its screen', async () => {
    const want = await expected(admin);
    assert.ok(want.people > 0 && want.vacant > 0 && want.unsupervised > 0, 'the demo register exercises the figures');
    assert.equal(want.expiring, expiringBefore.all + 3, 'the three certificates issued above expire within 90 days');
    const page = await openPage(browser.context);
    await signIn(page, srv.url, A.ADMIN, A.ADMIN_PW);
    await page.locator('#fig-people').waitFor();
    await page.locator('#chart-cadres canvas').waitFor();
    assert.deepEqual(await shown(page), asText(want));
    // Workers by area: one row per region, each equal to the API's count there.
    const units = await tableRows(page.locator('#chart-units table'));
    const roots = await get(admin, '/api/v1/org-units');
    const regions = (await get(admin, `/api/v1/org-units/${roots.org_units[0].id}/children`)).org_units;
    assert.equal(Object.keys(units).length, regions.length);
    assert.equal(units[region.name], num(region.n));
    // Each figure leads to where it is acted on.
    assert.equal(await page.locator('#fig-vacant a').getAttribute('href'), '/positions?vacant=true');
    // A figure that counts workers opens those workers (issue 18).
    assert.equal(await page.locator('#fig-unsupervised a').getAttribute('href'), '/figures/without_supervisor');
    const expiring = await tableRows(page.locator('#chart-expiring table'));
    assert.equal(expiring['Certified para social worker'], num(expiringBefore.psw + 3));
    assert.equal(Object.values(expiring).reduce((n, v) => n + Number(v.replace(/\D/g, '')), 0), want.expiring,
      'every expiring certificate is in the chart, by certification');
    const psw = page.locator('#chart-cadres tr', { hasText: 'Para social worker' }).first();
    assert.equal(await psw.locator('a').getAttribute('href'), '/people?cadre=psw');
    await assertAccessible(page, 'dashboard with figures');
    await screenshot(page, 'dashboard-figures-desktop');
    await viewShot(page, 'readme-dashboard');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'dashboard-figures-360px');
    await page.locator('#chart-cadres').screenshot({ path: join(SHOTS, 'dashboard-cadres-chart-360px.png') });
    await page.locator('#fig-unsupervised a').click();
    await page.getByRole('heading', { level: 1, name: 'Workers without a supervisor' }).waitFor();
    await page.locator('.figure-people tbody tr').first().waitFor();
    assert.equal(await page.locator('.figure-people tbody tr').count(), want.unsupervised);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a district officer\'s figures open the workers behind them, with why, as CSV; no server or configuration cards', async () => {
    await browser.context.clearCookies();
    const officer = await A.mustLogin(srv, 'neema', A.PW);
    const sup = (await get(officer, '/api/v1/figures/supervision')).total;
    const month = new Date().toISOString().slice(0, 7);
    const pay = (await get(officer, `/api/v1/figures/pay?period=${month}`)).total;
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'neema', A.PW);
    await page.locator('#fig-unsupervised').waitFor();
    // Cards by role: the officer runs no server and no configuration.
    assert.equal(await page.getByRole('heading', { name: 'Server' }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: /configuration/i }).count(), 0);
    // Pay compliance is on the dashboard: this month's figure and its card.
    assert.equal((await page.locator('#fig-below-minimum .stat-value').textContent()).trim(), num(pay.below_minimum));
    await page.locator('#card-pay').waitFor();
    assert.equal(await page.locator('#fig-below-minimum a').getAttribute('href'), `/figures/below_minimum?period=${month}`);
    // No recent session: the names, each with how long since the last session.
    await page.locator('#card-supervision tr', { hasText: 'No recent supervision session' }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Workers without a recent supervision session' }).waitFor();
    const rows = page.locator('.figure-people tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), sup.no_recent_session, 'as many names as the figure');
    const why = await page.locator('.figure-people td.why').allTextContents();
    assert.ok(why.every((w) => /months without a supervision session \(last on|No supervision session recorded; one was due by/.test(w)), why.slice(0, 3).join(' | '));
    const listed = (await get(officer, '/api/v1/figures/people?figure=no_recent_session')).items;
    assert.equal(await rows.first().getByRole('link').textContent(), `${listed[0].given_name} ${listed[0].family_name}`);
    await assertAccessible(page, 'workers behind a figure');
    await screenshot(page, 'figure-people-desktop');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'no_recent_session.csv');
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    assert.equal(csv.length, sup.no_recent_session + 1, 'a header and one line per worker');
    assert.match(csv[0], /^Family name,Given name,Lives in,Why,person_id,last_session,due_since$/);
    assert.ok(csv[1].startsWith(`${listed[0].family_name},${listed[0].given_name},`), csv[1]);
    await page.setViewportSize(PHONE);
    await assertAccessible(page, 'workers behind a figure, 360 px');
    await screenshot(page, 'figure-people-360px');
    await page.getByLabel('Language').selectOption('sw');
    await page.getByRole('heading', { level: 1, name: 'Wafanyakazi wasiopata kikao cha usimamizi hivi karibuni' }).waitFor();
    assert.match(await page.locator('.figure-people td.why').first().textContent(), /Miezi \d+ bila kikao|Hakuna kikao/);
    await assertAccessible(page, 'workers behind a figure, 360 px, Swahili');
    await page.setViewportSize({ width: 1280, height: 800 });
    await assertAccessible(page, 'workers behind a figure, desktop, Swahili');
    await page.getByLabel('Lugha').selectOption('en');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a district officer sees their own area\'s figures, which differ from the country\'s', async () => {
    await browser.context.clearCookies();
    const officer = await A.mustLogin(srv, 'neema', A.PW);
    const mine = await expected(officer);
    const country = await expected(admin);
    assert.equal(mine.people, region.n);
    assert.ok(mine.people < country.people);
    const page = await openPage(browser.context, PHONE);
    await signIn(page, srv.url, 'neema', A.PW);
    await page.getByText(`You see: ${region.name}`).waitFor();
    await page.locator('#fig-people').waitFor();
    await page.locator('#chart-cadres table').waitFor();
    const got = await shown(page);
    assert.deepEqual(got, asText(mine));
    assert.notEqual(got.people, num(country.people));
    // Areas are the region's districts, not the country's regions.
    const units = await tableRows(page.locator('#chart-units table'));
    const districts = (await get(officer, `/api/v1/org-units/${region.id}/children`)).org_units;
    assert.deepEqual(Object.keys(units).sort(), districts.map((d) => d.name).sort());
    await assertAccessible(page, 'district officer dashboard');
    await screenshot(page, 'dashboard-district-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('an analyst, who may not see people, still sees the aggregate figures', async () => {
    const u = await admin.call('POST', '/api/v1/users', { body: { username: 'juma', password: A.PW, role: 'analyst' } });
    assert.equal(u.status, 201, u.text);
    const analyst = await A.mustLogin(srv, 'juma', A.PW);
    assert.equal((await analyst.call('GET', '/api/v1/people?limit=1')).status, 403);
    const want = await expected(admin);
    await browser.context.clearCookies();
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'juma', A.PW);
    await page.locator('#fig-unsupervised').waitFor();
    assert.equal((await page.locator('#fig-unsupervised .stat-value').textContent()).trim(), num(want.unsupervised));
    // Posts are listed one by one (holders, pay), which the analyst may not read
    // (docs/security.md): no vacant-posts figure, which links to that list.
    assert.equal(await page.locator('#fig-people, #fig-vacant, #chart-cadres, #chart-units').count(), 0);
    assert.equal(await page.locator('.figures-section .problem').count(), 0, 'no error for what the role may not see');
    await assertAccessible(page, 'analyst dashboard');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('an empty register says so instead of showing figures', async () => {
    const empty = await startKazi({ data: A.initWithAdmin(), args: ['--admin-totp', 'optional'] });
    try {
      await browser.context.clearCookies();
      const page = await openPage(browser.context);
      await signIn(page, empty.url, A.ADMIN, A.ADMIN_PW);
      await page.getByText('No workers are registered in your area yet, so there are no figures to show.').waitFor();
      assert.equal(await page.locator('.figures-section, #fig-people').count(), 0);
      await page.getByRole('link', { name: 'Import a spreadsheet of workers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import from a spreadsheet' }).waitFor();
      assert.deepEqual(page.problems, []);
      await page.close();
    } finally {
      assert.equal(await empty.stop(), 0);
    }
  });
});
