// Published views for reports (issue 16 point 2): every view runs in a report; callers
// with only reports.aggregate (the analyst) never get a name, birth date, phone or
// identifier column and cannot read the personal views; every view is filtered by the
// caller's scope; and a report reading a table that is not published (position) is
// refused when its configuration is validated, with file and line, not first when run.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';
import { propose } from './lib/hostile.mjs';
import { advance, mustLogin } from './lib/access.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The example queries of docs/plugins.md: each ```sql block, split at comment lines. */
function docExamples() {
  const doc = readFileSync(join(process.env.KAZI_SHARE_DIR || '.', 'docs', 'plugins.md'), 'utf8');
  const out = [];
  for (const [, block] of doc.matchAll(/```sql\n([\s\S]*?)```/g)) {
    let cur = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('--') && cur.length) { out.push(cur.join('\n')); cur = []; }
      if (line.trim() && !line.startsWith('--')) cur.push(line);
    }
    if (cur.length) out.push(cur.join('\n'));
  }
  return out;
}
const DOC_SQL = docExamples();

/** The age group report_people gives someone born on BIRTH on the server's day NOW_MS. */
function ageGroup(birth, nowMs) {
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const years = (n) => `${String(Number(birth.slice(0, 4)) + n).padStart(4, '0')}${birth.slice(4)}`;
  for (const [n, g] of [[25, 'under-25'], [35, '25-34'], [45, '35-44'], [55, '45-54'], [65, '55-64']])
    if (years(n) > today) return g;
  return '65-plus';
}
const BIRTHS = { R1f: '1990-04-12', R1m: '1950-01-01', R2f: '2000-01-01' };
const DOCS_LUA = `-- the example queries of docs/plugins.md, each run with 2025 for its parameters
local examples = {
${DOC_SQL.map((s) => `  [==[${s}]==],`).join('\n')}
}
kazi.report {
  id = "docs-examples",
  title = { en = "The documented examples" },
  columns = { "n", "rows", "per_10000" },
  run = function(p, q)
    local out = {}
    for i, sql in ipairs(examples) do
      local _, nparams = sql:gsub("%?", "")
      local args = {}
      for k = 1, nparams do args[k] = 2025 end
      local rows = q(sql, table.unpack(args))
      out[#out + 1] = { n = i, rows = #rows, per_10000 = rows[1] and rows[1].per_10000 }
    end
    return out
  end,
}
`;

const AGGREGATE_VIEWS = {
  report_people: 'SELECT * FROM report_people',
  report_positions: 'SELECT * FROM report_positions',
  report_assignments: 'SELECT * FROM report_assignments',
  report_certificates: 'SELECT * FROM report_certificates',
  report_training_events: 'SELECT * FROM report_training_events',
  report_enrolments: 'SELECT * FROM report_enrolments',
  report_courses: 'SELECT * FROM report_courses',
  report_prior_learning: 'SELECT * FROM report_prior_learning',
  report_supervisions: 'SELECT * FROM report_supervisions',
  report_supervision_workers: 'SELECT * FROM report_supervision_workers',
  report_supervision_sessions: 'SELECT * FROM report_supervision_sessions',
  report_payments: 'SELECT * FROM report_payments',
  report_support_activities: 'SELECT * FROM report_support_activities',
  report_activity_returns: 'SELECT * FROM report_activity_returns',
  report_activity_months: 'SELECT * FROM report_activity_months',
  report_return_months: 'SELECT * FROM report_return_months',
  report_person_summaries: 'SELECT * FROM report_person_summaries',
  report_supervisor_places: 'SELECT * FROM report_supervisor_places',
  report_service: 'SELECT * FROM report_service',
  report_service_spells: 'SELECT * FROM report_service_spells',
  report_population: 'SELECT * FROM report_population',
  report_population_rollup: 'SELECT * FROM report_population_rollup',
  report_org_units: 'SELECT * FROM report_org_units',
};
// what identifies a person: never in a view the aggregate permission reads
const PERSONAL_COLUMNS = ['given_name', 'family_name', 'other_names', 'birth_date', 'phone', 'value', 'number'];

const VIEWS_LUA = `-- every published view, one literal query each
local queries = {
${Object.entries(AGGREGATE_VIEWS).map(([v, sql]) => `  { view = "${v}", sql = "${sql}" },`).join('\n')}
}
kazi.report {
  id = "views-check",
  title = { en = "Every published view" },
  columns = { "view", "columns", "rows" },
  run = function(p, q)
    local out = {}
    for _, x in ipairs(queries) do
      local rows, cols = q(x.sql)
      out[#out + 1] = { view = x.view, columns = table.concat(cols, ","), rows = #rows }
    end
    return out
  end,
}
kazi.report {
  id = "personal-check",
  title = { en = "Names of the workers" },
  run = function(p, q)
    return q("SELECT person_id, given_name, family_name, birth_date FROM report_personal_people ORDER BY person_id")
  end,
}
kazi.report {
  id = "vacancies",
  title = { en = "Vacant approved posts by cadre" },
  columns = { "cadre", "posts", "vacant" },
  run = function(p, q)
    return q("SELECT cadre, count(position_id) AS posts, sum(vacant) AS vacant " ..
             "FROM report_positions WHERE approved = 1 GROUP BY cadre ORDER BY cadre")
  end,
}
kazi.report {
  id = "age-sex",
  title = { en = "Workers by region, sex and age group" },
  columns = { "region", "sex", "age_group", "workers" },
  run = function(p, q)
    return q("SELECT u.code AS region, p.sex, p.age_group, count(p.person_id) AS workers " ..
             "FROM report_people p JOIN report_org_units u ON u.path = kazi_path_at(p.org_path, 1) " ..
             "GROUP BY u.code, p.sex, p.age_group ORDER BY u.code, p.sex, p.age_group")
  end,
}
`;

const BAD_LUA = `-- a report reading a table that is not published
kazi.report {
  id = "posts-raw",
  title = { en = "Posts" },
  run = function(p, q)
    return q("SELECT cadre, count(id) AS posts " ..
             "FROM position GROUP BY cadre")
  end,
}
`;

describe('published views for reports', () => {
  let srv, ids, who;
  before(async () => {
    ({ srv, ids, who } = await registryServer());
    const place = async (unit, over) => {
      const p = await createPerson(who.national, ids, { residence_org_unit_id: unit, ...over });
      const pos = await createPosition(who.national, ids, { org_unit_id: unit });
      const r = await who.national.call('POST', '/api/v1/assignments',
        { body: { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement: 'volunteer' } });
      assert.equal(r.status, 201, r.text);
      return p;
    };
    await place(ids.V1, { sex: 'female', birth_date: BIRTHS.R1f });
    await place(ids.V1, { sex: 'male', birth_date: BIRTHS.R1m });
    await place(ids.V3, { sex: 'female', birth_date: BIRTHS.R2f }); // outside the district
    await createPosition(who.national, ids, { org_unit_id: ids.V2 }); // vacant, inside
    const live = (await who.admin.call('GET', '/api/v1/config/live')).body.live;
    const pop = await who.national.call('POST', '/api/v1/population/import',
      { raw: 'org_unit,year,total\nR1-D1,2025,10000\n', headers: { 'content-type': 'text/csv' } });
    assert.equal(pop.status, 200, pop.text);
    const commit = await propose(who.admin, { 'views_check.lua': VIEWS_LUA, 'docs_examples.lua': DOCS_LUA }, 'view checks');
    const v = await who.admin.call('POST', `/api/v1/config/versions/${commit}/validate`);
    assert.equal(v.body.ok, true, v.text);
    const a = await who.admin.call('POST', '/api/v1/config/activate',
      { body: { commit, expected_live: live, reason: 'view checks' } });
    assert.equal(a.status, 200, a.text);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  const run = (as, id) => as.call('POST', `/api/v1/reports/${id}/run`);

  test('every view runs for the analyst, without a name or identifier column', async () => {
    const r = await run(who.analyst, 'views-check');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.rows.map((x) => x.view), Object.keys(AGGREGATE_VIEWS));
    for (const row of r.body.rows) {
      const cols = row.columns.split(',');
      for (const c of PERSONAL_COLUMNS) assert.ok(!cols.includes(c), `${row.view} has ${c}`);
    }
    const byView = Object.fromEntries(r.body.rows.map((x) => [x.view, x]));
    assert.equal(byView.report_people.rows, 3);
    assert.match(byView.report_people.columns, /\bsex\b.*\bage_group\b/);
    assert.match(byView.report_positions.columns, /\bvacant\b.*\bvacant_since\b/);
    assert.equal(byView.report_positions.rows, 4);
    assert.match(byView.report_certificates.columns, /\bstatus\b/);
    // three workers with one post each: a spell of any post and one of the cadre each
    assert.equal(byView.report_service_spells.rows, 6);
    assert.match(byView.report_service_spells.columns, /\bfirst_start\b.*\bage_group\b/);
  });

  test('the personal views need reports.personal', async () => {
    const refused = await run(who.analyst, 'personal-check');
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.error.field, 'sql');
    assert.match(refused.body.error.message, /^views_check\.lua:\d+: q: 'report_personal_people' holds personal data: reading it needs the permission reports\.personal/);
    const ok = await run(who.national, 'personal-check');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.rows.length, 3);
    assert.equal(ok.body.rows[0].given_name, 'Amina');
  });

  test('the views are filtered by the caller scope', async () => {
    const d = await run(who.district, 'views-check');
    assert.equal(d.status, 200, d.text);
    const byView = Object.fromEntries(d.body.rows.map((x) => [x.view, x]));
    assert.equal(byView.report_people.rows, 2, 'not the worker of the outside district');
    assert.equal(byView.report_positions.rows, 3);
    assert.equal(byView.report_service_spells.rows, 4, 'not the spells of the outside district');
    const vac = await run(who.district, 'vacancies');
    assert.deepEqual(vac.body.rows, [{ cadre: 'psw', posts: 3, vacant: 1 }]);
  });

  /** The rows age-sex must give on the server's day NOW_MS. */
  const ageSex = (nowMs) => [
    ['R1', 'female', ageGroup(BIRTHS.R1f, nowMs), 1], ['R1', 'male', ageGroup(BIRTHS.R1m, nowMs), 1],
    ['R2', 'female', ageGroup(BIRTHS.R2f, nowMs), 1]];

  test('a report can count by any level, sex and age group', async () => {
    const r = await run(who.analyst, 'age-sex');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.rows.map((x) => [x.region, x.sex, x.age_group, x.workers]), ageSex(await advance(srv, 0)));
  });

  test('every example query of docs/plugins.md runs', async () => {
    assert.ok(DOC_SQL.length >= 9, `found ${DOC_SQL.length} examples`);
    const r = await run(who.analyst, 'docs-examples');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.rows.length, DOC_SQL.length);
    // the density example: 2 active workers in R1-D1 per 10,000 people
    const density = DOC_SQL.findIndex((s) => s.includes('per_10000'));
    assert.equal(r.body.rows[density].per_10000, 2);
  });

  test('validation refuses a report reading a table that is not published, with file and line', async () => {
    const commit = await propose(who.admin, { 'bad_report.lua': BAD_LUA }, 'a raw table');
    const v = await who.admin.call('POST', `/api/v1/config/versions/${commit}/validate`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.ok, false, v.text);
    const e = v.body.errors.find((x) => x.file === 'bad_report.lua');
    assert.ok(e, v.text);
    assert.equal(e.line, 6);
    assert.match(e.message, /'position' is not allowed/);
  });

  // last: it moves the server's clock ten years on
  test('age groups follow Kazi\'s clock, as kazi.today() does', async () => {
    const before = ageSex(await advance(srv, 0));
    const now = await advance(srv, 10 * 365 * 24 * 3600 * 1000);
    const after = ageSex(now);
    assert.notDeepEqual(after, before, 'ten years on, someone changes group');
    const analyst = await mustLogin(srv, 'analyst');
    const r = await run(analyst, 'age-sex');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.rows.map((x) => [x.region, x.sex, x.age_group, x.workers]), after);
  });
});
