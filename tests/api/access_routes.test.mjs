// The route walk (issue 3, point 7): for every route in the router table — read from
// /api/openapi.json, so routes added later are covered without touching this file —
// prove that no credentials give 401, a role without the route's permission gets 403,
// and an object outside a scoped caller's subtree is 404 (never 403: ids must not
// reveal what exists elsewhere). Lists, searches and exports of scoped callers must
// not contain anything from outside their subtree.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './lib/server.mjs';
import { startAccessServer, seed, mustLogin, bearer, OUTSIDE_MARK } from './lib/access.mjs';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Tags whose path parameters name configuration (a catalogue kind, a report id), not
// registry objects: the same for every caller. Reports filter their rows by the
// caller's scope themselves (tests/api/plugins.test.mjs, unit test_report_db).
const UNSCOPED_TAGS = new Set(['catalogue', 'reports']);

function fill(pattern, value) {
  return pattern.replace(/\{[^}]+\}/g, String(value));
}

describe('route walk', () => {
  let srv, fx, routes, roles, sessions, token;
  // Out-of-scope and in-scope objects, by the route's OpenAPI tag (its first path
  // segment). A new resource with {id} routes that a scoped role may use must add
  // its fixtures here; the scope test fails until it does.
  let outside, inside;

  before(async () => {
    srv = await startAccessServer();
    fx = await seed(srv);
    outside = { 'org-units': fx.units['R2-D1'], organisations: fx.orgs['NGO-OUT'] };
    inside = { 'org-units': fx.units['R1-D1'], organisations: fx.orgs['NGO-IN'] };
    // Registry (issue 6): a person, a position and an assignment on each side.
    const national = await mustLogin(srv, 'national');
    const make = async (path, body) => {
      const r = await national.call('POST', path, { body });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    for (const [side, unit, org, name] of [[outside, 'R2-D1-W1', 'NGO-OUT', OUTSIDE_MARK], [inside, 'R1-D1-W1-V1', 'NGO-IN', 'Inside']]) {
      side.people = await make('/api/v1/people', { given_name: name, family_name: `${name} Person`, residence_org_unit_id: fx.units[unit] });
      side.positions = await make('/api/v1/positions', { title: `${name} post`, org_unit_id: fx.units[unit], organisation_id: fx.orgs[org], cadre: 'psw' });
      side.assignments = await make('/api/v1/assignments', { person_id: side.people, position_id: side.positions, start_date: '2020-01-01', engagement: 'volunteer' });
    }
    // Training and certificates (issue 7): an event at a venue and a certificate (issued
    // by the administrator's override) on each side.
    for (const [side, unit, name] of [[outside, 'R2-D1', OUTSIDE_MARK], [inside, 'R1-D1', 'Inside']]) {
      side['training-events'] = await make('/api/v1/training-events', { course: 'psw-level-1', title: `${name} training`, venue_org_unit_id: fx.units[unit], start_date: '2026-01-10', end_date: '2026-01-20', capacity: 10 });
      const c = await fx.admin.call('POST', `/api/v1/people/${side.people}/certificates`, { body: { certification: 'psw-certificate', override_reason: 'route walk fixture' } });
      assert.equal(c.status, 201, c.text);
      side.certificates = c.body.id;
    }
    outside.imports = 999999; // import jobs are per user: another user's job id is 404
    outside.exports = 999999; // only people/positions/assignments .csv/.json exist
    const doc = (await api(srv.url, 'GET', '/api/openapi.json')).body;
    routes = [];
    for (const [pattern, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const permission = op['x-kazi-permission'];
        if (permission === 'public') continue;
        routes.push({ method: method.toUpperCase(), pattern, permission, tag: op.tags[0] });
      }
    }
    roles = (await fx.admin.call('GET', '/api/v1/auth/roles')).body.roles;
    sessions = { administrator: fx.admin };
    for (const [name, u] of Object.entries(fx.users)) sessions[u.role] = await mustLogin(srv, name);
    const t = await fx.admin.call('POST', '/api/v1/tokens', {
      body: { name: 'district integration', role: 'district_hr_officer', scope_org_unit_id: fx.units['R1-D1'], expires_in_days: 30 },
    });
    assert.equal(t.status, 201, t.text);
    token = t.body.token;
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  function permsOf(role) {
    return roles.find((r) => r.role === role).permissions;
  }
  function allowed(role, permission) {
    const p = permsOf(role);
    return p.includes('*') || p.includes(permission);
  }

  test('the table has protected routes to walk', () => {
    assert.ok(routes.length >= 20, `only ${routes.length} protected routes`);
    assert.ok(routes.every((r) => typeof r.permission === 'string' && r.permission.length));
  });

  test('no credentials (or bad ones) → 401 on every protected route', async () => {
    for (const r of routes) {
      const path = fill(r.pattern, 1);
      const body = WRITE.has(r.method) ? {} : undefined;
      for (const headers of [{}, { cookie: 'kazi_session=' + 'a'.repeat(64) }, { authorization: 'Bearer kz_' + '0'.repeat(64) }, { authorization: 'Basic YTpi' }]) {
        const res = await api(srv.url, r.method, path, { body, headers });
        assert.equal(res.status, 401, `${r.method} ${r.pattern} with ${JSON.stringify(headers)}: ${res.text}`);
        assert.equal(res.body.error.code.startsWith('unauth') || res.body.error.code === 'session_expired', true);
      }
    }
  });

  test('a role without the permission → 403 on every route, for sessions and tokens', async () => {
    let denied = 0;
    for (const role of Object.keys(sessions)) {
      for (const r of routes) {
        if (allowed(role, r.permission)) continue;
        const res = await sessions[role].call(r.method, fill(r.pattern, 1), { body: WRITE.has(r.method) ? {} : undefined });
        assert.equal(res.status, 403, `${role}: ${r.method} ${r.pattern} (${r.permission}): ${res.text}`);
        assert.equal(res.body.error.code, 'forbidden');
        denied++;
      }
    }
    for (const r of routes) {
      if (allowed('district_hr_officer', r.permission)) continue;
      const res = await bearer(srv, token, r.method, fill(r.pattern, 1), { body: WRITE.has(r.method) ? {} : undefined });
      assert.equal(res.status, 403, `token: ${r.method} ${r.pattern}: ${res.text}`);
    }
    assert.ok(denied > 50, `only ${denied} denials checked`);
  });

  test('a role with the permission gets past authorization on every GET route', async () => {
    for (const role of Object.keys(sessions)) {
      for (const r of routes) {
        if (r.method !== 'GET' || !allowed(role, r.permission)) continue;
        const tag = r.tag;
        const id = inside[tag] ?? 1;
        const res = await sessions[role].call('GET', fill(r.pattern, id));
        assert.ok(![401, 403].includes(res.status), `${role}: GET ${r.pattern}: ${res.status} ${res.text}`);
      }
    }
  });

  const scoped = () => [
    ['district_hr_officer session', (m, p, o) => sessions.district_hr_officer.call(m, p, o), 'district_hr_officer'],
    ['supervisor session', (m, p, o) => sessions.supervisor.call(m, p, o), 'supervisor'],
    ['trainer session', (m, p, o) => sessions.trainer.call(m, p, o), 'trainer'],
    ['district token', (m, p, o) => bearer(srv, token, m, p, o), 'district_hr_officer'],
  ];

  test('an object outside the caller\'s subtree → 404 for reads and writes alike', async () => {
    let checked = 0;
    for (const [who, call, role] of scoped()) {
      for (const r of routes) {
        if (!r.pattern.includes('{') || !allowed(role, r.permission) || UNSCOPED_TAGS.has(r.tag)) continue;
        assert.ok(r.tag in outside, `${r.method} ${r.pattern}: add an out-of-scope fixture for "${r.tag}" to this test`);
        const res = await call(r.method, fill(r.pattern, outside[r.tag]), { body: WRITE.has(r.method) ? {} : undefined });
        assert.equal(res.status, 404, `${who}: ${r.method} ${r.pattern}: ${res.text}`);
        assert.ok(!res.text.includes(OUTSIDE_MARK), `${who}: ${r.pattern} leaked a name`);
        checked++;
      }
    }
    assert.ok(checked >= 8, `only ${checked} scoped objects checked`);
  });

  test('lists, searches and exports of scoped callers contain nothing outside the subtree', async () => {
    for (const [who, call, role] of scoped()) {
      for (const r of routes) {
        if (r.method !== 'GET' || !allowed(role, r.permission)) continue;
        const path = fill(r.pattern, inside[r.tag] ?? 1);
        for (const q of ['', `?q=${OUTSIDE_MARK}`, '?q=a', `?parent_id=${fx.units.TZ}`, `?parent_id=${fx.units.R2}`]) {
          const res = await call('GET', path + q);
          assert.ok(!res.text.includes(OUTSIDE_MARK), `${who}: GET ${path}${q} leaked: ${res.text.slice(0, 300)}`);
        }
      }
    }
    // The same lists do show in-scope data, so the check above is not vacuous.
    const mine = await sessions.district_hr_officer.call('GET', '/api/v1/org-units/export');
    assert.match(mine.text, /R1-D1-W1-V1/);
    assert.doesNotMatch(mine.text, /R1-D2/);
    const nat = await sessions.national_hr_officer.call('GET', `/api/v1/org-units?q=${OUTSIDE_MARK}`);
    assert.equal(nat.body.org_units.length, 3);
  });
});
