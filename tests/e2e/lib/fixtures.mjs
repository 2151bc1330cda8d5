// Fixtures for the browser tests of the screens, in one place: real servers (the
// access suite's hierarchy and users, optionally a `kazi demo-data` register),
// real accounts signed in through the real sign-in page, records made through the
// real API, and checks shared by the screens' tests (sideways scrolling, figures
// as the UI formats them).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startKazi, SHOTS } from './browser.mjs';
import { kazi } from '../../api/lib/server.mjs';
import * as A from '../../api/lib/access.mjs';

export { A };

// ---- Signing in -------------------------------------------------------------

/** Fill in and send the sign-in page that PAGE shows. */
export async function submitSignIn(page, username, password = A.PW) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Sign USERNAME in on the real sign-in page (whoever was signed in before is gone)
 * and wait for the app's navigation; NEXT is where the app goes afterwards.
 */
export async function signIn(page, url, username = 'national', password = A.PW, next = '') {
  await page.context().clearCookies();
  await page.goto(`${url}/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await submitSignIn(page, username, password);
  await page.locator('#nav').waitFor({ state: 'attached' });
}

/** Open PATH signed out: the app sends USERNAME to sign in, then back to PATH. */
export async function signInAt(page, srv, path, username, password = A.PW) {
  await page.context().clearCookies();
  await page.goto(`${srv.url}${path}`);
  await page.waitForFunction(() => location.pathname === '/signin');
  await submitSignIn(page, username, password);
  await page.waitForFunction((p) => location.pathname === p, path.split('?')[0]);
}

// ---- Servers ----------------------------------------------------------------

const EXTRA_UNITS = [
  'code,name,parent_code,level',
  "R1-D1-W1-V2,Chang'ombe,R1-D1-W1,village",
  `R2-D1-W1-V1,${A.OUTSIDE_MARK} Village,R2-D1-W1,village`,
].join('\n') + '\n';

/** People and Posts: the access suite's world plus two villages. {srv, admin (API session), units, orgs, users} */
export async function startRegistry() {
  const srv = await startKazi({ data: A.initWithAdmin(), args: ['--admin-totp', 'optional'] });
  const fx = await A.seed(srv);
  const imp = await fx.admin.call('POST', '/api/v1/org-units/import', { raw: EXTRA_UNITS, headers: { 'content-type': 'text/csv' } });
  if (imp.status !== 200) throw new Error(`extra units: ${imp.text}`);
  for (const code of ['R1-D1-W1-V2', 'R2-D1-W1-V1']) {
    const r = await fx.admin.call('GET', `/api/v1/org-units?q=${encodeURIComponent(code)}`);
    fx.units[code] = r.body.org_units.find((u) => u.code === code).id;
  }
  return { srv, ...fx };
}

/** Training and careers: the access suite's world; returns {srv, fx, u, national, admin, make helpers}. */
export async function careersServer() {
  const srv = await startKazi({ data: A.initWithAdmin(), args: ['--admin-totp', 'optional'] });
  const fx = await A.seed(srv);
  const national = await A.mustLogin(srv, 'national');
  const u = fx.units;
  let seq = 0;
  const call = async (method, path, body, who = national, want = [200, 201]) => {
    const r = await who.call(method, path, { body });
    assert.ok(want.includes(r.status), `${method} ${path}: ${r.status} ${r.text}`);
    return r.body;
  };
  const person = (over = {}) => {
    seq++;
    return call('POST', '/api/v1/people', {
      given_name: 'Amina', family_name: `Mushi${seq}`, sex: 'female', birth_date: '1988-02-01', education: 'Form IV',
      residence_org_unit_id: u['R1-D1-W1-V1'],
      identifiers: [{ type: 'national_id', value: `19880201-1000-${String(seq).padStart(5, '0')}-${process.pid % 100}` }],
      ...over,
    });
  };
  const position = (over = {}) => call('POST', '/api/v1/positions', {
    title: 'Para social worker', org_unit_id: u['R1-D1-W1-V1'], organisation_id: fx.orgs['NGO-IN'], cadre: 'psw',
    level: 'village', approved: true, funded_by: 'Government', ...over,
  });
  const place = async (p, over, start = '2020-01-01') => {
    const pos = await position(over);
    await call('POST', '/api/v1/assignments', { person_id: p.id, position_id: pos.id, start_date: start, engagement: 'volunteer' });
    return pos;
  };
  const event = (course, over = {}) => call('POST', '/api/v1/training-events', {
    course, venue_org_unit_id: u['R1-D1-W1'], start_date: '2020-02-01', end_date: '2020-02-20', capacity: 25, ...over,
  });
  const enrol = (ev, p) => call('POST', `/api/v1/training-events/${ev.id}/enrolments`, { person_id: p.id });
  const pass = (ev, p, date = ev.end_date) => call('POST', `/api/v1/training-events/${ev.id}/results`,
    { person_id: p.id, attended: true, passed: true, score: 75, completion_date: date });
  return { srv, fx, u, national, admin: fx.admin, call, person, position, place, event, enrol, pass };
}

/**
 * The operations screens: a server whose register holds PEOPLE synthetic workers
 * (`kazi demo-data --people N`, run before the server starts), with extra `kazi serve`
 * ARGS. {srv, admin (API session)}.
 */
export async function demoServer({ people = 200, seed = '7', args = [] } = {}) {
  const data = A.initWithAdmin();
  if (people > 0) {
    const r = kazi(['demo-data', '--data', data, '--people', String(people), '--seed', seed]);
    assert.equal(r.status, 0, r.stderr);
  }
  const srv = await startKazi({ data, args: ['--admin-totp', 'optional', ...args] });
  const admin = await A.mustLogin(srv, A.ADMIN, A.ADMIN_PW);
  return { srv, admin };
}

// ---- Records through the API ------------------------------------------------

/** A GET that must answer 200; returns the body. */
export async function get(session, path) {
  const r = await session.call('GET', path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r.body;
}

/** Every person matching QUERY (e.g. 'status=active'), following the cursor. */
export async function allPeople(session, query = 'status=active') {
  const out = [];
  let after = null;
  for (;;) {
    const page = await get(session, `/api/v1/people?${query}&limit=500${after ? `&after=${after}` : ''}`);
    out.push(...page.items);
    if (!page.next) return out;
    after = page.next;
  }
}

let seq = 0;
/** Register a person living in RESIDENCE through the API; OVER replaces fields. Returns the record. */
export async function person(session, residence, over = {}) {
  seq++;
  const r = await session.call('POST', '/api/v1/people', { body: {
    given_name: 'Neema', family_name: `Test${seq}`, sex: 'female', birth_date: '1991-05-20',
    residence_org_unit_id: residence, ...over } });
  if (r.status !== 201) throw new Error(`person: ${r.status} ${r.text}`);
  return r.body;
}

/** Create a position through the API. */
export async function position(session, unit, organisation, over = {}) {
  const r = await session.call('POST', '/api/v1/positions', { body: {
    title: 'Para social worker', org_unit_id: unit, organisation_id: organisation, cadre: 'psw',
    level: 'village', approved: true, funded_by: 'Council', ...over } });
  if (r.status !== 201) throw new Error(`position: ${r.status} ${r.text}`);
  return r.body;
}

/** Place PERSON in POSITION from START. */
export async function assign(session, personId, positionId, start = '2024-01-01', over = {}) {
  const r = await session.call('POST', '/api/v1/assignments', { body: {
    person_id: personId, position_id: positionId, start_date: start, engagement: 'stipend',
    pay_amount: 60000, pay_currency: 'TZS', ...over } });
  if (r.status !== 201) throw new Error(`assignment: ${r.status} ${r.text}`);
  return r.body;
}

// ---- What the page shows ----------------------------------------------------

/** No sideways scrolling of the whole page at the current viewport. */
export function noSidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
}

/** Fail if the page scrolls sideways at its current width, naming what sticks out. */
export async function assertFits(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  const wide = overflow > 0 ? await page.evaluate(() => [...document.querySelectorAll('main *')]
    .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !e.parentElement.closest('.table-wrap'))
    .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)) : [];
  assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow}px): ${wide.join(', ')}`);
}

/** A text as en-GB formats it in the UI (formatNumber). */
export const num = (n) => new Intl.NumberFormat('en-GB').format(n);

/** Age in whole years today of someone born on ISO (YYYY-MM-DD). */
export function ageOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const now = new Date();
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age--;
  return age;
}

/** The rows of a figures table as {label: value text}. */
export async function tableRows(locator) {
  return locator.locator('tbody tr').evaluateAll((trs) => Object.fromEntries(trs.map((tr) =>
    [tr.querySelector('th').textContent.trim(), tr.querySelector('td').textContent.trim()])));
}

/** Save what the window shows now (not the full page) as build/screenshots/NAME.png: for the README. */
export async function viewShot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/**
 * Click CHECKBOX in the page and read text box BOX as it is right after that click's
 * render, before the page runs anything else (Preact draws in a microtask, effects come
 * after the next frame): a value the app offers on that click (the class grid offers the
 * event's last day when a trainee passes) is drawn in that same render, not an effect
 * later, so it can be read, or cleared, at once.
 */
export async function tickAndRead(checkbox, box) {
  const [c, b] = [await checkbox.elementHandle(), await box.elementHandle()];
  return checkbox.page().evaluate(([c, b]) => new Promise((resolve) => {
    c.click();
    setTimeout(() => resolve(b.value), 0);
  }), [c, b]);
}
