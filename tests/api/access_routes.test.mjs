// The route walk (issue 3, point 7): for every route in the router table — read from
// /api/openapi.json, so routes added later are covered without touching this file —
// prove that no credentials give 401, a role without the route's permission gets 403,
// and an object outside a scoped caller's subtree is 404 (never 403: ids must not
// reveal what exists elsewhere). Lists, searches, exports, import jobs (with their
// rejects.csv), report runs and error messages of scoped callers — sessions and a
// district token — must not contain anything from outside their subtree.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './lib/server.mjs';
import { startAccessServer, seed, mustLogin, bearer, OUTSIDE_MARK } from './lib/access.mjs';

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Tags whose path parameters name configuration (a catalogue kind, a report id), not
// registry objects: the same for every caller. Reports filter their rows by the
// caller's scope themselves (tests/api/plugins.test.mjs, unit test_report_db).
const UNSCOPED_TAGS = new Set(['catalogue', 'reports']);

// Outside data beyond OUTSIDE_MARK: an identifier, and the administrator's national
// report run (its run_by).
const OUTSIDE_NID = 'ZZOUTNID-31337';
const LEAKS = [OUTSIDE_MARK, OUTSIDE_NID, /"run_by":\s*"admin"/];
// The first outside marker in `text`, ignoring what the caller itself `sent`.
function leak(text, sent = '') {
  return LEAKS.find((m) => (typeof m === 'string' ? text.includes(m) && !sent.includes(m) : m.test(text)));
}

function fill(pattern, value) {
  return pattern.replace(/\{[^}]+\}/g, String(value));
}

describe('route walk', () => {
  let srv, fx, routes, roles, sessions, token;
  // Out-of-scope and in-scope objects, by the route's OpenAPI tag (its first path
  // segment). A new resource with {id} routes that a scoped role may use must add
  // its fixtures here; the scope test fails until it does.
  let outside, inside, adminJob;

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
      // Supervision (issue 8): a PSW supervisor on each side supervises the person.
      const sup = await make('/api/v1/people', { given_name: name, family_name: `${name} Supervisor`, residence_org_unit_id: fx.units[unit] });
      const supPost = await make('/api/v1/positions', { title: `${name} supervisor post`, org_unit_id: fx.units[unit], organisation_id: fx.orgs[org], cadre: 'psw-supervisor' });
      await make('/api/v1/assignments', { person_id: sup, position_id: supPost, start_date: '2020-01-01', engagement: 'stipend' });
      side.supervisions = await make('/api/v1/supervisions', { person_id: side.people, supervisor_person_id: sup, type: 'individual', start_date: '2020-02-01' });
    }
    // Training and certificates (issue 7): an event at a venue and a certificate (issued
    // by the administrator's override) on each side.
    for (const [side, unit, name] of [[outside, 'R2-D1', OUTSIDE_MARK], [inside, 'R1-D1', 'Inside']]) {
      side['training-events'] = await make('/api/v1/training-events', { course: 'psw-level-1', title: `${name} training`, venue_org_unit_id: fx.units[unit], start_date: '2026-01-10', end_date: '2026-01-20', capacity: 10 });
      const c = await fx.admin.call('POST', `/api/v1/people/${side.people}/certificates`, { body: { certification: 'psw-certificate', override_reason: 'route walk fixture' } });
      assert.equal(c.status, 201, c.text);
      side.certificates = c.body.id;
    }
    // The outside person's national ID, and the administrator's import job with outside
    // rows (its rejects.csv holds a refused row in full) and national report run.
    const nid = await national.call('PATCH', `/api/v1/people/${outside.people}`, { body: { identifiers: [{ type: 'national_id', value: OUTSIDE_NID }] } });
    assert.equal(nid.status, 200, nid.text);
    const csv = 'given_name,family_name,sex,birth_date,phone,education,residence_code,identifier.national_id\n' +
      `${OUTSIDE_MARK},Rejected,female,1990-13-01,,,R2-D1-W1,${OUTSIDE_NID}-R\n` +
      `${OUTSIDE_MARK},Imported,female,1990-01-01,,,R2-D1-W1,${OUTSIDE_NID}-I\n`;
    const job = await fx.admin.call('POST', '/api/v1/imports?kind=people&partial=true', { raw: csv, headers: { 'content-type': 'text/csv' } });
    assert.equal(job.status, 202, job.text);
    let j;
    do j = await fx.admin.call('GET', `/api/v1/imports/${job.body.id}`); while (j.body.status === 'running');
    assert.equal(j.body.result.rejected, 1, j.text);
    adminJob = job.body.id;
    assert.equal((await fx.admin.call('POST', '/api/v1/reports/org-units/run')).status, 200);
    outside.imports = adminJob; // import jobs belong to their principal: another's job is 404
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

  test('lists, searches, exports, jobs and runs of scoped callers contain nothing outside the subtree', async () => {
    const queries = ['', `?q=${OUTSIDE_MARK}`, '?q=a', `?q=${OUTSIDE_NID}`, `?identifier=${OUTSIDE_NID}`,
      `?parent_id=${fx.units.TZ}`, `?parent_id=${fx.units.R2}`, `?org_unit=${fx.units.R2}`, `?org_unit=${fx.units.R1}`,
      `?person_id=${outside.people}`, `?position_id=${outside.positions}`];
    let walked = 0;
    for (const [who, call, role] of scoped()) {
      for (const r of routes) {
        if (r.method !== 'GET' || !allowed(role, r.permission)) continue;
        // every export file; the administrator's import job and its rejects.csv
        const paths = r.tag === 'exports'
          ? ['people', 'positions', 'assignments'].flatMap((k) => [`${k}.csv`, `${k}.json`]).map((f) => fill(r.pattern, f))
          : [fill(r.pattern, r.tag === 'imports' ? adminJob : inside[r.tag] ?? 1)];
        for (const path of paths) {
          for (const q of queries) {
            const res = await call('GET', path + q);
            const found = leak(res.text);
            assert.ok(!found, `${who}: GET ${path}${q} leaked ${found}: ${res.text.slice(0, 300)}`);
            walked++;
          }
        }
      }
    }
    assert.ok(walked > 500, `only ${walked} requests walked`);
    // The same lists do show in-scope data, so the check above is not vacuous.
    const mine = await sessions.district_hr_officer.call('GET', '/api/v1/org-units/export');
    assert.match(mine.text, /R1-D1-W1-V1/);
    assert.doesNotMatch(mine.text, /R1-D2/);
    const nat = await sessions.national_hr_officer.call('GET', `/api/v1/org-units?q=${OUTSIDE_MARK}`);
    assert.equal(nat.body.org_units.length, 3);
  });

  test('error messages of scoped callers name nothing outside the subtree', async () => {
    const probes = [
      ['POST', '/api/v1/people', { given_name: 'Probe', family_name: 'Probe', residence_org_unit_id: fx.units['R1-D1-W1-V1'], identifiers: [{ type: 'national_id', value: OUTSIDE_NID }] }],
      ['POST', '/api/v1/people', { given_name: OUTSIDE_MARK, family_name: `${OUTSIDE_MARK} Person`, residence_org_unit_id: fx.units['R1-D1-W1-V1'] }],
      ['POST', '/api/v1/supervisions', { person_id: inside.people, supervisor_person_id: outside.people, type: 'individual', start_date: '2021-01-01' }],
      ['POST', '/api/v1/assignments', { person_id: outside.people, position_id: inside.positions, start_date: '2021-01-01', engagement: 'volunteer' }],
      ['POST', '/api/v1/people/' + inside.people + '/merge', { duplicate_id: outside.people }],
      ['GET', `/api/v1/people?org_unit=${fx.units.R2}`],
      ['GET', `/api/v1/exports/people.csv?org_unit=${fx.units['R2-D1']}`],
      ['GET', `/api/v1/imports/${adminJob}/rejects.csv`],
    ];
    for (const [who, call] of scoped()) {
      for (const [method, path, body] of probes) {
        const res = await call(method, path, { body });
        // the outside person's id, unless the caller sent it
        const sent = JSON.stringify(body ?? '') + path;
        const id = new RegExp(`\\b${outside.people}\\b`);
        const found = leak(res.text, sent) || (!id.test(sent) && id.test(res.body?.error?.message ?? '') && `id ${outside.people}`);
        assert.ok(!found, `${who}: ${method} ${path} leaked ${found}: ${res.text.slice(0, 300)}`);
      }
    }
  });
});
