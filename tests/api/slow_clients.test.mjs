// Slow and idle clients on the bare server: CivetWeb holds a worker thread for each
// open connection, so `kazi serve` cuts off a request head that never ends after
// --request-timeout-ms and an idle kept-alive connection after --keep-alive-timeout-ms
// (docs/deployment.md, "Slow and many clients"). The production front is nginx; its
// drill is tests/drills/slow_clients.drill.mjs.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, api, kazi } from './lib/server.mjs';
import { checkRawReply } from './lib/contract.mjs';

const REQUEST_MS = 600;
const KEEP_ALIVE_MS = 300;

/** A connection that sends a request head one byte every 50 ms and never ends it. */
function slowloris(port) {
  const s = connect({ host: '127.0.0.1', port });
  const t0 = performance.now();
  s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: kazi\r\nX-Slow: '));
  const drip = setInterval(() => { if (!s.destroyed) s.write('a'); }, 50);
  s.on('error', () => {}); // a reset while dripping is the server closing it
  const closed = new Promise((resolve) => s.on('close', () => { clearInterval(drip); resolve(performance.now() - t0); }));
  return { socket: s, closed };
}

describe('serve cuts off slow and idle connections', () => {
  let srv;
  before(async () => {
    srv = await startServer({
      args: ['--threads', '2', '--request-timeout-ms', String(REQUEST_MS), '--keep-alive-timeout-ms', String(KEEP_ALIVE_MS)],
    });
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('a request head that never ends is closed after --request-timeout-ms and frees its worker', { timeout: 20000 }, async () => {
    // As many never-ending heads as there are threads: without the timeout they would
    // hold both workers (the old default was 30 s, the new one is 10 s).
    const slow = [slowloris(srv.port), slowloris(srv.port)];
    const ms = await Promise.all(slow.map((c) => c.closed));
    for (const m of ms) assert.ok(m >= REQUEST_MS - 50, `closed after ${Math.round(m)} ms, not before the timeout`);
    const r = await api(srv.url, 'GET', '/healthz');
    assert.equal(r.status, 200, 'both workers serve again');
  });

  test('an idle kept-alive connection is closed after --keep-alive-timeout-ms', { timeout: 20000 }, async () => {
    const s = connect({ host: '127.0.0.1', port: srv.port });
    await once(s, 'connect');
    s.write('GET /healthz HTTP/1.1\r\nHost: kazi\r\nConnection: keep-alive\r\n\r\n');
    let answered = null, head = '';
    s.on('data', (d) => { head += d; if (answered === null) answered = performance.now(); });
    s.on('error', () => {});
    await new Promise((resolve) => s.on('close', resolve));
    const idle = performance.now() - answered;
    assert.match(head, /^HTTP\/1\.1 200 /, 'the request was answered first');
    await checkRawReply(srv.url, 'GET', '/healthz', head);
    assert.doesNotMatch(head, /Connection: close/i, 'the reply kept the connection alive');
    // The reply says how long the idle connection stays open (whole seconds, at least 1),
    // so pooling clients stop reusing it before the server closes it.
    const hint = Math.max(1, Math.floor(KEEP_ALIVE_MS / 1000));
    assert.match(head, new RegExp(`\\r\\nKeep-Alive: timeout=${hint}\\r\\n`, 'i'), 'a Keep-Alive hint');
    assert.ok(idle >= KEEP_ALIVE_MS - 50, `closed ${Math.round(idle)} ms after the reply, not before the timeout`);
  });

  test('the timeouts are checked: out-of-range values are refused with the flag named', () => {
    for (const [flag, value] of [['--request-timeout-ms', '0'], ['--keep-alive-timeout-ms', 'soon'], ['--request-timeout-ms', '600001']]) {
      const r = kazi(['serve', '--data', srv.data, '--listen', '127.0.0.1:0', flag, value]);
      assert.notEqual(r.status, 0, `${flag} ${value} is refused`);
      assert.match(r.stderr, new RegExp(`${flag} must be a number from 100 to 600000`));
    }
  });
});

test('the shipped systemd unit (scripts/deploy/kazi.service) starts kazi serve with its flags', async () => {
  const unit = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../scripts/deploy/kazi.service'), 'utf8');
  const exec = /^ExecStart=(\S+) serve (.*)$/m.exec(unit);
  assert.ok(exec, 'the unit runs kazi serve');
  const args = exec[2].trim().split(/\s+/);
  // This machine's data directory and a free port instead of the unit's.
  for (const flag of ['--data', '--listen']) {
    const i = args.indexOf(flag);
    assert.ok(i >= 0, `the unit passes ${flag}`);
    args.splice(i, 2);
  }
  const srv = await startServer({ args });
  try {
    const r = await api(srv.url, 'GET', '/healthz');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('strict-transport-security') || '', /max-age=/, '--behind-tls-proxy is on');
  } finally {
    assert.equal(await srv.stop(), 0);
  }
});
