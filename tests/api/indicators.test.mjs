// The indicator pack (issue 16 point 3, plugins/indicators.lua): every indicator answers
// the standard rows (docs/plugins.md "Indicators") and matches a hand computation on a
// small register, at two levels and with a breakdown; the analyst never gets names; a
// district officer sees only their district; a configuration's report of the same id
// replaces the pack's.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';
import { propose } from './lib/hostile.mjs';
import { advance, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

const OVERRIDE_LUA = `-- the country's own headcount replaces the pack's
kazi.report {
  id = "ind-headcount",
  title = { en = "Headcount (ours)" },
  columns = { "answer" },
  run = function(p, q) return { { answer = "ours" } } end,
}
`;

describe('indicator pack', () => {
  let srv, ids, who;
  before(async () => {
    ({ srv, ids, who } = await registryServer());
    const post = async (path, body) => {
      const r = await who.national.call('POST', path, { body });
      assert.ok(r.status === 201 || r.status === 200, `${path}: ${r.text}`);
      return r.body;
    };
    // a worker living and serving at UNIT since 2020; END ends the post in 2026
    const worker = async (unit, sex, end) => {
      const p = await createPerson(who.national, ids, { residence_org_unit_id: unit, sex });
      const pos = await createPosition(who.national, ids, { org_unit_id: unit });
      const a = await post('/api/v1/assignments', { person_id: p.id, position_id: pos.id, start_date: '2020-01-01', engagement: 'volunteer' });
      if (end) await post(`/api/v1/assignments/${a.id}/end`, end);
      return p;
    };
    // R1 (district R1-D1): A, B, C at V1; D at V2; G at V1 resigned on 2026-03-01
    await worker(ids.V1, 'female');          // A
    await worker(ids.V1, 'male');            // B
    await worker(ids.V1, 'female');          // C
    await worker(ids.V2, 'male');            // D
    await worker(ids.V1, 'female', { end_date: '2026-03-01', reason: 'resignation' }); // G
    await createPosition(who.national, ids, { org_unit_id: ids.V2 }); // never held: vacant
    // R2 (district R2-D1): E, F at V3; H at V3 promoted out on 2026-05-01
    await worker(ids.V3, 'female');          // E
    await worker(ids.V3, 'male');            // F
    await worker(ids.V3, 'male', { end_date: '2026-05-01', reason: 'promotion' }); // H
    // population 2026: R1-D1 20,000, R2-D1 10,000; R1-D2 has none
    const pop = await who.national.call('POST', '/api/v1/population/import',
      { raw: 'org_unit,year,total\nR1-D1,2026,20000\nR2-D1,2026,10000\n', headers: { 'content-type': 'text/csv' } });
    assert.equal(pop.status, 200, pop.text);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  const run = async (as, id, params) => {
    const r = await as.call('POST', `/api/v1/reports/${id}/run`, { body: { params } });
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  /** rows as [code|"Total", group, numerator, denominator, value] */
  const brief = (b) => b.rows.map((r) => [r.org_unit_code ?? 'Total', r.group, r.numerator, r.denominator ?? null, r.value ?? null]);

  test('every indicator declares its unit and definition and answers the standard columns', async () => {
    const list = await who.analyst.call('GET', '/api/v1/reports');
    assert.equal(list.status, 200, list.text);
    const inds = list.body.reports.filter((r) => r.id.startsWith('ind-') && !r.id.endsWith('-names'));
    assert.ok(inds.length >= 25, `${inds.length} indicators`);
    const cat = await who.analyst.call('GET', '/api/v1/catalogue');
    const decl = Object.fromEntries(cat.body.reports.map((r) => [r.id, r]));
    for (const r of inds) {
      const ind = decl[r.id].indicator;
      assert.ok(ind && ind.unit, `${r.id} has a unit`);
      for (const k of ['numerator', 'denominator', 'period']) assert.ok(ind.definition[k].en, `${r.id} ${k}`);
      const b = await run(who.analyst, r.id, { period: '2026', level: 'region' });
      assert.deepEqual(b.columns, ['org_unit_id', 'org_unit_code', 'org_unit_name', 'group', 'numerator', 'denominator', 'value', 'note']);
      const total = b.rows.at(-1);
      assert.equal(total.org_unit_name, 'Total', r.id);
      assert.equal(total.org_unit_id ?? null, null);
    }
  });

  test('headcount and density per 10,000 by region and by district, missing population said', async () => {
    // holding a post today: R1 A, B, C, D = 4; R2 E, F = 2 (G resigned, H promoted out)
    assert.deepEqual(brief(await run(who.analyst, 'ind-headcount', { period: '2026', level: 'region' })),
      [['R1', '', 4, null, 4], ['R2', '', 2, null, 2], ['Total', '', 6, null, 6]]);
    // R1: 4 * 10000 / 20000 (R1-D1's figure summed up) = 2; R2: 2 * 10000 / 10000 = 2;
    // total: 6 * 10000 / 30000 = 2
    assert.deepEqual(brief(await run(who.analyst, 'ind-density', { period: '2026', level: 'region' })),
      [['R1', '', 4, 20000, 2], ['R2', '', 2, 10000, 2], ['Total', '', 6, 30000, 2]]);
    // districts: R1-D2 has no figure: value null (never 0), said; the total then too
    const d = await run(who.analyst, 'ind-density', { period: '2026', level: 'district' });
    assert.deepEqual(brief(d), [['R1-D1', '', 4, 20000, 2], ['R1-D2', '', 0, null, null],
      ['R2-D1', '', 2, 10000, 2], ['Total', '', 6, null, null]]);
    assert.equal(d.rows[1].note, 'no total population figure for 2026');
    assert.match(d.rows[3].note, /no population figure for 2026/);
    // a year without figures: every value null
    const y = await run(who.analyst, 'ind-density', { period: '2025', level: 'region' });
    assert.ok(y.rows.every((r) => r.value == null), JSON.stringify(y.rows));
  });

  test('breakdown by sex', async () => {
    // R1: female A, C; male B, D.  R2: female E; male F
    assert.deepEqual(brief(await run(who.analyst, 'ind-headcount', { period: '2026', level: 'region', breakdown: 'sex' })),
      [['R1', 'female', 2, null, 2], ['R1', 'male', 2, null, 2], ['R2', 'female', 1, null, 1], ['R2', 'male', 1, null, 1],
        ['Total', 'female', 3, null, 3], ['Total', 'male', 3, null, 3]]);
  });

  test('exit and promotion rates are apart; exits by reason', async () => {
    // holding a post on 2026-01-01: R1 A, B, C, D, G = 5; R2 E, F, H = 3
    // losses: R1 G (resignation) 1/5 = 20 %; R2 none; total 1/8 = 12.5 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-exit-rate', { period: '2026', level: 'region' })),
      [['R1', '', 1, 5, 20], ['R2', '', 0, 3, 0], ['Total', '', 1, 8, 12.5]]);
    // promotions: R2 H 1/3 = 33.33 %; total 1/8 = 12.5 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-promotion-rate', { period: '2026', level: 'region' })),
      [['R1', '', 0, 5, 0], ['R2', '', 1, 3, 33.33], ['Total', '', 1, 8, 12.5]]);
    assert.deepEqual(brief(await run(who.analyst, 'ind-exits', { period: '2026', level: 'region', breakdown: 'reason' })),
      [['R1', 'promotion', 0, null, 0], ['R1', 'resignation', 1, null, 1], ['R2', 'promotion', 1, null, 1],
        ['R2', 'resignation', 0, null, 0], ['Total', 'promotion', 1, null, 1], ['Total', 'resignation', 1, null, 1]]);
    // 2025: nobody left
    const y = await run(who.analyst, 'ind-exits', { period: '2025', level: 'region' });
    assert.deepEqual(y.rows.at(-1).numerator, 0);
  });

  test('vacancy rate of approved posts by region and district, by cadre', async () => {
    // R1: 6 posts (A, B, C, D, G's, the new one), vacant G's and the new one: 2/6 = 33.33 %
    // R2: 3 posts (E, F, H's), vacant H's: 1/3 = 33.33 %; total 3/9 = 33.33 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-vacancy-rate', { level: 'region', breakdown: 'cadre' })),
      [['R1', 'psw', 2, 6, 33.33], ['R2', 'psw', 1, 3, 33.33], ['Total', 'psw', 3, 9, 33.33]]);
    // districts: R1-D1 2/6; R1-D2 no posts: 0/0 → null; R2-D1 1/3
    assert.deepEqual(brief(await run(who.analyst, 'ind-vacancy-rate', { level: 'district' })),
      [['R1-D1', '', 2, 6, 33.33], ['R1-D2', '', 0, 0, null], ['R2-D1', '', 1, 3, 33.33], ['Total', '', 3, 9, 33.33]]);
  });

  test('a district officer sees only their district', async () => {
    // scope R1-D1: default level the one below (ward W1): A, B, C, D
    const b = await run(who.district, 'ind-headcount', { period: '2026' });
    assert.deepEqual(brief(b), [['R1-D1-W1', '', 4, null, 4], ['Total', '', 4, null, 4]]);
    const r = await run(who.district, 'ind-headcount', { period: '2026', level: 'region' });
    assert.deepEqual(brief(r), [['R1-D1', '', 4, null, 4], ['Total', '', 4, null, 4]], 'a level above the scope groups by the scope');
  });

  test('the names behind pay compliance need reports.personal', async () => {
    const refused = await who.analyst.call('POST', '/api/v1/reports/ind-pay-below-minimum-names/run', { body: { params: { period: '2026' } } });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.error.field, 'sql');
    const ok = await run(who.national, 'ind-pay-below-minimum-names', { period: '2026' });
    assert.ok(Array.isArray(ok.rows));
    const agg = await run(who.analyst, 'ind-pay-minimum', { period: '2026', level: 'region' });
    for (const row of agg.rows) for (const k of ['given_name', 'family_name', 'person_id']) assert.ok(!(k in row));
  });

  test('bad parameters are refused with the field named', async () => {
    for (const [params, field] of [[{ level: 'galaxy' }, 'level'], [{ period: '2026-13..2026-14' }, 'period'],
      [{ period: 'last year' }, 'period'], [{ breakdown: 'religion' }, 'breakdown'], [{ breakdown: 'sex' }, 'breakdown']]) {
      const r = await who.analyst.call('POST', '/api/v1/reports/ind-vacancy-rate/run', { body: { params } });
      assert.equal(r.status, 422, `${JSON.stringify(params)}: ${r.text}`);
      assert.equal(r.body.error.field, field);
    }
  });

  test('a configuration report of the same id replaces the pack\'s', async () => {
    const live = (await who.admin.call('GET', '/api/v1/config/live')).body.live;
    const commit = await propose(who.admin, { 'our_indicators.lua': OVERRIDE_LUA }, 'our headcount');
    const v = await who.admin.call('POST', `/api/v1/config/versions/${commit}/validate`);
    assert.equal(v.body.ok, true, v.text);
    const a = await who.admin.call('POST', '/api/v1/config/activate', { body: { commit, expected_live: live, reason: 'ours' } });
    assert.equal(a.status, 200, a.text);
    const b = await run(who.analyst, 'ind-headcount', {});
    assert.deepEqual(b.rows, [{ answer: 'ours' }]);
    assert.equal((await run(who.analyst, 'ind-density', { period: '2026', level: 'region' })).rows.length, 3, 'the rest of the pack stays');
  });
});

describe('indicator pack: supervision, support, pay and returns', () => {
  let srv, ids, who, people = {};
  before(async () => {
    ({ srv, ids, who } = await registryServer());
    const post = async (path, body, method = 'POST') => {
      const r = await who.national.call(method, path, { body });
      assert.ok(r.status === 201 || r.status === 200, `${path}: ${r.text}`);
      return r.body;
    };
    const worker = async (name, unit, sex, cadre = 'psw') => {
      const p = await createPerson(who.national, ids, { residence_org_unit_id: unit, sex });
      const pos = await createPosition(who.national, ids, { org_unit_id: unit, cadre, title: cadre });
      await post('/api/v1/assignments', { person_id: p.id, position_id: pos.id, start_date: '2020-01-01', engagement: 'volunteer' });
      people[name] = p.id;
    };
    await worker('S', ids.V1, 'female', 'psw-supervisor'); // R1
    await worker('A', ids.V1, 'female');                    // R1
    await worker('B', ids.V1, 'male');                      // R1
    await worker('C', ids.V3, 'female');                    // R2
    for (const w of ['A', 'B'])
      await post('/api/v1/supervisions', { person_id: people[w], supervisor_person_id: people.S, type: 'individual', start_date: '2026-02-01' });
    await post('/api/v1/support-activities', { person_id: people.A, kind: 'peer_support', activity_date: '2026-03-01' });
    await post('/api/v1/support-activities', { person_id: people.C, kind: 'wellness', activity_date: '2025-06-01' }); // before the period
    for (const [w, amount] of [['A', 30000], ['B', 10000], ['C', 50000]]) // minimum 30000 TZS a month
      await post('/api/v1/payments', { person_id: people[w], kind: 'stipend', period: '2026-05', amount, currency: 'TZS' });
    for (const [w, period, n] of [['A', '2026-01', 5], ['A', '2026-02', 7], ['C', '2026-01', 3], ['C', '2026-09', 4]])
      await post('/api/v1/activity-returns', { person_id: people[w], period, counts: { 'home-visits': n } }, 'PUT');
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  const run = async (as, id, params) => {
    const r = await as.call('POST', `/api/v1/reports/${id}/run`, { body: { params } });
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const brief = (b) => b.rows.map((r) => [r.org_unit_code ?? 'Total', r.group, r.numerator, r.denominator ?? null, r.value ?? null]);
  const H1 = { period: '2026-01..2026-06', level: 'region' };

  test('supervision coverage and workers per supervisor, both definitions', async () => {
    // active in a post: R1 S, A, B; R2 C. Supervised now: A, B (by S)
    // coverage: R1 2/3 = 66.67 %; R2 0/1 = 0 %; total 2/4 = 50 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-supervision-coverage', H1)),
      [['R1', '', 2, 3, 66.67], ['R2', '', 0, 1, 0], ['Total', '', 2, 4, 50]]);
    // by sex: R1 female S, A: A supervised 1/2 = 50 %; male B 1/1 = 100 %
    const s = brief(await run(who.analyst, 'ind-supervision-coverage', { ...H1, breakdown: 'sex' }));
    assert.deepEqual(s.slice(0, 2), [['R1', 'female', 1, 2, 50], ['R1', 'male', 1, 1, 100]]);
    // definition 1, actual: R1 2 workers / 1 supervisor = 2; R2 0/0: null; total 2/1 = 2
    assert.deepEqual(brief(await run(who.analyst, 'ind-workers-per-supervisor', H1)),
      [['R1', '', 2, 1, 2], ['R2', '', 0, 0, null], ['Total', '', 2, 1, 2]]);
    // definition 2, by cadre: supervised cadres (psw, psw-supervisor, ...) S, A, B = 3 per
    // supervising cadres (psw-supervisor, swa, swo) S = 1 → 3; R2 C 1/0 → null; total 4/1 = 4
    assert.deepEqual(brief(await run(who.analyst, 'ind-workers-per-supervisor-post', H1)),
      [['R1', '', 3, 1, 3], ['R2', '', 1, 0, null], ['Total', '', 4, 1, 4]]);
  });

  test('support coverage and home area', async () => {
    // support in the period: A only (C's was in 2025): R1 1/3 = 33.33 %; R2 0/1; total 1/4 = 25 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-support-coverage', H1)),
      [['R1', '', 1, 3, 33.33], ['R2', '', 0, 1, 0], ['Total', '', 1, 4, 25]]);
    // everyone serves in the district they live in: R1-D1 3/3, R2-D1 1/1; R1-D2 nobody: null
    assert.deepEqual(brief(await run(who.analyst, 'ind-home-area', { period: '2026', level: 'district' })),
      [['R1-D1', '', 3, 3, 100], ['R1-D2', '', 0, 0, null], ['R2-D1', '', 1, 1, 100], ['Total', '', 4, 4, 100]]);
  });

  test('pay-minimum compliance, and the names behind it only with reports.personal', async () => {
    // May 2026: A 30000 (at the minimum), B 10000 (below), C 50000
    // R1 1/2 = 50 %; R2 1/1 = 100 %; total 2/3 = 66.67 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-pay-minimum', H1)),
      [['R1', '', 1, 2, 50], ['R2', '', 1, 1, 100], ['Total', '', 2, 3, 66.67]]);
    // district level, by sex: R1-D1 female A 1/1, male B 0/1
    const d = brief(await run(who.analyst, 'ind-pay-minimum', { ...H1, level: 'district', breakdown: 'sex' }));
    assert.deepEqual(d.slice(0, 2), [['R1-D1', 'female', 1, 1, 100], ['R1-D1', 'male', 0, 1, 0]]);
    const names = await run(who.national, 'ind-pay-below-minimum-names', { period: '2026' });
    assert.deepEqual(names.rows.map((r) => [r.person_id, r.period, r.amount]), [[people.B, '2026-05', 10000]]);
    const refused = await who.analyst.call('POST', '/api/v1/reports/ind-pay-below-minimum-names/run', { body: { params: { period: '2026' } } });
    assert.equal(refused.status, 403, refused.text);
    // the district officer: their district's names only (C lives outside)
    const dn = await run(who.district, 'ind-pay-below-minimum-names', { period: '2026' });
    assert.deepEqual(dn.rows.map((r) => r.person_id), [people.B]);
  });

  test('monthly-return completeness and activity totals', async () => {
    // Jan-Jun 2026: expected one a month from each active worker in a post
    // R1 3 workers × 6 = 18, received A Jan, Feb = 2 → 11.11 %; R2 1 × 6 = 6, received C Jan → 16.67 %
    // total 3/24 = 12.5 % (C's September return lies outside)
    assert.deepEqual(brief(await run(who.analyst, 'ind-return-completeness', H1)),
      [['R1', '', 2, 18, 11.11], ['R2', '', 1, 6, 16.67], ['Total', '', 3, 24, 12.5]]);
    // home visits: R1 5 + 7 = 12; R2 3; total 15
    assert.deepEqual(brief(await run(who.analyst, 'ind-activity-totals', { ...H1, breakdown: 'activity' })),
      [['R1', 'home-visits', 12, null, 12], ['R2', 'home-visits', 3, null, 3], ['Total', 'home-visits', 15, null, 15]]);
    // the district officer: only R1-D1 (by ward: W1)
    assert.deepEqual(brief(await run(who.district, 'ind-activity-totals', { period: '2026-01..2026-06' })),
      [['R1-D1-W1', '', 12, null, 12], ['Total', '', 12, null, 12]]);
  });

  test('mean length of service and active share', async () => {
    // everyone since 2020-01-01; on 2026-06-30: 2372 days / 365.25 = 6.494 years each
    // (2020-01-01 → 2026-01-01 is 2192 days, + 180 to 2026-06-30)
    assert.deepEqual(brief(await run(who.analyst, 'ind-length-of-service', { period: '2026-01..2026-06', level: 'region' }))
      .map((r) => [r[0], r[3], r[4]]), [['R1', 3, 6.49], ['R2', 1, 6.49], ['Total', 4, 6.49]]);
    // all 4 active, registered today (within 2026)
    assert.deepEqual(brief(await run(who.analyst, 'ind-active-share', { period: '2026', level: 'region' })),
      [['R1', '', 3, 3, 100], ['R2', '', 1, 1, 100], ['Total', '', 4, 4, 100]]);
  });
});

describe('indicator pack: certificates, training funnel, entries, distribution, vacancy time', () => {
  let srv, ids, who, people = {}, shift;
  const DAY = 24 * 3600 * 1000;
  before(async () => {
    ({ srv, ids, who } = await registryServer());
    const post = async (path, body, as = who.national) => {
      const r = await as.call('POST', path, { body });
      assert.ok(r.status === 201 || r.status === 200, `${path}: ${r.text}`);
      return r.body;
    };
    const worker = async (name, unit, sex, start = '2020-01-01') => {
      const p = await createPerson(who.national, ids, { residence_org_unit_id: unit, sex });
      const pos = await createPosition(who.national, ids, { org_unit_id: unit });
      await post('/api/v1/assignments', { person_id: p.id, position_id: pos.id, start_date: start, engagement: 'volunteer' });
      people[name] = p.id;
    };
    await worker('A', ids.V1, 'female'); // R1
    await worker('B', ids.V1, 'male');   // R1
    await worker('D', ids.V1, 'female'); // R1
    await worker('C', ids.V3, 'female'); // R2
    await worker('E', ids.V3, 'male', '2026-03-01'); // R2, entered in 2026
    await createPosition(who.national, ids, { org_unit_id: ids.V2 }); // vacant from today
    // the 2026 cohort: A, B pass; C fails
    const ev = await post('/api/v1/training-events', { course: 'psw-level-1', venue_org_unit_id: ids.D1, start_date: '2026-01-10', end_date: '2026-01-20', capacity: 25 });
    await post(`/api/v1/training-events/${ev.id}/enrolments`, { person_ids: [people.A, people.B, people.C] });
    for (const [w, passed] of [['A', true], ['B', true], ['C', false]])
      await post(`/api/v1/training-events/${ev.id}/results`, { person_id: people[w], attended: true, passed, score: passed ? 81 : 30, ...(passed ? { completion_date: '2026-01-20' } : {}) });
    const certify = (w, as) => post(`/api/v1/people/${people[w]}/certificates`,
      { certification: 'psw-certificate', override_reason: 'Records kept on paper by the DSWO', evidence: 'DSWO letter 2026/1' }, as);
    await certify('B', who.admin); // valid 3 years from today ...
    // ... then 3 years and 200 days pass: B's certificate is 200 days overdue
    shift = 3 * 365 * DAY + 201 * DAY;
    await advance(srv, shift);
    who.admin = await mustLogin(srv, ADMIN, ADMIN_PW);
    who.analyst = await mustLogin(srv, 'analyst');
    await certify('A', who.admin); // valid
    const pop = await who.national.call('POST', '/api/v1/population/import',
      { raw: 'org_unit,year,total,children\nR1-D1,2026,5000,1000\n', headers: { 'content-type': 'text/csv' } });
    if (pop.status === 401) {
      who.national = await mustLogin(srv, 'national');
      const again = await who.national.call('POST', '/api/v1/population/import',
        { raw: 'org_unit,year,total,children\nR1-D1,2026,5000,1000\n', headers: { 'content-type': 'text/csv' } });
      assert.equal(again.status, 200, again.text);
    } else assert.equal(pop.status, 200, pop.text);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  const run = async (as, id, params) => {
    const r = await as.call('POST', `/api/v1/reports/${id}/run`, { body: { params } });
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const brief = (b) => b.rows.map((r) => [r.org_unit_code ?? 'Total', r.group, r.numerator, r.denominator ?? null, r.value ?? null]);
  const Y = { period: '2026', level: 'region' };

  test('certification coverage: valid, expired only, never', async () => {
    // holding a post at the end of 2026: R1 A, B, D; R2 C, E
    // valid: A → R1 1/3 = 33.33 %; R2 0/2; total 1/5 = 20 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-certified', Y)),
      [['R1', '', 1, 3, 33.33], ['R2', '', 0, 2, 0], ['Total', '', 1, 5, 20]]);
    // expired only: B → R1 1/3; total 1/5
    assert.deepEqual(brief(await run(who.analyst, 'ind-certificate-expired', Y)),
      [['R1', '', 1, 3, 33.33], ['R2', '', 0, 2, 0], ['Total', '', 1, 5, 20]]);
    // never: D; C, E → R1 1/3; R2 2/2 = 100 %; total 3/5 = 60 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-never-certified', Y)),
      [['R1', '', 1, 3, 33.33], ['R2', '', 2, 2, 100], ['Total', '', 3, 5, 60]]);
    // by district and sex: R1-D1 female A, D: valid 1/2 = 50 %; male B 0/1
    const d = brief(await run(who.analyst, 'ind-certified', { period: '2026', level: 'district', breakdown: 'sex' }));
    assert.deepEqual(d.slice(0, 2), [['R1-D1', 'female', 1, 2, 50], ['R1-D1', 'male', 0, 1, 0]]);
  });

  test('refreshers: due, overdue (200 days), lapsed apart', async () => {
    // latest certificates with an expiry: A (3 years ahead), B (200 days past) → 2, in R1
    assert.deepEqual(brief(await run(who.analyst, 'ind-refresher-overdue', Y)),
      [['R1', '', 1, 2, 50], ['R2', '', 0, 0, null], ['Total', '', 1, 2, 50]]);
    assert.deepEqual(brief(await run(who.analyst, 'ind-refresher-due', Y)).at(-1), ['Total', '', 0, 2, 0]);
    assert.deepEqual(brief(await run(who.analyst, 'ind-certificate-lapsed', Y)).at(-1), ['Total', '', 0, 2, 0]);
  });

  test('the training funnel of the 2026 cohort', async () => {
    // enrolled: R1 A, B = 2; R2 C = 1; total 3
    assert.deepEqual(brief(await run(who.analyst, 'ind-training-enrolled', Y)),
      [['R1', '', 2, null, 2], ['R2', '', 1, null, 1], ['Total', '', 3, null, 3]]);
    // passed: R1 2/2 = 100 %; R2 0/1 = 0 %; total 2/3 = 66.67 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-training-passed', Y)),
      [['R1', '', 2, 2, 100], ['R2', '', 0, 1, 0], ['Total', '', 2, 3, 66.67]]);
    // certified since 2026-01-10 among the passed: A and B (issued later) → R1 2/2; R2 0/0 null
    assert.deepEqual(brief(await run(who.analyst, 'ind-training-certified', Y)),
      [['R1', '', 2, 2, 100], ['R2', '', 0, 0, null], ['Total', '', 2, 2, 100]]);
    // placed (holding a post since the event) among the passed: A, B → 2/2
    assert.deepEqual(brief(await run(who.analyst, 'ind-training-placed', Y)).at(-1), ['Total', '', 2, 2, 100]);
    // by sex, 2025: no cohort: zero enrolled
    assert.deepEqual(brief(await run(who.analyst, 'ind-training-enrolled', { period: '2025', level: 'region' })).at(-1), ['Total', '', 0, null, 0]);
  });

  test('entry rate, distribution by sex and density per 100,000 children', async () => {
    // on 2026-01-01: R1 A, B, D; R2 C. Entered in 2026: E (R2)
    // R1 0/3 = 0 %; R2 1/1 = 100 %; total 1/4 = 25 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-entry-rate', Y)),
      [['R1', '', 0, 3, 0], ['R2', '', 1, 1, 100], ['Total', '', 1, 4, 25]]);
    // R1 female A, D 2/3 = 66.67 %, male B 1/3 = 33.33 %; R2 female C 1/2, male E 1/2;
    // total female 3/5 = 60 %, male 2/5 = 40 %
    assert.deepEqual(brief(await run(who.analyst, 'ind-distribution', { ...Y, breakdown: 'sex' })),
      [['R1', 'female', 2, 3, 66.67], ['R1', 'male', 1, 3, 33.33], ['R2', 'female', 1, 2, 50], ['R2', 'male', 1, 2, 50],
        ['Total', 'female', 3, 5, 60], ['Total', 'male', 2, 5, 40]]);
    // children: R1 3 × 100000 / 1000 = 300; R2 has no figure: null, said
    const c = await run(who.analyst, 'ind-density-children', Y);
    assert.deepEqual(brief(c), [['R1', '', 3, 1000, 300], ['R2', '', 2, null, null], ['Total', '', 5, null, null]]);
    assert.equal(c.rows[1].note, 'no children population figure for 2026');
  });

  test('mean time a post stays vacant', async () => {
    // the V2 post has been vacant since it was created: the clock moved 3 × 365 + 201 days
    assert.deepEqual(brief(await run(who.analyst, 'ind-vacancy-days', Y)),
      [['R1', '', 1296, 1, 1296], ['R2', '', 0, 0, null], ['Total', '', 1296, 1, 1296]]);
  });
});

// Workers with several posts (issue 16 point 6: the rates and length of service read each
// worker's spells of service, migration 0022): a worker is counted once however many posts
// they hold, a post ended the day the next starts leaves no day held in between, and a
// worker who loses two posts in the period is one exit.
describe('indicator pack: workers with several posts', () => {
  let srv, ids, who;
  before(async () => {
    ({ srv, ids, who } = await registryServer());
    const post = async (path, body) => {
      const r = await who.national.call('POST', path, { body });
      assert.ok(r.status === 201 || r.status === 200, `${path}: ${r.text}`);
      return r.body;
    };
    const hold = async (person, unit, start, end, over = {}) => {
      const pos = await createPosition(who.national, ids, { org_unit_id: unit, ...over });
      const a = await post('/api/v1/assignments', { person_id: person.id, position_id: pos.id, start_date: start, engagement: 'volunteer' });
      if (end) await post(`/api/v1/assignments/${a.id}/end`, end);
    };
    const SWO = { cadre: 'swo', title: 'Social welfare officer', level: 'district' };
    // X (R1): a PSW post since 2020, and an SWO post 2025-06-01 .. resigned 2026-04-01
    const x = await createPerson(who.national, ids, { residence_org_unit_id: ids.V1, sex: 'female' });
    await hold(x, ids.V1, '2020-01-01');
    await hold(x, ids.D1, '2025-06-01', { end_date: '2026-04-01', reason: 'resignation' }, SWO);
    // Y (R1): a post 2019-01-01 .. transferred 2025-12-31, the next from 2026-01-01
    const y = await createPerson(who.national, ids, { residence_org_unit_id: ids.V1, sex: 'male' });
    await hold(y, ids.V1, '2019-01-01', { end_date: '2025-12-31', reason: 'transfer' });
    await hold(y, ids.V1, '2026-01-01');
    // Z (R2): first post 2026-02-01 .. dismissed 2026-03-01; two from 2026-03-01, one
    // resigned 2026-05-01
    const z = await createPerson(who.national, ids, { residence_org_unit_id: ids.V3, sex: 'female' });
    await hold(z, ids.V3, '2026-02-01', { end_date: '2026-03-01', reason: 'dismissal' });
    await hold(z, ids.V3, '2026-03-01');
    await hold(z, ids.V3, '2026-03-01', { end_date: '2026-05-01', reason: 'resignation' });
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  const run = async (id, params) => {
    const r = await who.analyst.call('POST', `/api/v1/reports/${id}/run`, { body: { params } });
    assert.equal(r.status, 200, r.text);
    return r.body.rows.map((r) => [r.org_unit_code ?? 'Total', r.group, r.numerator, r.denominator ?? null, r.value ?? null]);
  };
  const H1 = { period: '2026-01..2026-06', level: 'region' };

  test('exit, promotion and entry rates count each worker once', async () => {
    // holding a post on 2026-01-01 (held on 2025-12-31): X only (Y's first post ended that
    // day, the next starts on the first day); losses: X (resigned one of two posts) in R1,
    // Z (dismissed, then resigned: once) in R2, with no one at the start there
    assert.deepEqual(await run('ind-exit-rate', H1),
      [['R1', '', 1, 1, 100], ['R2', '', 1, 0, null], ['Total', '', 2, 1, 200]]);
    assert.deepEqual(await run('ind-promotion-rate', H1),
      [['R1', '', 0, 1, 0], ['R2', '', 0, 0, null], ['Total', '', 0, 1, 0]]);
    // by cadre: X held both at the start; the loss was the SWO post
    assert.deepEqual((await run('ind-exit-rate', { ...H1, breakdown: 'cadre' })).filter((r) => r[0] === 'R1'),
      [['R1', 'psw', 0, 1, 0], ['R1', 'swo', 1, 1, 100]]);
    // entered: Z (first post 2026-02-01); X and Y started before
    assert.deepEqual(await run('ind-entry-rate', H1),
      [['R1', '', 0, 1, 0], ['R2', '', 1, 0, null], ['Total', '', 1, 1, 100]]);
  });

  test('distribution and length of service on the period\'s last day', async () => {
    // on 2026-06-30: X (PSW), Y, Z (one post left) → R1 female 1/2, male 1/2; R2 female 1/1
    assert.deepEqual(await run('ind-distribution', { ...H1, breakdown: 'sex' }),
      [['R1', 'female', 1, 2, 50], ['R1', 'male', 1, 2, 50], ['R2', 'female', 1, 1, 100], ['R2', 'male', 0, 0, null],
        ['Total', 'female', 2, 3, 66.67], ['Total', 'male', 1, 3, 33.33]]);
    // years since the first post: X 2372 days, Y 2737, Z 149 (/ 365.25)
    // R1 (2372 + 2737) / 2 = 6.99; R2 0.41; total 5258 / 3 = 4.80
    assert.deepEqual((await run('ind-length-of-service', H1)).map((r) => [r[0], r[3], r[4]]),
      [['R1', 2, 6.99], ['R2', 1, 0.41], ['Total', 3, 4.8]]);
  });
});
