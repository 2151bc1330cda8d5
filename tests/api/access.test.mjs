// Access (issue 3): sessions and their cookie, CSRF, expiry on an injected clock,
// passwords, TOTP and recovery codes, API tokens, brute-force limits, users, the
// org-unit hierarchy and organisations, and the audit trail.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { api, kazi, tempDir } from './lib/server.mjs';
import {
  startAccessServer, seed, login, mustLogin, bearer, advance, totp, initWithAdmin,
  ADMIN, ADMIN_PW, PW, HIERARCHY_CSV,
} from './lib/access.mjs';

const MIN = 60 * 1000;

describe('sessions', () => {
  let srv, fx;
  before(async () => {
    srv = await startAccessServer({ args: ['--admin-totp', 'optional', '--session-idle-minutes', '10', '--session-max-hours', '2'] });
    fx = await seed(srv);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('login sets an HttpOnly, SameSite=Strict session cookie and returns user, roles, scope, CSRF token', async () => {
    const r = await login(srv, 'district', PW);
    assert.equal(r.status, 200, r.text);
    assert.match(r.cookie.value, /^[0-9a-f]{64}$/, '256-bit id');
    assert.match(r.cookie.raw, /HttpOnly/);
    assert.match(r.cookie.raw, /SameSite=Strict/);
    assert.match(r.cookie.raw, /Path=\//);
    assert.doesNotMatch(r.cookie.raw, /Secure/, 'plain HTTP: no Secure flag');
    assert.equal(r.body.user.username, 'district');
    assert.deepEqual(r.body.roles, ['district_hr_officer']);
    assert.equal(r.body.scope.code, 'R1-D1');
    assert.match(r.body.csrf_token, /^[0-9a-f]{64}$/);
    assert.equal(r.body.idle_timeout_s, 600);
    assert.equal(r.body.absolute_timeout_s, 7200);
    const me = await r.session.call('GET', '/api/v1/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.name, 'district');
    assert.equal(me.body.csrf_token, r.body.csrf_token);
    assert.ok(!me.text.includes('password_hash') && !me.text.includes('$argon2'), 'no hash leaks');
  });

  test('login needs a JSON content type (no sign-in by cross-site form)', async () => {
    const r = await api(srv.url, 'POST', '/api/v1/auth/login', {
      raw: JSON.stringify({ username: 'district', password: PW }), headers: { 'content-type': 'text/plain' },
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, 'Content-Type');
    assert.equal(r.headers.getSetCookie().length, 0);
  });

  test('every login gets a new session id, and logging in again replaces the old session', async () => {
    const a = await login(srv, 'analyst', PW);
    const b = await api(srv.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'analyst', password: PW }, headers: { cookie: `kazi_session=${a.cookie.value}` },
    });
    assert.equal(b.status, 200);
    const newId = /kazi_session=([0-9a-f]+)/.exec(b.headers.getSetCookie().join())[1];
    assert.notEqual(newId, a.cookie.value);
    assert.equal((await a.session.call('GET', '/api/v1/auth/me')).status, 401, 'the old id is gone');
    assert.equal((await api(srv.url, 'GET', '/api/v1/auth/me', { headers: { cookie: `kazi_session=${newId}` } })).status, 200);
  });

  test('the session id is stored only hashed', async () => {
    const r = await login(srv, 'trainer', PW);
    const rows = execFileSync('sqlite3', [join(srv.data, 'kazi.db'), 'SELECT id_hash FROM session'], { encoding: 'utf8' });
    assert.ok(!rows.includes(r.cookie.value), 'the raw id is not in the database');
    assert.ok(rows.trim().split('\n').length >= 1);
  });

  test('state-changing requests with a session cookie need the right X-CSRF-Token', async () => {
    const s = await mustLogin(srv, 'national');
    const body = { code: 'NGO-CSRF', name: 'Csrf Test', kind: 'ngo', org_unit_id: fx.units.TZ };
    const none = await s.call('POST', '/api/v1/organisations', { body, csrf: false });
    assert.equal(none.status, 403);
    assert.equal(none.body.error.code, 'csrf_failed');
    const wrong = await s.call('POST', '/api/v1/organisations', { body, csrf: false, headers: { 'x-csrf-token': 'f'.repeat(64) } });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.error.code, 'csrf_failed');
    const other = await mustLogin(srv, 'national');
    const foreign = await s.call('POST', '/api/v1/organisations', { body, csrf: false, headers: { 'x-csrf-token': other.csrf } });
    assert.equal(foreign.status, 403, 'another session\'s token does not work');
    const list = await fx.admin.call('GET', '/api/v1/organisations?q=NGO-CSRF');
    assert.equal(list.body.organisations.length, 0, 'nothing was written');
    const ok = await s.call('POST', '/api/v1/organisations', { body });
    assert.equal(ok.status, 201, ok.text);
    const logoutNoCsrf = await s.call('POST', '/api/v1/auth/logout', { csrf: false });
    assert.equal(logoutNoCsrf.status, 403);
    const out = await s.call('POST', '/api/v1/auth/logout');
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie().join(), /kazi_session=;.*Max-Age=0/);
    assert.equal((await s.call('GET', '/api/v1/auth/me')).status, 401);
    assert.equal((await other.call('GET', '/api/v1/auth/me')).status, 200, 'other sessions live on');
  });

  test('a session expires after the idle timeout, and activity keeps it alive', async () => {
    const idle = await mustLogin(srv, 'supervisor');
    const busy = await mustLogin(srv, 'supervisor');
    await advance(srv, 6 * MIN);
    assert.equal((await busy.call('GET', '/api/v1/auth/me')).status, 200);
    await advance(srv, 6 * MIN); // idle: 12 min without a request (limit 10); busy: 6 min
    const r = await idle.call('GET', '/api/v1/auth/me');
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'session_expired');
    assert.equal((await busy.call('GET', '/api/v1/auth/me')).status, 200);
  });

  test('a session expires after the absolute timeout even when active', async () => {
    const s = await mustLogin(srv, 'trainer');
    for (let i = 0; i < 12; i++) { // 12 × 9 min = 108 min < 120
      await advance(srv, 9 * MIN);
      assert.equal((await s.call('GET', '/api/v1/auth/me')).status, 200, `step ${i}`);
    }
    await advance(srv, 9 * MIN); // 117 min
    assert.equal((await s.call('GET', '/api/v1/auth/me')).status, 200);
    await advance(srv, 4 * MIN); // 121 min
    const r = await s.call('GET', '/api/v1/auth/me');
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'session_expired');
  });

  test('behind a TLS proxy the cookie is Secure', async () => {
    const tls = await startAccessServer({ args: ['--admin-totp', 'optional', '--behind-tls-proxy'] });
    try {
      const r = await login(tls, ADMIN, ADMIN_PW);
      assert.equal(r.status, 200);
      assert.match(r.cookie.raw, /; Secure/);
      assert.match(r.headers.get('strict-transport-security'), /max-age/);
    } finally {
      assert.equal(await tls.stop(), 0);
    }
  });
});

describe('passwords and users', () => {
  let srv, fx;
  before(async () => { srv = await startAccessServer(); fx = await seed(srv); });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('passwords shorter than 12 characters are refused, naming the field', async () => {
    const r = await fx.admin.call('POST', '/api/v1/users', { body: { username: 'shorty', password: 'elevenchars', role: 'analyst' } });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'password');
    const ok = await fx.admin.call('POST', '/api/v1/users', { body: { username: 'longer', password: 'twelve chars', role: 'analyst' } });
    assert.equal(ok.status, 201, ok.text);
  });

  test('passwords are stored as argon2id with at least m=19 MiB, t=2', () => {
    const rows = execFileSync('sqlite3', [join(srv.data, 'kazi.db'), 'SELECT password_hash FROM app_user'], { encoding: 'utf8' }).trim().split('\n');
    for (const h of rows) {
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(h);
      assert.ok(m, h);
      assert.ok(Number(m[1]) >= 19456, `m=${m[1]}`);
      assert.ok(Number(m[2]) >= 2, `t=${m[2]}`);
    }
  });

  test('role and scope are validated', async () => {
    const bad = await fx.admin.call('POST', '/api/v1/users', { body: { username: 'xx1', password: PW, role: 'king' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'role');
    const noScope = await fx.admin.call('POST', '/api/v1/users', { body: { username: 'xx2', password: PW, role: 'district_hr_officer' } });
    assert.equal(noScope.status, 422);
    assert.equal(noScope.body.error.field, 'scope_org_unit_id');
    const badUnit = await fx.admin.call('POST', '/api/v1/users', { body: { username: 'xx3', password: PW, role: 'district_hr_officer', scope_org_unit_id: 99999 } });
    assert.equal(badUnit.status, 422);
    const dup = await fx.admin.call('POST', '/api/v1/users', { body: { username: 'district', password: PW, role: 'analyst' } });
    assert.equal(dup.status, 409);
    const upper = await fx.admin.call('POST', '/api/v1/users', { body: { username: 'Bad Name', password: PW, role: 'analyst' } });
    assert.equal(upper.status, 422);
    assert.equal(upper.body.error.field, 'username');
  });

  test('a user changes their own password; the old one stops working and other sessions end', async () => {
    const s = await mustLogin(srv, 'trainer');
    const other = await mustLogin(srv, 'trainer');
    const wrong = await s.call('POST', '/api/v1/auth/password', { body: { current_password: 'not my password', new_password: 'my brand new password' } });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.error.field, 'current_password');
    const short = await s.call('POST', '/api/v1/auth/password', { body: { current_password: PW, new_password: 'short' } });
    assert.equal(short.status, 422);
    assert.equal(short.body.error.field, 'new_password');
    const ok = await s.call('POST', '/api/v1/auth/password', { body: { current_password: PW, new_password: 'my brand new password' } });
    assert.equal(ok.status, 204, ok.text);
    assert.equal((await s.call('GET', '/api/v1/auth/me')).status, 200, 'this session lives on');
    assert.equal((await other.call('GET', '/api/v1/auth/me')).status, 401, 'the other one ended');
    assert.equal((await login(srv, 'trainer', PW)).status, 401);
    assert.equal((await login(srv, 'trainer', 'my brand new password')).status, 200);
  });

  test('an administrator disables a user: their sessions end and they cannot sign in', async () => {
    const s = await mustLogin(srv, 'analyst');
    const r = await fx.admin.call('PATCH', `/api/v1/users/${fx.users.analyst.id}`, { body: { disabled: true } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.disabled, true);
    assert.equal((await s.call('GET', '/api/v1/auth/me')).status, 401);
    const again = await login(srv, 'analyst', PW);
    assert.equal(again.status, 401);
    assert.equal(again.body.error.message, 'wrong username or password');
    await fx.admin.call('PATCH', `/api/v1/users/${fx.users.analyst.id}`, { body: { disabled: false } });
    assert.equal((await login(srv, 'analyst', PW)).status, 200);
    const self = await fx.admin.call('PATCH', '/api/v1/users/1', { body: { disabled: true } });
    assert.equal(self.status, 422, 'an administrator cannot lock themselves out');
    const demote = await fx.admin.call('PATCH', '/api/v1/users/1', { body: { role: 'analyst' } });
    assert.equal(demote.status, 422);
    assert.equal(demote.body.error.field, 'role');
  });

  test('an administrator sets a password; users list never shows hashes', async () => {
    const r = await fx.admin.call('POST', `/api/v1/users/${fx.users.supervisor.id}/password`, { body: { password: 'reset by the admin' } });
    assert.equal(r.status, 204);
    assert.equal((await login(srv, 'supervisor', 'reset by the admin')).status, 200);
    const list = await fx.admin.call('GET', '/api/v1/users');
    assert.ok(list.body.users.length >= 6);
    assert.ok(!list.text.includes('argon2'));
    assert.equal((await fx.admin.call('GET', '/api/v1/users/99999')).status, 404);
  });
});

describe('second factor', () => {
  let srv;
  before(async () => { srv = await startAccessServer({ args: [] }); });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  async function now() { return advance(srv, 0); }

  // Each case but the first brings its own administrator (made with the CLI, TOTP
  // enrolled here), so the cases pass alone and in any order; the first is about the
  // installation's own administrator.
  let admins = 0;
  async function enrolledAdmin() {
    const name = `admin${++admins}`;
    const add = kazi(['user', 'add', '--data', srv.data, '--username', name, '--role', 'administrator'], { input: `${PW}\n` });
    assert.equal(add.status, 0, add.stderr);
    const r = await login(srv, name, PW);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.mfa_pending, true);
    const begin = await r.session.call('POST', '/api/v1/auth/totp');
    assert.equal(begin.status, 200, begin.text);
    const conf = await r.session.call('POST', '/api/v1/auth/totp/confirm', { body: { code: totp(begin.body.secret, await now()) } });
    assert.equal(conf.status, 200, conf.text);
    return { name, secret: begin.body.secret, recovery: conf.body.recovery_codes };
  }

  test('administrators must enrol TOTP before doing anything else (the default)', async () => {
    const r = await login(srv, ADMIN, ADMIN_PW);
    assert.equal(r.status, 200);
    assert.equal(r.body.mfa_pending, true);
    assert.deepEqual(r.body.permissions, ['self']);
    const s = r.session;
    const denied = await s.call('GET', '/api/v1/users');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'totp_enrolment_required');
    const begin = await s.call('POST', '/api/v1/auth/totp');
    assert.equal(begin.status, 200, begin.text);
    assert.match(begin.body.otpauth_uri, /^otpauth:\/\/totp\/Kazi:admin\?secret=/);
    const wrong = await s.call('POST', '/api/v1/auth/totp/confirm', { body: { code: '000000' } });
    assert.equal(wrong.status, 422);
    const code = totp(begin.body.secret, await now());
    const conf = await s.call('POST', '/api/v1/auth/totp/confirm', { body: { code } });
    assert.equal(conf.status, 200, conf.text);
    assert.equal(conf.body.recovery_codes.length, 10);
    assert.equal((await s.call('GET', '/api/v1/users')).status, 200, 'the restriction is lifted');
  });

  test('with TOTP on, the password alone is not enough; codes cannot be replayed', async () => {
    const a = await enrolledAdmin();
    await advance(srv, 30000);
    const bare = await login(srv, a.name, PW);
    assert.equal(bare.status, 401);
    assert.equal(bare.body.error.code, 'totp_required');
    assert.equal(bare.cookie, null, 'no session without the second factor');
    const code = totp(a.secret, await now());
    const ok = await login(srv, a.name, PW, { totp: code });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.mfa_pending, false);
    const replay = await login(srv, a.name, PW, { totp: code });
    assert.equal(replay.status, 401, 'the same code twice is refused');
    assert.equal(replay.body.error.code, 'invalid_totp');
  });

  test('a recovery code works once', async () => {
    const a = await enrolledAdmin();
    const rc = a.recovery[0];
    const ok = await login(srv, a.name, PW, { recovery_code: rc.toUpperCase() });
    assert.equal(ok.status, 200, ok.text);
    const again = await login(srv, a.name, PW, { recovery_code: rc });
    assert.equal(again.status, 401);
    const rows = execFileSync('sqlite3', [join(srv.data, 'kazi.db'), 'SELECT code_hash FROM recovery_code'], { encoding: 'utf8' });
    assert.ok(!rows.includes(rc) && !rows.includes(rc.replace(/-/g, '')), 'stored hashed');
  });

  test('kazi user reset-totp lets someone who lost their authenticator back in', async () => {
    const a = await enrolledAdmin();
    const r = kazi(['user', 'reset-totp', '--data', srv.data, '--username', a.name]);
    assert.equal(r.status, 0, r.stderr);
    const again = await login(srv, a.name, PW);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.mfa_pending, true, 'but the administrator must enrol again');
    await advance(srv, 30000);
    const begin = await again.session.call('POST', '/api/v1/auth/totp');
    const conf = await again.session.call('POST', '/api/v1/auth/totp/confirm', { body: { code: totp(begin.body.secret, await now()) } });
    assert.equal(conf.status, 200, conf.text);
  });

  test('any user can enrol and turn TOTP off again with a code', async () => {
    const a = await enrolledAdmin();
    await advance(srv, 30000);
    const admin = await mustLogin(srv, a.name, PW, { totp: totp(a.secret, await now()) });
    assert.equal((await admin.call('POST', '/api/v1/users', { body: { username: 'amina', password: PW, role: 'analyst' } })).status, 201);
    const s = await mustLogin(srv, 'amina');
    const begin = await s.call('POST', '/api/v1/auth/totp');
    assert.equal((await s.call('POST', '/api/v1/auth/totp/confirm', { body: { code: totp(begin.body.secret, await now()) } })).status, 200);
    assert.equal((await login(srv, 'amina', PW)).status, 401);
    await advance(srv, 30000);
    const s2 = await mustLogin(srv, 'amina', PW, { totp: totp(begin.body.secret, await now()) });
    await advance(srv, 30000);
    const off = await s2.call('POST', '/api/v1/auth/totp/disable', { body: { code: totp(begin.body.secret, await now()) } });
    assert.equal(off.status, 204, off.text);
    assert.equal((await login(srv, 'amina', PW)).status, 200);
  });
});

describe('API tokens', () => {
  let srv, fx;
  before(async () => { srv = await startAccessServer(); fx = await seed(srv); });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('an admin creates a token, shown once, with role, scope and expiry; it works as Bearer', async () => {
    const r = await fx.admin.call('POST', '/api/v1/tokens', {
      body: { name: 'dhis2 sync', role: 'analyst', expires_in_days: 1 },
    });
    assert.equal(r.status, 201, r.text);
    assert.match(r.body.token, /^kz_[0-9a-f]{64}$/);
    const list = await fx.admin.call('GET', '/api/v1/tokens');
    assert.ok(!list.text.includes(r.body.token), 'never shown again');
    const rows = execFileSync('sqlite3', [join(srv.data, 'kazi.db'), 'SELECT token_hash FROM api_token'], { encoding: 'utf8' });
    assert.ok(!rows.includes(r.body.token.slice(3)), 'stored hashed');
    assert.equal((await bearer(srv, r.body.token, 'GET', '/api/v1/org-units')).status, 200);
    assert.equal((await bearer(srv, r.body.token, 'GET', '/api/v1/users')).status, 403, 'the role limits it');
    const used = (await fx.admin.call('GET', '/api/v1/tokens')).body.tokens.find((t) => t.id === r.body.id);
    assert.equal(typeof used.last_used_at, 'number', 'use is recorded');
    const write = await bearer(srv, r.body.token, 'POST', '/api/v1/auth/logout');
    assert.equal(write.status, 422, 'no CSRF needed for bearer requests, but no session to end');
    await advance(srv, 24 * 60 * MIN + 1000);
    const expired = await bearer(srv, r.body.token, 'GET', '/api/v1/org-units');
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 'token_expired');
  });

  test('a revoked token stops working; tokens cannot be administrators', async () => {
    fx.admin = await mustLogin(srv, ADMIN, ADMIN_PW); // the clock moved a day
    const r = await fx.admin.call('POST', '/api/v1/tokens', {
      body: { name: 'district feed', role: 'district_hr_officer', scope_org_unit_id: fx.units['R1-D1'], expires_in_days: 30 },
    });
    assert.equal(r.status, 201, r.text);
    const mine = await bearer(srv, r.body.token, 'GET', '/api/v1/org-units');
    assert.deepEqual(mine.body.org_units.map((u) => u.code), ['R1-D1']);
    assert.equal((await fx.admin.call('DELETE', `/api/v1/tokens/${r.body.id}`)).status, 204);
    assert.equal((await bearer(srv, r.body.token, 'GET', '/api/v1/org-units')).status, 401);
    const adm = await fx.admin.call('POST', '/api/v1/tokens', { body: { name: 'root', role: 'administrator', expires_in_days: 1 } });
    assert.equal(adm.status, 422);
    const noexp = await fx.admin.call('POST', '/api/v1/tokens', { body: { name: 'forever', role: 'analyst' } });
    assert.equal(noexp.status, 422);
    assert.equal(noexp.body.error.field, 'expires_in_days');
  });
});

describe('brute force', () => {
  let srv;
  before(async () => { srv = await startAccessServer(); await seed(srv); });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('unknown user and wrong password get the same answer in about the same time', async () => {
    const times = { unknown: [], wrong: [] };
    let bodies = {};
    // Five rounds, compared by median: a skipped password hash shows as a ratio near
    // 0.01, far outside the band, while a busy machine's noise stays inside it.
    for (let i = 0; i < 5; i++) {
      for (const [kind, user] of [['unknown', `ghost${i}`], ['wrong', 'national']]) {
        const t0 = process.hrtime.bigint();
        const r = await login(srv, user, 'not the password');
        times[kind].push(Number(process.hrtime.bigint() - t0) / 1e6);
        assert.equal(r.status, 401);
        bodies[kind] = r.body;
      }
    }
    assert.deepEqual(bodies.unknown, bodies.wrong);
    const med = (a) => a.sort((x, y) => x - y)[2];
    const ratio = med(times.unknown) / med(times.wrong);
    assert.ok(ratio > 0.25 && ratio < 4, `unknown ${med(times.unknown)} ms vs wrong ${med(times.wrong)} ms`);
    await advance(srv, 16 * MIN); // forget these failures
  });

  test('5 failures lock the account for 15 minutes with 429 and Retry-After, then it opens', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await login(srv, 'district', 'wrong password!')).status, 401);
    const locked = await login(srv, 'district', PW);
    assert.equal(locked.status, 429, 'even the right password is refused while locked');
    assert.equal(locked.body.error.code, 'rate_limited');
    const retry = Number(locked.headers.get('retry-after'));
    assert.ok(retry > 800 && retry <= 900, `Retry-After ${retry}`);
    assert.equal((await login(srv, 'national', PW)).status, 200, 'other accounts are not locked');
    await advance(srv, 10 * MIN);
    const still = await login(srv, 'district', PW);
    assert.equal(still.status, 429);
    assert.ok(Number(still.headers.get('retry-after')) <= 300);
    await advance(srv, 5 * MIN + 1000);
    assert.equal((await login(srv, 'district', PW)).status, 200, 'the lock ends');
  });

  test('20 failures from one address lock that address for every account', async () => {
    await advance(srv, 16 * MIN);
    for (let i = 0; i < 20; i++) assert.equal((await login(srv, `nobody${i}`, 'wrong password!')).status, 401);
    const r = await login(srv, 'analyst', PW);
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    await advance(srv, 16 * MIN);
    assert.equal((await login(srv, 'analyst', PW)).status, 200);
  });
});

describe('org units and organisations', () => {
  let srv, fx, district;
  before(async () => { srv = await startAccessServer(); fx = await seed(srv); district = await mustLogin(srv, 'district'); });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('browse: top of my scope, children, one unit with its path', async () => {
    const top = await fx.admin.call('GET', '/api/v1/org-units');
    assert.deepEqual(top.body.org_units.map((u) => u.code), ['TZ']);
    const kids = await fx.admin.call('GET', `/api/v1/org-units/${fx.units.TZ}/children`);
    assert.deepEqual(kids.body.org_units.map((u) => u.code).sort(), ['R1', 'R2']);
    const byQuery = await fx.admin.call('GET', `/api/v1/org-units?parent_id=${fx.units.R1}`);
    assert.deepEqual(byQuery.body.org_units.map((u) => u.code), ['R1-D1', 'R1-D2']);
    const v = await district.call('GET', `/api/v1/org-units/${fx.units['R1-D1-W1-V1']}`);
    assert.equal(v.status, 200);
    assert.equal(v.body.level, 'village');
    assert.equal(v.body.depth, 4);
    assert.deepEqual(v.body.path.map((u) => u.code), ['TZ', 'R1', 'R1-D1', 'R1-D1-W1', 'R1-D1-W1-V1']);
    const mine = await district.call('GET', '/api/v1/org-units');
    assert.deepEqual(mine.body.org_units.map((u) => u.code), ['R1-D1']);
    assert.equal((await district.call('GET', `/api/v1/org-units/${fx.units.R1}`)).status, 404, 'above my scope');
    assert.equal((await district.call('GET', `/api/v1/org-units/${fx.units['R1-D2']}`)).status, 404, 'a sibling district');
  });

  test('search by name or code stays inside the scope', async () => {
    const all = await fx.admin.call('GET', '/api/v1/org-units?q=kaloleni');
    assert.equal(all.body.org_units.length, 2);
    const mine = await district.call('GET', '/api/v1/org-units?q=meru');
    assert.equal(mine.body.org_units.length, 0);
    const code = await district.call('GET', '/api/v1/org-units?q=R1-D1-W1');
    assert.equal(code.body.org_units.length, 2);
  });

  test('create and rename (administrator), with levels checked against depth', async () => {
    const ok = await fx.admin.call('POST', '/api/v1/org-units', { body: { code: 'R1-D2-W1', name: 'Usa River', parent_id: fx.units['R1-D2'], level: 'ward' } });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.depth, 3);
    const badLevel = await fx.admin.call('POST', '/api/v1/org-units', { body: { code: 'X1', name: 'X', parent_id: fx.units['R1-D2'], level: 'region' } });
    assert.equal(badLevel.status, 422);
    assert.equal(badLevel.body.error.field, 'level');
    const second = await fx.admin.call('POST', '/api/v1/org-units', { body: { code: 'KE', name: 'Kenya' } });
    assert.equal(second.status, 422, 'one root only');
    const deep = await fx.admin.call('POST', '/api/v1/org-units', { body: { code: 'TOO-DEEP', name: 'Hamlet', parent_id: fx.units['R1-D1-W1-V1'] } });
    assert.equal(deep.status, 422, 'no level below village');
    const dup = await fx.admin.call('POST', '/api/v1/org-units', { body: { code: 'R1', name: 'Again', parent_id: fx.units.TZ } });
    assert.equal(dup.status, 409);
    const ren = await fx.admin.call('PATCH', `/api/v1/org-units/${ok.body.id}`, { body: { name: 'Usa River Ward' } });
    assert.equal(ren.status, 200);
    assert.equal(ren.body.name, 'Usa River Ward');
    assert.equal((await district.call('POST', '/api/v1/org-units', { body: { code: 'Z', name: 'Z', parent_id: fx.units['R1-D1'] } })).status, 403);
  });

  test('CSV import is all or nothing with a row-numbered report', async () => {
    const before = (await fx.admin.call('GET', '/api/v1/org-units/export')).text;
    const bad = '\ufeffcode;name;parent_code;level\nR1-D1-W2;"Good; ward";R1-D1;ward\nR1-D1-W3;Bad level;R1-D1;village\nR9;Orphan;NOPE;region\n';
    const r = await fx.admin.call('POST', '/api/v1/org-units/import', { raw: bad, headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.code, 'invalid_csv');
    assert.deepEqual(r.body.error.rows.map((e) => [e.row, e.field]), [[3, 'level'], [4, 'parent_code']]);
    assert.equal(r.body.error.rows[0].column, 4);
    assert.equal((await fx.admin.call('GET', '/api/v1/org-units/export')).text, before, 'nothing written');
    const good = 'code,name,parent_code,level\nR1-D1-W2,"Ward, with comma\nand newline",R1-D1,ward\nR1-D1-W2-V1,Kijiji,R1-D1-W2,4\n';
    const ok = await fx.admin.call('POST', '/api/v1/org-units/import', { raw: good, headers: { 'content-type': 'text/csv' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.created, 2);
    const malformed = await fx.admin.call('POST', '/api/v1/org-units/import', { raw: 'code,name,parent_code,level\nA,"open,R1,region\n', headers: { 'content-type': 'text/csv' } });
    assert.equal(malformed.status, 422);
    assert.equal(malformed.body.error.rows[0].row, 2);
  });

  test('kazi import org-units reports rows and imports nothing on error', async () => {
    const data = initWithAdmin();
    const dir = tempDir();
    const badFile = join(dir, 'bad.csv');
    writeFileSync(badFile, 'code,name,parent_code,level\nTZ,Tanzania,,country\nR1,Arusha,TZ,district\n');
    const bad = kazi(['import', 'org-units', '--data', data, badFile]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /row 3, column 4 \(level\)/);
    assert.match(bad.stderr, /nothing was imported/);
    const goodFile = join(dir, 'good.csv');
    writeFileSync(goodFile, HIERARCHY_CSV);
    const good = kazi(['import', 'org-units', '--data', data, goodFile]);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /Imported 9 org units/);
  });

  test('organisations: kinds validated; a district officer sees its own and national ones only', async () => {
    const bad = await fx.admin.call('POST', '/api/v1/organisations', { body: { code: 'X', name: 'X', kind: 'cartel', org_unit_id: fx.units.TZ } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'kind');
    const list = await district.call('GET', '/api/v1/organisations');
    assert.deepEqual(list.body.organisations.map((o) => o.code).sort(), ['NGO-IN', 'NGO-NAT']);
    assert.equal((await district.call('GET', `/api/v1/organisations/${fx.orgs['NGO-NAT']}`)).status, 200);
    assert.equal((await district.call('GET', `/api/v1/organisations/${fx.orgs['NGO-OUT']}`)).status, 404);
    const nat = await mustLogin(srv, 'national');
    const upd = await nat.call('PATCH', `/api/v1/organisations/${fx.orgs['NGO-IN']}`, { body: { kind: 'faith_based' } });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.body.kind, 'faith_based');
  });
});

describe('audit trail', () => {
  let srv, fx;
  before(async () => { srv = await startAccessServer(); fx = await seed(srv); });
  after(async () => { await srv.stop(); });

  test('logins, failed logins, user, token and org-unit changes are audited with request id and address', async () => {
    await login(srv, 'national', 'wrong password!');
    const tok = await fx.admin.call('POST', '/api/v1/tokens', { body: { name: 'audited', role: 'analyst', expires_in_days: 1 }, headers: { 'x-request-id': 'audit-req-0001' } });
    assert.equal(tok.status, 201);
    const all = (await fx.admin.call('GET', '/api/v1/audit?limit=1000')).body.audit;
    const actions = new Set(all.map((a) => a.action));
    for (const a of ['user.create', 'login.success', 'login.failure', 'token.create', 'orgunit.import', 'organisation.create'])
      assert.ok(actions.has(a), `${a} audited`);
    const t = all.find((a) => a.action === 'token.create');
    assert.equal(t.actor, 'admin');
    assert.equal(t.request_id, 'audit-req-0001');
    assert.equal(t.client_addr, '127.0.0.1');
    assert.equal(t.after.name, 'audited');
    assert.equal(t.config_version, null);
    const fail = all.find((a) => a.action === 'login.failure');
    assert.equal(fail.after.username, 'national');
    assert.ok(!JSON.stringify(fail).includes('wrong password!'), 'passwords are never audited');
    const filtered = (await fx.admin.call('GET', `/api/v1/audit?entity_type=user&entity_id=${fx.users.district.id}`)).body.audit;
    assert.ok(filtered.length >= 1 && filtered.every((a) => a.entity_type === 'user' && a.entity_id === String(fx.users.district.id)));
    const byAction = (await fx.admin.call('GET', '/api/v1/audit?action=user.create&limit=2')).body.audit;
    assert.equal(byAction.length, 2);
    assert.ok(byAction[0].id > byAction[1].id, 'newest first');
    assert.equal((await fx.admin.call('GET', '/api/v1/audit?limit=0')).status, 422);
    const nat = await mustLogin(srv, 'national');
    assert.equal((await nat.call('GET', '/api/v1/audit')).status, 403);
    const ok = await fx.admin.call('GET', '/api/v1/audit/verify');
    assert.equal(ok.body.ok, true);
  });

  test('kazi audit verify passes an intact trail and names an edited or deleted row', async () => {
    assert.equal(await srv.stop(), 0);
    const db = join(srv.data, 'kazi.db');
    const good = kazi(['audit', 'verify', '--data', srv.data]);
    assert.equal(good.status, 0, good.stderr);
    const head = /head ([0-9a-f]{64})/.exec(good.stdout)[1];
    // The table refuses changes through SQL...
    assert.throws(() => execFileSync('sqlite3', [db, "UPDATE audit SET actor = 'mallory' WHERE id = 3"], { stdio: 'pipe' }));
    // ...so a tamperer drops the guard first.
    const copy = join(tempDir(), 'copy');
    execFileSync('cp', ['-r', srv.data, copy]);
    const cdb = join(copy, 'kazi.db');
    execFileSync('sqlite3', [cdb, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 3"]);
    const edited = kazi(['audit', 'verify', '--data', copy]);
    assert.notEqual(edited.status, 0);
    assert.match(edited.stderr, /row 3 was edited/);
    execFileSync('sqlite3', [db, 'DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 5']);
    const deleted = kazi(['audit', 'verify', '--data', srv.data]);
    assert.notEqual(deleted.status, 0);
    assert.match(deleted.stderr, /row 6 follows row 4/);
    const data2 = initWithAdmin();
    const v = kazi(['audit', 'verify', '--data', data2]);
    const h2 = /head ([0-9a-f]{64})/.exec(v.stdout)[1];
    execFileSync('sqlite3', [join(data2, 'kazi.db'), `DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)`]);
    const tail = kazi(['audit', 'verify', '--data', data2, '--expect-head', h2]);
    assert.notEqual(tail.status, 0, 'deleting the newest row is caught against a recorded head');
    assert.ok(head.length === 64);
  });
});

describe('command line', () => {
  test('kazi init --admin creates the first administrator; a bad password creates nothing', () => {
    const dir = tempDir();
    const pw = join(dir, 'pw');
    writeFileSync(pw, 'short\n');
    const data = join(dir, 'data');
    const r = kazi(['init', '--data', data, '--country', 'tanzania', '--admin', 'root', '--admin-password-file', pw]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /at least 12/);
    assert.equal(existsSync(data), false, 'all or nothing');
    const usage = kazi(['init', '--data', data, '--country', 'tanzania', '--admin', 'root']);
    assert.equal(usage.status, 2);
  });

  test('kazi user add, list, passwd, disable, enable', async () => {
    const data = initWithAdmin();
    const dir = tempDir();
    writeFileSync(join(dir, 'units.csv'), HIERARCHY_CSV);
    assert.equal(kazi(['import', 'org-units', '--data', data, join(dir, 'units.csv')]).status, 0);
    const add = kazi(['user', 'add', '--data', data, '--username', 'juma', '--role', 'district_hr_officer', '--scope', 'R1-D1', '--display-name', 'Juma Mwangi'], { input: 'district password\n' });
    assert.equal(add.status, 0, add.stderr);
    const noScope = kazi(['user', 'add', '--data', data, '--username', 'x', '--role', 'district_hr_officer'], { input: 'district password\n' });
    assert.equal(noScope.status, 1);
    const badScope = kazi(['user', 'add', '--data', data, '--username', 'xyz', '--role', 'district_hr_officer', '--scope', 'NOPE'], { input: 'district password\n' });
    assert.equal(badScope.status, 1);
    assert.match(badScope.stderr, /NOPE/);
    const list = kazi(['user', 'list', '--data', data]);
    assert.match(list.stdout, /juma\s+district_hr_officer\s+R1-D1\s+active/);
    assert.equal(kazi(['user', 'passwd', '--data', data, '--username', 'juma'], { input: 'a changed password\n' }).status, 0);
    assert.equal(kazi(['user', 'disable', '--data', data, '--username', 'juma']).status, 0);
    assert.match(kazi(['user', 'list', '--data', data]).stdout, /juma.*disabled/);
    const srv = await startAccessServer({ data });
    try {
      assert.equal((await login(srv, 'juma', 'a changed password')).status, 401, 'disabled');
      assert.equal(kazi(['user', 'enable', '--data', data, '--username', 'juma']).status, 0);
      assert.equal((await login(srv, 'juma', 'a changed password')).status, 200);
    } finally {
      assert.equal(await srv.stop(), 0);
    }
    const missing = kazi(['user', 'passwd', '--data', data, '--username', 'nobody'], { input: 'whatever password\n' });
    assert.equal(missing.status, 1);
    assert.equal(kazi(['user', 'frobnicate', '--data', data]).status, 2);
    const audit = kazi(['audit', 'verify', '--data', data]);
    assert.equal(audit.status, 0, audit.stderr);
  });
});
