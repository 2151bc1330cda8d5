// Helpers for the access suites: a server with a first administrator, sign-in
// sessions (cookie + CSRF token), TOTP codes, the test clock, and a small
// hierarchy with users of every role.
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, kazi, tempDir } from './server.mjs';

export const ADMIN = 'admin';
export const ADMIN_PW = 'first admin password';
export const PW = 'a long enough password';

/** `kazi init` with a first administrator; returns the data dir. */
export function initWithAdmin() {
  const root = tempDir();
  const data = join(root, 'data');
  const pwFile = join(root, 'admin.pw');
  writeFileSync(pwFile, ADMIN_PW + '\n');
  const r = kazi(['init', '--data', data, '--country', 'tanzania', '--admin', ADMIN,
    '--admin-password-file', pwFile]);
  if (r.status !== 0) throw new Error(`kazi init failed: ${r.stderr}`);
  return data;
}

/** A server whose administrator may work without TOTP unless `args` says otherwise. */
export async function startAccessServer({ args = ['--admin-totp', 'optional'], data } = {}) {
  return startServer({ data: data || initWithAdmin(), args });
}

function sessionCookie(res) {
  for (const c of res.headers.getSetCookie()) {
    const m = /^kazi_session=([^;]*)/.exec(c);
    if (m) return { value: m[1], raw: c };
  }
  return null;
}

/** POST /auth/login; returns {status, body, session} where session has call(). */
export async function login(srv, username, password, extra = {}) {
  const r = await api(srv.url, 'POST', '/api/v1/auth/login', { body: { username, password, ...extra } });
  const cookie = sessionCookie(r);
  const session = cookie && r.status === 200 ? new Session(srv, cookie.value, r.body.csrf_token) : null;
  return { ...r, cookie, session };
}

/** Login that must succeed. */
export async function mustLogin(srv, username, password = PW, extra = {}) {
  const r = await login(srv, username, password, extra);
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return r.session;
}

export class Session {
  constructor(srv, id, csrf) { this.srv = srv; this.id = id; this.csrf = csrf; }
  /** Request with the session cookie and (for writes) the CSRF token. */
  call(method, path, { body, raw, headers = {}, csrf = true } = {}) {
    const h = { cookie: `kazi_session=${this.id}`, ...headers };
    if (csrf && method !== 'GET' && method !== 'HEAD') h['x-csrf-token'] = this.csrf;
    return api(this.srv.url, method, path, { body, raw, headers: h });
  }
}

/** A request with a bearer token. */
export function bearer(srv, token, method, path, opts = {}) {
  return api(srv.url, method, path, { ...opts, headers: { ...(opts.headers || {}), authorization: `Bearer ${token}` } });
}

/** Move the server's clock forward; returns the server's now in ms. */
export async function advance(srv, ms) {
  const r = await api(srv.url, 'POST', '/api/test/clock', { body: { advance_ms: ms } });
  if (r.status !== 200) throw new Error(`clock: ${r.text}`);
  return r.body.now_ms;
}

function base32Decode(s) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, val = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    val = (val << 5) | A.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((val >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 secret at time ms. */
export function totp(secret, ms) {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(Math.floor(ms / 1000 / 30)));
  const h = createHmac('sha1', base32Decode(secret)).update(buf).digest();
  const o = h[19] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/** The fixture hierarchy: two regions, two districts each; one district is
 * "outside" for the district officer, its names carry OUTSIDE_MARK. */
export const OUTSIDE_MARK = 'Zzoutside';
export const HIERARCHY_CSV = [
  'code,name,parent_code,level',
  'TZ,Tanzania,,country',
  'R1,Arusha,TZ,region',
  'R1-D1,Arusha City,R1,district',
  'R1-D1-W1,Kaloleni,R1-D1,ward',
  'R1-D1-W1-V1,Kaloleni Village,R1-D1-W1,village',
  'R1-D2,Meru,R1,district',
  `R2,${OUTSIDE_MARK} Region,TZ,region`,
  `R2-D1,${OUTSIDE_MARK} District,R2,district`,
  `R2-D1-W1,${OUTSIDE_MARK} Ward,R2-D1,ward`,
].join('\n') + '\n';

/**
 * Import the hierarchy, create one user per role (password PW) and organisations
 * inside and outside the district officer's scope. Returns ids by code and users.
 */
export async function seed(srv) {
  const admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  const imp = await admin.call('POST', '/api/v1/org-units/import', { raw: HIERARCHY_CSV, headers: { 'content-type': 'text/csv' } });
  if (imp.status !== 200) throw new Error(`import: ${imp.text}`);
  const units = {};
  const all = await admin.call('GET', '/api/v1/org-units/export');
  for (const code of all.text.trim().split('\r\n').slice(1).map((l) => l.split(',')[0])) {
    const s = await admin.call('GET', `/api/v1/org-units?q=${encodeURIComponent(code)}`);
    units[code] = s.body.org_units.find((u) => u.code === code).id;
  }
  const users = {
    national: { role: 'national_hr_officer' },
    district: { role: 'district_hr_officer', scope_org_unit_id: units['R1-D1'] },
    supervisor: { role: 'supervisor', scope_org_unit_id: units['R1-D1'] },
    trainer: { role: 'trainer', scope_org_unit_id: units['R1-D1'] },
    analyst: { role: 'analyst' },
  };
  for (const [username, u] of Object.entries(users)) {
    const r = await admin.call('POST', '/api/v1/users', { body: { username, password: PW, ...u } });
    if (r.status !== 201) throw new Error(`user ${username}: ${r.text}`);
    u.id = r.body.id;
  }
  const orgs = {};
  for (const [code, name, unit] of [['NGO-IN', 'Kaloleni Care', 'R1-D1'], ['NGO-NAT', 'National Aid', 'TZ'],
    ['NGO-OUT', `${OUTSIDE_MARK} Aid`, 'R2-D1']]) {
    const r = await admin.call('POST', '/api/v1/organisations', { body: { code, name, kind: 'ngo', org_unit_id: units[unit] } });
    if (r.status !== 201) throw new Error(`organisation ${code}: ${r.text}`);
    orgs[code] = r.body.id;
  }
  return { admin, units, users, orgs };
}
