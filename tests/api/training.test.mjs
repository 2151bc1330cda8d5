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
  // Decisions are made under the live commit of the configuration repository.
  const live = await who.admin.call('GET', '/api/v1/config/live');
  assert.equal(live.status, 200, live.text);
  assert.match(configId, /^[0-9a-f]{40}$/);
  assert.equal(JSON.stringify(live.body).includes(configId), true, live.text);
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

  test('the events list is newest first (the next event before last year\'s)', async () => {
    const older = await event('psw-level-2', { start_date: '2019-05-06', end_date: '2019-05-10' });
    const newer = await event('psw-level-2', { start_date: '2031-05-05', end_date: '2031-05-09' });
    const items = (await get('/api/v1/training-events?course=psw-level-2')).body.items;
    const pos = (ev) => items.findIndex((e) => e.id === ev.id);
    assert.ok(pos(newer) >= 0 && pos(older) > pos(newer), 'the later event comes first');
    const starts = items.map((e) => e.start_date);
    assert.deepEqual(starts, [...starts].sort().reverse(), 'ordered by first day, latest first');
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
      const t = await post('/api/v1/training-events', { course: 'psw-level-1', venue_org_unit_id: ids.D1, start_date: '2026-02-01', end_date: '2026-02-02', capacity: 5, trainer_ids: [stranger.id] }, w);
      assert.equal(t.status, 422, 'a trainer from elsewhere is no person to this caller');
      assert.equal(t.body.error.field, 'trainer_ids');
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

async function audit(entityType, entityId) {
  const r = await who.admin.call('GET', `/api/v1/audit?entity_type=${entityType}&entity_id=${entityId}&limit=1000`);
  assert.equal(r.status, 200, r.text);
  return r.body.audit;
}

describe('from Level 1 training to certificate to promotion', () => {
  test('one worker walks the ladder and every record, audit row and configuration id is checked', async () => {
    const worker = await createPerson(who.national, ids, { given_name: 'Halima', family_name: 'Nyerere', birth_date: '1988-02-01', education: 'secondary' });
    const pswPost = await createPosition(who.national, ids, { title: 'PSW Kaloleni', cadre: 'psw' });
    const placed = await post('/api/v1/assignments', { person_id: worker.id, position_id: pswPost.id, start_date: '2020-01-01', engagement: 'volunteer' });
    assert.equal(placed.status, 201, placed.text);

    // Level 1, then the eligibility says what is still missing.
    const l1 = await event('psw-level-1', { start_date: '2020-02-01', end_date: '2020-02-20' });
    const enrolled = await post(`/api/v1/training-events/${l1.id}/enrolments`, { person_id: worker.id }, who.trainer);
    assert.equal(enrolled.status, 201, enrolled.text);
    const result = await post(`/api/v1/training-events/${l1.id}/results`, { person_id: worker.id, attended: true, passed: true, score: 77.5, completion_date: '2020-02-20' }, who.trainer);
    assert.equal(result.status, 200, result.text);
    assert.deepEqual([result.body.attended, result.body.passed, result.body.score, result.body.completed_date], [true, true, 77.5, '2020-02-20']);
    const evAudit = await audit('training_event', l1.id);
    assert.deepEqual(evAudit.map((a) => a.action).sort(), ['enrolment.create', 'enrolment.result', 'training_event.create']);
    assert.ok(evAudit.find((a) => a.action === 'enrolment.result').actor === 'trainer');

    let el = await get(`/api/v1/people/${worker.id}/eligibility`);
    assert.equal(el.status, 200, el.text);
    assert.equal(el.body.config_id, configId);
    const declared = (await get('/api/v1/catalogue')).body.certifications.map((c) => c.id).sort();
    assert.deepEqual(el.body.items.map((i) => i.certification).sort(), declared, 'every declared certification is answered');
    let psw = el.body.items.find((i) => i.certification === 'psw-certificate');
    assert.equal(psw.eligible, false);
    assert.equal(psw.config_id, configId);
    assert.doesNotMatch(missingWords(psw), /Level 1/);
    assert.match(missingWords(psw), /Level 2/);

    const l2 = await event('psw-level-2', { start_date: '2020-06-01', end_date: '2020-06-10' });
    await post(`/api/v1/training-events/${l2.id}/enrolments`, { person_id: worker.id });
    await pass(l2, worker.id, '2020-06-10');
    el = await get(`/api/v1/people/${worker.id}/eligibility`);
    psw = el.body.items.find((i) => i.certification === 'psw-certificate');
    assert.equal(psw.missing.length, 1, missingWords(psw));
    assert.match(missingWords(psw), /supervised practice/);

    // Issuing without eligibility is refused; only an administrator overrides, with a reason.
    let r = await post(`/api/v1/people/${worker.id}/certificates`, { certification: 'psw-certificate' });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.code, 'not_eligible');
    assert.match(r.body.error.message, /supervised practice/);
    r = await post(`/api/v1/people/${worker.id}/certificates`, { certification: 'psw-certificate', override_reason: 'paper records' });
    assert.equal(r.status, 403, r.text);
    assert.equal((await get(`/api/v1/people/${worker.id}/certificates`)).body.items.length, 0, 'nothing was issued');
    r = await post(`/api/v1/people/${worker.id}/certificates`, { certification: 'psw-certificate', override_reason: 'Supervised hours kept on paper by the DSWO (2020 register)', evidence: 'DSWO letter 2020/14' }, who.admin);
    assert.equal(r.status, 201, r.text);
    const cert = r.body;
    const today = new Date().toISOString().slice(0, 10);
    // year, sequence, and a random part of 8 base-32 characters: numbers cannot be guessed
    assert.match(cert.number, /^PSW-CERTIFICATE-\d{4}-\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/);
    assert.equal(cert.issued_date, today);
    assert.equal(cert.expires_date, `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`, 'valid_years = 3 from the declaration');
    assert.equal(cert.config_id, configId);
    assert.equal(cert.status, 'valid');
    assert.equal(cert.override_reason, 'Supervised hours kept on paper by the DSWO (2020 register)');
    assert.equal(cert.evidence.eligible, false);
    assert.equal(cert.evidence.note, 'DSWO letter 2020/14');
    assert.deepEqual(cert.evidence.courses.map((c) => c.id), ['psw-level-1', 'psw-level-2']);
    const certAudit = await audit('certificate', cert.id);
    assert.deepEqual(certAudit.map((a) => a.action), ['certificate.issue_override']);
    assert.equal(certAudit[0].actor, 'admin');

    // The public check answers valid / for whom / until when, and nothing else.
    const v = await api(srv.url, 'GET', `/api/v1/verify/certificates/${cert.number}`);
    assert.equal(v.status, 200, v.text);
    assert.deepEqual(v.body, { number: cert.number, certification: 'psw-certificate', issued_date: today, valid: true, status: 'valid', holder: 'Halima Nyerere', valid_until: cert.expires_date });
    assert.equal((await api(srv.url, 'GET', '/api/v1/verify/certificates/PSW-CERTIFICATE-2026-999999')).status, 404);
    // Typed in lower case (or with spaces around it) it is the same number.
    const lower = await api(srv.url, 'GET', `/api/v1/verify/certificates/${encodeURIComponent(` ${cert.number.toLowerCase()} `)}`);
    assert.equal(lower.status, 200, lower.text);
    assert.equal(lower.body.number, cert.number);
    assert.equal(lower.body.holder, 'Halima Nyerere');
    // Without its random part (the guessable sequence alone) the number finds nothing, and
    // the answer names nobody.
    const guessed = await api(srv.url, 'GET', `/api/v1/verify/certificates/${cert.number.slice(0, -9)}`);
    assert.equal(guessed.status, 404, guessed.text);
    assert.ok(!guessed.text.includes('Halima'), guessed.text);

    // The supervisor course; the supervisor certificate passes on its own rule.
    const sc = await event('psw-supervisor-course', { start_date: '2022-03-01', end_date: '2022-03-05' });
    await post(`/api/v1/training-events/${sc.id}/enrolments`, { person_id: worker.id });
    await pass(sc, worker.id, '2022-03-05');
    r = await post(`/api/v1/people/${worker.id}/certificates`, { certification: 'psw-supervisor-certificate' }, who.district);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.override_reason, null);
    assert.equal(r.body.evidence.eligible, true);
    assert.notEqual(r.body.number, cert.number, 'numbers are unique');

    // The person's training history: every enrolment with its event, newest first.
    const hist = await get(`/api/v1/people/${worker.id}/training`, who.trainer);
    assert.equal(hist.status, 200, hist.text);
    assert.deepEqual(hist.body.items.map((e) => [e.event_id, e.course, e.passed, e.completed_date]),
      [[sc.id, 'psw-supervisor-course', true, '2022-03-05'], [l2.id, 'psw-level-2', true, '2020-06-10'], [l1.id, 'psw-level-1', true, '2020-02-20']]);
    assert.deepEqual([hist.body.items[2].course_version, hist.body.items[2].start_date, hist.body.items[2].venue_org_unit_id, hist.body.items[2].score], ['2012', '2020-02-01', ids.D1, 77.5]);

    // Career options, candidates, promotion.
    const opts = await get(`/api/v1/people/${worker.id}/career`);
    assert.equal(opts.status, 200, opts.text);
    assert.deepEqual(opts.body.current, ['psw']);
    assert.equal(opts.body.config_id, configId);
    assert.ok(opts.body.eligible.some((m) => m.move === 'psw->psw-supervisor' && m.kind === 'vertical'), JSON.stringify(opts.body));
    const lateral = opts.body.others.find((m) => m.move === 'psw->pcdw');
    assert.equal(lateral.kind, 'lateral');
    assert.deepEqual(lateral.bridging, ['bridge-to-community-development']);
    assert.match(missingWords(lateral), /community development/i);
    const far = opts.body.others.find((m) => m.move === 'swa->swo');
    assert.equal(far.missing[0].from_cadre, 'swa', 'a move from a post not held names that post first');
    assert.equal(opts.body.eligible.length + opts.body.others.length, (await get('/api/v1/catalogue')).body.moves.length, 'every declared move is answered');

    const other = await createPerson(who.national, ids, { birth_date: '1995-01-01' });
    const otherPost = await createPosition(who.national, ids, { title: 'PSW 2', cadre: 'psw', org_unit_id: ids.V2 });
    await post('/api/v1/assignments', { person_id: other.id, position_id: otherPost.id, start_date: '2025-06-01', engagement: 'volunteer' });
    const cand = await get(`/api/v1/careers/candidates?move=psw-%3Epsw-supervisor&org_unit=${ids.D1}`, who.district);
    assert.equal(cand.status, 200, cand.text);
    const ranked = cand.body.items.map((c) => c.person_id);
    assert.ok(ranked.indexOf(worker.id) >= 0 && ranked.indexOf(other.id) > ranked.indexOf(worker.id), 'the eligible worker ranks first');
    assert.equal(cand.body.items.find((c) => c.person_id === worker.id).eligible, true);
    assert.equal(cand.body.items.find((c) => c.person_id === other.id).eligible, false);

    const supPost = await createPosition(who.national, ids, { title: 'PSW supervisor Kaloleni', cadre: 'psw-supervisor', org_unit_id: ids.W1, level: 'ward' });
    r = await post(`/api/v1/people/${worker.id}/moves`, { move: 'psw->psw-supervisor', position_id: pswPost.id, date: '2026-01-01' });
    assert.equal(r.status, 422, 'the new post must be of the move\'s cadre');
    assert.equal(r.body.error.field, 'position_id');
    r = await post(`/api/v1/people/${worker.id}/moves`, { move: 'psw->psw-supervisor', position_id: supPost.id, date: '2026-01-01' }, who.district);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.ended.id, placed.body.id);
    assert.equal(r.body.ended.end_reason, 'promotion');
    assert.equal(r.body.ended.end_date, '2026-01-01');
    assert.equal(r.body.started.position_id, supPost.id);
    assert.equal(r.body.started.start_date, '2026-01-01');
    assert.equal(r.body.career_move.outcome, 'success');
    assert.equal(r.body.career_move.config_id, configId);
    assert.equal(r.body.replacement.position_id, pswPost.id);
    assert.equal(r.body.replacement.replacement_must_be_trained, true);
    const oldPost = await get(`/api/v1/positions/${pswPost.id}`);
    assert.equal(oldPost.body.vacant, true, 'the old post is vacant');
    let repl = await get(`/api/v1/careers/replacements?org_unit=${ids.D1}`, who.district);
    assert.equal(repl.status, 200, repl.text);
    const flagged = repl.body.items.find((x) => x.position_id === pswPost.id);
    assert.deepEqual([flagged.cadre, flagged.promoted_person_id, flagged.move, flagged.since_date], ['psw', worker.id, 'psw->psw-supervisor', '2026-01-01']);
    const successor = await createPerson(who.national, ids);
    assert.equal((await post('/api/v1/assignments', { person_id: successor.id, position_id: pswPost.id, start_date: '2026-02-01', engagement: 'volunteer' })).status, 201);
    repl = await get(`/api/v1/careers/replacements?org_unit=${ids.D1}`, who.district);
    assert.ok(!repl.body.items.some((x) => x.position_id === pswPost.id), 'a filled post no longer awaits a replacement');
    const moves = await get(`/api/v1/people/${worker.id}/moves`);
    assert.deepEqual(moves.body.items.map((m) => [m.move, m.kind, m.outcome]), [['psw->psw-supervisor', 'vertical', 'success']]);
    const personAudit = (await audit('person', worker.id)).map((a) => a.action);
    for (const action of ['enrolment.create', 'enrolment.result', 'certificate.issue', 'assignment.end', 'assignment.create', 'career_move.record'])
      assert.ok(personAudit.includes(action), `person audit has ${action}: ${personAudit}`);
    assert.deepEqual((await audit('position', pswPost.id)).map((a) => a.action).filter((a) => a.startsWith('position.replacement')), ['position.replacement_needed']);
    const now = await get(`/api/v1/people/${worker.id}/career`);
    assert.deepEqual(now.body.current, ['psw-supervisor']);

    // Expiry and refresher lists, per org unit; revocation; verification follows.
    const exp = await get(`/api/v1/certificates/expiring?days=1200&org_unit=${ids.D1}`, who.district);
    assert.equal(exp.status, 200, exp.text);
    assert.ok(exp.body.items.some((c) => c.number === cert.number));
    assert.ok(!(await get('/api/v1/certificates/expiring?days=30', who.district)).body.items.some((c) => c.number === cert.number));
    const due = await get(`/api/v1/certificates/refresher-due?days=1200&org_unit=${ids.D1}`);
    const mine = due.body.items.find((c) => c.number === cert.number);
    assert.equal(mine.refresher_course, 'psw-refresher');
    assert.equal(mine.refresher_due, cert.expires_date);
    r = await post(`/api/v1/certificates/${cert.id}/revoke`, {});
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'reason');
    r = await post(`/api/v1/certificates/${cert.id}/revoke`, { reason: 'Issued on forged supervision records' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'revoked');
    assert.equal((await post(`/api/v1/certificates/${cert.id}/revoke`, { reason: 'again' })).status, 409);
    const v2 = await api(srv.url, 'GET', `/api/v1/verify/certificates/${cert.number}`);
    assert.deepEqual([v2.body.valid, v2.body.status], [false, 'revoked']);
    assert.deepEqual((await audit('certificate', cert.id)).map((a) => a.action).reverse(), ['certificate.issue_override', 'certificate.revoke']);
  });

  test('the lattice is a graph of cadres with vertical and lateral moves', async () => {
    const r = await get('/api/v1/careers/lattice', who.analyst);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.config_id, configId);
    const nodes = r.body.nodes.map((n) => n.id);
    for (const c of ['psw', 'psw-supervisor', 'swa', 'swo', 'pcdw', 'acyc']) assert.ok(nodes.includes(c), c);
    const vertical = r.body.edges.filter((e) => e.kind === 'vertical');
    const lateral = r.body.edges.filter((e) => e.kind === 'lateral');
    assert.ok(vertical.length >= 3);
    assert.ok(lateral.length >= 3 && lateral.every((e) => e.bridging.length >= 1));
    for (const e of r.body.edges) assert.ok(nodes.includes(e.from) && nodes.includes(e.to), e.id);
  });

  test('scope: no eligibility, certificate, move or list about people elsewhere', async () => {
    const far = await createPerson(who.national, ids, { residence_org_unit_id: ids.V3 });
    for (const path of [`/api/v1/people/${far.id}/eligibility`, `/api/v1/people/${far.id}/certificates`, `/api/v1/people/${far.id}/career`, `/api/v1/people/${far.id}/prior-learning`, `/api/v1/people/${far.id}/training`])
      assert.equal((await get(path, who.district)).status, 404, path);
    assert.equal((await post(`/api/v1/people/${far.id}/certificates`, { certification: 'pcdw-certificate' }, who.district)).status, 404);
    assert.equal((await post(`/api/v1/people/${far.id}/moves`, { move: 'psw->pcdw' }, who.district)).status, 404);
    for (const path of [`/api/v1/certificates/expiring?org_unit=${ids.D2}`, `/api/v1/careers/candidates?move=psw-%3Eswa&org_unit=${ids.D2}`]) {
      const r = await get(path, who.district);
      assert.equal(r.status, 422, path);
      assert.equal(r.body.error.field, 'org_unit');
    }
    assert.equal((await get(`/api/v1/people/${far.id}/eligibility`, who.analyst)).status, 403, 'analysts see no person');
    const bad = await get('/api/v1/careers/candidates?move=psw-%3Emoon');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'move');
  });
});

describe('renewal', () => {
  test('renewing needs the declared refresher since the last issue; the renewal replaces the old one in the lists', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const w = await createPerson(who.national, ids, { birth_date: '1985-05-05' });
    let r = await post(`/api/v1/people/${w.id}/certificates`, { certification: 'psw-certificate', override_reason: 'fixture: paper records' }, who.admin);
    assert.equal(r.status, 201, r.text);
    const sc = await event('psw-supervisor-course');
    await post(`/api/v1/training-events/${sc.id}/enrolments`, { person_id: w.id });
    await pass(sc, w.id);
    r = await post(`/api/v1/people/${w.id}/certificates`, { certification: 'psw-supervisor-certificate' });
    assert.equal(r.status, 201, r.text);
    const first = r.body;
    assert.equal(first.renews_id, null);
    r = await post(`/api/v1/people/${w.id}/certificates`, { certification: 'psw-supervisor-certificate' });
    assert.equal(r.status, 409, 'renewal without the refresher');
    assert.match(r.body.error.message, /refresher course Para social worker refresher/);
    const ref = await event('psw-refresher', { start_date: today, end_date: today });
    await post(`/api/v1/training-events/${ref.id}/enrolments`, { person_id: w.id });
    await pass(ref, w.id, today);
    r = await post(`/api/v1/people/${w.id}/certificates`, { certification: 'psw-supervisor-certificate' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.renews_id, first.id);
    const exp = await get('/api/v1/certificates/expiring?days=1200');
    assert.ok(exp.body.items.some((c) => c.id === r.body.id));
    assert.ok(!exp.body.items.some((c) => c.id === first.id), 'the renewed certificate is not listed as expiring');
  });
});
