// The Lua runtime from outside: `kazi serve` loads the country's configuration (or
// refuses to start, naming file and line), the catalogue and report routes are
// deny-by-default, `kazi config check` and `kazi report run` work from the shell,
// and misbehaving plugins fail only their own call.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, kazi, initData, tempDir } from './lib/server.mjs';
import { startAccessServer, seed, mustLogin, ADMIN, ADMIN_PW, OUTSIDE_MARK } from './lib/access.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';

describe('serving a configuration', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('catalogue and report routes need an authenticated user', async () => {
    for (const [method, path] of [['GET', '/api/v1/catalogue'], ['GET', '/api/v1/catalogue/cadres'],
      ['GET', '/api/v1/reports'], ['POST', '/api/v1/reports/tz-career-ladder/run']]) {
      const r = await api(srv.url, method, path);
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(r.body.error.code, 'unauthenticated');
    }
  });

  test('the routes are in the OpenAPI document', async () => {
    const r = await api(srv.url, 'GET', '/api/openapi.json');
    assert.ok(r.body.paths['/api/v1/catalogue/{kind}']);
    assert.ok(r.body.paths['/api/v1/reports/{id}/run']);
  });
});

describe('a configuration that does not load', () => {
  test('stops kazi serve with the file and line', () => {
    const dir = join(tempDir(), 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'country.lua'), 'kazi.group { id = "g", name = "G" }\n\nkazi.cadre { id = "a", group = "g", level = 1 }\n');
    const data = initData();
    const r = kazi(['serve', '--data', data, '--listen', '127.0.0.1:0', '--config', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /country\.lua:3: kazi\.cadre: 'name' is required/);
  });
});

describe('kazi config check', () => {
  test('passes for Tanzania and runs its tests', () => {
    const r = kazi(['config', 'check', join(share, 'country-config', 'tanzania')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /0 failed/);
    assert.match(r.stdout, /ok +a new PSW is told exactly what the certificate still needs/);
  });

  test('a failing test fails the check and names its line', () => {
    const dir = join(tempDir(), 'cfg');
    mkdirSync(dir);
    writeFileSync(join(dir, 'rules.lua'),
      'kazi.certification { id = "c", name = "C", rule = function(d) return false, { "x" } end }\n' +
      'kazi.test("wrong", function(t)\n  t.eq(t.certification("c", {}), true)\nend)\n');
    const r = kazi(['config', 'check', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /FAIL wrong \(rules\.lua:2\)/);
    assert.match(r.stdout, /rules\.lua:3: expected true, got false/);
  });
});

describe('kazi report run', () => {
  test('answers JSON and CSV', () => {
    const data = initData();
    const j = kazi(['report', 'run', 'tz-career-ladder', '--data', data, '--param', 'lang=sw']);
    assert.equal(j.status, 0, j.stderr);
    const doc = JSON.parse(j.stdout);
    assert.equal(doc.report, 'tz-career-ladder');
    assert.ok(doc.rows.some((row) => row.name === 'Afisa ustawi wa jamii'));
    const c = kazi(['report', 'run', 'installation', '--data', data, '--csv']);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /^country,created_at,configuration\r\ntanzania,20/);
    const l = kazi(['report', 'list', '--data', data]);
    assert.match(l.stdout, /tz-curricula/);
  });

  test('a misbehaving report fails with file and line and nothing else breaks', () => {
    // `kazi report run` uses the installation's country; serve the misbehaving folder
    // through a data dir whose country config is a copy of it.
    const root = tempDir();
    const shareDir = join(root, 'share');
    mkdirSync(join(shareDir, 'country-config', 'bad'), { recursive: true });
    mkdirSync(join(shareDir, 'plugins'));
    writeFileSync(join(shareDir, 'country-config', 'bad', 'country.lua'),
      'kazi.country { id = "bad", name = "Bad", languages = { "en" }, currency = "USD", levels = { { id = "country", name = "Country" } } }\n');
    // (validation runs every report that needs no parameter, and would refuse this one)
    writeFileSync(join(shareDir, 'country-config', 'bad', 'reports.lua'),
      'kazi.report { id = "loop", title = "L", params = { { id = "n", type = "integer", required = true } }, run = function()\n  while true do end\nend }\n');
    const env = { KAZI_SHARE_DIR: shareDir };
    const data = join(root, 'data');
    assert.equal(kazi(['init', '--data', data, '--country', 'bad'], { env }).status, 0);
    // (a time limit no loaded machine reaches, so the budget is what stops it)
    const r = kazi(['report', 'run', 'loop', '--data', data, '--param', 'n=1', '--lua-time', '60000'], { env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /reports\.lua:2: instruction budget exceeded/);
    // --lua-time sets the wall-clock limit of each call
    const t = kazi(['report', 'run', 'loop', '--data', data, '--param', 'n=1',
      '--lua-instructions', '100000000000', '--lua-time', '200'], { env });
    assert.equal(t.status, 1);
    assert.match(t.stderr, /reports\.lua:\d+: time limit exceeded \(the plugin ran longer than 200 ms\)/);
    const bad = kazi(['report', 'run', 'loop', '--data', data, '--param', 'n=1', '--lua-time', 'soon'], { env });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--lua-time must be 10 to 600000/);
  });
});

describe('misbehaving plugins under a running server', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--config', join(share, 'tests', 'plugins', 'misbehaving'), '--lua-memory', '16', '--lua-instructions', '2000000', '--lua-time', '60000'] });
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('the server loads the folder and keeps answering', async () => {
    const r = await api(srv.url, 'GET', '/healthz');
    assert.equal(r.status, 200);
  });
});

describe('signed in: catalogue and reports over HTTP', () => {
  let srv, fx;
  before(async () => {
    srv = await startAccessServer();
    fx = await seed(srv);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('every role reads the catalogue, whole and per kind', async () => {
    const district = await mustLogin(srv, 'district');
    const all = await district.call('GET', '/api/v1/catalogue');
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.country.currency, 'TZS');
    assert.ok(all.body.cadres.some((c) => c.id === 'psw' && c.name.sw));
    const trainer = await mustLogin(srv, 'trainer');
    const jobs = await trainer.call('GET', '/api/v1/catalogue/jobs');
    assert.equal(jobs.status, 200);
    const psw = jobs.body.items.find((j) => j.cadre === 'psw');
    assert.equal(psw.functions.length, 9, 'the nine para professional functions');
    assert.equal((await trainer.call('GET', '/api/v1/catalogue/nope')).status, 404);
    const reports = await trainer.call('GET', '/api/v1/reports');
    assert.ok(reports.body.reports.some((r) => r.id === 'tz-career-ladder'));
  });

  test('reports run as JSON or CSV for roles with reports.run, not for others', async () => {
    const national = await mustLogin(srv, 'national');
    const j = await national.call('POST', '/api/v1/reports/tz-career-ladder/run', { body: { params: { lang: 'sw' } } });
    assert.equal(j.status, 200, j.text);
    assert.ok(j.body.rows.some((r) => r.name === 'Msaidizi wa ustawi wa jamii' && r.minimum_pay === 420000));
    assert.match(j.body.source, /^[0-9a-f]{40}$/, 'decided under the live configuration commit');
    const c = await national.call('POST', '/api/v1/reports/tz-career-ladder/run?format=csv');
    assert.equal(c.status, 200);
    assert.match(c.headers.get('content-type'), /^text\/csv/);
    assert.match(c.text, /^level,cadre,name,group,works_at,minimum_pay,currency,period\r\n/);
    const a = await national.call('POST', '/api/v1/reports/tz-curricula/run', { headers: { accept: 'text/csv' } });
    assert.match(a.headers.get('content-type'), /^text\/csv/);
    const analyst = await mustLogin(srv, 'analyst');
    assert.equal((await analyst.call('POST', '/api/v1/reports/tz-curricula/run')).status, 200);
    const trainer = await mustLogin(srv, 'trainer');
    const denied = await trainer.call('POST', '/api/v1/reports/tz-curricula/run');
    assert.equal(denied.status, 403);
    const bad = await national.call('POST', '/api/v1/reports/org-units/run', { body: { params: { level: 7 } } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'level');
  });

  test('reports see only the caller\'s org-unit subtree', async () => {
    const national = await mustLogin(srv, 'national');
    const all = await national.call('POST', '/api/v1/reports/org-units/run');
    assert.equal(all.status, 200, all.text);
    assert.ok(all.text.includes(OUTSIDE_MARK), 'national users see every region');
    const district = await mustLogin(srv, 'district');
    const mine = await district.call('POST', '/api/v1/reports/org-units/run');
    assert.equal(mine.status, 200, mine.text);
    assert.ok(!mine.text.includes(OUTSIDE_MARK), `leaked: ${mine.text}`);
    assert.deepEqual(mine.body.rows.map((r) => r.code), ['R1-D1', 'R1-D1-W1', 'R1-D1-W1-V1']);
    const csv = await district.call('POST', '/api/v1/reports/org-units/run?format=csv');
    assert.ok(!csv.text.includes(OUTSIDE_MARK));
  });
});

describe('signed in: misbehaving plugins fail only their own call', () => {
  let srv, admin;
  before(async () => {
    srv = await startAccessServer({ args: ['--admin-totp', 'optional', '--config', join(share, 'tests', 'plugins', 'misbehaving'),
      '--lua-memory', '16', '--lua-instructions', '5000000', '--lua-time', '60000'] });
    admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  for (const [id, line, words] of [['loop', 3, 'instruction budget exceeded'], ['hog', 5, 'memory limit exceeded'],
    ['deep', 7, 'recursion too deep'], ['boom', 8, 'no data for this report']]) {
    test(`${id}: a JSON error naming the file and line, then the server goes on`, async () => {
      const [bad, good] = await Promise.all([
        admin.call('POST', `/api/v1/reports/${id}/run`),
        admin.call('POST', '/api/v1/reports/fine/run'),
      ]);
      assert.equal(bad.status, 500, bad.text);
      assert.equal(bad.body.error.code, 'plugin_error');
      assert.equal(bad.body.error.field, 'reports.lua');
      assert.equal(bad.body.error.line, line);
      assert.match(bad.body.error.message, new RegExp(`reports\\.lua:${line}: .*${words}`));
      assert.equal(good.status, 200, good.text);
      const again = await admin.call('POST', '/api/v1/reports/fine/run');
      assert.equal(again.status, 200);
      assert.equal(again.body.rows[0].country, 'tanzania');
      assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);
    });
  }

  test('recursion through C functions runs to Lua\'s own limit on a server thread, and the server goes on', async () => {
    // pcall, a gsub callback and an __index function each nest C calls until Lua stops
    // them (about 200 levels): a server worker's stack must hold that many (CivetWeb's
    // are 100 KiB as Debian builds it; core/util/stack.c gives them more).
    const r = await admin.call('POST', '/api/v1/reports/cdeep/run');
    assert.equal(r.status, 200, r.text);
    for (const row of r.body.rows) assert.ok(row.depth > 50, `${row.via} reached ${row.depth} levels`);
    assert.deepEqual(r.body.rows.map((x) => x.via), ['pcall', 'gsub', '__index']);
    assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);
  });
});
