// The Lua runtime from outside: `kazi serve` loads the country's configuration (or
// refuses to start, naming file and line), the catalogue and report routes are
// deny-by-default, `kazi config check` and `kazi report run` work from the shell,
// and misbehaving plugins fail only their own call.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, kazi, initData, tempDir } from './lib/server.mjs';

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
    writeFileSync(join(shareDir, 'country-config', 'bad', 'reports.lua'),
      'kazi.report { id = "loop", title = "L", run = function()\n  while true do end\nend }\n');
    const env = { KAZI_SHARE_DIR: shareDir };
    const data = join(root, 'data');
    assert.equal(kazi(['init', '--data', data, '--country', 'bad'], { env }).status, 0);
    const r = kazi(['report', 'run', 'loop', '--data', data], { env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /reports\.lua:2: instruction budget exceeded/);
  });
});

describe('misbehaving plugins under a running server', () => {
  let srv;
  before(async () => {
    srv = await startServer({ args: ['--config', join(share, 'tests', 'plugins', 'misbehaving'), '--lua-memory', '16', '--lua-instructions', '2000000'] });
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('the server loads the folder and keeps answering', async () => {
    const r = await api(srv.url, 'GET', '/healthz');
    assert.equal(r.status, 200);
  });
});
