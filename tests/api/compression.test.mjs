// Compressed replies (issue 18, point 6: People results on a slow link): JSON and CSV
// replies of 1 KB or more are gzipped for a client that accepts it — decompressing to
// exactly the bytes an uncompressed request gets — while small replies stay as they
// are and a reply that carries a secret (session, CSRF token, TOTP secret, recovery
// codes, a new API token) is never compressed, whatever the client accepts (BREACH;
// docs/security.md, "Compression"). node's fetch decompresses by itself, so these
// requests go through node:http to see what was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { kazi } from './lib/server.mjs';
import { initWithAdmin, startAccessServer, mustLogin, advance, ADMIN, ADMIN_PW, totp } from './lib/access.mjs';
import { checkReply, checkRawReply, parseResponse } from './lib/contract.mjs';

let srv, admin;
before(async () => {
  const data = initWithAdmin();
  const r = kazi(['demo-data', '--data', data, '--people', '60', '--seed', '7']);
  assert.equal(r.status, 0, r.stderr);
  srv = await startAccessServer({ data });
  admin = await mustLogin(srv, ADMIN, ADMIN_PW);
});
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

/** One request over a fresh connection: {status, headers, body: Buffer, text} where
 * text is the body decoded as the client would (gunzipped when so encoded); the reply is
 * checked against the OpenAPI document like every other. */
function raw(method, path, { headers = {}, body, session = admin } = {}) {
  const h = { ...headers };
  if (session) h.cookie = `kazi_session=${session.id}`;
  if (session && method !== 'GET') h['x-csrf-token'] = session.csrf;
  let sent;
  if (body !== undefined) {
    sent = JSON.stringify(body);
    h['content-type'] = 'application/json';
    h['content-length'] = Buffer.byteLength(sent);
  }
  return new Promise((resolve, reject) => {
    const req = request(srv.url + path, { method, headers: h, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', async () => {
        const buf = Buffer.concat(parts);
        const gz = res.headers['content-encoding'] === 'gzip';
        const text = (gz ? gunzipSync(buf) : buf).toString('utf8');
        const out = { status: res.statusCode, headers: res.headers, body: buf, text };
        try {
          await checkReply(srv.url, method, path, out, body !== undefined ? { body, contentType: 'application/json' } : undefined);
          resolve(out);
        } catch (e) { reject(e); }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(sent);
  });
}

const GZIP = { 'accept-encoding': 'gzip, deflate, br' };

test('a page of People is gzipped for a client that accepts it, and unpacks to exactly the plain reply', async () => {
  const path = '/api/v1/people?limit=25';
  const plain = await raw('GET', path);
  const packed = await raw('GET', path, { headers: GZIP });
  assert.equal(plain.status, 200);
  assert.equal(JSON.parse(plain.text).items.length, 25);
  assert.equal(plain.headers['content-encoding'], undefined, 'no gzip unless asked for');
  assert.equal(packed.status, 200);
  assert.equal(packed.headers['content-encoding'], 'gzip');
  assert.match(packed.headers.vary, /accept-encoding/i);
  assert.match(plain.headers.vary, /accept-encoding/i, 'the plain reply says it varies too');
  assert.equal(Number(packed.headers['content-length']), packed.body.length);
  assert.equal(gunzipSync(packed.body).toString('utf8'), plain.body.toString('utf8'));
  console.log(`GET ${path}: ${plain.body.length} bytes plain, ${packed.body.length} gzipped`);
  assert.ok(packed.body.length * 3 < plain.body.length, `${packed.body.length} of ${plain.body.length} bytes`);
});

test('the contract checker reads a gzipped reply off a raw socket as the client does', async () => {
  const path = '/api/v1/people?limit=25';
  const sock = connect(srv.port, '127.0.0.1');
  sock.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nCookie: kazi_session=${admin.id}\r\n` +
    'Accept-Encoding: gzip\r\nConnection: close\r\n\r\n');
  const parts = [];
  for await (const d of sock) parts.push(d);
  const got = Buffer.concat(parts);
  const res = parseResponse(got);
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.equal(res.text, (await raw('GET', path)).text);
  await checkRawReply(srv.url, 'GET', path, got);
});

test('what the client accepts decides: q=0 and identity refuse gzip, * and x-gzip accept it', async () => {
  const path = '/api/v1/people?limit=25';
  for (const [accept, gz] of [['gzip;q=0, identity', false], ['identity', false], ['*', true],
    ['x-gzip', true], ['br;q=1.0, gzip;q=0.5', true], ['*;q=0', false], ['GZIP', true]]) {
    const r = await raw('GET', path, { headers: { 'accept-encoding': accept } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'] === 'gzip', gz, `Accept-Encoding: ${accept}`);
  }
});

test('a streamed CSV export is gzipped and unpacks to the plain export', async () => {
  const path = '/api/v1/exports/people.csv';
  const plain = await raw('GET', path);
  const packed = await raw('GET', path, { headers: GZIP });
  assert.equal(packed.status, 200);
  assert.match(packed.headers['content-type'], /^text\/csv/);
  assert.equal(packed.headers['content-encoding'], 'gzip');
  assert.equal(packed.headers['transfer-encoding'], 'chunked');
  assert.equal(packed.text, plain.text);
  assert.equal(plain.text.trim().split('\n').length, 61, 'a header and 60 people');
  console.log(`GET ${path}: ${plain.body.length} bytes plain, ${packed.body.length} gzipped`);
  assert.ok(packed.body.length * 2 < plain.body.length);
});

test('a FHIR bundle is gzipped too', async () => {
  const path = '/fhir/Practitioner?_count=50';
  const plain = await raw('GET', path);
  const packed = await raw('GET', path, { headers: GZIP });
  assert.equal(packed.status, 200);
  assert.match(packed.headers['content-type'], /^application\/fhir\+json/);
  assert.equal(packed.headers['content-encoding'], 'gzip');
  assert.equal(packed.text, plain.text);
  assert.equal(JSON.parse(packed.text).entry.length, 50);
  console.log(`GET ${path}: ${plain.body.length} bytes plain, ${packed.body.length} gzipped`);
});

test('small replies (health, one person) are sent as they are', async () => {
  const health = await raw('GET', '/healthz', { headers: GZIP, session: null });
  assert.equal(health.status, 200);
  assert.equal(health.headers['content-encoding'], undefined);
  const id = JSON.parse((await raw('GET', '/api/v1/people?limit=1')).text).items[0].id;
  const one = await raw('GET', `/api/v1/people/${id}`, { headers: GZIP });
  assert.equal(one.status, 200);
  assert.ok(one.body.length < 1024, `${one.body.length} bytes`);
  assert.equal(one.headers['content-encoding'], undefined);
});

test('a gzipped reply keeps the ETag of its content, and If-None-Match answers 304 either way', async () => {
  const path = '/api/v1/catalogue';
  const plain = await raw('GET', path);
  const packed = await raw('GET', path, { headers: GZIP });
  assert.ok(plain.body.length >= 1024, `the catalogue is ${plain.body.length} bytes`);
  assert.equal(packed.headers['content-encoding'], 'gzip');
  assert.match(packed.headers.etag, /^"[0-9a-f]{16}-[0-9a-f]+"$/);
  assert.equal(packed.headers.etag, plain.headers.etag);
  assert.equal(packed.text, plain.text);
  for (const headers of [GZIP, {}]) {
    const again = await raw('GET', path, { headers: { ...headers, 'if-none-match': packed.headers.etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.etag, packed.headers.etag);
    assert.equal(again.body.length, 0);
  }
});

test('replies that carry a secret are never compressed, whatever the client accepts (BREACH)', async () => {
  // Sign-in: the session cookie and the CSRF token, beside the user's own text.
  const login = await raw('POST', '/api/v1/auth/login', { headers: GZIP, session: null,
    body: { username: ADMIN, password: ADMIN_PW } });
  assert.equal(login.status, 200);
  assert.ok(login.headers['set-cookie']);
  assert.equal(login.headers['content-encoding'], undefined, 'sign-in');
  const me = await raw('GET', '/api/v1/auth/me', { headers: GZIP });
  assert.equal(me.status, 200);
  assert.ok(JSON.parse(me.text).csrf_token);
  assert.equal(me.headers['content-encoding'], undefined, 'the session with its CSRF token');
  // A new API token's secret.
  const token = await raw('POST', '/api/v1/tokens', { headers: GZIP,
    body: { name: 'x'.repeat(100), role: 'analyst', expires_in_days: 30 } });
  assert.equal(token.status, 201, token.text);
  assert.equal(token.headers['content-encoding'], undefined, 'token creation');
  // TOTP enrolment: the shared secret, then the recovery codes.
  const begin = await raw('POST', '/api/v1/auth/totp', { headers: GZIP });
  assert.equal(begin.status, 200, begin.text);
  assert.equal(begin.headers['content-encoding'], undefined, 'TOTP enrolment');
  const now = await advance(srv, 0); // the server's clock
  const confirm = await raw('POST', '/api/v1/auth/totp/confirm', { headers: GZIP,
    body: { code: totp(JSON.parse(begin.text).secret, now) } });
  assert.equal(confirm.status, 200, confirm.text);
  assert.equal(confirm.headers['content-encoding'], undefined, 'recovery codes');
});
