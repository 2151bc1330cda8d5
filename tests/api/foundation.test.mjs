// Foundation: the server's operations endpoints, error shapes, limits, headers,
// static files, graceful drain, and the CLI's init/serve/backup failure modes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer, api, kazi, initData, tempDir } from './lib/server.mjs';
import { checkRawReply } from './lib/contract.mjs';

function assertErrorShape(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(typeof res.body.error, 'object', res.text);
  assert.equal(res.body.error.code, code);
  assert.equal(typeof res.body.error.message, 'string');
  assert.ok(res.body.error.message.length > 0);
}

describe('operations endpoints', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('healthz reports the database and schema', async () => {
    const r = await api(srv.url, 'GET', '/healthz');
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'ok');
    assert.equal(r.body.database, 'ok');
    assert.ok(r.body.schema_version >= 1);
  });

  test('every response carries security headers and a request id', async () => {
    for (const path of ['/healthz', '/nope', '/api/openapi.json']) {
      const r = await api(srv.url, 'GET', path);
      const csp = r.headers.get('content-security-policy');
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
      assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
      assert.equal(r.headers.get('access-control-allow-origin'), null, 'no CORS');
    }
  });

  test('a sane client request id is kept and logged', async () => {
    const r = await api(srv.url, 'GET', '/healthz', { headers: { 'x-request-id': 'trace-abc-123' } });
    assert.equal(r.headers.get('x-request-id'), 'trace-abc-123');
    const bad = await api(srv.url, 'GET', '/healthz', { headers: { 'x-request-id': 'a"b' } });
    assert.notEqual(bad.headers.get('x-request-id'), 'a"b');
    // The access line is written after the response is sent: wait for it.
    const line = await srv.waitForLog((l) => l.request_id === 'trace-abc-123' && l.type === 'access');
    assert.equal(line.type, 'access');
    assert.equal(line.status, 200);
    assert.equal(line.route, '/healthz');
  });

  test('unknown route is a JSON 404', async () => {
    assertErrorShape(await api(srv.url, 'GET', '/api/v1/nothing-here'), 404, 'not_found');
  });

  test('wrong method is a JSON 405 with Allow', async () => {
    const r = await api(srv.url, 'DELETE', '/healthz');
    assertErrorShape(r, 405, 'method_not_allowed');
    assert.equal(r.headers.get('allow'), 'GET');
  });

  test('malformed JSON is a 400 naming line and column', async () => {
    const r = await api(srv.url, 'POST', '/api/test/echo', {
      raw: '{\n  "name": "Asha",\n  "x": ]\n}', headers: { 'content-type': 'application/json' },
    });
    assertErrorShape(r, 400, 'malformed_json');
    assert.equal(r.body.error.line, 3);
    assert.ok(r.body.error.column > 0);
    assert.match(r.body.error.message, /line 3/);
  });

  test('a missing field is a 422 naming it', async () => {
    const r = await api(srv.url, 'POST', '/api/test/echo', { body: { other: 1 } });
    assertErrorShape(r, 422, 'invalid_field');
    assert.equal(r.body.error.field, 'name');
  });

  test('valid JSON round-trips', async () => {
    const r = await api(srv.url, 'POST', '/api/test/echo', { body: { name: 'Neema Mwakyusa' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.echo.name, 'Neema Mwakyusa');
  });

  test('an oversized body is a 413 (declared length)', async () => {
    const r = await api(srv.url, 'POST', '/api/test/echo', {
      raw: JSON.stringify({ name: 'x'.repeat(5000) }), headers: { 'content-type': 'application/json' },
    });
    assertErrorShape(r, 413, 'payload_too_large');
  });

  test('an oversized chunked body is a 413', async () => {
    const sock = connect(srv.port, '127.0.0.1');
    await once(sock, 'connect');
    let text = '';
    sock.on('data', (d) => { text += d; });
    let req = 'POST /api/test/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    for (let i = 0; i < 10; i++) req += `3e8\r\n${'x'.repeat(1000)}\r\n`;
    sock.write(req + '0\r\n\r\n');
    await once(sock, 'close');
    assert.match(text, /^HTTP\/1\.1 413/);
    assert.match(text, /"code":"payload_too_large"/);
    await checkRawReply(srv.url, 'POST', '/api/test/echo', text);
  });

  test('metrics count requests by route and status, with latency and connections', async () => {
    await api(srv.url, 'GET', '/healthz'); // twice here: the count must not rely on another case
    await api(srv.url, 'GET', '/healthz');
    await api(srv.url, 'GET', '/does-not-exist');
    const r = await api(srv.url, 'GET', '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain/);
    const m = r.text.match(/kazi_http_requests_total\{method="GET",route="\/healthz",status="200"\} (\d+)/);
    assert.ok(m && Number(m[1]) >= 2, r.text);
    assert.match(r.text, /kazi_http_requests_total\{method="",route="unmatched",status="404"\} \d+/);
    assert.match(r.text, /kazi_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+/);
    assert.match(r.text, /kazi_http_open_connections \d+/);
  });

  test('openapi document lists the served routes', async () => {
    const r = await api(srv.url, 'GET', '/api/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, '3.0.3');
    assert.ok(r.body.paths['/healthz'].get);
    assert.ok(r.body.paths['/api/test/echo'].post);
  });
});

describe('static web UI', () => {
  let srv, web;
  before(async () => {
    web = tempDir('kazi-web-');
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Kazi</title>');
    writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log("kazi")');
    writeFileSync(join(web, 'assets', 'app-1234.js.gz'), gzipSync('console.log("kazi")'));
    writeFileSync(join(web, 'style.css'), 'body{}');
    srv = await startServer({ args: ['--web', web] });
  });
  after(async () => { assert.equal(await srv.stop(), 0); });

  test('index and client-side routes get index.html, revalidated', async () => {
    for (const p of ['/', '/people/42', '/login']) {
      const r = await api(srv.url, 'GET', p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(r.headers.get('cache-control'), 'no-cache');
      assert.match(r.text, /<title>Kazi<\/title>/);
    }
  });

  test('hashed assets are immutable, typed and gzip-served', async () => {
    const res = await fetch(srv.url + '/assets/app-1234.js', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(res.headers.get('cache-control'), /immutable/);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal(await res.text(), 'console.log("kazi")');
    const css = await api(srv.url, 'GET', '/style.css');
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  });

  test('ETag revalidation answers 304', async () => {
    const r = await api(srv.url, 'GET', '/style.css');
    const etag = r.headers.get('etag');
    assert.ok(etag);
    const again = await fetch(srv.url + '/style.css', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  test('missing files and traversal are 404, API paths never fall back to the UI', async () => {
    assert.equal((await api(srv.url, 'GET', '/missing.js')).status, 404);
    for (const p of ['/../../../../etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/hostname']) {
      const sock = connect(srv.port, '127.0.0.1');
      await once(sock, 'connect');
      let text = '';
      sock.on('data', (d) => { text += d; });
      sock.end(`GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      await once(sock, 'close');
      assert.doesNotMatch(text, /root:|localhost/, p);
      assert.match(text, /^HTTP\/1\.1 (404|200)/, p);
    }
    const r = await api(srv.url, 'GET', '/api/v1/unknown');
    assertErrorShape(r, 404, 'not_found');
  });
});

describe('graceful drain on SIGTERM', () => {
  test('a request in flight completes, then the server exits and refuses connections', async () => {
    const srv = await startServer();
    const sock = connect(srv.port, '127.0.0.1');
    await once(sock, 'connect');
    const body = JSON.stringify({ name: 'in flight' });
    sock.write(`POST /api/test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    sock.write(body.slice(0, 5));
    // Wait until the server has the request (its worker is now reading the body).
    const inFlight = async () => Number((await api(srv.url, 'GET', '/metrics')).text.match(/kazi_http_requests_in_flight (\d+)/)[1]);
    while (await inFlight() < 2) { /* the metrics request itself is one */ }
    let response = '';
    sock.on('data', (d) => { response += d; });
    const ended = once(sock, 'end');
    const drained = new Promise((resolve) => {
      srv.proc.stderr.on('data', (d) => { if (String(d).includes('"draining"')) resolve(); });
    });
    srv.proc.kill('SIGTERM');
    await drained;
    sock.write(body.slice(5));
    // Meanwhile a new request is turned away.
    const late = await api(srv.url, 'GET', '/healthz').catch(() => ({ status: 'refused' }));
    assert.ok(late.status === 503 || late.status === 'refused', String(late.status));
    await ended;
    assert.match(response, /^HTTP\/1\.1 200/);
    assert.match(response, /in flight/);
    // The contract was loaded by the /metrics calls above, before the server drained.
    await checkRawReply(srv.url, 'POST', '/api/test/echo', response, { body, contentType: 'application/json' });
    assert.match(response, /Connection: close/i);
    assert.equal(await srv.stop(), 0);
    await assert.rejects(fetch(srv.url + '/healthz'));
  });
});

describe('kazi CLI', () => {
  test('version and help', () => {
    const v = kazi(['version']);
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^kazi \d+\.\d+\.\d+/);
    for (const cmd of ['init', 'serve', 'backup']) {
      const h = kazi([cmd, '--help']);
      assert.equal(h.status, 0, cmd);
      assert.match(h.stdout, /usage: kazi /);
      assert.match(h.stdout, /--data/);
    }
    const u = kazi(['frobnicate']);
    assert.equal(u.status, 2);
    assert.match(u.stderr, /unknown command/);
  });

  test('init refuses a non-empty directory and an unknown country', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'something'), 'x');
    const r = kazi(['init', '--data', dir, '--country', 'tanzania']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not empty/);
    const fresh = join(tempDir(), 'd');
    const u = kazi(['init', '--data', fresh, '--country', 'atlantis']);
    assert.equal(u.status, 1);
    assert.match(u.stderr, /unknown country 'atlantis'; known: .*tanzania/);
    assert.equal(existsSync(fresh), false, 'nothing left behind');
    const m = kazi(['init', '--country', 'tanzania']);
    assert.equal(m.status, 2);
    assert.match(m.stderr, /--data DIR is required/);
  });

  test('serve refuses a missing data dir, a newer database and a damaged one', () => {
    const missing = kazi(['serve', '--data', '/nonexistent/kazi']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /kazi init/);
    const data = initData();
    const db = join(data, 'kazi.db');
    // Bump the schema version past what this binary knows.
    assert.equal(spawnSync('sqlite3', [db, 'PRAGMA user_version=9999']).status, 0);
    const newer = kazi(['serve', '--data', data]);
    assert.equal(newer.status, 1);
    assert.match(newer.stderr, /newer kazi/);
    writeFileSync(db, 'this is not a database at all, just text that is long enough......');
    const damaged = kazi(['serve', '--data', data]);
    assert.equal(damaged.status, 1);
    assert.match(damaged.stderr, /not a database/);
  });

  test('serve refuses a port in use and a bad address', async () => {
    const srv = await startServer();
    try {
      const r = kazi(['serve', '--data', srv.data, '--listen', `127.0.0.1:${srv.port}`]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /in use/);
      const bad = kazi(['serve', '--data', srv.data, '--listen', 'nonsense']);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /HOST:PORT/);
      const threads = kazi(['serve', '--data', srv.data, '--threads', '0']);
      assert.equal(threads.status, 2);
    } finally {
      assert.equal(await srv.stop(), 0);
    }
  });

  test('backup while serving gives a consistent copy; it never overwrites', async () => {
    const srv = await startServer();
    try {
      await api(srv.url, 'GET', '/healthz');
      const to = join(tempDir(), 'backup');
      const r = kazi(['backup', '--data', srv.data, '--to', to]);
      assert.equal(r.status, 0, r.stderr);
      const q = spawnSync('sqlite3', [join(to, 'kazi.db'), "PRAGMA integrity_check; SELECT value FROM kazi_meta WHERE key='country'"], { encoding: 'utf8' });
      assert.equal(q.stdout.trim(), 'ok\ntanzania');
      // The copy is a data directory: database and configuration repository together.
      const live = kazi(['config', 'log', '--data', to]);
      assert.equal(live.status, 0, live.stderr);
      assert.match(live.stdout, /\[live\]/);
      const again = kazi(['backup', '--data', srv.data, '--to', to]);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /already exists/);
    } finally {
      assert.equal(await srv.stop(), 0);
    }
  });
});
