// Batch entry (issue 18, point 1) in a real browser: a district officer types a
// whole class's attendance and results in one grid with the keyboard only (Enter
// and the arrow keys move down and up a column), saves them with one button, sees a
// refused row's problem in the cell concerned while the others are stored, then
// issues certificates to everyone who passed: the certification rule is asked for
// each, and those it refuses are listed by name with what they still miss.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { careersServer, signIn, assertFits, viewShot } from './lib/fixtures.mjs';

describe('batch entry: the class grid', () => {
  let S, browser, ready, short, absent, level2;
  before(async () => {
    S = await careersServer();
    // Ready: Level 1 passed and 48 supervised hours — the Level 2 pass is all that is missing.
    ready = await S.person({ given_name: 'Halima', family_name: 'Gridi' });
    await S.place(ready, { title: 'PSW Gridi 1' });
    const sup = await S.person({ given_name: 'Sophia', family_name: 'Msimamizi' });
    await S.place(sup, { title: 'PSW supervisor Gridi', cadre: 'psw-supervisor' }, '2019-01-01');
    await S.call('POST', '/api/v1/supervisions', { person_id: ready.id, supervisor_person_id: sup.id, type: 'individual', start_date: '2020-02-01' });
    for (const day of ['2024-01-10', '2024-01-11']) {
      await S.call('POST', '/api/v1/supervision-sessions', { person_id: ready.id, supervisor_person_id: sup.id, session_date: day, duration_minutes: 1440, mode: 'field_visit' });
    }
    // Short: Level 1 passed but no supervised practice.
    short = await S.person({ given_name: 'Baraka', family_name: 'Gridi' });
    await S.place(short, { title: 'PSW Gridi 2' });
    absent = await S.person({ given_name: 'Zawadi', family_name: 'Gridi' });
    const l1 = await S.event('psw-level-1', { start_date: '2020-02-01', end_date: '2020-02-20' });
    for (const p of [ready, short]) { await S.enrol(l1, p); await S.pass(l1, p); }
    level2 = await S.event('psw-level-2', { start_date: '2025-06-02', end_date: '2025-06-13', title: 'Gridi class' });
    for (const p of [ready, short, absent]) await S.enrol(level2, p);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await S?.srv.stop(), 0, 'server exits cleanly');
  });

  test('a whole class is entered with the keyboard, saved in one go, errors per cell, certificates to all who passed', async () => {
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/training/${level2.id}`);
    await page.getByRole('heading', { level: 2, name: 'Class results' }).waitFor();
    const grid = page.locator('table.grid');
    assert.deepEqual(await grid.locator('tbody th').allTextContents(), ['Halima Gridi', 'Baraka Gridi', 'Zawadi Gridi'], 'one row per trainee');

    // Keyboard only. Passed for Halima: the space bar ticks, the last day is offered.
    await page.getByLabel('Passed: Halima Gridi').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.getByLabel('Completion date: Halima Gridi').inputValue(), '13/06/2025', 'the last day is offered, written day/month/year');
    // Down the "Passed" column with the arrow: Baraka passes too.
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Passed: Baraka Gridi');
    await page.keyboard.press('Space');
    // Across to the score with Tab, then down the score column with Enter.
    await page.getByLabel('Score (0–100): Halima Gridi').focus();
    await page.keyboard.type('81');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Score (0–100): Baraka Gridi');
    await page.keyboard.type('150'); // out of range: refused in its cell
    await page.keyboard.press('Enter');
    // Zawadi did not attend: untick attended with the keyboard (ArrowLeft from the score goes nowhere in a text box,
    // so go there directly).
    await page.getByLabel('Attended: Zawadi Gridi').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.getByLabel('Passed: Zawadi Gridi').isChecked(), false);
    await page.getByRole('button', { name: 'Save the changed rows (3)' }).click();

    // Two rows stored; Baraka's score is refused in its own cell, with focus on it.
    await page.getByText('Saved: 2. Not saved: 1', { exact: false }).waitFor();
    const bad = page.getByLabel('Score (0–100): Baraka Gridi');
    assert.equal(await bad.getAttribute('aria-invalid'), 'true');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Score (0–100): Baraka Gridi');
    assert.equal(await page.textContent(`#grid-${short.id}-score-error`), 'Write a score from 0 to 100, or leave it empty.');
    let rows = (await S.national.call('GET', `/api/v1/training-events/${level2.id}/enrolments`)).body.items;
    const by = (p) => rows.find((r) => r.person_id === p.id);
    assert.deepEqual([by(ready).attended, by(ready).passed, by(ready).score, by(ready).completed_date], [true, true, 81, '2025-06-13']);
    assert.deepEqual([by(absent).attended, by(absent).passed], [false, false]);
    assert.equal(by(short).passed, null, 'the refused row is not stored');
    await assertAccessible(page, 'class grid with an error');
    await screenshot(page, 'training-grid-error-desktop');

    // Correct it in place; the typed pass is still there.
    await bad.fill('64');
    await page.getByRole('button', { name: 'Save the changed rows (1)' }).click();
    await page.getByText('Saved: 1.', { exact: true }).waitFor();
    rows = (await S.national.call('GET', `/api/v1/training-events/${level2.id}/enrolments`)).body.items;
    assert.deepEqual([by(short).passed, by(short).score, by(short).completed_date], [true, 64, '2025-06-13']);

    // Certificates to everyone who passed: Halima gets one, Baraka is refused by name with what is missing.
    await page.getByRole('button', { name: 'Issue “Certified para social worker” to everyone who passed (2)' }).click();
    const out = page.locator('.issue-outcome');
    await out.getByText('Issued: 1 (Certified para social worker).').waitFor();
    assert.match(await out.locator('ul.issued').textContent(), /^Halima Gridi — PSW-CERTIFICATE-/);
    assert.deepEqual(await out.locator('ul.refused li').allTextContents(), ['Baraka Gridi: 40 hours of supervised practice (has 0)']);
    const certs = async (p) => (await S.national.call('GET', `/api/v1/people/${p.id}/certificates`)).body.items;
    assert.equal((await certs(ready)).filter((c) => c.status === 'valid').length, 1);
    assert.equal((await certs(short)).length, 0, 'nothing issued to someone the rule refuses');
    await assertAccessible(page, 'certificates issued to the class');
    await screenshot(page, 'training-grid-issued-desktop');
    await page.getByRole('heading', { level: 2, name: 'Class results' }).evaluate((h) => h.scrollIntoView());
    await viewShot(page, 'readme-training-grid');

    // Pressing it again issues nothing twice.
    await page.getByRole('button', { name: 'Issue “Certified para social worker” to everyone who passed (2)' }).click();
    await out.getByText('Issued: 0 (Certified para social worker). Already held a valid one: 1.').waitFor();
    assert.equal((await certs(ready)).length, 1);

    await page.setViewportSize(PHONE);
    await assertAccessible(page, 'class grid at 360 px');
    await assertFits(page, 'class grid at 360 px');
    await screenshot(page, 'training-grid-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a supervisor\'s workers\' monthly returns are typed in one grid, activity types as columns, errors per cell', async () => {
    const sophia = (await S.national.call('GET', '/api/v1/people?q=Msimamizi')).body.items[0];
    await S.call('POST', '/api/v1/supervisions', { person_id: short.id, supervisor_person_id: sophia.id, type: 'individual', start_date: '2020-02-01' });
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/supervision?section=returns-grid`);
    await page.getByRole('heading', { level: 2, name: 'Monthly returns grid' }).waitFor();
    await page.getByRole('searchbox', { name: 'Workers of this supervisor' }).fill('Sophia');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Choose: Sophia Msimamizi' }).click();
    await page.getByLabel('Month', { exact: true }).fill('2026-02');
    await page.getByRole('button', { name: 'Show the grid' }).click();
    const grid = page.locator('table.grid');
    await grid.waitFor();
    assert.deepEqual(await grid.locator('tbody th').allTextContents(), ['Baraka Gridi', 'Halima Gridi'], 'the supervisor\'s workers');
    assert.deepEqual(await grid.locator('thead th').allTextContents(),
      ['Worker', 'Vulnerable children identified', 'Home visits', 'Referrals made', 'Referrals completed', 'State'], 'the configuration\'s activities');
    // Down the "Home visits" column with Enter.
    await page.getByLabel('Home visits: Baraka Gridi').focus();
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Home visits: Halima Gridi');
    await page.keyboard.type('x');
    await page.getByLabel('Referrals made: Halima Gridi').fill('3');
    await page.getByRole('button', { name: 'Save the changed rows (2)' }).click();
    await page.getByText('Saved: 1. Not saved: 1', { exact: false }).waitFor();
    assert.equal(await page.getByLabel('Home visits: Halima Gridi').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.textContent(`#rgrid-${ready.id}-home-visits-error`), 'Write a whole number (0 or more), or leave it empty.');
    const counts = async (p) => Object.fromEntries((await S.national.call('GET', `/api/v1/activity-returns?person_id=${p.id}&period=2026-02`)).body.items.map((c) => [c.activity, c.count]));
    assert.deepEqual(await counts(short), { 'home-visits': 12 });
    assert.deepEqual(await counts(ready), {}, 'the refused row is not stored');
    await assertAccessible(page, 'returns grid with an error');
    await screenshot(page, 'supervision-returns-grid-desktop');
    await page.getByLabel('Home visits: Halima Gridi').fill('7');
    await page.getByRole('button', { name: 'Save the changed rows (1)' }).click();
    await page.getByText('Saved: 1.', { exact: true }).waitFor();
    assert.deepEqual(await counts(ready), { 'home-visits': 7, 'referrals-made': 3 });
    // Shown again, the grid holds what is stored.
    await page.getByRole('button', { name: 'Show the grid' }).click();
    await page.waitForFunction(() => document.querySelector('input[aria-label="Referrals made: Halima Gridi"]')?.value === '3');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('one form registers a worker and places them in a vacant post, with the minimum pay shown and a warning below it', async () => {
    const post = await S.position({ title: 'PSW Gridi vacant', cadre: 'psw' });
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/people/new`);
    await page.getByRole('heading', { level: 1, name: 'Register a worker' }).waitFor();
    const form = page.locator('#person');
    await form.getByLabel(/^Given name/).fill('Neema');
    await form.getByLabel(/^Family name/).fill('Placed');
    await page.locator('#person-residence_org_unit_id').fill('Kaloleni Vil');
    await page.getByRole('button', { name: /^Choose: Kaloleni Village/ }).click();
    await page.locator('#person-residence_org_unit_id-change').waitFor();
    // A post chosen without its start date and engagement: both are asked for at once.
    await form.getByLabel(/^Place in a vacant post now/).selectOption({ label: 'PSW Gridi vacant — Para social worker' });
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.locator('#person-place_start-error').waitFor();
    await page.locator('#person-place_engagement-error').waitFor();
    assert.equal((await S.national.call('GET', '/api/v1/people?q=Placed')).body.items.length, 0, 'nobody registered yet');
    await form.getByLabel(/^Start date in the post/).fill('2026-01-05');
    await form.getByLabel(/^Engagement/).selectOption('stipend');
    await page.locator('#person-place_pay-help').getByText('The minimum for this cadre and engagement is 30,000 TZS per month.').waitFor();
    await form.getByLabel(/^Pay per period/).fill('20000');
    await page.getByText('This is below the minimum of 30,000 TZS. It can be recorded, and will show as below the minimum.').waitFor();
    await assertAccessible(page, 'register and place, below the minimum');
    await screenshot(page, 'people-register-place-desktop');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText('The worker has been registered and placed in the post.').waitFor();
    const id = Number(new URL(page.url()).pathname.split('/')[2]);
    const held = (await S.national.call('GET', `/api/v1/people/${id}/assignments`)).body.items;
    assert.equal(held.length, 1);
    assert.deepEqual([held[0].position_id, held[0].start_date, held[0].engagement, held[0].pay_amount, held[0].pay_currency],
      [post.id, '2026-01-05', 'stipend', 20000, 'TZS']);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
