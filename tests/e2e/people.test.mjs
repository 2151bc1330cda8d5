// People in a real browser against a real server with the Tanzania configuration:
// register a worker with the configuration's fields, the server's refusal next to
// its field, search by name and filter by cadre and area across pages, the person
// page (posts, history, deactivate), a likely duplicate merged after confirmation,
// and a district officer who sees only their district.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, assertAccessible, screenshot, focused, PHONE, DESKTOP } from './lib/browser.mjs';
import { startRegistry, signInAt, person, position, assign, noSidewaysScroll, viewShot, A } from './lib/fixtures.mjs';

const here = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };

async function pickUnit(page, fieldId, text, name) {
  await page.locator(`#${fieldId}`).fill(text);
  await page.getByRole('button', { name: new RegExp(`^Choose: ${name}`) }).click();
  await page.locator(`#${fieldId}-change`).waitFor();
}

describe('People', () => {
  let srv, fx, browser;
  before(async () => {
    srv = await startRegistry();
    fx = srv;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.srv.stop(), 0, 'server exits cleanly');
  });

  test('an HR officer registers a worker with the configuration\'s fields and sees them on the person page', async () => {
    const page = await openPage(browser.context);
    await signInAt(page, srv.srv, '/people', 'national');
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByRole('link', { name: 'Register a worker' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register a worker' }).waitFor();
    const form = page.locator('#person');
    // Fields declared by the Tanzania configuration, with their labels.
    await form.getByLabel('NIDA number').waitFor();
    await form.getByLabel('Recommended by the village council').waitFor();

    // Nothing filled: the required fields say so, and focus goes to the first.
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.locator('#person-given_name-error').waitFor();
    await page.locator('#person-residence_org_unit_id-error').waitFor();
    await page.waitForFunction(() => document.activeElement.id === 'person-given_name');

    await form.getByLabel(/^Given name/).fill('Halima');
    await form.getByLabel(/^Family name/).fill('Nyerere');
    await form.getByLabel(/^Sex/).selectOption('female');
    await form.getByLabel(/^Date of birth/).fill('1988-02-01');
    await form.getByLabel(/^National ID number/).fill('19880201-10001-00001-01');
    // Phone and languages are declared again by the configuration: one field each,
    // labelled and checked as the configuration says.
    assert.equal(await form.getByLabel(/^Phone/).count(), 0);
    await form.getByLabel(/^Mobile phone/).fill('+255754111222');
    await form.getByRole('group', { name: /Languages spoken/ }).getByLabel('Swahili').check();
    await form.getByRole('group', { name: /Languages spoken/ }).getByLabel('Sukuma').check();
    await pickUnit(page, 'person-residence_org_unit_id', 'Kaloleni Vil', 'Kaloleni Village');
    // A NIDA number that does not begin with the date of birth: the configuration's
    // rule refuses it on the server, and the message appears next to that field.
    await form.getByLabel('NIDA number').fill('19870201-12345-12345-12');
    await form.getByLabel('Recommended by the village council').check();
    // Two mistakes only the server finds: both are shown after one submit.
    await form.getByLabel(/^Mobile phone/).fill('call me');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const nidaError = page.locator('#person-custom__nida-error');
    await nidaError.waitFor();
    assert.match(await nidaError.textContent(), /date of birth/);
    assert.equal(await form.getByLabel('NIDA number').getAttribute('aria-invalid'), 'true');
    await page.locator('#person-phone-error').waitFor();
    assert.match(await page.textContent('#person-phone-error'), /Mobile phone may contain only digits/, 'named by its label, not its code');
    assert.equal(await form.getByLabel(/^Mobile phone/).getAttribute('aria-invalid'), 'true');
    await page.waitForFunction(() => ['person-custom__nida', 'person-phone'].includes(document.activeElement.id));
    await assertAccessible(page, 'register form with a server error');
    await screenshot(page, 'people-register-error-desktop');
    await page.setViewportSize(PHONE);
    assert.ok(await noSidewaysScroll(page), 'register form: no sideways scrolling at 360 px');
    await assertAccessible(page, 'register form at 360 px');
    await screenshot(page, 'people-register-error-360px');
    await page.setViewportSize(DESKTOP);

    await form.getByLabel('NIDA number').fill('19880201-12345-12345-12');
    await form.getByLabel(/^Mobile phone/).fill('+255754111222');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Halima Nyerere' }).waitFor();
    await page.getByText('The worker has been registered.').waitFor();
    const details = page.locator('dl.custom-fields');
    assert.match(await details.textContent(), /NIDA number\s*19880201-12345-12345-12/);
    assert.match(await details.textContent(), /Recommended by the village council\s*Yes/);
    assert.match(await page.locator('dl.profile').first().textContent(), /Home village\s*Kaloleni Village/);
    await page.getByText('19880201-10001-00001-01').waitFor();
    await page.locator('.history li', { hasText: 'national registered this worker.' }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/')[2]);
    const saved = (await fx.admin.call('GET', `/api/v1/people/${id}`)).body;
    assert.equal(saved.custom.nida, '19880201-12345-12345-12');
    assert.equal(saved.custom.village_council_letter, true);
    assert.deepEqual(saved.languages, ['sw', 'suk']);
    assert.deepEqual(saved.custom.languages, ['sw', 'suk']);
    assert.equal(saved.phone, '+255754111222');
    assert.equal(saved.custom.phone, '+255754111222');
    assert.match(await page.locator('dl.profile').first().textContent(), /Languages spoken\s*Swahili, Sukuma/);
    await assertAccessible(page, 'person page');
    await screenshot(page, 'person-desktop');
    await page.setViewportSize(PHONE);
    assert.ok(await noSidewaysScroll(page), 'person page: no sideways scrolling at 360 px');
    await screenshot(page, 'person-360px');

    // Edit: the form comes back filled in; a change shows in the history.
    await page.setViewportSize(DESKTOP);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit Halima Nyerere' }).waitFor();
    assert.equal(await form.getByLabel('NIDA number').inputValue(), '19880201-12345-12345-12');
    await form.getByLabel(/^Education/).fill('Form IV');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The changes have been saved.').waitFor();
    await page.locator('.history li', { hasText: 'national changed: Education.' }).waitFor();
    // In Swahili the configuration's own names are used, dates are Swahili.
    await page.locator('#lang').selectOption('sw');
    await page.getByRole('heading', { level: 2, name: 'Historia ya kumbukumbu hii' }).waitFor();
    assert.match(await page.locator('dl.custom-fields').textContent(), /Namba ya NIDA.*Amependekezwa na halmashauri ya kijiji\s*Ndiyo/);
    assert.match(await page.locator('dl.profile').first().textContent(), /Lugha anazozungumza\s*Kiswahili, Kisukuma/);
    await assertAccessible(page, 'person page in Swahili');
    await screenshot(page, 'person-sw-desktop');
    await page.locator('#lang').selectOption('en');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('search by name prefix, filter by cadre and area, page through with the cursor; the address keeps it all', async () => {
    const V1 = fx.units['R1-D1-W1-V1'], V2 = fx.units['R1-D1-W1-V2'];
    const made = [];
    for (let i = 0; i < 30; i++) {
      made.push(await person(fx.admin, i < 20 ? V1 : V2, { family_name: 'Kisanga', given_name: `Asha${String(i).padStart(2, '0')}`,
        identifiers: [{ type: 'programme_number', value: `PSW-K-${i}` }] }));
    }
    for (const p of made.slice(0, 3)) {
      const pos = await position(fx.admin, V1, fx.orgs['NGO-IN'], { cadre: 'pcdw' });
      await assign(fx.admin, p.id, pos.id);
    }
    const page = await openPage(browser.context);
    await signInAt(page, srv.srv, '/people', 'national');
    await page.getByLabel('Name or identifier').fill('kisan');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Showing 1–25 of 30').waitFor();
    assert.equal(await page.locator('table.people-list tbody tr').count(), 25);
    assert.match(here(page), /^\/people\?q=kisan$/);
    await page.getByRole('link', { name: 'Next page →' }).click();
    await page.getByText('Showing 26–30 of 30').waitFor();
    assert.equal(await page.locator('table.people-list tbody tr').count(), 5);
    const second = await page.locator('table.people-list tbody th').allTextContents();
    assert.match(here(page), /after=\d+/);
    // A bookmarked page opens on the same results.
    await page.reload();
    await page.getByText('Showing 26–30 of 30').waitFor();
    assert.deepEqual(await page.locator('table.people-list tbody th').allTextContents(), second);
    await page.getByRole('link', { name: '← Previous page' }).click();
    await page.getByText('Showing 1–25 of 30').waitFor();
    assert.match(await page.locator('table.people-list tbody th').first().textContent(), /Asha00 Kisanga/);

    // Given name first works too, and an identifier finds one person.
    await page.getByLabel('Name or identifier').fill('asha07 kis');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Showing 1–1 of 1').waitFor();
    assert.match(await page.locator('table.people-list tbody').textContent(), /Asha07 Kisanga/);
    await page.getByLabel('Name or identifier').fill('PSW-K-12');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('table.people-list tbody th', { hasText: 'Asha12 Kisanga' }).waitFor();
    await page.getByText('Showing 1–1 of 1').waitFor();
    assert.equal(await page.locator('table.people-list tbody tr').count(), 1);

    // Cadre: the three placed in para community development posts.
    await page.getByLabel('Name or identifier').fill('kisanga');
    await page.getByLabel('Cadre').selectOption({ label: 'Para community development worker' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Showing 1–3 of 3').waitFor();
    assert.match(here(page), /cadre=pcdw/);
    // Export exactly these people (the current filters), as CSV and as JSON.
    await page.getByText('Download the 3 people this search finds:').waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV (spreadsheet)' }).click()]);
    assert.equal(csv.suggestedFilename(), 'people.csv');
    const csvText = readFileSync(await csv.path(), 'utf8');
    const [head, ...lines] = csvText.trim().split(/\r?\n/);
    const given = head.split(',').indexOf('given_name');
    assert.deepEqual(lines.map((l) => l.split(',')[given]).sort(), ['Asha00', 'Asha01', 'Asha02'], 'the CSV holds the three found, not the register');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
    assert.equal(json.suggestedFilename(), 'people.json');
    const rows = JSON.parse(readFileSync(await json.path(), 'utf8'));
    assert.deepEqual(rows.map((r) => r.given_name).sort(), ['Asha00', 'Asha01', 'Asha02']);
    await viewShot(page, 'readme-people');
    // Area: the ten who live in Chang'ombe.
    await page.getByLabel('Cadre').selectOption('');
    await pickUnit(page, 'people-org_unit', 'Chang', "Chang'ombe");
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Showing 1–10 of 10').waitFor();
    assert.match(here(page), new RegExp(`org_unit=${V2}`));
    await assertAccessible(page, 'people list filtered');
    await screenshot(page, 'people-search-desktop');
    // The district filter covers its villages.
    await page.goto(`${srv.srv.url}/people?q=kisanga&org_unit=${fx.units['R1-D1']}`);
    await page.getByText('Showing 1–25 of 30').waitFor();
    await page.getByText("Chang'ombe", { exact: true }).first().waitFor();
    await page.setViewportSize(PHONE);
    assert.ok(await noSidewaysScroll(page), 'people list: no sideways scrolling at 360 px');
    await assertAccessible(page, 'people list at 360 px');
    await screenshot(page, 'people-search-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a worker who may already be registered: the form asks first, then the record is flagged and merged only after confirming', async () => {
    const V1 = fx.units['R1-D1-W1-V1'];
    const first = await person(fx.admin, V1, { given_name: 'Rehema', family_name: 'Massawe', birth_date: '1985-09-09' });
    const page = await openPage(browser.context);
    await signInAt(page, srv.srv, '/people/new', 'national');
    const form = page.locator('#person');
    await form.getByLabel(/^Given name/).fill('Rehema');
    await form.getByLabel(/^Family name/).fill('Massawe');
    await form.getByLabel(/^Date of birth/).fill('1985-09-09');
    await pickUnit(page, 'person-residence_org_unit_id', 'Kaloleni Vil', 'Kaloleni Village');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    // Before registering, the form shows who is already in the register.
    const check = page.locator('.dup-check');
    await check.getByRole('heading', { name: 'Already in the register?' }).waitFor();
    await page.getByText('This worker may already be registered.', { exact: false }).waitFor();
    assert.equal(await check.getByRole('link', { name: 'Rehema Massawe' }).getAttribute('href'), `/people/${first.id}`);
    await assertAccessible(page, 'register form: already in the register?');
    await screenshot(page, 'people-register-lookalike-desktop');
    assert.equal((await fx.admin.call('GET', '/api/v1/people?q=massawe%20rehema')).body.total, 1, 'nothing registered yet');
    await check.getByRole('button', { name: 'Register anyway' }).click();
    // Registered, and flagged on its page for a check.
    await page.getByText('This may be a duplicate').waitFor();
    const warning = page.locator('.warning');
    assert.equal(await warning.getByRole('link', { name: 'Rehema Massawe' }).getAttribute('href'), `/people/${first.id}`);
    const dupId = Number(new URL(page.url()).pathname.split('/')[2]);
    await warning.getByRole('button', { name: 'Merge this record into Rehema Massawe' }).click();
    await warning.getByText(/This cannot be undone/).waitFor();
    await assertAccessible(page, 'duplicate warning');
    await screenshot(page, 'person-duplicate-desktop');
    assert.equal((await fx.admin.call('GET', `/api/v1/people/${dupId}`)).body.status, 'active', 'nothing merged before confirming');
    await warning.getByRole('button', { name: 'Yes, merge the records' }).click();
    await page.getByText(`Record #${dupId} has been merged into this one.`).waitFor();
    assert.equal(new URL(page.url()).pathname, `/people/${first.id}`);
    assert.equal((await fx.admin.call('GET', `/api/v1/people/${dupId}`)).body.status, 'merged');
    await page.locator('.history li', { hasText: 'national merged a duplicate record into this one.' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a look-alike who is a different person: the officer says why and the mark goes, with the reason in the history', async () => {
    const V1 = fx.units['R1-D1-W1-V1'];
    const first = await person(fx.admin, V1, { given_name: 'Amani', family_name: 'Kisanga', birth_date: '1992-04-04' });
    const twin = await person(fx.admin, V1, { given_name: 'Amani', family_name: 'Kisanga', birth_date: '1992-04-04' });
    assert.equal(twin.review_duplicate_of, first.id);
    const page = await openPage(browser.context);
    await signInAt(page, srv.srv, `/people/${twin.id}`, 'national');
    const warning = page.locator('.warning');
    await warning.getByText('This may be a duplicate').waitFor();
    await warning.getByRole('button', { name: 'They are different people' }).click();
    await page.getByRole('button', { name: 'Clear the duplicate mark' }).click();
    await page.locator('#not-duplicate-reason-error').waitFor();
    assert.equal((await fx.admin.call('GET', `/api/v1/people/${twin.id}`)).body.review_duplicate_of, first.id, 'nothing changed yet');
    await page.getByLabel(/^Why are they different people/).fill('Cousins: different fathers on the council letters');
    await page.getByRole('button', { name: 'Clear the duplicate mark' }).click();
    await warning.waitFor({ state: 'detached' });
    assert.equal((await fx.admin.call('GET', `/api/v1/people/${twin.id}`)).body.review_duplicate_of, null);
    await page.locator('.history li', { hasText: 'national checked the possible duplicate: a different person (Cousins: different fathers on the council letters).' }).waitFor();
    await assertAccessible(page, 'duplicate mark cleared');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('deactivating needs a reason; the status and the history say so in plain words', async () => {
    const p = await person(fx.admin, fx.units['R1-D1-W1-V1'], { given_name: 'Juma', family_name: 'Shabani' });
    const page = await openPage(browser.context);
    await signInAt(page, srv.srv, `/people/${p.id}`, 'national');
    await page.getByRole('heading', { level: 1, name: 'Juma Shabani' }).waitFor();
    await page.getByText('Mark as inactive or deceased').click();
    await page.getByRole('button', { name: 'Change the status' }).click();
    await page.locator('#deactivate-reason-error').waitFor();
    await page.getByLabel(/^Reason/).fill('Moved to Dodoma');
    await page.getByRole('button', { name: 'Change the status' }).click();
    // A second, explicit yes: the question says what happens, and nothing has changed yet.
    await page.getByText('Mark Juma Shabani as Inactive? They leave the active lists and counts; the record and its history are kept.').waitFor();
    assert.equal((await fx.admin.call('GET', `/api/v1/people/${p.id}`)).body.status, 'active', 'nothing changes before the yes');
    await page.getByRole('button', { name: 'Yes, change the status' }).click();
    await page.locator('.title-row .badge', { hasText: 'Inactive' }).waitFor();
    await page.getByText('Reason: Moved to Dodoma').waitFor();
    await page.locator('.history li', { hasText: 'national changed the status to Inactive: Moved to Dodoma' }).waitFor();
    assert.equal((await fx.admin.call('GET', `/api/v1/people/${p.id}`)).body.status, 'inactive');
    await page.close();
  });

  test('the search, its filters and the results are reached by keyboard with visible focus', async () => {
    const page = await openPage(browser.context);
    await signInAt(page, srv.srv, '/people?q=kisanga', 'national');
    await page.locator('table.people-list tbody tr').first().waitFor();
    await page.locator('#people-q').focus();
    const seen = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      seen.push(f);
      assert.ok(f.outline, `visible focus on ${f.tag}#${f.id} "${f.text}"`);
      if (f.tag === 'a' && /Kisanga/.test(f.text)) break;
    }
    const ids = seen.map((f) => f.id || f.text);
    for (const want of ['people-cadre', 'people-org_unit', 'people-status', 'Search']) assert.ok(ids.includes(want), `${want} in ${ids.join(', ')}`);
    const last = seen[seen.length - 1];
    assert.match(last.text, /Kisanga/, 'the first result is next');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: last.text }).waitFor();
    await page.waitForFunction(() => document.activeElement.id === 'main-title');
    await page.close();
  });

  test('a district officer sees only their district, and a person elsewhere is "not in your area"', async () => {
    const inside = await person(fx.admin, fx.units['R1-D1-W1-V1'], { given_name: 'Baraka', family_name: 'Mwakyusa' });
    const outside = await person(fx.admin, fx.units['R2-D1-W1-V1'], { given_name: 'Baraka', family_name: 'Mwakyembe' });
    const page = await openPage(browser.context, PHONE);
    await signInAt(page, srv.srv, '/people?q=baraka', 'district');
    await page.getByText('Showing 1–1 of 1').waitFor();
    assert.match(await page.locator('table.people-list').textContent(), /Baraka Mwakyusa/);
    assert.doesNotMatch(await page.locator('main').textContent(), /Mwakyembe/);
    await page.goto(`${srv.srv.url}/people/${inside.id}`);
    await page.getByRole('heading', { level: 1, name: 'Baraka Mwakyusa' }).waitFor();
    await page.goto(`${srv.srv.url}/people/${outside.id}`);
    await page.getByRole('heading', { level: 1, name: 'Not found, or not in your area' }).waitFor();
    await page.waitForFunction(() => document.activeElement.id === 'main-title', null, { timeout: 5000 });
    assert.doesNotMatch(await page.locator('main').textContent(), /Mwakyembe/);
    await assertAccessible(page, 'not in your area');
    await screenshot(page, 'person-not-in-area-360px');
    // The area picker offers only places inside the district.
    await page.goto(`${srv.srv.url}/people`);
    await page.getByRole('button', { name: 'More filters' }).click(); // folded on a phone
    await page.locator('#people-org_unit').fill(A.OUTSIDE_MARK);
    await page.getByText('No area with that name or code in your area.').waitFor();
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
