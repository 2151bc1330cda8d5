// Areas and their population in the browser: a district officer opens their
// district, imports population figures from a CSV file (a file naming an area
// outside the district is refused whole, each problem with its row and column),
// and reads the district's figure as the sum of its ward's, and a year without
// any figure said as such.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { startRegistry, signIn, get } from './lib/fixtures.mjs';

const cells = (table) => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));

describe('areas and population', () => {
  let srv, admin, units, browser;
  before(async () => {
    ({ srv, admin, units } = await startRegistry());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('a district officer imports figures and reads the district\'s population, sums and gaps said', async () => {
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'district', undefined, '/org-units');
    await page.getByRole('heading', { level: 1, name: 'Areas and population' }).waitFor();
    await page.getByRole('link', { name: 'Arusha City' }).click();
    await page.getByRole('heading', { level: 1, name: 'Arusha City' }).waitFor();
    assert.match(page.url(), new RegExp(`/org-units/${units['R1-D1']}$`));
    await page.locator('#population-none').waitFor();

    // Meru (R1-D2) is outside the officer's district: the whole file is refused.
    await page.setInputFiles('#population-file', { name: 'population.csv', mimeType: 'text/csv',
      buffer: Buffer.from('org_unit,year,total,children\nR1-D1-W1,2025,300,120\nR1-D2,2025,2000,800\n') });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = page.locator('.population-import [role="alert"]');
    await alert.waitFor();
    assert.match(await alert.textContent(), /Row 3, column 1: no such org unit 'R1-D2'/);
    const national = await get(admin, `/api/v1/org-units/${units['R1-D1-W1']}/population?year=2025`);
    assert.equal(national.figures[0].missing, true, 'nothing was written');

    await page.setInputFiles('#population-file', { name: 'population.csv', mimeType: 'text/csv',
      buffer: Buffer.from('org_unit,year,total,children\nR1-D1-W1,2025,300,120\nR1-D1-W1-V1,2025,250,\n') });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported 3 figures from 2 rows.').waitFor();
    const table = page.locator('table.population-table');
    await table.waitFor();
    assert.deepEqual(await cells(table), [
      ['2025', 'Total population', '300', 'Sum of the areas below (1 figures).'],
      ['2025', 'Children under 18', '120', 'Sum of the areas below (1 figures).'],
    ]);
    await assertAccessible(page, 'org unit, population');
    await screenshot(page, 'orgunit-population-desktop');

    // A year without any figure is said, not guessed from 2025.
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Show this year' }).click();
    await page.getByText('No figure for 2026.').first().waitFor();
    assert.deepEqual((await cells(table)).map((r) => r.slice(2)), [
      ['—', 'No figure for 2026.'], ['—', 'No figure for 2026.']]);

    // The ward: its own figure.
    await page.getByRole('link', { name: 'Kaloleni', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Kaloleni' }).waitFor();
    await page.locator('table.population-table', { hasText: 'The figure of Kaloleni.' }).waitFor();
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'orgunit-population-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('an area outside the officer\'s district reads as not found', async () => {
    const page = await openPage(browser.context);
    await signIn(page, srv.url, 'district', undefined, `/org-units/${units['R1-D2']}`);
    await page.getByRole('heading', { level: 1, name: 'Area not found' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
