// Fixtures for the operations screens' browser tests (dashboard, supervision,
// reports, imports, configuration impact): a real server over a register filled
// by `kazi demo-data`, real accounts signed in through the real sign-in page, and
// API calls as those accounts to compute what the screens must show.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startKazi, SHOTS } from './browser.mjs';
import { kazi } from '../../api/lib/server.mjs';
import * as A from '../../api/lib/access.mjs';

export { A };

/**
 * A server whose register holds PEOPLE synthetic workers (`kazi demo-data --people N`,
 * run before the server starts). Returns {srv, admin} with admin a real API session.
 */
export async function demoServer({ people = 200, seed = '7' } = {}) {
  const data = A.initWithAdmin();
  if (people > 0) {
    const r = kazi(['demo-data', '--data', data, '--people', String(people), '--seed', seed]);
    assert.equal(r.status, 0, r.stderr);
  }
  const srv = await startKazi({ data, args: ['--admin-totp', 'optional'] });
  const admin = await A.mustLogin(srv, A.ADMIN, A.ADMIN_PW);
  return { srv, admin };
}

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

/** Sign USERNAME in on the real sign-in page and wait for the app's navigation. */
export async function signIn(page, url, username, password, next = '/') {
  await page.goto(`${url}/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#nav').waitFor({ state: 'attached' });
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
