// Provenance of report runs (issue 5 point 7): every run, over the API or from the
// shell, is stored with the report, parameters, who, when, the configuration commit and
// the row count (never the rows), and GET /api/v1/reports/runs lists them by scope: a
// national role sees every run, a district officer the runs made within their district.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, kazi } from './lib/server.mjs';
import { startAccessServer, seed, mustLogin, PW } from './lib/access.mjs';

describe('report runs are recorded and listed by scope', () => {
  let srv, fx, live;
  before(async () => {
    srv = await startAccessServer();
    fx = await seed(srv);
    const r = await fx.admin.call('POST', '/api/v1/users', { body: {
      username: 'outsider', password: PW, role: 'district_hr_officer', scope_org_unit_id: fx.units['R2-D1'] } });
    assert.equal(r.status, 201, r.text);
    live = (await fx.admin.call('GET', '/api/v1/config/live')).body.live;
    assert.match(live, /^[0-9a-f]{40}$/);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('each run answers with its id and commit and is stored without its rows', async () => {
    const national = await mustLogin(srv, 'national');
    const district = await mustLogin(srv, 'district');
    const outsider = await mustLogin(srv, 'outsider');

    const n = await national.call('POST', '/api/v1/reports/tz-career-ladder/run', { body: { params: { lang: 'sw' } } });
    assert.equal(n.status, 200, n.text);
    assert.equal(n.body.config_commit, live);
    assert.ok(Number.isInteger(n.body.run_id) && n.body.run_id > 0);
    const d = await district.call('POST', '/api/v1/reports/org-units/run');
    assert.equal(d.status, 200, d.text);
    assert.equal(d.body.rows.length, 3);
    const dcsv = await district.call('POST', '/api/v1/reports/org-units/run?format=csv');
    assert.equal(dcsv.status, 200);
    assert.equal(dcsv.headers.get('x-kazi-config-commit'), live);
    const csvRun = Number(dcsv.headers.get('x-kazi-report-run'));
    assert.ok(csvRun > d.body.run_id);
    const o = await outsider.call('POST', '/api/v1/reports/org-units/run');
    assert.equal(o.status, 200, o.text);
    // a failed run (bad parameter) is not a run
    const bad = await district.call('POST', '/api/v1/reports/org-units/run', { body: { params: { level: 7 } } });
    assert.equal(bad.status, 422);

    // the district officer sees the runs made in their district, not the others'
    const mine = await district.call('GET', '/api/v1/reports/runs');
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.body.runs.map((r) => r.id), [csvRun, d.body.run_id]);
    const [c, j] = mine.body.runs;
    assert.equal(j.report_id, 'org-units');
    assert.equal(j.run_by, 'district');
    assert.equal(j.user_id, fx.users.district.id);
    assert.equal(j.config_commit, live);
    assert.equal(j.row_count, 3);
    assert.equal(j.format, 'json');
    assert.equal(c.format, 'csv');
    assert.equal(j.via, 'api');
    assert.match(j.run_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(j.rows, undefined, 'the rows are not kept');
    assert.deepEqual(j.params, {});

    // the outsider sees only theirs; the national officer sees all four
    const theirs = await outsider.call('GET', '/api/v1/reports/runs');
    assert.deepEqual(theirs.body.runs.map((r) => r.id), [o.body.run_id]);
    const all = await national.call('GET', '/api/v1/reports/runs');
    assert.equal(all.body.runs.length, 4);
    const ladder = all.body.runs.find((r) => r.id === n.body.run_id);
    assert.deepEqual(ladder.params, { lang: 'sw' });
    assert.equal(ladder.row_count, n.body.rows.length);
    assert.equal(ladder.scope_path, '/');
    const filtered = await national.call('GET', '/api/v1/reports/runs?report=org-units&limit=2');
    assert.deepEqual(filtered.body.runs.map((r) => r.id), [o.body.run_id, csvRun]);
    const badLimit = await national.call('GET', '/api/v1/reports/runs?limit=0');
    assert.equal(badLimit.status, 422);
    assert.equal(badLimit.body.error.field, 'limit');
  });

  test('roles without reports.run and anonymous callers cannot list runs', async () => {
    const trainer = await mustLogin(srv, 'trainer');
    assert.equal((await trainer.call('GET', '/api/v1/reports/runs')).status, 403);
    const anon = await api(srv.url, 'GET', '/api/v1/reports/runs');
    assert.equal(anon.status, 401);
  });

  test('kazi report run records the run with the commit', async () => {
    const r = kazi(['report', 'run', 'tz-curricula', '--data', srv.data]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.config_commit, live);
    const national = await mustLogin(srv, 'national');
    const all = await national.call('GET', '/api/v1/reports/runs?report=tz-curricula');
    assert.equal(all.body.runs.length, 1);
    assert.equal(all.body.runs[0].id, out.run_id);
    assert.equal(all.body.runs[0].via, 'cli');
    assert.match(all.body.runs[0].run_by, /^cli:/);
    assert.equal(all.body.runs[0].row_count, out.rows.length);
    // the district officer does not see a national (CLI) run
    const district = await mustLogin(srv, 'district');
    const mine = await district.call('GET', '/api/v1/reports/runs?report=tz-curricula');
    assert.deepEqual(mine.body.runs, []);
  });

  test('a report answers with the titles it declares for its columns, per language', async () => {
    const national = await mustLogin(srv, 'national');
    // Declared column titles come with the ids, per language; the columns stay ids.
    const cov = await national.call('POST', '/api/v1/reports/tz-supervision-coverage/run', { body: { params: {} } });
    assert.equal(cov.status, 200, cov.text);
    assert.deepEqual(cov.body.columns, ['cadre', 'workers', 'without_supervisor', 'no_session_90_days']);
    assert.deepEqual(cov.body.labels.no_session_90_days, { en: 'No supervision session in 90 days', sw: 'Bila kikao cha usimamizi siku 90' });
    assert.equal(Object.keys(cov.body.labels).length, 4);
    const plain = await national.call('POST', '/api/v1/reports/tz-curricula/run', { body: { params: {} } });
    assert.equal(plain.status, 200, plain.text);
    assert.equal(plain.body.labels, undefined, 'a report without declared labels has none');
  });
});
