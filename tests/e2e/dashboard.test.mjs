// The dashboard's register figures against the real API over a demo register
// (`kazi demo-data`): what the administrator sees equals what the API answers for
// the whole country; a district officer sees their own area's figures, which
// differ; an empty register says so instead of showing zeros as charts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
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
    assert.equal(await page.locator('#fig-unsupervised a').getAttribute('href'), '/supervision');
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
    await page.getByRole('heading', { level: 1, name: 'Supervision, pay and support' }).waitFor();
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
