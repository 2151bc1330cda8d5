// Behind the reverse proxy (kazi serve --behind-tls-proxy, nginx on the same machine:
// scripts/deploy/nginx/kazi.conf), the client's address is the one the proxy writes
// last in X-Forwarded-For: the audit trail, the access log and the per-address limit
// on failed sign-ins see each client, not the proxy. Without the flag, or from a peer
// that is not on loopback, the header is ignored (a client cannot choose its address).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './lib/server.mjs';
import { startAccessServer, mustLogin, ADMIN, ADMIN_PW, initWithAdmin } from './lib/access.mjs';

const fromAddr = (addr) => ({ 'x-forwarded-for': addr });

async function signIn(srv, username, password, headers) {
  return api(srv.url, 'POST', '/api/v1/auth/login', { body: { username, password }, headers });
}

async function lastAudit(srv, action) {
  const admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  const r = await admin.call('GET', `/api/v1/audit?action=${action}&limit=1000`);
  assert.equal(r.status, 200, r.text);
  return r.body.audit;
}

describe('behind the proxy (--behind-tls-proxy)', () => {
  let srv;
  before(async () => {
    srv = await startAccessServer({ data: initWithAdmin(), args: ['--admin-totp', 'optional', '--behind-tls-proxy'] });
  });
  after(async () => { assert.equal(await srv.stop(), 0); });

  test('failed sign-ins from one client do not lock out another client of the same proxy', async () => {
    // Kazi allows 20 failed sign-ins per address in 15 minutes; different names, so the
    // per-account limit (5) is not what stops them.
    for (let i = 0; i < 20; i++) {
      const r = await signIn(srv, `guess${i}`, 'not the password', fromAddr('192.0.2.10'));
      assert.equal(r.status, 401, r.text);
    }
    const blocked = await signIn(srv, 'guess-more', 'not the password', fromAddr('192.0.2.10'));
    assert.equal(blocked.status, 429, 'the guessing client is limited');
    const other = await signIn(srv, ADMIN, ADMIN_PW, fromAddr('192.0.2.20'));
    assert.equal(other.status, 200, `another client signs in: ${other.text}`);
    const audit = await lastAudit(srv, 'login.success');
    assert.ok(audit.some((a) => a.client_addr === '192.0.2.20'), 'the audit trail names the client, not the proxy');
  });

  test('only the address the proxy wrote counts, and only a plain address', async () => {
    // A client's own X-Forwarded-For comes first; nginx's $proxy_add_x_forwarded_for
    // appends the real peer, and kazi.conf replaces the header altogether.
    await signIn(srv, 'spoof1', 'x', fromAddr('10.9.9.9, 198.51.100.7'));
    await signIn(srv, 'spoof2', 'x', fromAddr('not-an-address'));
    await signIn(srv, 'spoof3', 'x', fromAddr('198.51.100.8 junk'));
    const failures = await lastAudit(srv, 'login.failure');
    const addrOf = (name) => failures.find((a) => a.after?.username === name)?.client_addr;
    assert.equal(addrOf('spoof1'), '198.51.100.7');
    assert.equal(addrOf('spoof2'), '127.0.0.1', 'a header that is not an address is ignored');
    assert.equal(addrOf('spoof3'), '127.0.0.1');
  });
});

describe('without --behind-tls-proxy', () => {
  let srv;
  before(async () => { srv = await startAccessServer(); });
  after(async () => { assert.equal(await srv.stop(), 0); });

  test('X-Forwarded-For is ignored: the address is the TCP peer', async () => {
    await signIn(srv, 'spoofed', 'x', fromAddr('203.0.113.5'));
    const failures = await lastAudit(srv, 'login.failure');
    assert.equal(failures.find((a) => a.after?.username === 'spoofed')?.client_addr, '127.0.0.1');
  });
});
