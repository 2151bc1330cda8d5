// The workers behind an indicator figure in the browser (issue 18 point 2): on the
// Indicators screen a national officer clicks the supervision coverage of a district
// and reads the workers without a supervisor with the reason columns titled in words
// (cadre by its name), downloads them as CSV (the same run as the API's CSV); the
// total opens the whole list; an analyst (reports.aggregate only) sees the figures as
// plain numbers. axe is clean on the list at desktop size and at 360 px.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { careersServer, signIn } from './lib/fixtures.mjs';

const cells = (rows) => rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));

describe('the names behind an indicator figure', () => {
  let srv, call, browser, people = {};
  const YEAR = String(new Date().getFullYear());
  before(async () => {
    let person, place;
    ({ srv, call, person, place } = await careersServer());
    for (const [given, cadre] of [['Sara', 'psw-supervisor'], ['Amina', 'psw'], ['Baraka', 'psw']]) {
      people[given] = await person({ given_name: given, family_name: 'Mollel', sex: given === 'Baraka' ? 'male' : 'female' });
      await place(people[given], { cadre, title: cadre });
    }
    await call('POST', '/api/v1/supervisions', { person_id: people.Amina.id, supervisor_person_id: people.Sara.id,
      type: 'individual', start_date: `${YEAR}-01-02` });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  const show = async (page, who) => {
    await signIn(page, srv.url, who, undefined, '/indicators');
    await page.getByRole('heading', { level: 1, name: 'Indicators' }).waitFor();
    const pick = page.getByLabel('Indicator', { exact: true });
    await pick.locator('option').nth(1).waitFor({ state: 'attached' });
    await pick.selectOption('ind-supervision-coverage');
    await page.getByRole('button', { name: 'Show the indicator' }).click();
    await page.locator('table.indicator-table tbody tr').first().waitFor();
  };

  test('a figure opens the workers behind it with the reason, as CSV too', async () => {
    const page = await openPage(browser.context);
    await show(page, 'national');
    const table = page.locator('table.indicator-table');
    // Arusha City (R1-D1): 1 of 3 supervised = 33.33 %
    const row = table.locator('tbody tr', { hasText: 'Arusha City' });
    assert.deepEqual((await cells(row))[0], ['Arusha City', '1', '3',
      `${(33.33).toLocaleString('en')} — the workers: Without a supervisor: the workers, Arusha City`]);
    // Meru: nobody behind its figure, nothing to open
    assert.equal(await table.locator('tbody tr', { hasText: 'Meru' }).getByRole('button').count(), 0);
    await row.getByRole('button', { name: /Without a supervisor: the workers, Arusha City/ }).click();
    const list = page.locator('.indicator-names');
    await list.getByRole('heading', { name: 'Without a supervisor: the workers — Arusha City' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'ind-names-title', 'the list takes the focus');
    await list.getByRole('status').filter({ hasText: '2 listed' }).waitFor();
    assert.deepEqual(await cells(list.locator('thead tr')), [['Name', 'Lives in', 'Cadre', 'Last supervised until']]);
    const names = await cells(list.locator('tbody tr'));
    assert.deepEqual(names.map((r) => [r[0], r[3]]), [['Baraka Mollel', ''], ['Sara Mollel', '']]);
    assert.equal(names[0][2], 'Para social worker', 'the cadre by its name, not its id');
    assert.equal(await list.getByRole('link', { name: 'Baraka Mollel' }).getAttribute('href'), `/people/${people.Baraka.id}`);
    await assertAccessible(page, 'indicator names');
    await screenshot(page, 'indicator-names-desktop');

    const [download] = await Promise.all([page.waitForEvent('download'),
      list.getByRole('button', { name: 'Download the names as CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'ind-supervision-coverage-names-R1-D1.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, /^person_id,name,org_unit_name,cadre,last_supervised_until\r?\n/);
    assert.deepEqual(csv.trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[1]), ['Baraka Mollel', 'Sara Mollel']);

    // the total opens the whole list; at 360 px it reads without sideways scrolling
    await table.locator('tfoot').getByRole('button').click();
    await list.getByRole('heading', { name: 'Without a supervisor: the workers — Total' }).waitFor();
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await assertAccessible(page, 'indicator names 360 px');
    await screenshot(page, 'indicator-names-360px');
    await list.getByRole('button', { name: 'Close the list' }).click();
    await list.waitFor({ state: 'detached' });
    // back where the list was opened from
    assert.equal(await page.evaluate(() => document.activeElement.closest('tfoot') != null), true);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('an analyst sees the figures, no names behind them', async () => {
    const page = await openPage(browser.context);
    await show(page, 'analyst');
    const row = page.locator('table.indicator-table tbody tr', { hasText: 'Arusha City' });
    assert.deepEqual((await cells(row))[0], ['Arusha City', '1', '3', (33.33).toLocaleString('en')]);
    assert.equal(await page.locator('table.indicator-table button').count(), 0);
    assert.equal(await page.locator('#ind-names-hint').count(), 0);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
