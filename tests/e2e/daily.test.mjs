// A day's work (issue 18, point 5 and the "lists that include the names they show" of
// point 6), in a real browser over a real server with the Tanzania configuration: the
// People list shows each worker's cadre, post and village from the list's own reply
// (no request per row), in the user's language; every date is typed and shown
// day/month/year with a calendar a keyboard can use, an impossible day is refused in
// plain words, and the API receives YYYY-MM-DD.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, PHONE, DESKTOP } from './lib/browser.mjs';
import { startRegistry, signInAt, person, position, assign, get, viewShot, A } from './lib/fixtures.mjs';

/** API requests PAGE makes from now on (paths with their query). */
function apiLog(page) {
  const log = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) log.push(u.pathname + u.search);
  });
  return log;
}

describe('a day\'s work', () => {
  let fx, browser;
  before(async () => {
    fx = await startRegistry();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await fx?.srv.stop(), 0, 'server exits cleanly');
  });

  test('People list: cadre, post and village columns come with the list, in the user\'s language, with no request per row', async () => {
    const V1 = fx.units['R1-D1-W1-V1'], V2 = fx.units['R1-D1-W1-V2'];
    const people = [];
    for (let i = 0; i < 6; i++) {
      people.push(await person(fx.admin, i % 2 ? V2 : V1, { family_name: 'Columba', given_name: `Rose${i}` }));
    }
    const psw = await position(fx.admin, V1, fx.orgs['NGO-IN'], { title: 'Kaloleni para social worker', cadre: 'psw' });
    const pcdw = await position(fx.admin, V2, fx.orgs['NGO-IN'], { title: 'Chang\'ombe development worker', cadre: 'pcdw' });
    await assign(fx.admin, people[0].id, psw.id);
    await assign(fx.admin, people[1].id, pcdw.id);
    const cadres = (await get(fx.admin, '/api/v1/catalogue/cadres')).items;
    const nameOf = (id, lang) => cadres.find((c) => c.id === id).name[lang];
    const unitName = async (id) => (await get(fx.admin, `/api/v1/org-units/${id}`)).name;

    const page = await openPage(browser.context);
    await signInAt(page, fx.srv, '/people', 'national');
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    const log = apiLog(page);
    await page.getByLabel('Name or identifier').fill('columba');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Showing 1–6 of 6').waitFor();
    const headers = await page.locator('table.people-list thead th').allTextContents();
    for (const h of ['Cadre', 'Post', 'Lives in']) assert.ok(headers.includes(h), `a ${h} column: ${headers}`);
    const col = (h) => headers.indexOf(h);
    const rows = page.locator('table.people-list tbody tr');
    const cells = async (i) => rows.nth(i).locator('th, td').allTextContents();
    for (let i = 0; i < 6; i++) {
      const c = await cells(i);
      const p = people.find((x) => c[0].startsWith(`${x.given_name} `));
      assert.equal(c[col('Lives in')], await unitName(p.residence_org_unit_id), `${c[0]} lives in`);
      if (p === people[0]) {
        assert.equal(c[col('Cadre')], nameOf('psw', 'en'));
        assert.equal(c[col('Post')], 'Kaloleni para social worker');
      } else if (p === people[1]) {
        assert.equal(c[col('Cadre')], nameOf('pcdw', 'en'));
        assert.equal(c[col('Post')], 'Chang\'ombe development worker');
      } else {
        assert.equal(c[col('Cadre')], '—', `${c[0]} holds no post`);
        assert.equal(c[col('Post')], '—');
      }
    }
    // The page asked for the search, not for each row's village, cadre or post.
    const perRow = log.filter((p) => /^\/api\/v1\/(org-units\/\d+|positions\/\d+|people\/\d+|assignments)/.test(p));
    assert.deepEqual(perRow, [], `no request per row; made: ${log.join(', ')}`);
    assert.ok(log.length <= 2, `the search (and at most one look-up): ${log.join(', ')}`);
    await assertAccessible(page, 'people list with cadre and post');

    // In Swahili the cadre is the configuration's Swahili name; the header too.
    await page.locator('#lang').selectOption('sw');
    await page.getByRole('columnheader', { name: 'Wadhifa' }).waitFor();
    const sw = await page.locator('table.people-list thead th').allTextContents();
    const row0 = await rows.filter({ hasText: 'Rose0 ' }).locator('th, td').allTextContents();
    assert.equal(row0[sw.indexOf('Kada')], nameOf('psw', 'sw'));
    await assertAccessible(page, 'people list in Swahili');
    await page.setViewportSize(PHONE);
    await assertAccessible(page, 'people list in Swahili at 360 px');
    await page.locator('#lang').selectOption('en');
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('dates: shown and typed as dd/mm/yyyy, 31/02/2026 refused in words, a day chosen in the calendar by keyboard, saved as YYYY-MM-DD', async () => {
    const page = await openPage(browser.context);
    await signInAt(page, fx.srv, '/people/new', 'national');
    await page.getByRole('heading', { level: 1, name: 'Register a worker' }).waitFor();
    const form = page.locator('#person');
    const born = form.getByLabel(/^Date of birth/);
    assert.equal(await born.getAttribute('type'), 'text', 'not the browser\'s own date input (mm/dd/yyyy on an American-set computer)');
    assert.equal(await born.getAttribute('placeholder'), 'dd/mm/yyyy');
    await form.getByLabel(/^Given name/).fill('Zawadi');
    await form.getByLabel(/^Family name/).fill('Kalenda');
    await form.getByLabel(/^National ID number/).fill('19900323-10001-00001-77');
    await page.locator('#person-residence_org_unit_id').fill('Kaloleni Vil');
    await page.getByRole('button', { name: /^Choose: Kaloleni Village/ }).click();
    await page.locator('#person-residence_org_unit_id-change').waitFor();

    // An impossible day is refused in plain words, next to the field; nothing is sent.
    await born.fill('31/02/2026');
    const sent = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/v1/people')) sent.push(r.url()); });
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const err = page.locator('#person-birth_date-error');
    await err.waitFor();
    assert.equal((await err.textContent()).trim(), '31/02/2026 is not a date: February 2026 has 28 days.');
    assert.equal(await born.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(sent, [], 'nothing sent');

    // The calendar, by keyboard only: it opens on the typed day, arrows and Page Down move,
    // Enter chooses, and the field shows the day day-first.
    await born.fill('15/03/1990');
    await born.press('Tab'); // to the calendar button
    const opener = page.getByRole('button', { name: 'Choose Date of birth from a calendar' });
    assert.equal(await opener.evaluate((b) => b === document.activeElement), true, 'the calendar button follows the field');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Calendar for Date of birth' });
    await dialog.waitFor();
    await dialog.getByRole('heading', { name: 'March 1990' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.dataset?.day === '1990-03-15');
    await page.keyboard.press('ArrowRight'); // 16 March
    await page.keyboard.press('ArrowDown'); // 23 March
    await page.keyboard.press('PageDown'); // 23 April
    await dialog.getByRole('heading', { name: 'April 1990' }).waitFor();
    await assertAccessible(page, 'the calendar open');
    await screenshot(page, 'date-calendar');
    await page.evaluate(() => document.querySelector('.date-field .calendar').scrollIntoView({ block: 'center' }));
    await viewShot(page, 'readme-date-calendar');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await born.inputValue(), '23/04/1990');
    await page.waitForFunction(() => document.activeElement?.id === 'person-birth_date');
    // Escape closes without choosing, focus back on the button.
    await born.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.waitForFunction(() => document.activeElement?.dataset?.day === '1990-04-23', null, { timeout: 5000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await opener.evaluate((b) => b === document.activeElement), true);
    assert.equal(await born.inputValue(), '23/04/1990');

    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.waitForFunction(() => /^\/people\/\d+$/.test(location.pathname));
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    assert.equal((await get(fx.admin, `/api/v1/people/${id}`)).birth_date, '1990-04-23', 'the API has the ISO day');
    // The edit form shows the stored day day-first again.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: /^Edit Zawadi Kalenda/ }).waitFor();
    assert.equal(await page.locator('#person').getByLabel(/^Date of birth/).inputValue(), '23/04/1990');
    await page.setViewportSize(PHONE);
    await page.locator('#person').getByRole('button', { name: 'Choose Date of birth from a calendar' }).click();
    await page.getByRole('dialog', { name: 'Calendar for Date of birth' }).waitFor();
    await assertAccessible(page, 'the calendar at 360 px');
    await screenshot(page, 'date-calendar-360px');
    // In Swahili: the month's name and the weekdays as Swahili calendars write them.
    await page.locator('#lang').selectOption('sw');
    await page.locator('.calendar-head h2', { hasText: '1990' }).waitFor();
    // Swahili's text arrives as its own chunk when chosen: wait for it to be drawn.
    await page.locator('.calendar-month thead th', { hasText: /^J3$/ }).waitFor();
    assert.deepEqual(await page.locator('.calendar-month thead th').allTextContents(), ['J3', 'J4', 'J5', 'Alh', 'Ij', 'J1', 'J2']);
    assert.equal(await page.locator('.calendar-month thead th').first().getAttribute('abbr'), 'Jumatatu');
    assert.equal(await page.locator('#person-birth_date').inputValue(), '23/04/1990', 'the day first in Swahili too');
    await assertAccessible(page, 'the calendar in Swahili at 360 px');
    await page.locator('#lang').selectOption('en');
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('newest first where recency matters: training events and a worker\'s history', async () => {
    const made = [];
    for (const [title, start, end] of [['Recency A', '2024-05-06', '2024-05-10'], ['Recency C', '2026-02-02', '2026-02-06'],
      ['Recency B', '2025-08-04', '2025-08-08']]) {
      const r = await fx.admin.call('POST', '/api/v1/training-events', { body: { course: 'psw-level-1', title,
        venue_org_unit_id: fx.units['R1-D1-W1'], start_date: start, end_date: end, capacity: 10 } });
      assert.equal(r.status, 201, r.text);
      made.push(r.body);
    }
    const w = await person(fx.admin, fx.units['R1-D1-W1-V1'], { given_name: 'Tumaini', family_name: 'Recent' });
    const edit = await fx.admin.call('PATCH', `/api/v1/people/${w.id}`, { body: { education: 'Form IV' } });
    assert.equal(edit.status, 200, edit.text);

    const page = await openPage(browser.context);
    await signInAt(page, fx.srv, '/training', 'national');
    const rows = page.locator('table.events tbody th', { hasText: 'Recency' });
    await rows.first().waitFor();
    const titles = (await rows.allTextContents()).map((x) => /Recency [ABC]/.exec(x)[0]);
    assert.deepEqual(titles, ['Recency C', 'Recency B', 'Recency A'], 'the latest event first');
    // Their dates are written in the language's order, the day first.
    assert.match(await page.locator('table.events tbody tr', { hasText: 'Recency C' }).locator('td').first().textContent(), /^2 February 2026/);

    await page.goto(`${fx.srv.url}/people/${w.id}`);
    const history = page.locator('.history li');
    await history.nth(1).waitFor();
    assert.match(await history.first().textContent(), /changed: Education/, 'the latest change first');
    assert.match(await history.last().textContent(), /registered this worker/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('every screen of the menu is free of axe-core violations at desktop and 360 px, in English and Swahili', async () => {
    const page = await openPage(browser.context);
    await signInAt(page, fx.srv, '/', A.ADMIN, A.ADMIN_PW);
    const paths = await page.locator('#nav a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    assert.ok(paths.length >= 15, `the administrator's menu: ${paths}`);
    const seen = [];
    for (const lang of ['en', 'sw']) {
      await page.locator('#lang').selectOption(lang);
      for (const size of [DESKTOP, PHONE]) {
        await page.setViewportSize(size);
        for (const path of paths) {
          await page.goto(`${fx.srv.url}${path}`);
          await page.locator('h1#main-title').waitFor();
          // Wait until the screen's first answers are drawn (no "Loading…" left).
          await page.waitForFunction(() => ![...document.querySelectorAll('[role="status"], [aria-live]')]
            .some((e) => /^(Loading|Inapakia)/.test(e.textContent.trim())));
          await assertAccessible(page, `${path} in ${lang} at ${size.width} px`);
          seen.push(path);
        }
      }
    }
    assert.equal(seen.length, paths.length * 4);
    await page.locator('#lang').selectOption('en');
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
