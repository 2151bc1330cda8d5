// Fixtures for the training and career browser tests, made through the real API:
// a server with the access suite's hierarchy and users, plus people, posts,
// assignments, supervision and training events. The browser signs in for real
// (the sign-in page, a real account).
import assert from 'node:assert/strict';
import { startKazi } from './browser.mjs';
import { initWithAdmin, seed, mustLogin, PW } from '../../api/lib/access.mjs';

/** Start a server, seed it; returns {srv, fx, units, national, admin, make helpers}. */
export async function careersServer() {
  const srv = await startKazi({ data: initWithAdmin(), args: ['--admin-totp', 'optional'] });
  const fx = await seed(srv);
  const national = await mustLogin(srv, 'national');
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

/** Sign in through the real sign-in page as USERNAME and wait for the shell. */
export async function signIn(page, url, username = 'national', password = PW) {
  await page.context().clearCookies();
  await page.goto(`${url}/signin`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#nav').waitFor({ state: 'attached' });
}

/** Fail if the page scrolls sideways at its current width. */
export async function assertFits(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  const wide = overflow > 0 ? await page.evaluate(() => [...document.querySelectorAll('main *')]
    .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !e.parentElement.closest('.table-wrap'))
    .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)) : [];
  assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow}px): ${wide.join(', ')}`);
}
