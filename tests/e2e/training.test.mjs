// Training events in a real browser against the real training API (issue 7):
// a national HR officer plans an event of a declared course at a venue with a
// trainer from the register, enrols trainees one by one and sees who travels from
// outside their home district (principle 12), records a pass, and is told plainly
// when a bulk enrolment does not fit the event — with nothing enrolled.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, focused, PHONE } from './lib/browser.mjs';
import { careersServer, signIn, assertFits, tickAndRead } from './lib/fixtures.mjs';

describe('training events', () => {
  let S, browser, near, far, trainer;
  before(async () => {
    S = await careersServer();
    near = await S.person({ given_name: 'Halima', family_name: 'Nyerere' });
    far = await S.person({ given_name: 'Baraka', family_name: 'Mwakyusa', residence_org_unit_id: S.u['R2-D1-W1'] });
    trainer = await S.person({ given_name: 'Neema', family_name: 'Trainer' });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await S?.srv.stop(), 0, 'server exits cleanly');
  });

  test('an officer plans an event, enrols trainees, sees who travels and records a pass', async () => {
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.getByRole('link', { name: 'Training events' }).click();
    await page.getByRole('heading', { level: 1, name: 'Training events' }).waitFor();
    await page.getByText('No training events yet in your area.').waitFor();

    await page.getByText('Plan a training event').click();
    // A missing venue is said next to the venue, not lost.
    await page.getByLabel('Course (declared curriculum)').selectOption('psw-level-2');
    await page.getByRole('button', { name: 'Plan the event' }).click();
    await page.locator('#event-venue-error').waitFor();
    assert.equal(await page.textContent('#event-venue-error'), 'Choose the venue.');

    await page.getByLabel('Venue', { exact: true }).fill('Kaloleni');
    await page.getByRole('button', { name: 'Search: Venue' }).click();
    await page.getByRole('button', { name: 'Choose: Kaloleni (ward)' }).click();
    await page.getByRole('searchbox', { name: 'Add a trainer from the register' }).fill('Neema');
    await page.getByRole('button', { name: 'Search: Add a trainer from the register' }).click();
    // An officer who moves straight on to the next field keeps their place: the picker
    // moves focus after a choice only if focus has not gone elsewhere meanwhile.
    await page.getByRole('button', { name: 'Choose: Neema Trainer' }).waitFor();
    await page.evaluate(() => {
      document.querySelector('button[aria-label="Choose: Neema Trainer"]').click();
      document.getElementById('event-title').focus();
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal((await focused(page)).id, 'event-title', 'focus stays where the officer went');
    await page.getByLabel('Title (optional)').fill('Level 2 practicum, Kaloleni');
    await page.getByLabel('First day').fill('2026-03-02');
    await page.getByLabel('Last day').fill('2026-03-06');
    await page.getByLabel('Places (capacity)').fill('2');
    await assertAccessible(page, 'event form');
    await screenshot(page, 'training-plan-desktop');
    await page.getByRole('button', { name: 'Plan the event' }).click();

    await page.waitForFunction(() => /^\/training\/\d+$/.test(location.pathname));
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { level: 1, name: 'Para Social Worker Level 2 (practicum) — Level 2 practicum, Kaloleni' }).waitFor();
    await page.getByText('0 enrolled of 2 (2 left)').waitFor();
    await page.locator('.facts').getByText('Neema Trainer').waitFor();
    await page.locator('.facts').getByText('Kaloleni', { exact: true }).waitFor();
    const ev = (await S.national.call('GET', `/api/v1/training-events/${id}`)).body;
    assert.deepEqual([ev.course, ev.course_version, ev.capacity, ev.trainers, ev.start_date, ev.venue_org_unit_id],
      ['psw-level-2', '2013', 2, [trainer.id], '2026-03-02', S.u['R1-D1-W1']], 'the event is stored as planned, with the declared curriculum');

    // One by one, through the person search.
    for (const p of [near, far]) {
      await page.getByRole('searchbox', { name: 'Trainee' }).fill(p.given_name);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: `Choose: ${p.given_name} ${p.family_name}` }).click();
      await page.getByRole('button', { name: 'Enrol', exact: true }).click();
      await page.getByText('Enrolled: 1.').waitFor();
      await page.locator('.trainee', { hasText: p.family_name }).waitFor();
    }
    await page.getByText('2 enrolled of 2 (0 left)').waitFor();
    const nearRow = page.locator('.trainee', { hasText: 'Halima Nyerere' });
    const farRow = page.locator('.trainee', { hasText: 'Baraka Mwakyusa' });
    // Tanzania's levels by their names: the ward, and the district council above it.
    await nearRow.locator('.badge', { hasText: /^Trained in the home ward$/ }).waitFor();
    await farRow.locator('.badge', { hasText: /^Travels from outside the home district council$/ }).waitFor();
    await page.getByText('1 of 2 trainees travel from outside the district council where they live.', { exact: false }).waitFor();

    // Result: attended, passed, score, completion date — in the class grid.
    // The last day is offered in the render that ticks "passed" (not an effect later).
    assert.equal(await tickAndRead(page.getByLabel('Passed: Halima Nyerere'), page.getByLabel('Completion date: Halima Nyerere')),
      '06/03/2026', 'the last day is offered at once, written day/month/year');
    await page.getByLabel('Score (0–100): Halima Nyerere').fill('81');
    assert.equal(await page.getByLabel('Completion date: Halima Nyerere').inputValue(), '06/03/2026');
    await page.getByRole('button', { name: 'Save the changed rows (1)' }).click();
    await nearRow.getByText('Attended · passed · score 81 · completed 6 March 2026').waitFor();
    const rows = (await S.national.call('GET', `/api/v1/training-events/${id}/enrolments`)).body.items;
    const saved = rows.find((r) => r.person_id === near.id);
    assert.deepEqual([saved.attended, saved.passed, saved.score, saved.completed_date], [true, true, 81, '2026-03-06']);

    // A pass without a date is refused; the message sits next to the date, in plain words.
    await page.getByLabel('Passed: Baraka Mwakyusa').check();
    await page.getByLabel('Completion date: Baraka Mwakyusa').fill('');
    await page.getByRole('button', { name: 'Save the changed rows (1)' }).click();
    await page.locator(`#grid-${far.id}-completion_date-error`).waitFor();
    assert.equal(await page.textContent(`#grid-${far.id}-completion_date-error`), 'Write the date the trainee completed the course.');

    await assertAccessible(page, 'event page');
    await screenshot(page, 'training-event-desktop');
    await page.setViewportSize(PHONE);
    await assertFits(page, 'event page at 360 px');
    await assertAccessible(page, 'event page at 360 px');
    await screenshot(page, 'training-event-360px');

    // The list shows the event with its places.
    await page.goto(`${S.srv.url}/training`);
    const row = page.locator('table.events tbody tr', { hasText: 'Para Social Worker Level 2' });
    await row.waitFor();
    assert.match(await row.textContent(), /2 March 2026 – 6 March 2026/);
    assert.match(await row.textContent(), /2 of 2/);
    await assertFits(page, 'training list at 360 px');
    await screenshot(page, 'training-list-360px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await assertAccessible(page, 'training list');
    await screenshot(page, 'training-list-desktop');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a bulk enrolment over capacity is refused with a clear message and enrols nobody', async () => {
    const ev = await S.event('psw-level-1', { capacity: 2, start_date: '2026-04-06', end_date: '2026-04-10' });
    for (const g of ['Rehema', 'Juma', 'Zawadi']) await S.person({ given_name: g, family_name: 'Kapacity' });
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/training/${ev.id}`);
    await page.getByRole('heading', { level: 1, name: 'Para Social Worker Level 1' }).waitFor();
    await page.getByText('Enrol several people from a search').click();
    await page.getByLabel('Name or identifier (optional)').fill('Kapacity');
    await page.getByRole('button', { name: 'Find people' }).click();
    await page.getByText('3 found — untick anyone who should not be enrolled').waitFor();
    await page.getByRole('button', { name: 'Enrol the 3 ticked' }).click();
    const alert = page.locator('#enrol-error');
    await alert.getByText('Not enrolled: the event is full.', { exact: false }).waitFor();
    assert.match(await alert.textContent(), /You asked for 3 and only 2 of 2 places are left\. Nobody was enrolled/);
    await page.waitForFunction(() => document.activeElement.id === 'enrol-error'); // focus moves to the message
    assert.equal((await S.national.call('GET', `/api/v1/training-events/${ev.id}/enrolments`)).body.items.length, 0, 'nobody was enrolled');
    await assertAccessible(page, 'over capacity');
    await screenshot(page, 'training-over-capacity-desktop');

    // Untick one: the two that fit are enrolled together.
    await page.getByLabel('Zawadi Kapacity').uncheck();
    await page.getByRole('button', { name: 'Enrol the 2 ticked' }).click();
    await page.getByText('Enrolled: 2.').waitFor();
    await page.getByText('2 enrolled of 2 (0 left)').waitFor();
    assert.equal(await page.locator('#enrol-error p').count(), 0, 'the old error is gone');
    assert.equal((await S.national.call('GET', `/api/v1/training-events/${ev.id}/enrolments`)).body.items.length, 2);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
