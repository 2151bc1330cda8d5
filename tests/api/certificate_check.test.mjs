// The public certificate check is limited per client address (issue 18): past the limit
// a client gets 429 with Retry-After, other addresses are not affected, and the limit
// lifts when its minute is over. Time is moved with the test clock, never slept.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer } from './lib/server.mjs';

// Behind the proxy, the client address is the last X-Forwarded-For entry (loopback peer).
const srv = await startServer({ args: ['--verify-limit', '3', '--behind-tls-proxy'] });
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

const check = (addr, number = 'PSW-CERTIFICATE-2026-000001') =>
  api(srv.url, 'GET', `/api/v1/verify/certificates/${number}`, { headers: { 'X-Forwarded-For': addr } });

test('--verify-limit N: N checks a minute per address, then 429 with Retry-After until the minute is over', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await check('192.0.2.10')).status, 404, 'unknown numbers count too');
  const refused = await check('192.0.2.10');
  assert.equal(refused.status, 429, refused.text);
  assert.equal(refused.body.error.code, 'rate_limited');
  const wait = Number(refused.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
  assert.equal((await check('192.0.2.10', 'ANY-OTHER-NUMBER')).status, 429, 'whatever the number');
  assert.equal((await check('192.0.2.11')).status, 404, 'another address is not limited');
  const moved = await api(srv.url, 'POST', '/api/test/clock', { body: { advance_ms: wait * 1000 } });
  assert.equal(moved.status, 200, moved.text);
  assert.equal((await check('192.0.2.10')).status, 404, 'the next minute is allowed again');
  await api(srv.url, 'POST', '/api/test/clock', { body: { reset: true } });
});

test('--verify-limit is checked when the server starts', async () => {
  const { kazi } = await import('./lib/server.mjs');
  const r = kazi(['serve', '--data', srv.data, '--verify-limit', 'lots']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--verify-limit must be a number/);
});
