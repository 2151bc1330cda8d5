// Supervision, pay, support and activity returns (issue 8): validation and scope of
// each record type, the configuration's supervision rule refusing an unqualified
// supervisor, the supervisor role limited to their own supervisees, and the
// coverage and compliance figures against counts computed here independently.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';

let srv, ids, who;
const W = {}; // people by name
before(async () => {
  ({ srv, ids, who } = await registryServer());
  const place = async (name, cadre, unit, engagement = 'volunteer', over = {}, level = 'village') => {
    const p = await createPerson(who.national, ids, { residence_org_unit_id: over.residence ?? unit, given_name: name });
    const pos = await createPosition(who.national, ids, { cadre, org_unit_id: unit, level });
    const a = await who.national.call('POST', '/api/v1/assignments', { body: { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement } });
    assert.equal(a.status, 201, a.text);
    W[name] = p.id;
  };
  await place('sup', 'psw-supervisor', ids.V1, 'stipend');
  await place('swa', 'swa', ids.W1, 'salaried', { residence: ids.V1 }, 'ward');
  for (let i = 1; i <= 4; i++) await place(`psw${i}`, 'psw', ids.V1);
  await place('psw5', 'psw', ids.V2, 'volunteer', { residence: ids.V1 });
  await place('out', 'psw', ids.V3);
  await place('acyc', 'acyc', ids.V1, 'stipend');
});
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

const post = (path, body, w = who.national) => w.call('POST', path, { body });
const get = (path, w = who.national) => w.call('GET', path);

describe('supervision', () => {
  test('a PSW supervisor is assigned; another PSW is refused with the rule\'s reason', async () => {
    const ok = await post('/api/v1/supervisions', { person_id: W.psw1, supervisor_person_id: W.sup, type: 'individual', start_date: '2024-02-01' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.type, 'individual');
    const bad = await post('/api/v1/supervisions', { person_id: W.psw2, supervisor_person_id: W.psw3, type: 'shadowing', start_date: '2024-02-01' });
    assert.equal(bad.status, 422, bad.text);
    assert.equal(bad.body.error.field, 'supervisor_person_id');
    assert.match(bad.body.error.message, /psw-supervisor/);
    // the rule function (acyc: SWA or officer) and its own reason
    const rule = await post('/api/v1/supervisions', { person_id: W.acyc, supervisor_person_id: W.sup, type: 'group', start_date: '2024-02-01' });
    assert.equal(rule.status, 422, rule.text);
    assert.match(rule.body.error.message, /social welfare assistant or officer/);
    const byRule = await post('/api/v1/supervisions', { person_id: W.acyc, supervisor_person_id: W.swa, type: 'job_sharing', start_date: '2024-02-01' });
    assert.equal(byRule.status, 201, byRule.text);
    const dup = await post('/api/v1/supervisions', { person_id: W.psw1, supervisor_person_id: W.sup, type: 'individual', start_date: '2024-03-01' });
    assert.equal(dup.status, 409, dup.text);
  });

  test('bad supervision fields are refused with 422 naming the field', async () => {
    const base = { person_id: W.psw2, supervisor_person_id: W.sup, type: 'individual', start_date: '2024-02-01' };
    for (const [over, field] of [[{ type: 'mentoring' }, 'type'], [{ start_date: '2024-13-01' }, 'start_date'],
      [{ person_id: 99999 }, 'person_id'], [{ supervisor_person_id: 'x' }, 'supervisor_person_id'],
      [{ supervisor_person_id: W.psw2 }, 'supervisor_person_id'], [{ end_date: '2023-01-01' }, 'end_date']]) {
      const r = await post('/api/v1/supervisions', { ...base, ...over });
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
  });

  test('sessions: validated, only with a current supervisor, summed as supervised minutes', async () => {
    const s = { person_id: W.psw1, supervisor_person_id: W.sup, session_date: '2024-03-01', duration_minutes: 90, mode: 'in_person', topics: 'case files', follow_up: 'visit 3 homes' };
    assert.equal((await post('/api/v1/supervision-sessions', s)).status, 201);
    assert.equal((await post('/api/v1/supervision-sessions', { ...s, duration_minutes: 30, mode: 'phone' })).status, 201);
    for (const [over, field] of [[{ duration_minutes: 0 }, 'duration_minutes'], [{ mode: 'telepathy' }, 'mode'],
      [{ session_date: '2999-01-01' }, 'session_date'], [{ person_id: W.psw4 }, 'supervisor_person_id']]) {
      const r = await post('/api/v1/supervision-sessions', { ...s, ...over });
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
    const list = await get(`/api/v1/supervision-sessions?person_id=${W.psw1}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 2);
    assert.equal(list.body.supervised_minutes, 120);
    const since = await get(`/api/v1/supervision-sessions?person_id=${W.psw1}&since=2024-03-02`);
    assert.equal(since.body.supervised_minutes, 0, 'sessions before the date do not count');
    assert.equal((await get(`/api/v1/supervision-sessions?person_id=${W.psw1}&since=March`)).status, 422);
  });

  test('a supervisor user sees and records only for their own supervisees', async () => {
    const users = (await who.admin.call('GET', '/api/v1/users')).body;
    const sup = (users.users ?? users.items ?? users).find((u) => u.username === 'supervisor');
    const link = await who.admin.call('PUT', `/api/v1/users/${sup.id}/person`, { body: { person_id: W.sup } });
    assert.equal(link.status, 200, link.text);
    const mine = await get(`/api/v1/supervision-sessions?person_id=${W.psw1}`, who.supervisor);
    assert.equal(mine.status, 200, mine.text);
    const other = await get(`/api/v1/supervision-sessions?person_id=${W.psw4}`, who.supervisor);
    assert.equal(other.status, 404, other.text);
    const rec = await post('/api/v1/supervision-sessions', { person_id: W.psw1, session_date: '2024-04-01', duration_minutes: 60, mode: 'video' }, who.supervisor);
    assert.equal(rec.status, 201, rec.text);
    assert.equal(rec.body.supervisor_person_id, W.sup, 'the session is the supervisor\'s own');
    const notMine = await post('/api/v1/support-activities', { person_id: W.psw4, kind: 'debriefing', activity_date: '2024-04-01' }, who.supervisor);
    assert.equal(notMine.status, 422, notMine.text);
    assert.equal(notMine.body.error.field, 'person_id');
    const list = await get(`/api/v1/supervisions?supervisor_id=${W.sup}`, who.supervisor);
    assert.ok(list.body.items.every((s) => s.supervisor_person_id === W.sup));
  });

  test('certification counts the sessions as supervised hours (issue 7\'s dossier)', async () => {
    const e = await get(`/api/v1/people/${W.psw1}/eligibility`);
    assert.equal(e.status, 200, e.text);
    assert.match(e.text, /supervised practice \(has 3\)/, 'three hours: 90 + 30 + 60 minutes');
  });

  test('a district officer cannot see or supervise outside their district', async () => {
    const r = await get(`/api/v1/supervision-sessions?person_id=${W.out}`, who.district);
    assert.equal(r.status, 404);
    const a = await post('/api/v1/supervisions', { person_id: W.out, supervisor_person_id: W.sup, type: 'individual', start_date: '2024-02-01' }, who.district);
    assert.equal(a.status, 422);
    assert.equal(a.body.error.field, 'person_id');
  });
});

describe('pay, support and returns', () => {
  test('payments are validated; pay compliance matches counts computed here', async () => {
    const pay = (person_id, kind, amount, purpose) => post('/api/v1/payments', { person_id, kind, period: '2024-05', amount, currency: 'TZS', purpose, funder_id: ids.GOV });
    assert.equal((await pay(W.psw1, 'stipend', 30000)).status, 201);  // at the minimum
    assert.equal((await pay(W.psw2, 'stipend', 10000)).status, 201);  // below
    assert.equal((await pay(W.psw2, 'reimbursement', 5000, 'transport')).status, 201);
    assert.equal((await pay(W.sup, 'stipend', 70000)).status, 201);   // above 60000
    for (const [over, field] of [[{ kind: 'bribe' }, 'kind'], [{ period: '2024-5' }, 'period'], [{ amount: -1 }, 'amount'],
      [{ currency: 'shillings' }, 'currency'], [{ kind: 'reimbursement' }, 'purpose'], [{ funder_id: 99999 }, 'funder_id']]) {
      const r = await post('/api/v1/payments', { person_id: W.psw1, kind: 'stipend', period: '2024-05', amount: 1, currency: 'TZS', ...over });
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
    const f = await get(`/api/v1/figures/pay?period=2024-05&org_unit=${ids.TZ}`);
    assert.equal(f.status, 200, f.text);
    // independently: inside workers = sup, swa, psw1..5, acyc; out is in R2
    // minimum applies to all (psw 30000, sup 60000, swa 420000, acyc 40000);
    // below: psw2..psw5 (paid < 30000), swa (0), acyc (0) = 6
    // volunteers: psw1..psw5 + out = 6; without reimbursement: all but psw2 = 5
    assert.equal(f.body.total.workers, 9);
    assert.equal(f.body.total.below_minimum, 7); // + out (unpaid)
    assert.equal(f.body.total.volunteers, 6);
    assert.equal(f.body.total.volunteers_without_reimbursement, 5);
    const r1 = f.body.rows.find((r) => r.org_unit.id === ids.R1);
    assert.equal(r1.below_minimum, 6);
    assert.equal(r1.by_funder['NGO-NAT'].workers, 8);
    const d = await get('/api/v1/figures/pay?period=2024-05', who.district);
    assert.ok(!d.text.includes('Zzoutside'));
    assert.equal(d.body.total.workers, 8, 'a district officer counts their district only');
    assert.equal((await get('/api/v1/figures/pay?period=May')).status, 422);
  });

  test('coverage: without supervisor, no recent session, supervisors over ratio', async () => {
    const f = await get(`/api/v1/figures/supervision?org_unit=${ids.TZ}`);
    assert.equal(f.status, 200, f.text);
    // declared cadres: psw, psw-supervisor, acyc, swa → 9 workers
    // supervised: psw1 (sup), acyc (swa) → without: 7; sessions within 90 days: none
    // (the clock is today, sessions are in 2024) → all 9 have no recent session
    assert.equal(f.body.total.workers, 9);
    assert.equal(f.body.total.without_supervisor, 7);
    assert.equal(f.body.total.no_recent_session, 9);
    assert.equal(f.body.total.supervisors, 2);
    assert.equal(f.body.total.supervisors_over_ratio, 0);
    assert.equal(f.body.total.max_ratio.psw, 25);
  });

  test('support activities: validated and counted against the configured period', async () => {
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await post('/api/v1/support-activities', { person_id: W.psw1, kind: 'peer_support', activity_date: today })).status, 201);
    for (const [over, field] of [[{ kind: 'party' }, 'kind'], [{ activity_date: 'yesterday' }, 'activity_date'], [{ person_id: 0 }, 'person_id']]) {
      const r = await post('/api/v1/support-activities', { person_id: W.psw1, kind: 'wellness', activity_date: today, ...over });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.error.field, field);
    }
    const f = await get(`/api/v1/figures/support?org_unit=${ids.TZ}`);
    assert.equal(f.body.total.workers, 8, 'cadres with support_every_days (not swa)');
    assert.equal(f.body.total.without_support, 7);
  });

  test('activity returns: entered, imported all-or-nothing, totalled', async () => {
    const put = await who.national.call('PUT', '/api/v1/activity-returns', { body: { person_id: W.psw1, period: '2024-05', counts: { 'home-visits': 12, 'referrals-made': 3 } } });
    assert.equal(put.status, 200, put.text);
    const bad = await who.national.call('PUT', '/api/v1/activity-returns', { body: { person_id: W.psw1, period: '2024-05', counts: { dancing: 1 } } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'counts.dancing');
    const badCsv = `person_id,period,home-visits\n${W.psw2},2024-05,4\n${W.psw3},2024-5,x\n`;
    const r = await who.national.call('POST', '/api/v1/activity-returns/import', { raw: badCsv, headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.body.errors.map((e) => [e.row, e.column]), [[3, 2], [3, 3]]);
    const none = await get(`/api/v1/activity-returns?person_id=${W.psw2}`);
    assert.equal(none.body.items.length, 0, 'nothing was imported');
    const good = `person_id,period,home-visits,referrals-made\n${W.psw2},2024-05,4,1\n${W.psw3},2024-05,5,\n`;
    const ok = await who.national.call('POST', '/api/v1/activity-returns/import', { raw: good, headers: { 'content-type': 'text/csv' } });
    assert.equal(ok.status, 200, ok.text);
    const t = await get(`/api/v1/figures/activity?period=2024-05&org_unit=${ids.TZ}`);
    assert.deepEqual(t.body.total.totals, { 'home-visits': 21, 'referrals-made': 4 });
  });

  test('retention: entries, exits with reasons, length of service, home-ward share', async () => {
    // one more worker who resigned after 181 days
    const p = await createPerson(who.national, ids, { given_name: 'gone' });
    const pos = await createPosition(who.national, ids, { cadre: 'psw', org_unit_id: ids.V1, level: 'village' });
    const a = await post('/api/v1/assignments', { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement: 'volunteer' });
    assert.equal(a.status, 201, a.text);
    const end = await post(`/api/v1/assignments/${a.body.id}/end`, { end_date: '2024-06-30', reason: 'resignation' });
    assert.equal(end.status, 200, end.text);
    const f = await get(`/api/v1/figures/retention?org_unit=${ids.TZ}&from=2024-01-01`);
    assert.equal(f.status, 200, f.text);
    assert.equal(f.body.total.entries, 10);
    assert.equal(f.body.total.exits, 1);
    assert.deepEqual(f.body.total.exit_reasons, { resignation: 1 });
    assert.equal(f.body.total.mean_service_days_of_exits, 181);
    assert.equal(f.body.total.serving, 9);
    const before = await get(`/api/v1/figures/retention?org_unit=${ids.TZ}&from=2024-07-01`);
    assert.equal(before.body.total.exits, 0, 'exits before the period are not counted');
    // psw5 lives in V1 and serves in V2 (same ward); all others serve where they live
    assert.equal(f.body.total.home_ward, 9);
    const bad = await get('/api/v1/figures/retention?from=yesterday');
    assert.equal(bad.status, 422);
  });
});

describe('reports', () => {
  test('the configuration\'s reports show the figures, within the caller\'s scope', async () => {
    // one return outside the district, so scope has something to hide
    const o = await who.national.call('PUT', '/api/v1/activity-returns', { body: { person_id: W.out, period: '2024-05', counts: { 'home-visits': 100 } } });
    assert.equal(o.status, 200, o.text);
    const run = (w, id, params) => w.call('POST', `/api/v1/reports/${id}/run`, { body: { params } });
    const nat = await run(who.national, 'tz-activity-totals', { period: '2024-05' });
    assert.equal(nat.status, 200, nat.text);
    const visits = (r) => r.body.rows.find((x) => x.activity === 'home-visits').total;
    assert.equal(visits(nat), 121);
    const dis = await run(who.district, 'tz-activity-totals', { period: '2024-05' });
    assert.equal(dis.status, 200, dis.text);
    assert.equal(visits(dis), 21, 'the district officer sees their district only');
    const cov = await run(who.national, 'tz-supervision-coverage', {});
    assert.equal(cov.status, 200, cov.text);
    const psw = cov.body.rows.find((x) => x.cadre === 'psw');
    assert.equal(psw.workers, 6);
    assert.equal(psw.without_supervisor, 5);
  });
});

describe('ratios', () => {
  test('supervisors over the configured ratio are counted (swa: at most 10 per officer)', async () => {
    const officer = await createPerson(who.national, ids, { given_name: 'officer' });
    const opos = await createPosition(who.national, ids, { cadre: 'swo', org_unit_id: ids.D2, level: 'district' });
    assert.equal((await post('/api/v1/assignments', { person_id: officer.id, position_id: opos.id, start_date: '2024-01-01', engagement: 'salaried' })).status, 201);
    const unit = async () => (await get(`/api/v1/figures/supervision?org_unit=${ids.R2}`)).body.total;
    for (let i = 0; i < 11; i++) {
      const w = await createPerson(who.national, ids, { given_name: `swa${i}`, residence_org_unit_id: ids.V3 });
      const wp = await createPosition(who.national, ids, { cadre: 'swa', org_unit_id: ids.D2, level: 'ward' });
      assert.equal((await post('/api/v1/assignments', { person_id: w.id, position_id: wp.id, start_date: '2024-01-01', engagement: 'salaried' })).status, 201);
      const s = await post('/api/v1/supervisions', { person_id: w.id, supervisor_person_id: officer.id, type: 'group', start_date: '2024-01-01' });
      assert.equal(s.status, 201, s.text);
      if (i === 9) assert.equal((await unit()).supervisors_over_ratio, 0, '10 is within the ratio');
    }
    const t = await unit();
    assert.equal(t.supervisors, 1);
    assert.equal(t.supervisors_over_ratio, 1, '11 is over');
    assert.equal(t.workers_per_supervisor, 11);
    // ending one supervision brings the officer back within the ratio
    const list = await get(`/api/v1/supervisions?supervisor_id=${officer.id}`);
    const ended = await post(`/api/v1/supervisions/${list.body.items[0].id}/end`, { end_date: '2024-06-01', reason: 'reorganised' });
    assert.equal(ended.status, 200, ended.text);
    assert.equal(ended.body.end_date, '2024-06-01');
    assert.equal((await post(`/api/v1/supervisions/${list.body.items[0].id}/end`, { end_date: '2024-06-02' })).status, 422, 'already ended');
    assert.equal((await unit()).supervisors_over_ratio, 0);
  });
});
