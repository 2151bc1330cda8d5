// Supervision, pay, support and activity returns (issue 8): validation and scope of
// each record type, the configuration's supervision rule refusing an unqualified
// supervisor, the supervisor role limited to their own supervisees, and the
// coverage and compliance figures against counts computed here independently.
// Every case builds the records it needs in a ward of its own (world() below) and
// reads figures for that ward, so the cases pass alone and in any order.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';
import { OUTSIDE_MARK } from './lib/access.mjs';

let srv, ids, who;
before(async () => { ({ srv, ids, who } = await registryServer()); });
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

let worlds = 0;
/**
 * A fresh ward W inside the district officer's district (villages V1, V2) and a fresh
 * ward O outside it (village OV), with the cast every case draws on: `sup` (PSW
 * supervisor, V1), `swa` (post in W, lives in V1), psw1..psw4 (V1), psw5 (post in V2,
 * lives in V1), `acyc` (V1) and `out` (a PSW in OV), all since 2024-01-01. People's ids
 * are in w.p. Nobody is supervised yet.
 */
async function world({ cast = true } = {}) {
  const n = `S${++worlds}`;
  const csv = ['code,name,parent_code,level', `${n},Ward ${n},R1-D1,ward`,
    `${n}-V1,Village ${n} one,${n},village`, `${n}-V2,Village ${n} two,${n},village`,
    `${n}-O,${OUTSIDE_MARK} ward ${n},R2-D1,ward`, `${n}-OV,${OUTSIDE_MARK} village ${n},${n}-O,village`].join('\n') + '\n';
  const imp = await who.admin.call('POST', '/api/v1/org-units/import', { raw: csv, headers: { 'content-type': 'text/csv' } });
  assert.equal(imp.status, 200, imp.text);
  const unit = async (code) => {
    const r = await who.admin.call('GET', `/api/v1/org-units?q=${encodeURIComponent(code)}`);
    return r.body.org_units.find((u) => u.code === code).id;
  };
  const w = { W: await unit(n), V1: await unit(`${n}-V1`), V2: await unit(`${n}-V2`), O: await unit(`${n}-O`), OV: await unit(`${n}-OV`), p: {} };
  w.ids = { ...ids, V1: w.V1 };
  w.place = async (name, cadre, at, engagement = 'volunteer', over = {}, level = 'village') => {
    const p = await createPerson(who.national, w.ids, { residence_org_unit_id: over.residence ?? at, given_name: name });
    const pos = await createPosition(who.national, w.ids, { cadre, org_unit_id: at, level });
    const a = await who.national.call('POST', '/api/v1/assignments', { body: { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement } });
    assert.equal(a.status, 201, a.text);
    w.p[name] = p.id;
    return p.id;
  };
  if (cast) {
    await w.place('sup', 'psw-supervisor', w.V1, 'stipend');
    await w.place('swa', 'swa', w.W, 'salaried', { residence: w.V1 }, 'ward');
    for (let i = 1; i <= 4; i++) await w.place(`psw${i}`, 'psw', w.V1);
    await w.place('psw5', 'psw', w.V2, 'volunteer', { residence: w.V1 });
    await w.place('out', 'psw', w.OV);
    await w.place('acyc', 'acyc', w.V1, 'stipend');
  }
  return w;
}

const post = (path, body, w = who.national) => w.call('POST', path, { body });
const get = (path, w = who.national) => w.call('GET', path);
const supervise = async (person_id, supervisor_person_id, type = 'individual', start_date = '2024-02-01') => {
  const r = await post('/api/v1/supervisions', { person_id, supervisor_person_id, type, start_date });
  assert.equal(r.status, 201, r.text);
  return r.body;
};

describe('supervision', () => {
  test('a PSW supervisor is assigned; another PSW is refused with the rule\'s reason', async () => {
    const { p } = await world();
    const ok = await post('/api/v1/supervisions', { person_id: p.psw1, supervisor_person_id: p.sup, type: 'individual', start_date: '2024-02-01' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.type, 'individual');
    const bad = await post('/api/v1/supervisions', { person_id: p.psw2, supervisor_person_id: p.psw3, type: 'shadowing', start_date: '2024-02-01' });
    assert.equal(bad.status, 422, bad.text);
    assert.equal(bad.body.error.field, 'supervisor_person_id');
    assert.match(bad.body.error.message, /must be supervised by a Para social worker supervisor, /);
    // the rule function (acyc: SWA or officer) and its own reason
    const rule = await post('/api/v1/supervisions', { person_id: p.acyc, supervisor_person_id: p.sup, type: 'group', start_date: '2024-02-01' });
    assert.equal(rule.status, 422, rule.text);
    assert.match(rule.body.error.message, /social welfare assistant or officer/);
    const byRule = await post('/api/v1/supervisions', { person_id: p.acyc, supervisor_person_id: p.swa, type: 'job_sharing', start_date: '2024-02-01' });
    assert.equal(byRule.status, 201, byRule.text);
    const dup = await post('/api/v1/supervisions', { person_id: p.psw1, supervisor_person_id: p.sup, type: 'individual', start_date: '2024-03-01' });
    assert.equal(dup.status, 409, dup.text);
  });

  test('bad supervision fields are refused with 422 naming the field', async () => {
    const { p } = await world();
    const base = { person_id: p.psw2, supervisor_person_id: p.sup, type: 'individual', start_date: '2024-02-01' };
    for (const [over, field] of [[{ type: 'mentoring' }, 'type'], [{ start_date: '2024-13-01' }, 'start_date'],
      [{ person_id: 99999 }, 'person_id'], [{ supervisor_person_id: 'x' }, 'supervisor_person_id'],
      [{ supervisor_person_id: p.psw2 }, 'supervisor_person_id'], [{ end_date: '2023-01-01' }, 'end_date']]) {
      const r = await post('/api/v1/supervisions', { ...base, ...over });
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
  });

  test('sessions: validated, only with a current supervisor, summed as supervised minutes', async () => {
    const { p } = await world();
    await supervise(p.psw1, p.sup);
    const s = { person_id: p.psw1, supervisor_person_id: p.sup, session_date: '2024-03-01', duration_minutes: 90, mode: 'in_person', topics: 'case files', follow_up: 'visit 3 homes' };
    assert.equal((await post('/api/v1/supervision-sessions', s)).status, 201);
    assert.equal((await post('/api/v1/supervision-sessions', { ...s, duration_minutes: 30, mode: 'phone' })).status, 201);
    for (const [over, field] of [[{ duration_minutes: 0 }, 'duration_minutes'], [{ mode: 'telepathy' }, 'mode'],
      [{ session_date: '2999-01-01' }, 'session_date'], [{ person_id: p.psw4 }, 'supervisor_person_id']]) {
      const r = await post('/api/v1/supervision-sessions', { ...s, ...over });
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
    const list = await get(`/api/v1/supervision-sessions?person_id=${p.psw1}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 2);
    assert.equal(list.body.supervised_minutes, 120);
    const since = await get(`/api/v1/supervision-sessions?person_id=${p.psw1}&since=2024-03-02`);
    assert.equal(since.body.supervised_minutes, 0, 'sessions before the date do not count');
    assert.equal((await get(`/api/v1/supervision-sessions?person_id=${p.psw1}&since=March`)).status, 422);
  });

  test('a supervisor user sees and records only for their own supervisees', async () => {
    const { p } = await world();
    await supervise(p.psw1, p.sup);
    const users = (await who.admin.call('GET', '/api/v1/users')).body;
    const sup = (users.users ?? users.items ?? users).find((u) => u.username === 'supervisor');
    const link = await who.admin.call('PUT', `/api/v1/users/${sup.id}/person`, { body: { person_id: p.sup } });
    assert.equal(link.status, 200, link.text);
    const mine = await get(`/api/v1/supervision-sessions?person_id=${p.psw1}`, who.supervisor);
    assert.equal(mine.status, 200, mine.text);
    const other = await get(`/api/v1/supervision-sessions?person_id=${p.psw4}`, who.supervisor);
    assert.equal(other.status, 404, other.text);
    const rec = await post('/api/v1/supervision-sessions', { person_id: p.psw1, session_date: '2024-04-01', duration_minutes: 60, mode: 'video' }, who.supervisor);
    assert.equal(rec.status, 201, rec.text);
    assert.equal(rec.body.supervisor_person_id, p.sup, 'the session is the supervisor\'s own');
    const notMine = await post('/api/v1/support-activities', { person_id: p.psw4, kind: 'debriefing', activity_date: '2024-04-01' }, who.supervisor);
    assert.equal(notMine.status, 422, notMine.text);
    assert.equal(notMine.body.error.field, 'person_id');
    const list = await get(`/api/v1/supervisions?supervisor_id=${p.sup}`, who.supervisor);
    assert.ok(list.body.items.length > 0);
    assert.ok(list.body.items.every((s) => s.supervisor_person_id === p.sup));
  });

  test('certification counts the sessions as supervised hours (issue 7\'s dossier)', async () => {
    const { p } = await world();
    await supervise(p.psw1, p.sup);
    for (const [date, minutes] of [['2024-03-01', 90], ['2024-03-15', 30], ['2024-04-01', 60]]) {
      const r = await post('/api/v1/supervision-sessions', { person_id: p.psw1, supervisor_person_id: p.sup, session_date: date, duration_minutes: minutes, mode: 'in_person' });
      assert.equal(r.status, 201, r.text);
    }
    const e = await get(`/api/v1/people/${p.psw1}/eligibility`);
    assert.equal(e.status, 200, e.text);
    assert.match(e.text, /supervised practice \(has 3\)/, 'three hours: 90 + 30 + 60 minutes');
  });

  test('a district officer cannot see or supervise outside their district', async () => {
    const { p } = await world();
    const r = await get(`/api/v1/supervision-sessions?person_id=${p.out}`, who.district);
    assert.equal(r.status, 404);
    const a = await post('/api/v1/supervisions', { person_id: p.out, supervisor_person_id: p.sup, type: 'individual', start_date: '2024-02-01' }, who.district);
    assert.equal(a.status, 422);
    assert.equal(a.body.error.field, 'person_id');
  });
});

describe('pay, support and returns', () => {
  test('payments are validated; pay compliance matches counts computed here', async () => {
    const w = await world();
    const { p } = w;
    const pay = (person_id, kind, amount, purpose) => post('/api/v1/payments', { person_id, kind, period: '2024-05', amount, currency: 'TZS', purpose, funder_id: ids.GOV });
    assert.equal((await pay(p.psw1, 'stipend', 30000)).status, 201);  // at the minimum
    assert.equal((await pay(p.psw2, 'stipend', 10000)).status, 201);  // below
    assert.equal((await pay(p.psw2, 'reimbursement', 5000, 'transport')).status, 201);
    assert.equal((await pay(p.sup, 'stipend', 70000)).status, 201);   // above 60000
    for (const [over, field] of [[{ kind: 'bribe' }, 'kind'], [{ period: '2024-5' }, 'period'], [{ amount: -1 }, 'amount'],
      [{ currency: 'shillings' }, 'currency'], [{ kind: 'reimbursement' }, 'purpose'], [{ funder_id: 99999 }, 'funder_id']]) {
      const r = await post('/api/v1/payments', { person_id: p.psw1, kind: 'stipend', period: '2024-05', amount: 1, currency: 'TZS', ...over });
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
    const f = await get(`/api/v1/figures/pay?period=2024-05&org_unit=${w.W}`);
    assert.equal(f.status, 200, f.text);
    // independently: the ward's workers = sup, swa, psw1..5, acyc (out lives outside);
    // a minimum applies to all (psw 30000, sup 60000, swa 420000, acyc 40000);
    // below: psw2..psw5 (paid < 30000), swa (0), acyc (0) = 6
    // volunteers: psw1..psw5 = 5; without reimbursement: all but psw2 = 4
    assert.equal(f.body.total.workers, 8);
    assert.equal(f.body.total.below_minimum, 6);
    assert.equal(f.body.total.volunteers, 5);
    assert.equal(f.body.total.volunteers_without_reimbursement, 4);
    const v1 = f.body.rows.find((r) => r.org_unit.id === w.V1);
    assert.equal(v1.workers, 8, 'everyone lives in V1');
    assert.equal(v1.below_minimum, 6);
    assert.equal(v1.by_funder['NGO-NAT'].workers, 8);
    // outside the district: out, unpaid
    const o = await get(`/api/v1/figures/pay?period=2024-05&org_unit=${w.O}`);
    assert.equal(o.body.total.workers, 1);
    assert.equal(o.body.total.below_minimum, 1);
    // the district officer: their ward's figures, nothing of the outside ward
    const d = await get(`/api/v1/figures/pay?period=2024-05&org_unit=${w.W}`, who.district);
    assert.equal(d.status, 200, d.text);
    assert.equal(d.body.total.workers, 8);
    const dout = await get(`/api/v1/figures/pay?period=2024-05&org_unit=${w.O}`, who.district);
    assert.notEqual(dout.status, 200, 'a district officer gets no figures outside the district');
    assert.ok(!dout.text.includes(OUTSIDE_MARK));
    const dall = await get('/api/v1/figures/pay?period=2024-05', who.district);
    assert.ok(!dall.text.includes(OUTSIDE_MARK));
    assert.equal((await get('/api/v1/figures/pay?period=May')).status, 422);
  });

  test('a payment below its minimum is flagged in the reply and in the stored record', async () => {
    const w = await world({ cast: false });
    // a PSW on a stipend: the configuration's PSW minimum names volunteers and stipends
    const s1 = await w.place('s1', 'psw', w.V1, 'stipend');
    const pay = (kind, amount, purpose) => post('/api/v1/payments', { person_id: s1, kind, period: '2024-06', amount, currency: 'TZS', purpose });
    const low = await pay('stipend', 1000);
    assert.equal(low.status, 201, low.text);
    assert.equal(low.body.below_minimum, true);
    assert.deepEqual(low.body.minimum, { amount: 30000, currency: 'TZS', period: 'month' });
    const rest = await pay('allowance', 29000);   // the month now holds 30,000: met
    assert.equal(rest.status, 201, rest.text);
    assert.equal(rest.body.below_minimum, false);
    const goods = await pay('materials', 100, 'a notebook');
    assert.equal(goods.body.below_minimum, false);
    assert.equal(goods.body.minimum, null, 'materials are not pay');
    const list = await get(`/api/v1/payments?person_id=${s1}`);
    assert.equal(list.status, 200, list.text);
    const byId = Object.fromEntries(list.body.items.map((x) => [x.id, x]));
    assert.equal(byId[low.body.id].below_minimum, true);
    assert.deepEqual(byId[low.body.id].minimum, low.body.minimum);
    assert.equal(byId[rest.body.id].below_minimum, false);
    // the figure holds the month against the same minimum: met
    const f = await get(`/api/v1/figures/pay?period=2024-06&org_unit=${w.W}`);
    assert.equal(f.body.total.with_minimum, 1);
    assert.equal(f.body.total.below_minimum, 0);
  });

  test('coverage: without supervisor, no recent session, supervisors over ratio', async () => {
    const w = await world();
    await supervise(w.p.psw1, w.p.sup);
    await supervise(w.p.acyc, w.p.swa, 'job_sharing');
    const f = await get(`/api/v1/figures/supervision?org_unit=${w.W}`);
    assert.equal(f.status, 200, f.text);
    // declared cadres: psw, psw-supervisor, acyc, swa → 8 workers in the ward
    // supervised: psw1 (sup), acyc (swa) → without: 6; no sessions at all → all 8 have
    // no recent session
    assert.equal(f.body.total.workers, 8);
    assert.equal(f.body.total.without_supervisor, 6);
    assert.equal(f.body.total.no_recent_session, 8);
    assert.equal(f.body.total.supervisors, 2);
    assert.equal(f.body.total.supervisors_over_ratio, 0);
    assert.equal(f.body.total.workers_per_supervisor, 1);
    assert.equal(f.body.total.max_ratio.psw, 25);
  });

  test('support activities: validated and counted against the configured period', async () => {
    const w = await world();
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await post('/api/v1/support-activities', { person_id: w.p.psw1, kind: 'peer_support', activity_date: today })).status, 201);
    for (const [over, field] of [[{ kind: 'party' }, 'kind'], [{ activity_date: 'yesterday' }, 'activity_date'], [{ person_id: 0 }, 'person_id']]) {
      const r = await post('/api/v1/support-activities', { person_id: w.p.psw1, kind: 'wellness', activity_date: today, ...over });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.error.field, field);
    }
    const f = await get(`/api/v1/figures/support?org_unit=${w.W}`);
    assert.equal(f.body.total.workers, 7, 'cadres with support_every_days (not swa)');
    assert.equal(f.body.total.without_support, 6);
  });

  test('activity returns: entered, imported all-or-nothing, totalled', async () => {
    const w = await world();
    const { p } = w;
    const put = await who.national.call('PUT', '/api/v1/activity-returns', { body: { person_id: p.psw1, period: '2024-05', counts: { 'home-visits': 12, 'referrals-made': 3 } } });
    assert.equal(put.status, 200, put.text);
    const bad = await who.national.call('PUT', '/api/v1/activity-returns', { body: { person_id: p.psw1, period: '2024-05', counts: { dancing: 1 } } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'counts.dancing');
    const badCsv = `person_id,period,home-visits\n${p.psw2},2024-05,4\n${p.psw3},2024-5,x\n`;
    const r = await who.national.call('POST', '/api/v1/activity-returns/import', { raw: badCsv, headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.body.errors.map((e) => [e.row, e.column]), [[3, 2], [3, 3]]);
    const none = await get(`/api/v1/activity-returns?person_id=${p.psw2}`);
    assert.equal(none.body.items.length, 0, 'nothing was imported');
    const good = `person_id,period,home-visits,referrals-made\n${p.psw2},2024-05,4,1\n${p.psw3},2024-05,5,\n`;
    const ok = await who.national.call('POST', '/api/v1/activity-returns/import', { raw: good, headers: { 'content-type': 'text/csv' } });
    assert.equal(ok.status, 200, ok.text);
    const t = await get(`/api/v1/figures/activity?period=2024-05&org_unit=${w.W}`);
    assert.deepEqual(t.body.total.totals, { 'home-visits': 21, 'referrals-made': 4 });
  });

  test('retention: entries, exits with reasons, length of service, home-ward share', async () => {
    const w = await world();
    // one more worker who resigned after 181 days
    const p = await createPerson(who.national, w.ids, { given_name: 'gone' });
    const pos = await createPosition(who.national, w.ids, { cadre: 'psw', org_unit_id: w.V1, level: 'village' });
    const a = await post('/api/v1/assignments', { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement: 'volunteer' });
    assert.equal(a.status, 201, a.text);
    const end = await post(`/api/v1/assignments/${a.body.id}/end`, { end_date: '2024-06-30', reason: 'resignation' });
    assert.equal(end.status, 200, end.text);
    const f = await get(`/api/v1/figures/retention?org_unit=${w.W}&from=2024-01-01`);
    assert.equal(f.status, 200, f.text);
    // the ward's 8 since 2024-01-01 and the one who left (out lives outside)
    assert.equal(f.body.total.entries, 9);
    assert.equal(f.body.total.exits, 1);
    assert.deepEqual(f.body.total.exit_reasons, { resignation: 1 });
    assert.equal(f.body.total.mean_service_days_of_exits, 181);
    assert.equal(f.body.total.serving, 8);
    const before = await get(`/api/v1/figures/retention?org_unit=${w.W}&from=2024-07-01`);
    assert.equal(before.body.total.exits, 0, 'exits before the period are not counted');
    // psw5 lives in V1 and serves in V2, swa serves in the ward itself (same ward); all
    // others serve where they live
    assert.equal(f.body.total.home_ward, 8);
    const bad = await get('/api/v1/figures/retention?from=yesterday');
    assert.equal(bad.status, 422);
  });
});

describe('reports', () => {
  test('the configuration\'s reports show the figures, within the caller\'s scope', async () => {
    const run = (u, id, params) => u.call('POST', `/api/v1/reports/${id}/run`, { body: { params } });
    const psw = async () => {
      const cov = await run(who.national, 'tz-supervision-coverage', {});
      assert.equal(cov.status, 200, cov.text);
      return cov.body.rows.find((x) => x.cadre === 'psw') ?? { workers: 0, without_supervisor: 0 };
    };
    const before = await psw();
    const { p } = await world();
    await supervise(p.psw1, p.sup);
    // a month of its own: 21 home visits in the district, 100 outside it
    const period = '2023-03';
    for (const [person_id, n] of [[p.psw1, 21], [p.out, 100]]) {
      const r = await who.national.call('PUT', '/api/v1/activity-returns', { body: { person_id, period, counts: { 'home-visits': n } } });
      assert.equal(r.status, 200, r.text);
    }
    const nat = await run(who.national, 'tz-activity-totals', { period });
    assert.equal(nat.status, 200, nat.text);
    const visits = (r) => r.body.rows.find((x) => x.activity === 'home-visits').total;
    assert.equal(visits(nat), 121);
    const dis = await run(who.district, 'tz-activity-totals', { period });
    assert.equal(dis.status, 200, dis.text);
    assert.equal(visits(dis), 21, 'the district officer sees their district only');
    // coverage: psw1..psw5 and out are six more PSWs, five of them unsupervised
    const after = await psw();
    assert.equal(after.workers - before.workers, 6);
    assert.equal(after.without_supervisor - before.without_supervisor, 5);
  });
});

describe('the names behind the figures (issue 18)', () => {
  const names = (r) => r.body.items.map((x) => x.given_name).sort();
  test('each figure that counts workers lists exactly them, with why, in the caller\'s area only', async () => {
    const w = await world();
    const { p } = w;
    await supervise(p.psw1, p.sup);
    await supervise(p.acyc, p.swa, 'job_sharing');
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await post('/api/v1/supervision-sessions', { person_id: p.psw1, supervisor_person_id: p.sup, session_date: today, duration_minutes: 60, mode: 'field_visit' })).status, 201);
    const pay = (person_id, kind, amount, purpose) => post('/api/v1/payments', { person_id, kind, period: '2024-05', amount, currency: 'TZS', purpose, funder_id: ids.GOV });
    assert.equal((await pay(p.psw1, 'stipend', 30000)).status, 201);
    assert.equal((await pay(p.psw2, 'stipend', 10000)).status, 201);
    assert.equal((await pay(p.psw2, 'reimbursement', 5000, 'transport')).status, 201);
    const list = (q, as) => get(`/api/v1/figures/people?${q}&org_unit=${w.W}`, as);

    const sup = (await get(`/api/v1/figures/supervision?org_unit=${w.W}`)).body.total;
    let r = await list('figure=without_supervisor');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, sup.without_supervisor, 'as many names as the figure counts');
    assert.deepEqual(names(r), ['psw2', 'psw3', 'psw4', 'psw5', 'sup', 'swa']);
    const one = r.body.items.find((x) => x.given_name === 'psw2');
    assert.equal(one.person_id, p.psw2);
    assert.equal(one.org_unit_id, w.V1);
    assert.match(one.org_unit_name, /Village S\d+ one/);
    r = await list('figure=no_recent_session');
    assert.equal(r.body.total, sup.no_recent_session);
    assert.ok(!names(r).includes('psw1'), 'psw1 had a session today');
    const never = r.body.items.find((x) => x.given_name === 'psw2');
    assert.equal(never.last_session, null, 'never had a session');
    assert.match(never.since, /^\d{4}-\d{2}-\d{2}$/, 'the date a session was due since');

    const payFig = (await get(`/api/v1/figures/pay?period=2024-05&org_unit=${w.W}`)).body.total;
    r = await list('figure=below_minimum&period=2024-05');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, payFig.below_minimum);
    // independently: paid below the minimum or nothing: all but psw1 (at the minimum)
    assert.deepEqual(names(r), ['acyc', 'psw2', 'psw3', 'psw4', 'psw5', 'sup', 'swa']);
    const low = r.body.items.find((x) => x.given_name === 'psw2');
    assert.deepEqual([low.paid, low.minimum, low.currency, low.funder, low.engagement], [10000, 30000, 'TZS', 'NGO-NAT', 'volunteer']);
    assert.equal(typeof low.funder_name, 'string', 'the funder by name, not only its code');
    r = await list('figure=volunteers_without_reimbursement&period=2024-05');
    assert.equal(r.body.total, payFig.volunteers_without_reimbursement);
    assert.deepEqual(names(r), ['psw1', 'psw3', 'psw4', 'psw5']);

    const supp = (await get(`/api/v1/figures/support?org_unit=${w.W}`)).body.total;
    r = await list('figure=without_support');
    assert.equal(r.body.total, supp.without_support);
    assert.equal(r.body.items[0].last_support, null);

    // Scope: the district officer sees the same names in their district, none outside.
    const d = await list('figure=without_supervisor', who.district);
    assert.deepEqual(names(d), names(await list('figure=without_supervisor')));
    const outside = await get(`/api/v1/figures/people?figure=below_minimum&period=2024-05&org_unit=${w.O}`, who.district);
    assert.equal(outside.status, 422, outside.text);
    assert.ok(!outside.text.includes(OUTSIDE_MARK));
    const all = await get('/api/v1/figures/people?figure=below_minimum&period=2024-05', who.district);
    assert.equal(all.status, 200, all.text);
    assert.ok(!all.text.includes(OUTSIDE_MARK), 'nobody outside the district');
    assert.ok(all.body.items.some((x) => x.person_id === p.psw2));
    assert.ok(!all.body.items.some((x) => x.person_id === p.out));
    // Names are personal data: the analyst, who reads figures, does not get them.
    assert.equal((await get(`/api/v1/figures/supervision?org_unit=${w.W}`, who.analyst)).status, 200);
    assert.equal((await list('figure=without_supervisor', who.analyst)).status, 403);
    // Bad requests name the parameter.
    for (const [q, field, status] of [['', 'figure', 422], ['figure=workers', 'figure', 404],
      ['figure=below_minimum', 'period', 422], ['figure=below_minimum&period=May', 'period', 422]]) {
      const bad = await get(`/api/v1/figures/people?${q}`);
      assert.equal(bad.status, status, `${q}: ${bad.text}`);
      assert.equal(bad.body.error.field, field, q);
    }
  });
});

describe('ratios', () => {
  test('supervisors over the configured ratio are counted (swa: at most 10 per officer)', async () => {
    const w = await world({ cast: false });
    const officer = await createPerson(who.national, w.ids, { given_name: 'officer' });
    const opos = await createPosition(who.national, ids, { cadre: 'swo', org_unit_id: ids.D2, level: 'district' });
    assert.equal((await post('/api/v1/assignments', { person_id: officer.id, position_id: opos.id, start_date: '2024-01-01', engagement: 'salaried' })).status, 201);
    const unit = async () => (await get(`/api/v1/figures/supervision?org_unit=${w.O}`)).body.total;
    for (let i = 0; i < 11; i++) {
      const p = await createPerson(who.national, ids, { given_name: `swa${i}`, residence_org_unit_id: w.OV });
      const wp = await createPosition(who.national, ids, { cadre: 'swa', org_unit_id: ids.D2, level: 'ward' });
      assert.equal((await post('/api/v1/assignments', { person_id: p.id, position_id: wp.id, start_date: '2024-01-01', engagement: 'salaried' })).status, 201);
      await supervise(p.id, officer.id, 'group', '2024-01-01');
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
