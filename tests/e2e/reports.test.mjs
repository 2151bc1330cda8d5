// Reports in the browser over a demo register: the configuration's reports listed
// by their names, a report run with the table and chart equal to the API's run,
// its CSV downloaded and equal to the API's CSV, the configuration commit shown,
// and a report's declared parameter changing the result.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { demoServer, get, signIn, num, viewShot, A } from './lib/fixtures.mjs';

describe('reports', () => {
  let srv, admin, browser;
  before(async () => {
    ({ srv, admin } = await demoServer({ people: 120 }));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('an officer runs a report, reads its table and chart, and downloads the same figures as CSV', async () => {
    const declared = (await get(admin, '/api/v1/reports')).reports;
    const run = await admin.call('POST', '/api/v1/reports/tz-supervision-coverage/run', { body: { params: {} } });
    assert.equal(run.status, 200, run.text);
    const csv = await admin.call('POST', '/api/v1/reports/tz-supervision-coverage/run', { body: { params: {} }, headers: { accept: 'text/csv' } });
    assert.equal(csv.status, 200);
    const live = (await get(admin, '/api/v1/config/live')).live;
    assert.ok(run.body.rows.length > 1);

    const page = await openPage(browser.context);
    await signIn(page, srv.url, A.ADMIN, A.ADMIN_PW, '/reports');
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    const list = page.getByRole('navigation', { name: 'Available reports' });
    assert.deepEqual(await list.getByRole('link').allTextContents(), declared.map((r) => r.title.en));
    await list.getByRole('link', { name: 'Supervision coverage by cadre' }).click();
    await page.getByRole('heading', { level: 2, name: 'Supervision coverage by cadre' }).waitFor();
    assert.match(page.url(), /\/reports\?report=tz-supervision-coverage$/);
    await page.getByText('This report has no parameters.').waitFor();
    await page.getByRole('button', { name: 'Run the report' }).click();
    const table = page.locator('table.report-table');
    await table.waitFor();
    // Column titles are the report's declared labels, in the user's language; the CSV keeps the ids.
    assert.deepEqual(await table.locator('thead th').allTextContents(),
      ['Cadre', 'Workers', 'Without a supervisor', 'No supervision session in 90 days']);
    assert.deepEqual(run.body.columns, ['cadre', 'workers', 'without_supervisor', 'no_session_90_days']);
    const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(cells, run.body.rows.map((r) => run.body.columns.map((c) => (typeof r[c] === 'number' ? num(r[c]) : String(r[c])))));
    assert.match(await page.locator('#report-source').textContent(), new RegExp(`made with configuration ${live.slice(0, 12)}`));
    // The chart draws workers by cadre, with the same numbers in its table.
    await page.locator('#report-chart canvas').waitFor();
    assert.match(await page.locator('#report-chart canvas').getAttribute('aria-label'),
      new RegExp(run.body.rows.map((r) => `${r.cadre} ${num(r.workers)}`).join(', ')));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'tz-supervision-coverage.csv');
    const text = readFileSync(await download.path(), 'utf8');
    assert.equal(text, csv.text);
    assert.match(text.split(/\r?\n/)[0], /^cadre,workers,without_supervisor,no_session_90_days/);
    assert.equal(text.trim().split(/\r?\n/).length, run.body.rows.length + 1);
    await assertAccessible(page, 'reports, a run');
    await screenshot(page, 'reports-run-desktop');
    await viewShot(page, 'readme-reports');
    // In Swahili the same table is titled in Swahili.
    await page.getByLabel('Language', { exact: true }).first().selectOption('sw');
    await table.locator('thead th', { hasText: 'Bila msimamizi' }).waitFor();
    assert.deepEqual(await table.locator('thead th').allTextContents(),
      ['Kada', 'Wafanyakazi', 'Bila msimamizi', 'Bila kikao cha usimamizi siku 90']);
    await page.getByLabel('Lugha', { exact: true }).first().selectOption('en');
    await table.locator('thead th', { hasText: 'Without a supervisor' }).waitFor();
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'reports-run-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a report\'s declared parameter is a field of its form', async () => {
    const page = await openPage(browser.context);
    await page.goto(`${srv.url}/reports?report=tz-career-ladder`);
    const form = page.locator('#report-tz-career-ladder');
    const lang = form.getByLabel('Language');
    assert.equal(await lang.inputValue(), 'en', 'the declared default');
    await lang.fill('sw');
    await form.getByRole('button', { name: 'Run the report' }).click();
    const want = await admin.call('POST', '/api/v1/reports/tz-career-ladder/run', { body: { params: { lang: 'sw' } } });
    const psw = want.body.rows.find((r) => r.cadre === 'psw');
    await page.locator('table.report-table', { hasText: psw.name }).waitFor();
    assert.equal(await page.locator('table.report-table tbody tr').count(), want.body.rows.length);
    await page.getByLabel('Language', { exact: true }).first().selectOption('sw');
    await page.getByRole('heading', { level: 1, name: 'Ripoti' }).waitFor();
    await page.getByRole('link', { name: 'Ngazi za kazi na malipo ya chini' }).waitFor(); // the report's Swahili name
    await page.getByRole('button', { name: 'Endesha ripoti' }).waitFor();
    assert.doesNotMatch(await page.locator('main').textContent(), /\breports\.[a-zA-Z]/);
    await page.getByLabel('Lugha', { exact: true }).first().selectOption('en');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
