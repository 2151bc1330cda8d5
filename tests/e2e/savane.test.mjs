// A worker of Savane (tests/plugins/savane: its own education levels and identifier type,
// French first) on the person page and the edit form: the country's words, not Kazi's
// Tanzanian defaults (a national ID and a programme number, education as free text,
// Swahili and English as the languages a worker speaks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { launch, openPage, startKazi, screenshot } from './lib/browser.mjs';
import { A } from './lib/fixtures.mjs';
import { kazi, tempDir } from '../api/lib/server.mjs';

const SAVANE = join(process.env.KAZI_SHARE_DIR || '.', 'tests/plugins/savane');
let srv, browser, admin, country, someone, departements, data;

before(async () => {
  const root = tempDir();
  data = join(root, 'data');
  writeFileSync(join(root, 'pw'), `${A.ADMIN_PW}\n`);
  const init = kazi(['init', '--data', data, '--config', SAVANE, '--admin', A.ADMIN, '--admin-password-file', join(root, 'pw')]);
  assert.equal(init.status, 0, init.stderr);
  const demo = kazi(['demo-data', '--data', data, '--people', '200', '--seed', '7']);
  assert.equal(demo.status, 0, demo.stderr);
  srv = await startKazi({ data, args: ['--admin-totp', 'optional'] });
  admin = await A.mustLogin(srv, A.ADMIN, A.ADMIN_PW);
  country = (await admin.call('GET', '/api/v1/catalogue/country')).body.items;
  const list = await admin.call('GET', '/api/v1/people?limit=50');
  someone = list.body.items.find((p) => p.identifiers?.length);
  someone = (await admin.call('GET', `/api/v1/people/${someone.id}`)).body;
  const head = await admin.call('POST', '/api/v1/reports/ind-headcount/run', { body: { params: { level: 'departement' } } });
  departements = head.body.rows.filter((r) => r.org_unit_id != null).length;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (srv) await srv.stop();
});

const nameOf = (list, id) => list.find((x) => x.id === id).name;
const oneOf = (names) => new RegExp(`^(${Object.values(names).map((s) => s.replace(/[.*+?^${}()|[\]\\']/g, '\\$&')).join('|')})$`);

test('the person page and the edit form speak of the country\'s education levels and identifier type', async () => {
  const page = await openPage(browser.context);
  await page.goto(`${srv.url}/signin`);
  await page.locator('input[autocomplete=username]').fill(A.ADMIN);
  await page.locator('input[type=password]').fill(A.ADMIN_PW);
  await page.locator('button[type=submit]').click();
  await page.locator('#nav').waitFor({ state: 'attached' });

  await page.goto(`${srv.url}/people/${someone.id}`);
  const facts = page.locator('.person-facts');
  await facts.waitFor();
  const education = nameOf(country.education, someone.education);
  const idType = nameOf(country.identifiers, 'nin');
  // Education and the identifier by the names Savane gives them (in the UI's language), not their ids.
  await assert.doesNotReject(facts.locator('dd', { hasText: oneOf(education) }).first().waitFor({ timeout: 5000 }),
    `education shown as one of ${JSON.stringify(education)}`);
  await assert.doesNotReject(facts.locator('dt', { hasText: oneOf(idType) }).first().waitFor({ timeout: 5000 }),
    `identifier type shown as one of ${JSON.stringify(idType)}`);
  // The language a worker speaks by the name Savane's translation gives it.
  await assert.doesNotReject(facts.locator('dd', { hasText: /^Français/ }).first().waitFor({ timeout: 5000 }), 'languages by name');
  await screenshot(page, 'savane-person');

  await page.goto(`${srv.url}/people/${someone.id}/edit`);
  const form = page.locator('form#person');
  await form.waitFor();
  // One identifier input, Savane's, holding the worker's number; no Tanzanian ones.
  assert.equal(await form.locator('input[name=id_nin]').inputValue(), someone.identifiers.find((x) => x.type === 'nin').value);
  assert.equal(await form.locator('[name=id_national_id], [name=id_programme_number]').count(), 0);
  // Education is a choice of the country's levels, lowest first, the worker's chosen.
  const select = form.locator('select[name=education]');
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(values, country.education.map((x) => x.id));
  assert.equal(await select.inputValue(), someone.education);
  // The languages a worker may speak are the country's: French among them, no Swahili.
  const langs = await form.locator('[name=languages]').evaluateAll((xs) => xs.map((x) => x.value));
  assert.ok(langs.includes('fr') && !langs.includes('sw'), `languages offered: ${langs}`);
  await screenshot(page, 'savane-person-edit');
  assert.deepEqual(page.problems, []);
});

test('the Indicators and Planning screens answer by the country\'s second level without a level being picked', async () => {
  const page = await openPage(browser.context); // signed in by the test above
  await page.goto(`${srv.url}/indicators`);
  const level = page.locator('#ind-level');
  await page.waitForFunction(() => document.querySelector('#ind-level')?.value === 'departement');
  assert.deepEqual(await level.locator('option').evaluateAll((os) => os.map((o) => o.value)), ['nation', 'departement', 'commune']);
  await page.locator('form.indicator-form button[type=submit]').click();
  const table = page.locator('table.indicator-table');
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), departements);
  await screenshot(page, 'savane-indicators');

  // Workforce planning opens on the same level and answers (Savane has no 'district').
  await page.goto(`${srv.url}/planning`);
  const need = page.locator('table.planning-need');
  await need.waitFor();
  assert.equal(await page.locator('.problem').count(), 0);
  assert.ok(await need.locator('tbody tr').count() > 0);
  assert.match(await need.locator('tbody').textContent(), /Département/);
  await screenshot(page, 'savane-planning');
  assert.deepEqual(page.problems, []);
});

test('a payment is recorded in the country\'s currency by default', async () => {
  const page = await openPage(browser.context); // signed in by the first test
  await page.goto(`${srv.url}/supervision?section=pay`);
  await page.locator('input#worker-picker').fill(someone.identifiers.find((x) => x.type === 'nin').value);
  await page.getByRole('button', { name: 'Search: Worker', exact: true }).click();
  await page.locator('#worker-picker-change').waitFor();
  await page.getByText('Record a payment').click();
  const pay = page.locator('#add-payment');
  assert.equal(await pay.getByLabel('Currency').inputValue(), 'XOF');
  assert.doesNotMatch(await pay.textContent(), /TZS/, 'no Tanzanian currency as an example');
  await pay.getByLabel('Amount').fill('90000');
  await pay.getByRole('button', { name: 'Save' }).click();
  await page.locator('#payments-table', { hasText: 'XOF' }).waitFor();
  const paid = (await admin.call('GET', `/api/v1/payments?person_id=${someone.id}`)).body.items;
  assert.ok(paid.length > 0 && paid.every((p) => p.currency === 'XOF'), JSON.stringify(paid));
  assert.deepEqual(page.problems, []);
});

test('the form and the retention figures name the country\'s levels, not Tanzania\'s villages, wards and districts', async () => {
  const page = await openPage(browser.context); // signed in by the first test
  // A level's names as alternatives of a pattern, as a word inside a sentence (lower case).
  const word = (id) => Object.values(nameOf(country.levels, id)).map((n) => n.toLowerCase().replace(/[.*+?^${}()|[\]\\']/g, '\\$&')).join('|');
  await page.goto(`${srv.url}/people/${someone.id}/edit`);
  const form = page.locator('form#person');
  await form.waitFor();
  // The residence is a commune, Savane's deepest level; no Tanzanian level or phone number in the form's help.
  await assert.doesNotReject(form.locator('label', { hasText: new RegExp(`^Home (${word('commune')})`) }).first().waitFor({ timeout: 5000 }),
    `residence labelled by ${JSON.stringify(nameOf(country.levels, 'commune'))}`);
  assert.doesNotMatch(await form.textContent(), /village|district|0754/i);

  // Nor in the new post's form (its place may be a unit of any of the country's levels).
  await page.goto(`${srv.url}/positions/new`);
  const post = page.locator('form#position');
  await post.waitFor();
  assert.doesNotMatch(await post.textContent(), /village|ward|district|council|Kaloleni/i);

  await page.goto(`${srv.url}/supervision?section=activity`);
  const table = page.locator('#retention-table');
  await table.waitFor();
  const rows = await table.locator('th').allTextContents();
  assert.ok(rows.some((x) => new RegExp(`^Serving in their home (${word('commune')})$`).test(x)), rows.join(' / '));
  assert.ok(rows.some((x) => new RegExp(`^Serving in their home (${word('departement')})$`).test(x)), rows.join(' / '));
  assert.ok(!rows.some((x) => /ward|district/i.test(x)), rows.join(' / '));
  await screenshot(page, 'savane-retention');
  assert.deepEqual(page.problems, []);
});

test('the training event\'s travel badges and summary name the country\'s levels, not wards and districts', async () => {
  const sql = (q) => execFileSync('sqlite3', [join(data, 'kazi.db'), q], { encoding: 'utf8' }).trim();
  // One active worker trained in their own commune, one from another departement.
  const [near, commune, dep] = sql(`SELECT p.id || ',' || u.id || ',' || u.parent_id FROM person p JOIN org_unit u ON u.id = p.residence_org_unit_id
    WHERE p.status = 'active' AND u.level_id = 'commune' ORDER BY p.id LIMIT 1`).split(',').map(Number);
  const far = Number(sql(`SELECT p.id FROM person p JOIN org_unit u ON u.id = p.residence_org_unit_id
    WHERE p.status = 'active' AND u.level_id = 'commune' AND u.parent_id <> ${dep} ORDER BY p.id LIMIT 1`));
  assert.ok(near && far, 'two workers of two departements');
  const ev = await admin.call('POST', '/api/v1/training-events', { body: {
    course: 'recyclage', venue_org_unit_id: commune, start_date: '2026-02-10', end_date: '2026-02-12', capacity: 5 } });
  assert.equal(ev.status, 201, ev.text);
  const r = await admin.call('POST', `/api/v1/training-events/${ev.body.id}/enrolments`, { body: { person_ids: [near, far] } });
  assert.equal(r.status, 201, r.text);

  const page = await openPage(browser.context); // signed in by the first test
  const word = (id) => Object.values(nameOf(country.levels, id)).map((n) => n.toLowerCase().replace(/[.*+?^${}()|[\]\\']/g, '\\$&')).join('|');
  await page.goto(`${srv.url}/training/${ev.body.id}`);
  const badges = page.locator('.trainee .badge');
  await badges.nth(1).waitFor();
  const want = [new RegExp(`^Trained in the home (${word('commune')})$`), new RegExp(`^Travels from outside the home (${word('departement')})$`)];
  await assert.doesNotReject(page.locator('.trainee .badge', { hasText: want[0] }).first().waitFor({ timeout: 5000 }),
    `near: ${(await badges.allTextContents()).join(' / ')}`);
  await assert.doesNotReject(page.locator('.trainee .badge', { hasText: want[1] }).first().waitFor({ timeout: 5000 }),
    `far: ${(await badges.allTextContents()).join(' / ')}`);
  const summary = page.locator('p.muted', { hasText: 'trainees travel from outside' });
  assert.match(await summary.textContent(), new RegExp(`^1 of 2 trainees travel from outside the (${word('departement')}) where they live`));
  assert.doesNotMatch(`${await badges.allTextContents()} ${await summary.textContent()}`, /ward|district/i);
  await screenshot(page, 'savane-training');
  assert.deepEqual(page.problems, []);
});
