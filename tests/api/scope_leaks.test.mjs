// Issue 14 point 1: outside the caller's scope is indistinguishable from absent, API
// tokens are principals of their own, the analyst sees aggregates only, and no answer
// carries the server's file paths. Each test here failed on the code before the
// caller redesign (the comment above each assertion says how).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { registryServer, createPerson, createPosition, personBody } from './lib/registry.mjs';
import { bearer, startAccessServer, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

const OUT_NID = 'ZZOUT-NID-4242';

let srv, ids, who, outside, token;
before(async () => {
  ({ srv, ids, who } = await registryServer());
  // A person in the other region, with a distinctive name and national ID; holds no post.
  outside = await createPerson(who.national, ids, {
    given_name: 'Zzoutsidegiven', family_name: 'Zzoutsidefamily', birth_date: '1971-07-07',
    residence_org_unit_id: ids.V3, identifiers: [{ type: 'national_id', value: OUT_NID }],
  });
  const t = await who.admin.call('POST', '/api/v1/tokens', {
    body: { name: 'district feed', role: 'district_hr_officer', scope_org_unit_id: ids.D1, expires_in_days: 30 },
  });
  assert.equal(t.status, 201, t.text);
  token = t.body;
});
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

/** The message with every integer replaced, to compare two refusals. */
const shape = (r) => `${r.status} ${r.body?.error?.field} ${r.body?.error?.message?.replace(/\d+/g, 'N')}`;

describe('outside the scope reads like absent', () => {
  test('an outside national ID is refused without naming its holder', async () => {
    const r = await who.district.call('POST', '/api/v1/people', {
      body: personBody(ids, { identifiers: [{ type: 'national_id', value: OUT_NID }] }),
    });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.field, 'identifiers');
    // before: "identifier national_id '…' already belongs to person <id>"
    assert.match(r.body.error.message, /exists outside your area; ask a national officer/);
    assert.doesNotMatch(r.body.error.message, /national_id/, 'the identifier type by its name, not its id');
    assert.ok(!r.text.includes(`person ${outside.id}`) && !/\bperson \d+/.test(r.text), r.text);
    // a national officer is told who holds it
    const n = await who.national.call('POST', '/api/v1/people', {
      body: personBody(ids, { identifiers: [{ type: 'national_id', value: OUT_NID }] }),
    });
    assert.equal(n.status, 409);
    // by name, not id: "The National id '…' already belongs to <given> <family>"
    assert.match(n.body.error.message, new RegExp(`belongs to ${outside.given_name} ${outside.family_name}$`));
  });

  test('a look-alike of an outside person is flagged without the outside id', async () => {
    const body = personBody(ids, { given_name: 'Zzoutsidegiven', family_name: 'Zzoutsidefamily', birth_date: '1971-07-07' });
    const r = await who.district.call('POST', '/api/v1/people', { body });
    assert.equal(r.status, 201, r.text);
    // before: review_duplicate_of: <the outside person's id>
    assert.equal(r.body.review_duplicate_of, null);
    assert.equal(r.body.review_duplicate_outside, true);
    for (const path of [`/api/v1/people/${r.body.id}`, `/api/v1/people/${r.body.id}/history`, '/api/v1/people?review=true']) {
      const g = await who.district.call('GET', path);
      assert.equal(g.status, 200, path);
      assert.ok(!JSON.stringify(g.body).includes(`"review_duplicate_of":${outside.id}`), path);
    }
    // the national officer, who sees both, is told which record it resembles
    const n = await who.national.call('GET', `/api/v1/people/${r.body.id}`);
    assert.equal(n.body.review_duplicate_of, outside.id);
  });

  test('probing supervisor_person_id cannot tell an outside person from no person', async () => {
    const worker = await createPerson(who.district, ids);
    const post = await createPosition(who.district, ids);
    const a = await who.district.call('POST', '/api/v1/assignments', {
      body: { person_id: worker.id, position_id: post.id, start_date: '2024-01-01', engagement: 'volunteer' },
    });
    assert.equal(a.status, 201, a.text);
    const probe = (sup) => who.district.call('POST', '/api/v1/supervisions', {
      body: { person_id: worker.id, supervisor_person_id: sup, type: 'individual', start_date: '2024-02-01' },
    });
    const absent = await probe(99999999);
    const out = await probe(outside.id);
    assert.equal(absent.status, 422, absent.text);
    // before: the outside person answered "… holds no post …", the absent one "no person"
    assert.equal(shape(out), shape(absent));
  });

  test('?org_unit= outside the scope, an ancestor included, is refused the same way by lists and exports', async () => {
    const refusals = [];
    for (const unit of [ids.R1, ids.TZ, ids.D2, 99999999]) {
      for (const path of [`/api/v1/people?org_unit=${unit}`, `/api/v1/positions?org_unit=${unit}`,
        `/api/v1/exports/people.csv?org_unit=${unit}`]) {
        const r = await who.district.call('GET', path);
        // before: /people accepted the ancestor R1 (200) while /exports refused it
        assert.equal(r.status, 422, `${path}: ${r.text}`);
        assert.equal(r.body.error.field, 'org_unit');
        refusals.push(shape(r));
      }
    }
    assert.equal(new Set(refusals).size, 1, refusals.join('\n'));
    // inside the scope both narrow alike
    const p = await who.district.call('GET', `/api/v1/people?org_unit=${ids.V1}`);
    const e = await who.district.call('GET', `/api/v1/exports/people.json?org_unit=${ids.V1}`);
    assert.equal(p.status, 200);
    assert.equal(e.status, 200);
    assert.deepEqual(e.body.map((x) => x.id).sort(), p.body.items.map((x) => x.id).sort());
  });
});

describe('an API token is a principal of its own', () => {
  test('its creator\'s import jobs, rejects and report runs are not the token\'s', async () => {
    const csv = 'given_name,family_name,sex,birth_date,phone,education,residence_code,identifier.national_id\n' +
      'Zzrejected,Outsider,female,1990-13-01,,,R2-D1-W1-V1,ZZREJ-1\n' +
      'Zzaccepted,Outsider,female,1990-01-01,,,R2-D1-W1-V1,ZZREJ-2\n';
    const job = await who.admin.call('POST', '/api/v1/imports?kind=people&partial=true&wait=false',
      { raw: csv, headers: { 'content-type': 'text/csv' } });
    assert.equal(job.status, 202, job.text);
    let j;
    do j = await who.admin.call('GET', `/api/v1/imports/${job.body.id}`); while (j.body.status === 'running');
    assert.equal((await who.admin.call('GET', `/api/v1/imports/${job.body.id}/rejects.csv`)).status, 200);
    const run = await who.admin.call('POST', '/api/v1/reports/org-units/run');
    assert.equal(run.status, 200, run.text);

    // before: the token acted as its creator (the administrator) and read all three
    const tj = await bearer(srv, token.token, 'GET', `/api/v1/imports/${job.body.id}`);
    assert.equal(tj.status, 404, tj.text);
    const tr = await bearer(srv, token.token, 'GET', `/api/v1/imports/${job.body.id}/rejects.csv`);
    assert.equal(tr.status, 404);
    assert.ok(!tr.text.includes('Zzrejected'));
    const tl = await bearer(srv, token.token, 'GET', '/api/v1/imports');
    assert.equal(tl.status, 200, tl.text);
    assert.ok(!tl.body.imports.some((x) => x.id === job.body.id), 'the creator\'s job is not in the token\'s list');
    const runs = await bearer(srv, token.token, 'GET', '/api/v1/reports/runs');
    assert.equal(runs.status, 200, runs.text);
    assert.ok(!runs.body.runs.some((r) => r.id === run.body.run_id), 'the national run is not the token\'s');

    // the token's own run, job and changes are the token's
    const own = await bearer(srv, token.token, 'POST', '/api/v1/reports/org-units/run');
    assert.equal(own.status, 200, own.text);
    const mine = await bearer(srv, token.token, 'GET', '/api/v1/reports/runs');
    const rec = mine.body.runs.find((r) => r.id === own.body.run_id);
    assert.equal(rec.run_by, `token:${token.id}`);
    assert.ok(!rec.user_id, 'no user: the token');
    const p = await bearer(srv, token.token, 'POST', '/api/v1/people', { body: personBody(ids) });
    assert.equal(p.status, 201, p.text);
    const audit = (await who.admin.call('GET', `/api/v1/audit?entity_type=person&entity_id=${p.body.id}`)).body.audit;
    assert.equal(audit[0].actor, `token:${token.id}`);
    assert.equal(audit[0].actor_user_id || 0, 0, 'not the creator\'s row');
  });
});

describe('the analyst sees aggregates only (docs/security.md)', () => {
  test('no positions, assignments or exports', async () => {
    const post = await createPosition(who.national, ids);
    // before: positions.read and exports.run were granted (holders, pay per post, the people export)
    for (const path of ['/api/v1/positions', `/api/v1/positions/${post.id}`, `/api/v1/assignments?position_id=${post.id}`,
      '/api/v1/exports/people.csv', '/api/v1/exports/positions.json']) {
      const r = await who.analyst.call('GET', path);
      assert.equal(r.status, 403, `${path}: ${r.status}`);
    }
    const me = await who.analyst.call('GET', '/api/v1/auth/me');
    assert.ok(!me.body.permissions.includes('positions.read') && !me.body.permissions.includes('exports.run'));
  });
});

describe('configuration ids', () => {
  test('a configuration folder is named, never the server\'s path', async () => {
    const share = process.env.KAZI_SHARE_DIR || '.';
    const s = await startAccessServer({ args: ['--admin-totp', 'optional', '--config', join(share, 'country-config', 'tanzania')] });
    try {
      const admin = await mustLogin(s, ADMIN, ADMIN_PW);
      const c = await admin.call('GET', '/api/v1/catalogue');
      assert.equal(c.status, 200);
      // before: "dir:/…/country-config/tanzania"
      assert.equal(c.body.source, 'dir:tanzania');
      assert.ok(!c.text.includes(share), 'no server path anywhere in the catalogue');
    } finally {
      assert.equal(await s.stop(), 0);
    }
  });
});
