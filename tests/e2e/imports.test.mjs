// Import in the browser over a demo register: the template from the active
// configuration, a CSV with one bad row refused with the row and column named and
// nothing written, then the same file in partial mode importing the good rows and
// offering the bad one back as a rejects CSV.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { demoServer, get, signIn, viewShot, A } from './lib/fixtures.mjs';

describe('import from a spreadsheet', () => {
  let srv, admin, browser;
  before(async () => {
    ({ srv, admin } = await demoServer({ people: 60 }));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('a file with one bad row imports nothing and names the row and column; partial mode imports the rest and gives the bad row back', async () => {
    const someone = (await get(admin, '/api/v1/people?limit=1')).items[0];
    const village = (await get(admin, `/api/v1/org-units/${someone.residence_org_unit_id}`)).code;
    const csv = [
      'given_name,family_name,sex,birth_date,residence_code',
      `Halima,Nyerere,female,1988-02-01,${village}`,
      `Baraka,Mwakyusa,male,1979-13-30,${village}`,
      `Zawadi,Kimaro,female,1992-05-05,${village}`,
    ].join('\n') + '\n';
    const count = async () => (await get(admin, '/api/v1/people?limit=1')).total;
    const before = await count();

    const page = await openPage(browser.context);
    await signIn(page, srv.url, A.ADMIN, A.ADMIN_PW, '/imports');
    await page.getByRole('heading', { level: 1, name: 'Import from a spreadsheet' }).waitFor();

    // The template comes from the active configuration, custom fields included.
    const [tpl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the template for People' }).click()]);
    const template = readFileSync(await tpl.path(), 'utf8');
    assert.equal(template, (await admin.call('GET', '/api/v1/imports/templates/people.csv')).text);
    assert.match(template.split(/\r?\n/)[0], /^given_name,family_name,.*custom\.village_council_letter/);

    // Asked without a file: the file field says so.
    await page.getByRole('button', { name: 'Check and import' }).click();
    await page.locator('#import-file-error', { hasText: 'Choose the CSV file to import.' }).waitFor();

    await page.setInputFiles('#import-file', { name: 'workers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const polled = page.waitForResponse((r) => /\/api\/v1\/imports\/\d+$/.test(new URL(r.url()).pathname) && r.request().method() === 'GET');
    await page.getByRole('button', { name: 'Check and import' }).click();
    await polled; // the job's progress is asked for
    await page.getByRole('heading', { name: 'Nothing was imported' }).waitFor();
    const rows = await page.locator('table.import-errors tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].slice(0, 2), ['3', 'birth_date (4)']);
    assert.match(rows[0][2], /^Date of birth must be a date that exists/, 'the reason names the column in plain words');
    await page.getByText('Rows with errors: 1').waitFor();
    assert.equal(await count(), before, 'nothing was imported');
    await assertAccessible(page, 'import, refused');
    await screenshot(page, 'imports-refused-desktop');
    await page.locator('.import-report').scrollIntoViewIfNeeded();
    await viewShot(page, 'readme-imports');

    // Partial mode: the two good rows go in, the bad one comes back with its reason.
    await page.getByLabel('Import the good rows now, and give me the others back as a file').check();
    await page.getByRole('button', { name: 'Check and import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    await page.getByText('New records: 2').waitFor();
    await page.getByText('Rows with errors: 1').waitFor();
    assert.equal(await count(), before + 2);
    // (the demo may hold people of the same names: these rows are told by birth date)
    const imported = (q, given, born) => get(admin, `/api/v1/people?q=${q}&limit=500`)
      .then((r) => r.items.filter((p) => p.given_name === given && p.birth_date === born).length);
    assert.equal(await imported('Nyerere', 'Halima', '1988-02-01'), 1);
    assert.equal(await imported('Mwakyusa', 'Baraka', '1979-13-30'), 0);
    const [rej] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the rows with errors (CSV)' }).click()]);
    const rejects = readFileSync(await rej.path(), 'utf8').trim().split(/\r?\n/);
    assert.equal(rejects.length, 2);
    assert.match(rejects[0], /,error$/);
    assert.match(rejects[1], /^Baraka,Mwakyusa,male,1979-13-30,.*Date of birth/);
    await assertAccessible(page, 'import, partial');
    await screenshot(page, 'imports-partial-desktop');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'imports-partial-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
