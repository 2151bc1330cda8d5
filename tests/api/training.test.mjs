// Training, certification and the career lattice (issue 7): a worker walks from
// Para Social Worker Level 1 training to a certificate to promotion, and every record,
// audit row and configuration id on the way is checked; then the refusals: issuing
// without eligibility, enrolling over capacity, results for someone not enrolled,
// scope violations, and the public verification of certificate numbers.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './lib/server.mjs';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';

let srv, ids, who, configId;
before(async () => {
  ({ srv, ids, who } = await registryServer());
  const cat = await who.national.call('GET', '/api/v1/catalogue');
  assert.equal(cat.status, 200, cat.text);
  configId = cat.body.source;
  assert.ok(configId, 'the catalogue names its configuration');
});
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

const post = (path, body, w = who.national) => w.call('POST', path, { body });
const get = (path, w = who.national) => w.call('GET', path);

async function event(course, over = {}, w = who.national) {
  const r = await post('/api/v1/training-events', {
    course, venue_org_unit_id: ids.D1, start_date: '2026-01-10', end_date: '2026-01-20', capacity: 25, ...over,
  }, w);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function pass(ev, personId, date = '2026-01-20') {
  const r = await post(`/api/v1/training-events/${ev.id}/results`, { person_id: personId, attended: true, passed: true, score: 81, completion_date: date });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

function missingWords(item) {
  return item.missing.map((m) => (typeof m === 'string' ? m : m.en)).join(' | ');
}

describe('training events', () => {
  test('an event runs a declared course at a venue with trainers, capacity and the configuration id', async () => {
    const trainer = await createPerson(who.national, ids, { given_name: 'Master', family_name: 'Trainer' });
    const ev = await event('psw-level-1', { title: 'PSW Level 1, Arusha City', trainer_ids: [trainer.id] });
    assert.equal(ev.course, 'psw-level-1');
    assert.equal(ev.course_version, '2012', 'the declared curriculum version');
    assert.deepEqual(ev.trainers, [trainer.id]);
    assert.equal(ev.capacity, 25);
    assert.equal(ev.enrolled, 0);
    assert.equal(ev.config_id, configId);
    assert.equal(ev.venue_path, undefined, 'internal columns are not exposed');
    const back = await get(`/api/v1/training-events/${ev.id}`);
    assert.deepEqual(back.body, ev);
    const list = await get('/api/v1/training-events?course=psw-level-1');
    assert.ok(list.body.items.some((e) => e.id === ev.id));
  });

  test('bad events are refused naming the field', async () => {
    const good = { course: 'psw-level-1', venue_org_unit_id: ids.D1, start_date: '2026-01-10', end_date: '2026-01-20', capacity: 10 };
    for (const [over, field] of [
      [{ course: 'knitting' }, 'course'],
      [{ course_version: '1999' }, 'course_version'],
      [{ venue_org_unit_id: 999999 }, 'venue_org_unit_id'],
      [{ start_date: '2026-13-01' }, 'start_date'],
      [{ end_date: '2026-01-01' }, 'end_date'],
      [{ capacity: 0 }, 'capacity'],
      [{ trainer_ids: [999999] }, 'trainer_ids'],
      [{ colour: 'red' }, 'colour'],
    ]) {
      const r = await post('/api/v1/training-events', { ...good, ...over });
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
  });

  test('bulk enrolment records how far each trainee travelled (principle 12)', async () => {
    const near = await createPerson(who.national, ids, { residence_org_unit_id: ids.V1 });
    const far = await createPerson(who.national, ids, { residence_org_unit_id: ids.V3 });
    const ev = await event('psw-level-1', { venue_org_unit_id: ids.W1 });
    const r = await post(`/api/v1/training-events/${ev.id}/enrolments`, { person_ids: [near.id, far.id] });
    assert.equal(r.status, 201, r.text);
    const byId = Object.fromEntries(r.body.items.map((e) => [e.person_id, e]));
    assert.equal(byId[near.id].travelled, false);
    assert.equal(byId[near.id].outside_ward, false);
    assert.equal(byId[far.id].travelled, true, 'venue outside the home district');
    assert.equal(byId[far.id].outside_ward, true);
    const list = await get(`/api/v1/training-events/${ev.id}/enrolments`);
    assert.equal(list.body.items.length, 2);
    assert.equal((await get(`/api/v1/training-events/${ev.id}`)).body.enrolled, 2);
    const again = await post(`/api/v1/training-events/${ev.id}/enrolments`, { person_id: near.id });
    assert.equal(again.status, 409, 'no one is enrolled twice');
  });

  test('enrolling over capacity is refused and writes nothing', async () => {
    const ev = await event('psw-level-1', { capacity: 2 });
    const people = [];
    for (let i = 0; i < 3; i++) people.push((await createPerson(who.national, ids)).id);
    const r = await post(`/api/v1/training-events/${ev.id}/enrolments`, { person_ids: people });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.field, 'capacity');
    assert.equal((await get(`/api/v1/training-events/${ev.id}/enrolments`)).body.items.length, 0);
    assert.equal((await post(`/api/v1/training-events/${ev.id}/enrolments`, { person_ids: people.slice(0, 2) })).status, 201);
    const one = await post(`/api/v1/training-events/${ev.id}/enrolments`, { person_id: people[2] });
    assert.equal(one.status, 409);
    assert.equal(one.body.error.field, 'capacity');
  });

  test('results for someone not enrolled are refused; bad results name the field', async () => {
    const ev = await event('psw-level-1');
    const p = await createPerson(who.national, ids);
    let r = await post(`/api/v1/training-events/${ev.id}/results`, { person_id: p.id, attended: true, passed: true, completion_date: '2026-01-20' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'person_id');
    await post(`/api/v1/training-events/${ev.id}/enrolments`, { person_id: p.id });
    for (const [body, field] of [
      [{ person_id: p.id, attended: false, passed: true, completion_date: '2026-01-20' }, 'passed'],
      [{ person_id: p.id, attended: true, passed: true }, 'completion_date'],
      [{ person_id: p.id, attended: true, passed: true, completion_date: '2025-01-01' }, 'completion_date'],
      [{ person_id: p.id, attended: true, score: 140 }, 'score'],
    ]) {
      r = await post(`/api/v1/training-events/${ev.id}/results`, body);
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
  });

  test('scope: a district officer sees no event elsewhere, enrols no one from elsewhere, plans nothing elsewhere', async () => {
    const outside = await event('psw-level-1', { venue_org_unit_id: ids.D2 });
    const inside = await event('psw-level-1', { venue_org_unit_id: ids.D1 });
    const stranger = await createPerson(who.national, ids, { residence_org_unit_id: ids.V3 });
    for (const w of [who.district, who.trainer]) {
      assert.equal((await get(`/api/v1/training-events/${outside.id}`, w)).status, 404);
      assert.equal((await post(`/api/v1/training-events/${outside.id}/enrolments`, { person_id: stranger.id }, w)).status, 404);
      assert.ok(!(await get('/api/v1/training-events', w)).body.items.some((e) => e.id === outside.id));
      const r = await post(`/api/v1/training-events/${inside.id}/enrolments`, { person_id: stranger.id }, w);
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.error.field, 'person_id');
      const c = await post('/api/v1/training-events', { course: 'psw-level-1', venue_org_unit_id: ids.D2, start_date: '2026-02-01', end_date: '2026-02-02', capacity: 5 }, w);
      assert.equal(c.status, 422);
      assert.equal(c.body.error.field, 'venue_org_unit_id');
    }
    assert.equal((await get(`/api/v1/training-events/${inside.id}`, who.trainer)).status, 200);
    assert.equal((await get('/api/v1/training-events', who.analyst)).status, 403, 'analysts see aggregates only');
  });
});

describe('prior learning', () => {
  test('credit for prior learning counts like a completed course in every rule', async () => {
    const p = await createPerson(who.national, ids, { birth_date: '1980-01-01' });
    const before = await get(`/api/v1/people/${p.id}/eligibility`);
    const psw0 = before.body.items.find((i) => i.certification === 'psw-certificate');
    assert.match(missingWords(psw0), /Level 1/);
    let r = await post(`/api/v1/people/${p.id}/prior-learning`, { kind: 'training', what: 'MVC caregiver course, World Vision 2009', evidence: 'certificate no. WV-2009-113 seen', approved_by: 'DSWO Arusha', approved_date: '2026-01-05', equivalent_course: 'psw-level-1', hours: 100 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.equivalent_course, 'psw-level-1');
    assert.equal(r.body.evidence, 'certificate no. WV-2009-113 seen');
    const after = await get(`/api/v1/people/${p.id}/eligibility`);
    const psw1 = after.body.items.find((i) => i.certification === 'psw-certificate');
    assert.doesNotMatch(missingWords(psw1), /Level 1/, 'the credited course is no longer missing');
    assert.match(missingWords(psw1), /Level 2/);
    const list = await get(`/api/v1/people/${p.id}/prior-learning`);
    assert.equal(list.body.items.length, 1);
    const hist = await get(`/api/v1/people/${p.id}/history`);
    assert.ok(hist.body.items.some((h) => h.action === 'prior_learning.create' && h.after.what.startsWith('MVC')));
    for (const [over, field] of [[{ kind: 'luck' }, 'kind'], [{ equivalent_course: 'knitting' }, 'equivalent_course'], [{ evidence: '' }, 'evidence'], [{ approved_date: 'soon' }, 'approved_date']]) {
      r = await post(`/api/v1/people/${p.id}/prior-learning`, { kind: 'experience', what: 'x', evidence: 'y', approved_by: 'z', approved_date: '2026-01-05', hours: 10, ...over });
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
    assert.equal((await post(`/api/v1/people/${p.id}/prior-learning`, { kind: 'experience' }, who.trainer)).status, 403, 'HR officers approve credit');
  });
});
