// Workforce planning (issue 16 point 4): need per org unit from the staffing norms
// (country-config/tanzania/norms.lua: one PSW per village, one SWA per 2,000
// children), supply = the active workforce in posts of the cadre, shortfall, and a
// projection whose every figure is computed here by hand: observed exit rate from the
// register, the other flows overridden in the query, and a second scenario with extra
// intake beside the baseline. Only units in the caller's scope are counted.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';

const csv = (lines) => ({ raw: lines.join('\n') + '\n', headers: { 'content-type': 'text/csv' } });
const iso = (d) => d.toISOString().slice(0, 10);

describe('workforce planning', () => {
  let srv, ids, who;
  const row = (body, code, cadre) => body.units.find((u) => u.org_unit_code === code && u.cadre === cadre);

  before(async () => {
    ({ srv, ids, who } = await registryServer());
    const n = who.national;
    // children: Arusha City 4,500 (3 SWAs), Meru 2,000 (1); the outside district none
    const pop = await n.call('POST', '/api/v1/population/import', csv([
      'org_unit,year,total,children', 'R1-D1,2025,9000,4500', 'R1-D2,2025,5000,2000',
    ]));
    assert.equal(pop.status, 200, pop.text);
    const assign = async (unit, start, body = {}) => {
      const person = await createPerson(n, ids, { residence_org_unit_id: unit });
      const post = await createPosition(n, ids, { org_unit_id: unit });
      const r = await n.call('POST', '/api/v1/assignments', {
        body: { person_id: person.id, position_id: post.id, start_date: start, engagement: 'volunteer', ...body },
      });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    // one PSW in V1 and one in the outside village V3 hold their posts now; one in V2
    // resigned last month: an exit inside the three-year window
    await assign(ids.V1, '2020-01-01');
    await assign(ids.V3, '2020-01-01');
    const gone = await assign(ids.V2, '2020-01-01');
    const lastMonth = iso(new Date(Date.now() - 30 * 86400000));
    const end = await n.call('POST', `/api/v1/assignments/${gone.id}/end`, { body: { end_date: lastMonth, reason: 'resignation' } });
    assert.equal(end.status, 200, end.text);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('need from the norms, supply and shortfall by district and cadre', async () => {
    const r = await who.national.call('GET', '/api/v1/planning?level=district');
    assert.equal(r.status, 200, r.text);
    const fig = (code, cadre) => {
      const u = row(r.body, code, cadre);
      return [u.need, u.supply, u.shortfall, u.missing];
    };
    // PSW: one per village (Arusha City has V1 and V2, Meru none, the outside district V3)
    assert.deepEqual(fig('R1-D1', 'psw'), [2, 1, 1, []]);
    assert.deepEqual(fig('R1-D2', 'psw'), [0, 0, 0, []]);
    assert.deepEqual(fig('R2-D1', 'psw'), [1, 1, 0, []]);
    // SWA: ceil(4500 / 2000) = 3, 2000 / 2000 = 1; no children figure: need unknown, said
    assert.deepEqual(fig('R1-D1', 'swa'), [3, 0, 3, []]);
    assert.deepEqual(fig('R1-D2', 'swa'), [1, 0, 1, []]);
    assert.deepEqual(fig('R2-D1', 'swa'), [null, 0, null, ['children']]);
    assert.equal(row(r.body, 'R1-D1', 'swa').population_year, 2025);
    const psw = r.body.totals.find((t) => t.cadre === 'psw');
    assert.deepEqual([psw.need, psw.supply, psw.shortfall], [3, 2, 1]);
  });

  test('the projection: observed exit rate, overridden flows, a second scenario', async () => {
    const q = 'level=district&cadre=psw&years=3&intake_per_year=100&pass_rate=0.5&certify_rate=0.8&place_rate=0.5&extra_intake=500';
    const r = await who.national.call('GET', `/api/v1/planning?${q}`);
    assert.equal(r.status, 200, r.text);
    const p = r.body.projections[0];
    assert.equal(p.cadre, 'psw');
    // 1 exit in 3 years from 2 workers: 1 / 3 / 2 a year
    assert.equal(p.observed.exits, 1);
    assert.equal(p.observed.supply, 2);
    assert.equal(p.observed.exit_rate, 0.1667);
    assert.equal(p.assumptions.exit_rate, 0.1667);
    assert.deepEqual(p.assumptions.overridden, ['intake_per_year', 'pass_rate', 'certify_rate', 'place_rate']);
    const exit = 1 / 3 / 2;
    // baseline: 100 × 0.5 × 0.8 × 0.5 = 20 graduates a year
    let s = 2;
    const want = (grads) => {
      const years = [];
      let supply = 2;
      for (let t = 0; t < 3; t++) {
        const exits = supply * exit;
        supply = supply + grads - exits;
        years.push([Math.round(exits * 10) / 10, Math.round(supply * 10) / 10]);
      }
      return years;
    };
    s = want(20);
    // by hand: 2 + 20 - 0.333 = 21.667; 21.667 + 20 - 3.611 = 38.056; 38.056 + 20 - 6.343 = 51.713
    assert.deepEqual(s, [[0.3, 21.7], [3.6, 38.1], [6.3, 51.7]]);
    const [base, extra] = p.scenarios;
    assert.equal(base.id, 'baseline');
    assert.deepEqual(base.years.map((y) => [y.exits, y.supply]), s);
    assert.deepEqual(base.years.map((y) => y.graduates), [20, 20, 20]);
    assert.deepEqual(base.years.map((y) => y.shortfall), [3 - 21.7, 3 - 38.1, 3 - 51.7].map((v) => Math.round(v * 10) / 10));
    // "train 500 more a year": (100 + 500) × 0.2 = 120 graduates a year
    assert.equal(extra.id, 'extra_intake');
    assert.equal(extra.extra_intake_per_year, 500);
    assert.deepEqual(extra.years.map((y) => [y.exits, y.supply]), want(120));
    assert.deepEqual(want(120)[0], [0.3, 121.7]);
    const thisYear = new Date().getUTCFullYear();
    assert.deepEqual(base.years.map((y) => y.year), [thisYear + 1, thisYear + 2, thisYear + 3]);
  });

  test('an exit rate in the request replaces the observed one', async () => {
    const r = await who.national.call('GET', '/api/v1/planning?level=district&cadre=psw&years=2&intake_per_year=0&exit_rate=0.5');
    assert.equal(r.status, 200, r.text);
    const base = r.body.projections[0].scenarios[0];
    assert.deepEqual(base.years.map((y) => y.supply), [1, 0.5]);
    assert.equal(r.body.projections[0].scenarios.length, 1, 'no second scenario without extra_intake');
  });

  test('a district officer sees only the units of the district', async () => {
    const r = await who.district.call('GET', '/api/v1/planning?level=district&cadre=psw');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.units.map((u) => u.org_unit_code), ['R1-D1']);
    assert.equal(r.body.projections[0].supply, 1);
  });

  test('bad requests name the field', async () => {
    for (const [q, field] of [['level=nowhere', 'level'], ['', 'level'], ['level=district&cadre=nope', 'cadre'],
      ['level=district&cadre=acyc', 'cadre'], ['level=district&pass_rate=2', 'pass_rate'],
      ['level=district&exit_rate=x', 'exit_rate'], ['level=district&years=50', 'years']]) {
      const r = await who.national.call('GET', `/api/v1/planning?${q}`);
      assert.ok(r.status === 400 || r.status === 422, `${q}: ${r.status} ${r.text}`);
      assert.equal(r.body.error.field, field, q);
    }
    // a declared cadre without a norm is named by its name, not its id
    const r = await who.national.call('GET', '/api/v1/planning?level=district&cadre=acyc');
    assert.equal(r.body.error.message, 'No staffing norm names the cadre Auxiliary child and youth care worker');
  });
});

// Need grows with the population over the projection years, and two scenarios side by
// side, every figure by hand. SWA norm: one per 2,000 children. Children: Arusha City
// 4,000 this year and 6,100 (a projection imported) in two years; Meru 2,000 this year.
describe('workforce planning: need from the projected population, two scenarios', () => {
  let srv, who;
  const thisYear = new Date().getUTCFullYear();
  before(async () => {
    ({ srv, who } = await registryServer());
    const pop = await who.national.call('POST', '/api/v1/population/import', csv([
      'org_unit,year,total,children', `R1-D1,${thisYear},8000,4000`, `R1-D1,${thisYear + 2},12000,6100`,
      `R1-D2,${thisYear},4000,2000`,
    ]));
    assert.equal(pop.status, 200, pop.text);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('baseline: growth 10 % a year; second scenario: 10 more trained, no exits, no growth, norm doubled', async () => {
    const q = 'level=district&cadre=swa&years=3&intake_per_year=10&pass_rate=1&certify_rate=1&place_rate=1' +
      '&exit_rate=0.1&population_growth=0.1&extra_intake=10&alt_exit_rate=0&alt_population_growth=0&alt_norm_scale=2';
    const r = await who.national.call('GET', `/api/v1/planning?${q}`);
    assert.equal(r.status, 200, r.text);
    // today: ceil(4000 / 2000) = 2 and ceil(2000 / 2000) = 1
    const total = r.body.totals.find((t) => t.cadre === 'swa');
    assert.equal(total.need, 3);
    const p = r.body.projections[0];
    assert.equal(p.assumptions.population_growth, 0.1);
    assert.ok(p.assumptions.overridden.includes('population_growth'));
    const [base, alt] = p.scenarios;
    assert.deepEqual([base.id, base.exit_rate, base.population_growth, base.norm_scale], ['baseline', 0.1, 0.1, 1]);
    // need, baseline:
    //   year 1: Arusha City 4000 × 1.1 = 4400 → ceil(2.2) = 3; Meru 2000 × 1.1 = 2200 → 2: 5
    //   year 2: Arusha City has a figure, 6100 → ceil(3.05) = 4; Meru 2000 × 1.21 = 2420 → 2: 6
    //   year 3: 6100 × 1.1 = 6710 → ceil(3.355) = 4; Meru 2000 × 1.331 = 2662 → 2: 6
    // supply from 0: 10 graduates a year, 10 % leave: 10; 10 + 10 - 1 = 19; 19 + 10 - 1.9 = 27.1
    assert.deepEqual(base.years.map((y) => [y.year, y.need, y.supply, y.shortfall]),
      [[thisYear + 1, 5, 10, -5], [thisYear + 2, 6, 19, -13], [thisYear + 3, 6, 27.1, -21.1]]);
    assert.deepEqual([alt.extra_intake_per_year, alt.exit_rate, alt.population_growth, alt.norm_scale], [10, 0, 0, 2]);
    // need, second scenario (two per 2,000 children, no growth):
    //   year 1: ceil(2 × 4000 / 2000) = 4; ceil(2 × 2000 / 2000) = 2: 6
    //   years 2 and 3: ceil(2 × 6100 / 2000) = 7; 2: 9
    // supply: 20 graduates a year, none leave: 20, 40, 60
    assert.deepEqual(alt.years.map((y) => [y.need, y.supply, y.shortfall]),
      [[6, 20, -14], [9, 40, -31], [9, 60, -51]]);
  });

  test('without a growth rate a population stays at its latest figure', async () => {
    const r = await who.national.call('GET', '/api/v1/planning?level=district&cadre=swa&years=3&intake_per_year=0&exit_rate=0');
    assert.equal(r.status, 200, r.text);
    const p = r.body.projections[0];
    assert.equal(p.assumptions.population_growth, 0);
    assert.equal(p.scenarios.length, 1);
    // 2 + 1; then Arusha City's 6,100 from year 2: ceil(3.05) + 1 = 5
    assert.deepEqual(p.scenarios[0].years.map((y) => y.need), [3, 5, 5]);
  });

  test('growth and norm scale out of range name the field', async () => {
    for (const [q, field] of [['population_growth=2', 'population_growth'], ['alt_norm_scale=-1', 'alt_norm_scale'],
      ['alt_exit_rate=1.5', 'alt_exit_rate'], ['alt_population_growth=x', 'alt_population_growth'],
      ['exit_rate=-1', 'exit_rate']]) {
      const r = await who.national.call('GET', `/api/v1/planning?level=district&${q}`);
      assert.equal(r.status, 422, `${q}: ${r.status} ${r.text}`);
      assert.equal(r.body.error.field, field, q);
    }
  });
});

describe('workforce planning: the training funnel observed in the register', () => {
  let srv, ids, who;
  before(async () => { ({ srv, ids, who } = await registryServer()); });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('enrolled → passed → certified → placed gives the graduates a year', async () => {
    const n = who.national;
    const ok = (r) => { assert.ok(r.status < 300, r.text); return r.body; };
    const day = (back) => iso(new Date(Date.now() - back * 86400000));
    // four people take the PSW course (psw-level-2, which psw-certificate names) last month
    const ev = ok(await n.call('POST', '/api/v1/training-events', { body: { course: 'psw-level-2', venue_org_unit_id: ids.D1,
      start_date: day(40), end_date: day(35), capacity: 10 } }));
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await createPerson(n, ids, { residence_org_unit_id: ids.V1 }));
    for (const [i, p] of people.entries()) {
      ok(await n.call('POST', `/api/v1/training-events/${ev.id}/enrolments`, { body: { person_id: p.id } }));
      ok(await n.call('POST', `/api/v1/training-events/${ev.id}/results`, { body: { person_id: p.id, attended: true,
        passed: i < 3, ...(i < 3 ? { completion_date: day(35) } : {}) } }));
    }
    // two of the three who passed are certified, one of them takes up a PSW post today
    for (const p of people.slice(0, 2))
      ok(await who.admin.call('POST', `/api/v1/people/${p.id}/certificates`, { body: { certification: 'psw-certificate',
        override_reason: 'Supervised hours kept on paper by the DSWO', evidence: 'DSWO letter 2026/1' } }));
    const post = await createPosition(n, ids, { org_unit_id: ids.V2 });
    ok(await n.call('POST', '/api/v1/assignments', { body: { person_id: people[0].id, position_id: post.id,
      start_date: day(0), engagement: 'volunteer' } }));

    const r = await n.call('GET', '/api/v1/planning?level=district&cadre=psw&years=2&exit_rate=0');
    assert.equal(r.status, 200, r.text);
    const p = r.body.projections[0];
    assert.deepEqual([p.observed.enrolled, p.observed.passed, p.observed.certified, p.observed.placed], [4, 3, 2, 1]);
    assert.deepEqual(p.observed.courses, ['psw-level-2']);
    // 4 in 3 years; 3/4 pass; 2/3 of them certified; 1/2 of those placed
    assert.deepEqual([p.assumptions.intake_per_year, p.assumptions.pass_rate, p.assumptions.certify_rate, p.assumptions.place_rate],
      [1.3, 0.75, 0.6667, 0.5]);
    // graduates = 4/3 × 3/4 × 2/3 × 1/2 = 1/3 a year; from 1 worker: 1.333, 1.667
    const base = p.scenarios[0];
    assert.deepEqual(base.years.map((y) => [y.graduates, y.supply]), [[0.3, 1.3], [0.3, 1.7]]);
  });
});
