// The indicators screen and the coverage map in the browser: two small indicators of
// the indicator contract (tests/plugins/indicators-ui/indicators.lua, proposed on
// top of the live configuration) over hand-made population figures; the officer picks
// one, reads its definition beside it, the table (computed here by hand), the chart,
// downloads the same run as CSV, and reads the map of the districts drawn from
// boundaries imported as GeoJSON — the highest value darkest, a district without a
// figure hatched — with the table as its accessible alternative.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { startRegistry, signIn } from './lib/fixtures.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cells = (rows) => rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
const square = (x, y) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];

describe('indicators and the coverage map', () => {
  let srv, admin, browser;
  before(async () => {
    ({ srv, admin } = await startRegistry());
    const call = async (method, path, body, opts = {}) => {
      const r = await admin.call(method, path, { body, ...opts });
      assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
      return r.body;
    };
    const live = (await call('GET', '/api/v1/config/live')).live;
    const { commit } = await call('POST', '/api/v1/config/versions', { message: 'two test indicators',
      files: { 'zz_indicators.lua': readFileSync(join(here, '../plugins/indicators-ui/indicators.lua'), 'utf8') } });
    const v = await call('POST', `/api/v1/config/versions/${commit}/validate`);
    assert.equal(v.ok, true, JSON.stringify(v));
    await call('POST', '/api/v1/config/activate', { commit, expected_live: live, reason: 'test indicators' });
    await call('POST', '/api/v1/population/import', undefined, { raw: 'org_unit,year,total,children\nR1-D1,2025,9000,4500\nR1-D2,2025,5000,2000\n',
      headers: { 'content-type': 'text/csv' } });
    const feature = (code, x) => ({ type: 'Feature', properties: { code }, geometry: { type: 'Polygon', coordinates: square(x, -4) } });
    await call('POST', '/api/v1/boundaries/import', { type: 'FeatureCollection',
      features: [feature('R1-D1', 36), feature('R1-D2', 37), feature('R2-D1', 38)] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('pick an indicator, read its definition, table, chart, CSV and map', async () => {
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'national', undefined, '/indicators');
    await page.getByRole('heading', { level: 1, name: 'Indicators' }).waitFor();
    const pick = page.getByLabel('Indicator', { exact: true });
    await pick.locator('option').nth(1).waitFor({ state: 'attached' });
    // the configuration's two indicators beside the shipped pack (plugins/indicators.lua)
    const offered = await pick.locator('option').allTextContents();
    for (const title of ["Children's share of the population", 'People living in the area'])
      assert.ok(offered.includes(title), `${title} is offered`);
    await pick.selectOption('ui-children-share');
    const def = page.locator('.indicator-definition');
    await def.getByText('Children under 18 living in the area').waitFor();
    assert.match(await def.textContent(), /DenominatorEveryone living in the area.*PeriodThe population figures of the period's year.*Unit%/);
    assert.deepEqual(await page.getByLabel('Broken down by').locator('option').allTextContents(), ['Nothing']);

    await page.getByLabel('Period (2026, or 2026-01..2026-06)').fill('2025');
    await page.getByRole('button', { name: 'Show the indicator' }).click();
    const table = page.locator('table.indicator-table');
    await table.waitFor();
    // 4,500 / 9,000 = 50 %; 2,000 / 5,000 = 40 %; together 6,500 / 14,000 = 46.4 %
    assert.deepEqual(await cells(table.locator('tbody tr')), [['Arusha City', '4,500', '9,000', '50'], ['Meru', '2,000', '5,000', '40']]);
    assert.deepEqual(await cells(table.locator('tfoot tr')), [['Total', '6,500', '14,000', '46.4']]);
    await page.locator('#indicator-chart canvas').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'ui-children-share.csv');
    const csv = await admin.call('POST', '/api/v1/reports/ui-children-share/run',
      { body: { params: { level: 'district', period: '2025', breakdown: 'none' } }, headers: { accept: 'text/csv' } });
    assert.equal(readFileSync(await download.path(), 'utf8'), csv.text);

    // the map: Arusha City (50) darkest, Meru (40) lightest, the outside district hatched
    const map = page.locator('#coverage-map svg');
    await map.waitFor();
    const fill = (code) => map.locator(`path[data-code="${code}"]`).getAttribute('fill');
    assert.equal(await fill('R1-D1'), '#0b5d4b');
    assert.equal(await fill('R1-D2'), '#e5f2ee');
    assert.match(await fill('R2-D1'), /^url\(#coverage-map-none\)$/);
    assert.equal(await map.locator('path[data-code="R1-D1"] title').textContent(), 'Arusha City: 50 %');
    assert.match(await page.locator('#coverage-map figcaption').textContent(), /The table above gives the same figures/);
    await assertAccessible(page, 'indicators');
    await screenshot(page, 'indicators-desktop');

    // another indicator: a count, its own definition
    await pick.selectOption('ui-population');
    await def.getByText('None: a count').waitFor();
    await page.getByRole('button', { name: 'Show the indicator' }).click();
    await page.locator('table.indicator-table tbody tr', { hasText: '9,000' }).first().waitFor();
    assert.deepEqual((await cells(page.locator('table.indicator-table tbody tr'))).map((r) => r[3]), ['9,000', '5,000']);
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'indicators-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
