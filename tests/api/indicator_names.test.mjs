// The names behind the indicator figures (issue 18 point 2, plugins/indicator_names.lua,
// docs/plugins.md "Indicators"): for a small hand-made register, the names report an
// indicator declares (`indicator.names`), run for each org unit (and the total) with
// the same period, breakdown and group, lists exactly as many workers as the figure's
// numerator — or its gap (denominator − numerator) with `names_of = "gap"` — with the
// reason; an analyst (reports.aggregate only) is refused every one of them.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';
import { advance, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

const DAY = 24 * 3600 * 1000;

describe('the names behind the indicators', () => {
  let srv, ids, who, people = {}, decl;
  before(async () => {
    ({ srv, ids, who } = await registryServer());
    const post = async (path, body, method = 'POST', as = who.national) => {
      const r = await as.call(method, path, { body });
      assert.ok(r.status === 201 || r.status === 200, `${path}: ${r.text}`);
      return r.body;
    };
    const worker = async (name, unit, sex, cadre = 'psw', end) => {
      const p = await createPerson(who.national, ids, { residence_org_unit_id: unit, sex, given_name: name, family_name: 'Worker' });
      const pos = await createPosition(who.national, ids, { org_unit_id: unit, cadre, title: cadre });
      const a = await post('/api/v1/assignments', { person_id: p.id, position_id: pos.id, start_date: '2020-01-01', engagement: 'volunteer' });
      if (end) await post(`/api/v1/assignments/${a.id}/end`, end);
      people[name] = p.id;
    };
    await worker('Sara', ids.V1, 'female', 'psw-supervisor'); // R1
    await worker('Amina', ids.V1, 'female');                  // R1
    await worker('Baraka', ids.V1, 'male');                   // R1
    await worker('Grace', ids.V1, 'female', 'psw', { end_date: '2026-03-01', reason: 'resignation' }); // R1, left
    await worker('Chausiku', ids.V3, 'female');               // R2
    // Baraka's certificate, then 3 years and 201 days pass: 200 days overdue
    await post(`/api/v1/people/${people.Baraka}/certificates`,
      { certification: 'psw-certificate', override_reason: 'Records kept on paper by the DSWO', evidence: 'DSWO letter 2026/1' }, 'POST', who.admin);
    await advance(srv, 3 * 365 * DAY + 201 * DAY);
    who.admin = await mustLogin(srv, ADMIN, ADMIN_PW);
    for (const name of ['national', 'district', 'analyst']) who[name] = await mustLogin(srv, name);
    await post(`/api/v1/people/${people.Amina}/certificates`,
      { certification: 'psw-certificate', override_reason: 'Records kept on paper by the DSWO', evidence: 'DSWO letter 2026/2' }, 'POST', who.admin);
    await post('/api/v1/supervisions', { person_id: people.Amina, supervisor_person_id: people.Sara, type: 'individual', start_date: '2026-02-01' });
    await post('/api/v1/support-activities', { person_id: people.Amina, kind: 'peer_support', activity_date: '2026-03-01' });
    await post('/api/v1/support-activities', { person_id: people.Chausiku, kind: 'wellness', activity_date: '2025-06-01' });
    for (const [w, amount] of [['Amina', 30000], ['Baraka', 10000], ['Chausiku', 50000]]) // minimum 30000 TZS
      await post('/api/v1/payments', { person_id: people[w], kind: 'stipend', period: '2026-05', amount, currency: 'TZS' });
    for (const [w, period] of [['Amina', '2026-01'], ['Amina', '2026-02'], ['Chausiku', '2026-01']])
      await post('/api/v1/activity-returns', { person_id: people[w], period, counts: { 'home-visits': 2 } }, 'PUT');
    const cat = await who.national.call('GET', '/api/v1/catalogue');
    decl = Object.fromEntries(cat.body.reports.map((r) => [r.id, r]));
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  const run = async (as, id, params) => {
    const r = await as.call('POST', `/api/v1/reports/${id}/run`, { body: { params } });
    assert.equal(r.status, 200, `${id} ${JSON.stringify(params)}: ${r.text}`);
    return r.body;
  };
  const withNames = () => Object.values(decl).filter((r) => r.indicator && r.indicator.names);
  const takes = (id, param) => (decl[id].params || []).some((p) => p.id === param);

  /** the names of each row of an indicator's run, beside the count the row says */
  async function compare(as, ind, params) {
    const names = ind.indicator.names;
    const b = await run(as, ind.id, params);
    const seen = [];
    for (const row of b.rows) {
      const np = { period: params.period };
      if (row.org_unit_code != null) np.org_unit = row.org_unit_code;
      if (takes(names, 'breakdown')) Object.assign(np, { breakdown: params.breakdown || 'none', group: row.group });
      else if (row.group !== '') continue; // the names cannot be split by this breakdown
      const n = await run(as, names, np);
      const want = ind.indicator.names_of === 'gap' ? row.denominator - row.numerator : row.numerator;
      const got = ind.id === 'ind-return-completeness'
        ? n.rows.reduce((s, r) => s + r.months_without_return, 0) : n.rows.length;
      assert.equal(got, want, `${ind.id} → ${names} at ${row.org_unit_code ?? 'Total'} ${row.group}: ${JSON.stringify(n.rows)}`);
      seen.push([row.org_unit_code ?? 'Total', row.group, got]);
    }
    return seen;
  }

  test('every names report lists as many workers as its figure, per org unit, total and group', async () => {
    const inds = withNames();
    const declared = new Set(inds.map((r) => r.indicator.names));
    for (const id of ['ind-headcount-names', 'ind-active-share-names', 'ind-certificate-expired-names', 'ind-never-certified-names',
      'ind-refresher-overdue-names', 'ind-supervision-coverage-names', 'ind-support-coverage-names',
      'ind-pay-below-minimum-names', 'ind-exits-names', 'ind-return-completeness-names'])
      assert.ok(declared.has(id), `an indicator names ${id}`);
    let nonzero = 0;
    for (const ind of inds) {
      for (const params of [{ period: '2026', level: 'region' }, { period: '2026', level: 'district', breakdown: 'sex' }]) {
        const options = (ind.params.find((p) => p.id === 'breakdown') || {}).options || [];
        if (params.breakdown && !options.includes(params.breakdown)) continue;
        for (const [, , n] of await compare(who.national, ind, params)) nonzero += n > 0;
      }
    }
    assert.ok(nonzero >= 20, `${nonzero} figures with workers behind them`);
  });

  test('the names carry the reason, in the worker\'s own name', async () => {
    const P = { period: '2026' };
    const sup = await run(who.national, 'ind-supervision-coverage-names', { ...P, org_unit: 'R1' });
    assert.deepEqual(sup.rows.map((r) => [r.person_id, r.name, r.cadre]),
      [[people.Baraka, 'Baraka Worker', 'psw'], [people.Sara, 'Sara Worker', 'psw-supervisor']]);
    // the reason columns are titled for people, in each language
    assert.deepEqual(sup.labels.last_supervised_until, {
      en: 'Last supervised until', sw: 'Alisimamiwa mara ya mwisho hadi', fr: 'Dernière supervision jusqu\'au',
    });
    const over = await run(who.national, 'ind-refresher-overdue-names', P);
    assert.deepEqual(over.rows.map((r) => [r.person_id, r.certification, r.days_overdue]), [[people.Baraka, 'psw-certificate', 200]]);
    const exits = await run(who.national, 'ind-exits-names', P);
    assert.deepEqual(exits.rows.map((r) => [r.person_id, r.end_date, r.end_reason]), [[people.Grace, '2026-03-01', 'resignation']]);
    const returns = await run(who.national, 'ind-return-completeness-names', P);
    assert.deepEqual(returns.rows.map((r) => [r.name, r.months_without_return, r.last_return ?? null]),
      [['Amina Worker', 10, '2026-02'], ['Baraka Worker', 12, null], ['Chausiku Worker', 11, '2026-01'], ['Sara Worker', 12, null]]);
    // CSV: the same rows, the column ids as its header
    const csv = await who.national.call('POST', '/api/v1/reports/ind-exits-names/run?format=csv', { body: { params: P } });
    assert.equal(csv.status, 200, csv.text);
    assert.match(csv.text, /^person_id,name,org_unit_name,cadre,end_date,end_reason/);
    assert.match(csv.text, /Grace Worker.*2026-03-01,resignation/);
  });

  test('the district officer gets their district\'s names; the analyst none', async () => {
    const d = await run(who.district, 'ind-never-certified-names', { period: '2026' });
    assert.deepEqual(d.rows.map((r) => r.person_id), [people.Sara]); // Chausiku lives outside
    for (const id of new Set(withNames().map((r) => r.indicator.names))) {
      const r = await who.analyst.call('POST', `/api/v1/reports/${id}/run`, { body: { params: { period: '2026' } } });
      assert.equal(r.status, 403, `${id}: ${r.text}`);
    }
  });
});
