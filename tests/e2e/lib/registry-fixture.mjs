// A real server with the built UI for the People and Posts browser tests: the access
// suite's hierarchy and users (tests/api/lib/access.mjs), two more villages, and
// helpers to sign a real user in through the sign-in page and to make records
// through the API.
import { startKazi } from './browser.mjs';
import * as A from '../../api/lib/access.mjs';

export { A };

const EXTRA_UNITS = [
  'code,name,parent_code,level',
  "R1-D1-W1-V2,Chang'ombe,R1-D1-W1,village",
  `R2-D1-W1-V1,${A.OUTSIDE_MARK} Village,R2-D1-W1,village`,
].join('\n') + '\n';

/** {srv, admin (API session), units by code, orgs by code, users} */
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

/** Sign USERNAME in through the real sign-in page, starting from PATH. */
export async function signInAt(page, srv, path, username, password = A.PW) {
  await page.context().clearCookies(); // whoever signed in before is gone
  await page.goto(`${srv.url}${path}`);
  await page.waitForFunction(() => location.pathname === '/signin');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction((p) => location.pathname === p, path.split('?')[0]);
}

let seq = 0;
/** Register a person through the API; OVER replaces fields. Returns the record. */
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

/** No sideways scrolling of the whole page at the current viewport. */
export function noSidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
}
