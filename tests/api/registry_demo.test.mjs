// Synthetic data (issue 6, point 7; issue 15, point 6): `kazi demo-data` builds the
// configured country deterministically, only into an empty register, and the registry
// serves it. tests/api/demo_rules.test.mjs checks it against the configuration's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { api, kazi } from './lib/server.mjs';
import { initWithAdmin, startAccessServer, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

const dump = (data) => execFileSync('sqlite3', [`${data}/kazi.db`,
  'SELECT given_name, family_name, other_names, sex, birth_date, phone, languages, residence_org_unit_id FROM person ORDER BY id;' +
  'SELECT type, value, person_id FROM person_identifier ORDER BY 1, 2;' +
  'SELECT code, cadre, level, org_unit_id, organisation_id, approved FROM position ORDER BY id;' +
  'SELECT person_id, position_id, start_date, end_date, engagement, pay_amount, end_reason FROM assignment ORDER BY id;' +
  'SELECT code, name, path FROM org_unit ORDER BY id;' +
  'SELECT course, course_version, venue_org_unit_id, start_date, end_date FROM training_event ORDER BY id;' +
  'SELECT event_id, person_id FROM training_trainer ORDER BY 1, 2;' +
  'SELECT event_id, person_id, travelled, attended, passed, score, completed_date FROM enrolment ORDER BY id;' +
  'SELECT person_id, kind, what, approved_date, equivalent_course FROM prior_learning ORDER BY id;' +
  'SELECT number, person_id, certification, issued_date, expires_date, status, renews_id FROM certificate ORDER BY id;' +
  'SELECT person_id, supervisor_person_id, session_date, duration_minutes FROM supervision_session ORDER BY id;' +
  'SELECT person_id, move, from_assignment_id, to_assignment_id, move_date FROM career_move ORDER BY id;'],
  { encoding: 'utf8', maxBuffer: 1 << 28 });
const sql = (data, q) => execFileSync('sqlite3', [`${data}/kazi.db`, q], { encoding: 'utf8' }).trim();

test('the same seed gives the same country; another seed another', () => {
  const a = initWithAdmin(), b = initWithAdmin(), c = initWithAdmin();
  for (const [d, seed] of [[a, '5'], [b, '5'], [c, '6']]) {
    const r = kazi(['demo-data', '--data', d, '--people', '400', '--seed', seed]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Generated \d{4,} org units, \d+ organisations, 400 people, .* in \d+\.\d s/);
  }
  assert.equal(dump(a), dump(b));
  assert.notEqual(dump(a), dump(c));
  const again = kazi(['demo-data', '--data', a, '--people', '10']);
  assert.equal(again.status, 1, 'only into an empty register');
  assert.match(again.stderr, /empty register/);
  assert.equal(kazi(['demo-data', '--data', a]).status, 2);
  assert.equal(kazi(['demo-data', '--data', a, '--people', 'many']).status, 2);
});

// Every table's rows, each table named by the database itself (so a summary table a
// later migration adds, and the triggers keeping it, are compared without being named
// here), without the columns that hold the time of writing; then the schema (every index
// and trigger back) and the journal mode.
const everything = (data) => {
  const tables = sql(data, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name").split('\n');
  const parts = tables.map((t) => {
    const cols = sql(data, `SELECT group_concat('"' || name || '"') FROM pragma_table_info('${t}') WHERE name NOT LIKE '%\\_at' ESCAPE '\\' AND name NOT IN ('at', 'hash', 'prev_hash', 'after_json')`);
    return `== ${t}\n` + execFileSync('sqlite3', [`${data}/kazi.db`, `SELECT ${cols} FROM "${t}" ORDER BY ${cols}`],
      { encoding: 'utf8', maxBuffer: 1 << 28 });
  });
  return parts.join('') + sql(data, 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY 1, 2; PRAGMA journal_mode; PRAGMA integrity_check');
};

test('bulk generation writes the register row-by-row generation writes, summaries included', () => {
  // Bulk (the default: person's indexes and person_place built once after the people,
  // the payments committed together) against every row through its indexes and triggers.
  const a = initWithAdmin(), b = `${a}-row-by-row`;
  cpSync(a, b, { recursive: true }); // one configuration commit for both
  const bulk = kazi(['demo-data', '--data', a, '--people', '500', '--seed', '7']);
  assert.equal(bulk.status, 0, bulk.stderr);
  const rows = kazi(['demo-data', '--data', b, '--people', '500', '--seed', '7', '--row-by-row']);
  assert.equal(rows.status, 0, rows.stderr);
  const [x, y] = [everything(a), everything(b)];
  assert.match(x, /== person_place\n\d+\|/, 'person_place was built');
  assert.match(x, /== cadre_place_count\n\d+\|/);
  assert.match(x, /\nwal\nok$/, 'back to the WAL, whole');
  assert.ok(x === y, 'the same register both ways');
});

test('the generated country has the levels of its configuration and is searchable', async () => {
  const data = initWithAdmin();
  assert.equal(kazi(['demo-data', '--data', data, '--people', '2000', '--seed', '11']).status, 0);
  const srv = await startAccessServer({ data });
  try {
    const admin = await mustLogin(srv, ADMIN, ADMIN_PW);
    const top = await admin.call('GET', '/api/v1/org-units');
    const tz = top.body.org_units[0];
    assert.equal(tz.name, 'Tanzania');
    const regions = await admin.call('GET', `/api/v1/org-units/${tz.id}/children?limit=100`);
    assert.ok(regions.body.org_units.length >= 24 && regions.body.org_units.length <= 36);
    assert.ok(regions.body.org_units.every((u) => / Region$/.test(u.name)), 'named with the level');
    const people = await admin.call('GET', '/api/v1/people?limit=1');
    assert.equal(people.body.total, 2000);
    const psw = await admin.call('GET', '/api/v1/people?cadre=psw&limit=1');
    const swo = await admin.call('GET', '/api/v1/people?cadre=swo&limit=1');
    assert.ok(psw.body.total > 5 * swo.body.total, 'many more para social workers than officers');
    assert.ok(swo.body.total > 0);
    const vacant = await admin.call('GET', '/api/v1/positions?vacant=true&limit=1');
    assert.ok(vacant.body.total > 50);
    const women = await admin.call('GET', '/api/v1/people?sex=female&limit=1');
    assert.ok(women.body.total > 900 && women.body.total < 1400);
    const one = people.body.items[0];
    assert.match(one.identifiers[0].value, /^\d{8}-\d{5}-\d{5}$/);
    const asg = await admin.call('GET', '/api/v1/exports/assignments.json');
    const kinds = new Set(asg.body.map((a) => a.engagement));
    assert.deepEqual([...kinds].sort(), ['salaried', 'stipend', 'volunteer']);
    assert.ok(asg.body.some((a) => a.end_reason === 'promotion'), 'some history');
    // Volunteers are reimbursed (transport, lunch) most months, some not this month: the
    // dashboard's "volunteers without reimbursement" is a part of the volunteers, not all.
    const d = await admin.call('GET', '/api/v1/figures/dashboard');
    assert.equal(d.status, 200, d.text);
    const { volunteers, volunteers_without_reimbursement: without } = d.body.pay;
    assert.ok(volunteers > 100 && without > volunteers / 20 && without < volunteers / 2, JSON.stringify(d.body.pay));
    const month = d.body.period;
    const reimbursed = Number(sql(data, `SELECT count(DISTINCT person_id) FROM payment WHERE kind = 'reimbursement' AND period = '${month}'`));
    assert.equal(reimbursed, volunteers - without, 'every reimbursed worker of the month is a volunteer in post');
    const earlier = Number(sql(data, `SELECT count(DISTINCT period) FROM payment WHERE kind = 'reimbursement' AND period < '${month}'`));
    assert.ok(earlier >= 1, 'reimbursements of earlier months too');
  } finally {
    assert.equal(await srv.stop(), 0);
  }
});

test('demo people have a training, certification, supervision and promotion history', async () => {
  const data = initWithAdmin();
  const r = kazi(['demo-data', '--data', data, '--people', '3000', '--seed', '3']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /History: [1-9]\d* training events, [1-9]\d* enrolments, [1-9]\d* prior-learning credits, [1-9]\d* certificates \([1-9]\d* revoked\), [1-9]\d* supervision sessions, [1-9]\d* moves/);
  // Realistic proportions: most para social workers trained at Level 1, fewer certified.
  const l1 = Number(sql(data, "SELECT count(DISTINCT person_id) FROM enrolment e JOIN training_event t ON t.id = e.event_id WHERE t.course = 'psw-level-1' AND e.passed = 1"));
  const certified = Number(sql(data, "SELECT count(DISTINCT person_id) FROM certificate WHERE certification = 'psw-certificate'"));
  assert.ok(l1 > 500 && certified > 50 && certified < l1, `${l1} trained, ${certified} certified`);
  assert.equal(sql(data, "SELECT count(*) FROM training_event t WHERE NOT EXISTS (SELECT 1 FROM training_trainer x WHERE x.event_id = t.id)"), '0', 'every event has a trainer from the register');
  assert.equal(sql(data, "SELECT count(*) FROM training_event t JOIN org_unit u ON u.id = t.venue_org_unit_id WHERE u.level_id <> 'district'"), '0', 'venues are district councils of the hierarchy');
  const today = new Date().toISOString().slice(0, 10);
  assert.ok(Number(sql(data, `SELECT count(*) FROM certificate WHERE status = 'valid' AND expires_date < '${today}'`)) > 0, 'some expired');
  assert.ok(Number(sql(data, `SELECT count(*) FROM certificate WHERE renews_id IS NOT NULL`)) > 0, 'some renewed');
  // The endpoints work on demo people.
  const holder = sql(data, `SELECT person_id FROM certificate c WHERE certification = 'psw-certificate' AND status = 'valid' AND expires_date > '${today}' ORDER BY id LIMIT 1`);
  const learner = sql(data, "SELECT e.person_id FROM enrolment e JOIN training_event t ON t.id = e.event_id WHERE t.course = 'psw-level-1' AND e.passed = 1 AND e.person_id NOT IN (SELECT e2.person_id FROM enrolment e2 JOIN training_event t2 ON t2.id = e2.event_id WHERE t2.course = 'psw-level-2') ORDER BY e.person_id LIMIT 1");
  const revoked = sql(data, "SELECT number FROM certificate WHERE status = 'revoked' ORDER BY id LIMIT 1");
  const promoted = sql(data, "SELECT person_id FROM career_move ORDER BY id LIMIT 1");
  const srv = await startAccessServer({ data });
  try {
    const admin = await mustLogin(srv, ADMIN, ADMIN_PW);
    let e = await admin.call('GET', `/api/v1/people/${holder}/eligibility`);
    assert.equal(e.status, 200, e.text);
    const psw = e.body.items.find((x) => x.certification === 'psw-certificate');
    assert.equal(psw.eligible, true, JSON.stringify(psw.missing));
    e = await admin.call('GET', `/api/v1/people/${learner}/eligibility`);
    const gap = e.body.items.find((x) => x.certification === 'psw-certificate');
    assert.equal(gap.eligible, false);
    assert.match(JSON.stringify(gap.missing), /Level 2/);
    const certs = await admin.call('GET', `/api/v1/people/${holder}/certificates`);
    assert.equal(certs.status, 200);
    assert.match(JSON.stringify(certs.body), /PSW-CERTIFICATE-\d{4}-\d{6}/);
    const expiring = await admin.call('GET', '/api/v1/certificates/expiring?days=365');
    assert.equal(expiring.status, 200);
    assert.ok(JSON.stringify(expiring.body).includes('CERTIFICATE-'), 'some expire within the year');
    const v = (await api(srv.url, 'GET', `/api/v1/verify/certificates/${revoked}`)).body;
    assert.equal(v.valid, false, 'a revoked demo certificate does not verify');
    // Numbers issued before the random part (the demo's history) keep working, in any case.
    assert.match(revoked, /^[A-Z-]+-\d{4}-\d{6}$/);
    const old = await fetch(`${srv.url}/api/v1/verify/certificates/${revoked.toLowerCase()}`).then((x) => x.json());
    assert.deepEqual([old.number, old.valid], [revoked, false]);
    const moves = await admin.call('GET', `/api/v1/people/${promoted}/moves`);
    assert.equal(moves.status, 200);
    assert.match(JSON.stringify(moves.body), /->/);
    const events = await admin.call('GET', '/api/v1/training-events?limit=5');
    assert.equal(events.status, 200);
    assert.ok(JSON.stringify(events.body).includes('psw-'));
  } finally {
    assert.equal(await srv.stop(), 0);
  }
});
