// Names, not ids (issue 15, point 3): every message a user sees names a cadre, course,
// certification or person by its name and a field in plain words — never `ccv`,
// `person 5001` or `end_date` — while the error body keeps the machine field name in
// "field". Proved on Lakeland (tests/plugins/lakeland, a country made for the tests), so
// no Tanzanian name can pass by accident; its import templates show Lakeland's values.
// The same messages in Swahili and Chichewa are messages_sw.test.mjs.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kazi, tempDir } from './lib/server.mjs';
import { lakelandServer } from './lib/lakeland.mjs';

/** No machine id of Lakeland's in a message: cadre, course, certification ids, field names. */
const IDS = /\b(ccv|cpw|swo|ccv-induction|ccv-certificate|cpw-course|end_date|start_date|person_id|supervisor_person_id)\b|person \d+/;

describe('Kazi\'s messages name things (Lakeland, English)', () => {
  let srv, admin, units, org, people, posts;
  before(async () => {
    ({ srv, admin, units, org, people, posts } = await lakelandServer());
  });
  after(async () => { if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('a move from a post the person does not hold names the cadre ("hold a current <cadre> post")', async () => {
    const r = await admin.call('GET', `/api/v1/people/${people.mphatso}/career`);
    assert.equal(r.status, 200, r.text);
    const move = r.body.others.find((m) => m.move === 'ccv->cpw' || (m.to === 'cpw'));
    assert.ok(move, JSON.stringify(r.body));
    const first = move.missing[0];
    assert.equal(first.from_cadre, 'ccv', 'the machine id stays for the UI');
    assert.equal(first.en, 'hold a current Community care volunteer post');
    assert.equal(first.text, 'hold a current Community care volunteer post', 'the text in the chosen language');
    // a rule's own items carry their text in the chosen language too
    for (const m of move.missing) assert.equal(typeof m.text, 'string', JSON.stringify(m));
  });

  test('a supervisor of the wrong cadre: the refusal names the cadres, not their ids', async () => {
    const r = await admin.call('POST', '/api/v1/supervisions', { body: { person_id: people.chisomo,
      supervisor_person_id: people.thoko, type: 'individual', start_date: '2024-01-01' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'supervisor_person_id');
    assert.equal(r.body.error.message, 'A Community care volunteer must be supervised by a Child protection ' +
      'worker or Social welfare officer (the supervisor is a Community care volunteer)');
    assert.doesNotMatch(r.body.error.message, IDS);
  });

  test('a post already held names its holder', async () => {
    const r = await admin.call('POST', '/api/v1/assignments', { body: { person_id: people.thoko,
      position_id: posts.chisomo, start_date: '2024-01-01', engagement: 'stipend' } });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.field, 'position_id');
    assert.equal(r.body.error.message, 'Chisomo Banda already holds this position; end that assignment first');
  });

  test('a session with someone who is not the worker\'s supervisor names both people', async () => {
    const r = await admin.call('POST', '/api/v1/supervision-sessions', { body: { person_id: people.chisomo,
      supervisor_person_id: people.thoko, session_date: '2024-06-01', duration_minutes: 60, mode: 'in_person' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'supervisor_person_id');
    assert.equal(r.body.error.message, 'Chisomo Banda is not currently supervised by Thoko Mwale: assign the supervisor first');
  });

  test('an end before the start is said in plain words; "field" keeps the machine name', async () => {
    const ev = await admin.call('POST', '/api/v1/training-events', { body: { course: 'ccv-induction',
      venue_org_unit_id: units['LL-S-ZA'], start_date: '2026-03-10', end_date: '2026-03-01', capacity: 10 } });
    assert.equal(ev.status, 422, ev.text);
    assert.equal(ev.body.error.field, 'end_date');
    assert.equal(ev.body.error.message, 'The end date is before the start date');
    const sv = await admin.call('POST', '/api/v1/supervisions', { body: { person_id: people.chisomo,
      supervisor_person_id: people.mphatso, type: 'individual', start_date: '2024-05-01', end_date: '2024-04-01' } });
    assert.equal(sv.status, 422, sv.text);
    assert.equal(sv.body.error.field, 'end_date');
    assert.equal(sv.body.error.message, 'The end date is before the start date');
  });

  test('enrolling a trainee twice names the trainee, not "person <id>"', async () => {
    const ev = await admin.call('POST', '/api/v1/training-events', { body: { course: 'ccv-induction',
      venue_org_unit_id: units['LL-S-ZA'], start_date: '2026-03-01', end_date: '2026-03-10', capacity: 10 } });
    assert.equal(ev.status, 201, ev.text);
    const path = `/api/v1/training-events/${ev.body.id}/enrolments`;
    assert.equal((await admin.call('POST', path, { body: { person_id: people.chisomo } })).status, 201);
    const again = await admin.call('POST', path, { body: { person_id: people.chisomo } });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.error.field, 'person_id');
    assert.equal(again.body.error.message, 'Chisomo Banda is already enrolled in this event');
    const some = await admin.call('POST', path, { body: { person_ids: [people.thoko, people.chisomo] } });
    assert.equal(some.status, 409, some.text);
    assert.match(some.body.error.message, /^Chisomo Banda is already enrolled/);
    assert.doesNotMatch(some.body.error.message, IDS);
  });

  test('a certificate or a move refused names the person, the certification or cadres, and what is missing', async () => {
    const c = await admin.call('POST', `/api/v1/people/${people.chisomo}/certificates`, { body: { certification: 'ccv-certificate' } });
    assert.equal(c.status, 409, c.text);
    assert.equal(c.body.error.field, 'certification');
    assert.match(c.body.error.message,
      /^Chisomo Banda is not yet eligible for Certified community care volunteer: complete the course Community care induction/);
    assert.doesNotMatch(c.body.error.message, IDS);
    const pos = await admin.call('POST', '/api/v1/positions', { body: { title: 'CPW post', org_unit_id: units['LL-S-ZA-MK'],
      organisation_id: org, cadre: 'cpw', level: 'ta', approved: true, funded_by: 'Government' } });
    assert.equal(pos.status, 201, pos.text);
    const m = await admin.call('POST', `/api/v1/people/${people.chisomo}/moves`,
      { body: { move: 'ccv->cpw', position_id: pos.body.id, date: '2026-01-01' } });
    assert.equal(m.status, 409, m.text);
    assert.match(m.body.error.message,
      /^Chisomo Banda is not yet eligible to move from Community care volunteer to Child protection worker: /);
    assert.doesNotMatch(m.body.error.message, IDS);
  });

  test('the import templates show Lakeland\'s values, not Tanzania\'s', async () => {
    const people = await admin.call('GET', '/api/v1/imports/templates/people.csv');
    assert.equal(people.status, 200);
    const [ph, pr] = people.text.trim().split(/\r?\n/).map((l) => l.split(','));
    const pv = Object.fromEntries(ph.map((c, i) => [c, pr[i]]));
    assert.equal(pv.residence_code, 'LL-S-ZA-MK-1', 'a village of the installation');
    assert.equal(pv.education, 'standard-8', 'one of Lakeland\'s education levels');
    assert.equal(pv.languages, 'en|ny');
    const positions = await admin.call('GET', '/api/v1/imports/templates/positions.csv');
    const [h, row] = positions.text.trim().split(/\r?\n/).map((l) => l.split(','));
    const v = Object.fromEntries(h.map((c, i) => [c, row[i]]));
    assert.equal(v.cadre, 'ccv');
    assert.equal(v.level, 'village');
    assert.equal(v.org_unit_code, 'LL-S-ZA-MK-1');
    assert.equal(v.title, 'Community care volunteer');
    assert.equal(v.organisation_code, 'LL-DSW', 'an organisation of the installation');
    const assignments = await admin.call('GET', '/api/v1/imports/templates/assignments.csv');
    assert.match(assignments.text, /MWK/);
    assert.match(assignments.text, /,15000,/, 'the volunteer\'s declared stipend');
    for (const t of [people.text, positions.text, assignments.text]) assert.doesNotMatch(t, /TZ-|TZS|\bpsw\b/);
  });

  test('an import row error gives the row, the column and the field in plain words (API and CLI)', async () => {
    const csv = 'given_name,family_name,sex,birth_date,education,residence_code,custom.home_language\n' +
      'Alinafe,Zulu,female,1991-02-30,msce,LL-S-ZA-MK-1,ny\n' +
      'Kondwani,Zulu,male,1990-01-01,msce,LL-NOWHERE,ny\n';
    const r = await admin.call('POST', '/api/v1/imports?kind=people&wait=true', { raw: csv, headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 422, r.text);
    const [date, unit] = r.body.errors;
    assert.equal(date.row, 2);
    assert.equal(date.column_name, 'birth_date');
    assert.match(date.message, /^Date of birth must be a date that exists/);
    assert.equal(unit.row, 3);
    assert.equal(unit.column_name, 'residence_code');
    assert.equal(unit.message, 'There is no org unit with the code \'LL-NOWHERE\'');
    const dir = tempDir();
    writeFileSync(join(dir, 'people.csv'), csv);
    const cli = kazi(['import', 'people', '--data', srv.data, join(dir, 'people.csv')]);
    assert.equal(cli.status, 1, cli.stderr);
    assert.match(cli.stderr, /row 2, column 4 \(birth_date\): Date of birth must be a date that exists/);
    assert.match(cli.stderr, /row 3, column 6 \(residence_code\): There is no org unit with the code 'LL-NOWHERE'/);
    // an org unit at the wrong level: the level the file must give, and its name
    writeFileSync(join(dir, 'units.csv'), 'code,name,parent_code,level\nLL-S-ZA-W,A ward,LL-S-ZA,ward\n');
    const units = kazi(['import', 'org-units', '--data', srv.data, join(dir, 'units.csv')]);
    assert.equal(units.status, 1, units.stderr);
    assert.match(units.stderr, /it must be 'ta' \(Traditional authority\)/);
  });

  test('a currency that is not a code names the country\'s currency as the example', async () => {
    const pos = await admin.call('POST', '/api/v1/positions', { body: { title: 'Another', org_unit_id: units['LL-S-ZA-MK-1'],
      organisation_id: org, cadre: 'ccv', level: 'village', approved: true, funded_by: 'Government' } });
    const p = await admin.call('POST', '/api/v1/people', { body: { given_name: 'Alinafe', family_name: 'Zulu', sex: 'female',
      birth_date: '1991-01-01', education: 'msce', residence_org_unit_id: units['LL-S-ZA-MK-1'], custom: { home_language: 'ny' } } });
    const a = await admin.call('POST', '/api/v1/assignments', { body: { person_id: p.body.id, position_id: pos.body.id,
      start_date: '2024-01-01', engagement: 'stipend', pay_amount: 100, pay_currency: 'mwk' } });
    assert.equal(a.status, 422, a.text);
    assert.equal(a.body.error.field, 'pay_currency');
    assert.match(a.body.error.message, /such as MWK$/);
  });

  test('an org unit or organisation id that does not exist is said in words, without a machine field name', async () => {
    const o = await admin.call('POST', '/api/v1/organisations',
      { body: { code: 'LL-NONE', name: 'Nowhere', kind: 'government', org_unit_id: 999999 } });
    assert.equal(o.status, 422, o.text);
    assert.equal(o.body.error.field, 'org_unit_id');
    assert.equal(o.body.error.message, 'There is no org unit with id 999999');
    const f = await admin.call('GET', '/api/v1/people?org_unit=999999');
    assert.equal(f.status, 422, f.text);
    assert.equal(f.body.error.field, 'org_unit');
    assert.equal(f.body.error.message, 'There is no org unit with id 999999');
    const p = await admin.call('POST', '/api/v1/positions', { body: { title: 'Nowhere', org_unit_id: units['LL-S-ZA-MK-1'],
      organisation_id: 999999, cadre: 'ccv', level: 'village', approved: true, funded_by: 'Government' } });
    assert.equal(p.status, 422, p.text);
    assert.equal(p.body.error.field, 'organisation_id');
    assert.equal(p.body.error.message, 'There is no organisation with id 999999');
    const q = await admin.call('POST', '/api/v1/positions', { body: { title: 'Nowhere', org_unit_id: 999999,
      organisation_id: org, cadre: 'ccv', level: 'village', approved: true, funded_by: 'Government' } });
    assert.equal(q.status, 422, q.text);
    assert.equal(q.body.error.field, 'org_unit_id');
    assert.equal(q.body.error.message, 'There is no org unit with id 999999');
  });

  test('a change to a merged record names the person it was merged into', async () => {
    const body = { given_name: 'Yamikani', family_name: 'Chirwa', sex: 'female', birth_date: '1985-05-05',
      education: 'msce', residence_org_unit_id: units['LL-S-ZA-MK-1'], custom: { home_language: 'ny' } };
    const keep = await admin.call('POST', '/api/v1/people', { body });
    assert.equal(keep.status, 201, keep.text);
    const dup = await admin.call('POST', '/api/v1/people', { body });
    assert.equal(dup.status, 201, dup.text);
    const m = await admin.call('POST', `/api/v1/people/${keep.body.id}/merge`, { body: { duplicate_id: dup.body.id } });
    assert.equal(m.status, 200, m.text);
    const r = await admin.call('PATCH', `/api/v1/people/${dup.body.id}`, { body: { phone: '0888123456' } });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.message, 'this record was merged into the record of Yamikani Chirwa; change that one');
    assert.doesNotMatch(r.body.error.message, /person \d+/);
  });
});
