// Hostile requests (issue 13, points 1, 9 and 10): deeply nested JSON on every route,
// CORS preflights, and large bodies from callers who may not send them. After each
// attack the server must still answer /healthz.
//
// Requests go over a raw socket (lib: `raw` below) so that the test sees the server's
// answer even when the server answers before the body has been sent and then closes
// the connection — fetch would report that as a network error.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { api } from './lib/server.mjs';
import { checkReply, parseResponse } from './lib/contract.mjs';
import { startAccessServer, seed, mustLogin } from './lib/access.mjs';

const DEPTHS = [100, 500, 10_000, 1_000_000];
const JSON_DEPTH_LIMIT = 64; // KAZI_JSON_MAX_DEPTH, core/util/json.h
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Generous bound for an answer that must come without the body: the server's own
// request timeout is 30 s, so an answer only after reading (or waiting for) the body
// could not arrive within it.
const ANSWER_WITHOUT_BODY_MS = 10_000;

function nested(depth, objects) {
  return objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + '1' + ']'.repeat(depth);
}

/**
 * One HTTP/1.1 request over its own connection. `body` (a string or Buffer) is written
 * in chunks while the answer is awaited; `length` overrides Content-Length (a body
 * declared but not sent). Resolves {status, headers, text, json, sent} as soon as a
 * complete answer has arrived (the socket is then destroyed), whatever happened to the
 * rest of the body; rejects when the connection ends without an answer or after `ms`.
 */
async function raw(port, method, path, opts = {}) {
  const res = await exchange(port, method, path, opts);
  // The answer is held to the OpenAPI document as api() answers are (lib/contract.mjs).
  const type = Object.entries(opts.headers || {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  await checkReply(`http://127.0.0.1:${port}`, method, path, res,
    opts.body ? { body: opts.body, contentType: type } : undefined);
  return res;
}

function exchange(port, method, path, { headers = {}, body = '', length, ms = 30_000 } = {}) {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const head = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close',
    `Content-Length: ${length ?? data.length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = Buffer.alloc(0), sent = 0, done = false;
    const timer = setTimeout(() => finish(new Error(`no answer to ${method} ${path} within ${ms} ms`)), ms);
    function finish(err, res) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err); else resolve(res);
    }
    function parse() {
      const res = parseResponse(got);
      if (!res) return null;
      let json;
      try { json = res.text ? JSON.parse(res.text) : undefined; } catch { json = undefined; }
      return { ...res, json, sent };
    }
    sock.on('data', (d) => {
      got = Buffer.concat([got, d]);
      const res = parse();
      if (res) finish(null, res);
    });
    sock.on('error', () => { /* EPIPE/ECONNRESET while sending: the answer may be in already */ });
    sock.on('close', () => finish(parse() ? null : new Error(`connection closed without an answer to ${method} ${path}`), parse()));
    sock.on('connect', () => {
      sock.write(head);
      const step = 256 * 1024;
      const pump = () => {
        while (!done && sent < data.length) {
          const chunk = data.subarray(sent, sent + step);
          sent += chunk.length;
          if (!sock.write(chunk)) { sock.once('drain', pump); return; }
        }
      };
      pump();
    });
  });
}

async function healthy(srv) {
  const r = await raw(srv.port, 'GET', '/healthz');
  assert.equal(r.status, 200, `the server still answers /healthz: ${r.text}`);
}

function assertErrorShape(r, what) {
  assert.ok(r.json && typeof r.json.error === 'object', `${what}: the JSON error body, got ${r.status} ${r.text.slice(0, 200)}`);
  assert.equal(typeof r.json.error.code, 'string', what);
  assert.equal(typeof r.json.error.message, 'string', what);
}

function vmRssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]);
}

let srv, fx, admin, routes;

before(async () => {
  srv = await startAccessServer();
  fx = await seed(srv);
  admin = fx.admin;
  const doc = (await api(srv.url, 'GET', '/api/openapi.json')).body;
  routes = [];
  for (const [pattern, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const m = method.toUpperCase();
      // Signing out would end the session the authenticated requests use.
      if (!WRITE.has(m) || pattern === '/api/v1/auth/logout') continue;
      routes.push({ method: m, pattern, permission: op['x-kazi-permission'], tag: op.tags[0] });
    }
  }
});
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

describe('nested JSON (point 1)', () => {
  // Path parameters name objects that exist, so that handlers get as far as the body.
  let ids;
  const fill = (r) => r.pattern.replace(/\{[^}]+\}/g, () => String(ids[r.tag] ?? 1));
  const asAdmin = (extra = {}) => ({ cookie: `kazi_session=${admin.id}`, 'x-csrf-token': admin.csrf, ...extra });

  before(async () => {
    const mk = async (path, body) => {
      const r = await admin.call('POST', path, { body });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const person = await mk('/api/v1/people', { given_name: 'Deep', family_name: 'Nesting', residence_org_unit_id: fx.units['R1-D1-W1-V1'] });
    const position = await mk('/api/v1/positions', { title: 'Deep post', org_unit_id: fx.units['R1-D1-W1-V1'], organisation_id: fx.orgs['NGO-IN'], cadre: 'psw' });
    const assignment = await mk('/api/v1/assignments', { person_id: person, position_id: position, start_date: '2020-01-01', engagement: 'volunteer' });
    const event = await mk('/api/v1/training-events', { course: 'psw-level-1', title: 'Deep training', venue_org_unit_id: fx.units['R1-D1'], start_date: '2026-01-10', end_date: '2026-01-20', capacity: 10 });
    const sup = await mk('/api/v1/people', { given_name: 'Deep', family_name: 'Supervisor', residence_org_unit_id: fx.units['R1-D1-W1-V1'] });
    const supPost = await mk('/api/v1/positions', { title: 'Deep supervisor post', org_unit_id: fx.units['R1-D1-W1-V1'], organisation_id: fx.orgs['NGO-IN'], cadre: 'psw-supervisor' });
    await mk('/api/v1/assignments', { person_id: sup, position_id: supPost, start_date: '2020-01-01', engagement: 'stipend' });
    const supervision = await mk('/api/v1/supervisions', { person_id: person, supervisor_person_id: sup, type: 'individual', start_date: '2020-02-01' });
    ids = { 'org-units': fx.units['R1-D1'], organisations: fx.orgs['NGO-IN'], people: person, positions: position,
      assignments: assignment, 'training-events': event, users: fx.users.national.id, supervisions: supervision };
  });

  test('every JSON body nested 100 to 1,000,000 deep gets 400 naming the limit (or 413), signed in or not', async () => {
    // Which routes read a JSON body: a malformed one gets malformed_json there.
    const jsonRoutes = [];
    for (const r of routes) {
      const probe = await raw(srv.port, r.method, fill(r), { headers: asAdmin({ 'content-type': 'application/json' }), body: '{' });
      if (probe.json?.error?.code === 'malformed_json') jsonRoutes.push(r);
    }
    assert.ok(jsonRoutes.length >= 40, `found ${jsonRoutes.length} JSON routes: ${jsonRoutes.map((r) => r.pattern).join(', ')}`);
    assert.ok(jsonRoutes.some((r) => r.pattern === '/api/v1/auth/login'));

    for (const r of routes) {
      const takesJson = jsonRoutes.includes(r);
      for (const depth of DEPTHS) {
        for (const objects of [false, true]) {
          const body = nested(depth, objects);
          for (const signedIn of [false, true]) {
            const what = `${r.method} ${r.pattern} depth ${depth} ${objects ? 'objects' : 'arrays'} ${signedIn ? 'as administrator' : 'without credentials'}`;
            const headers = { 'content-type': 'application/json', ...(signedIn ? asAdmin() : {}) };
            const res = await raw(srv.port, r.method, fill(r), { headers, body });
            assert.ok(res.status < 500, `${what}: ${res.status} ${res.text.slice(0, 200)}`);
            if (!signedIn && r.permission !== 'public') {
              assert.equal(res.status, 401, what);
            } else if (takesJson) {
              if (res.status === 413) {
                assert.match(res.json.error.message, /larger than \d+ bytes/, what);
              } else {
                assert.equal(res.status, 400, `${what}: ${res.text.slice(0, 200)}`);
                assert.equal(res.json.error.code, 'json_too_deep', what);
                assert.match(res.json.error.message, new RegExp(`deeper than ${JSON_DEPTH_LIMIT}`), what);
              }
            }
            if (res.status >= 400) assertErrorShape(res, what);
            await healthy(srv);
          }
        }
      }
    }
  });

  test('nesting up to the limit is still accepted', async () => {
    // 62 levels inside the top-level object: {"username": [[...]]} is parsed, then refused as a field.
    const inner = '['.repeat(JSON_DEPTH_LIMIT - 1) + ']'.repeat(JSON_DEPTH_LIMIT - 1);
    const res = await raw(srv.port, 'POST', '/api/v1/auth/login', { headers: { 'content-type': 'application/json' },
      body: `{"username":${inner},"password":"x"}` });
    assert.notEqual(res.json?.error?.code, 'json_too_deep', res.text);
    assert.ok(res.status < 500, res.text);
  });
});

describe('CORS stays off (point 10)', () => {
  test('a preflight gets no Access-Control-* header on any route', async () => {
    const paths = ['/api/v1/auth/login', '/api/v1/people', '/api/v1/imports', '/api/v1/users/1', '/healthz',
      '/api/openapi.json', '/', '/no/such/path'];
    for (const path of paths) {
      for (const origin of ['https://attacker.example', 'null']) {
        const res = await raw(srv.port, 'OPTIONS', path, { headers: { Origin: origin,
          'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-csrf-token, content-type' } });
        const cors = Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));
        assert.deepEqual(cors, [], `OPTIONS ${path} from ${origin}: ${JSON.stringify(res.headers)}`);
        assert.ok(res.status >= 400 && res.status < 500, `OPTIONS ${path}: ${res.status}`);
        assertErrorShape(res, `OPTIONS ${path}`);
      }
    }
    // Ordinary requests from another origin: no CORS header either.
    for (const [method, path] of [['GET', '/healthz'], ['GET', '/api/v1/auth/me'], ['POST', '/api/v1/auth/login']]) {
      const res = await raw(srv.port, method, path, { headers: { Origin: 'https://attacker.example', 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : '' });
      assert.deepEqual(Object.keys(res.headers).filter((h) => h.startsWith('access-control-')), [], `${method} ${path}`);
    }
    await healthy(srv);
  });
});

describe('bodies of callers who may not send them (point 9)', () => {
  const BIG = 60_000_000;

  test('a refused caller is answered from the headers, before any of a 60 MB body is sent', async () => {
    const analyst = await mustLogin(srv, 'analyst');
    const cases = [
      ['no credentials', {}, 401],
      ['a bad bearer token', { authorization: 'Bearer kz_nope' }, 401],
      ['a session without the CSRF token', { cookie: `kazi_session=${admin.id}` }, 403],
      ['a role without imports.run', { cookie: `kazi_session=${analyst.id}`, 'x-csrf-token': analyst.csrf }, 403],
    ];
    for (const [what, headers, status] of cases) {
      const res = await raw(srv.port, 'POST', '/api/v1/imports?kind=people', {
        headers: { 'content-type': 'text/csv', ...headers }, length: BIG, ms: ANSWER_WITHOUT_BODY_MS });
      assert.equal(res.status, status, `${what}: ${res.text}`);
      assert.equal(res.sent, 0, 'nothing of the body was sent');
      assertErrorShape(res, what);
      assert.equal(res.headers.connection, 'close', `${what}: the connection ends (the body is never read)`);
    }
    await healthy(srv);
  });

  test('eight unauthenticated 60 MB uploads at once do not grow the server\'s memory', async () => {
    const pid = srv.proc.pid;
    const before = vmRssKiB(pid);
    const body = Buffer.alloc(BIG, 'a');
    const answers = await Promise.all(Array.from({ length: 8 }, () =>
      raw(srv.port, 'POST', '/api/v1/imports?kind=people', { headers: { 'content-type': 'text/csv' }, body })));
    for (const a of answers) {
      // (how much of the body the client managed to hand over before it read the answer
      // depends on the machine: the server answers from the headers and drains, never keeps,
      // the rest; what it must not do is hold the bodies, which the memory check below sees)
      assert.equal(a.status, 401, a.text);
    }
    const grown = vmRssKiB(pid) - before;
    console.log(`# 8 refused 60 MB uploads: resident memory ${before} KiB before, grew by ${grown} KiB`);
    // Reading the bodies would take 8 × 60 MB = 480 MB; allow 32 MB of noise.
    assert.ok(grown < 32 * 1024, `resident memory grew by ${grown} KiB`);
    await healthy(srv);
  });

  test('a signed-in import larger than a JSON body is spooled to a temporary file and imported', async () => {
    const national = await mustLogin(srv, 'national');
    const header = 'given_name,family_name,sex,birth_date,phone,education,residence_code,identifier.national_id';
    const pad = 'Certificate in social work, community development and case management'.padEnd(150, '.');
    const rows = [header];
    for (let i = 0; i < 8000; i++) rows.push(`Spool${i},Upload,female,1990-01-01,,"${pad}",R1-D1-W1-V1,SPOOL-${i}`);
    const csv = rows.join('\n') + '\n';
    assert.ok(csv.length > 1024 * 1024, 'larger than the JSON body limit (1 MiB), so it is spooled');
    const r = await national.call('POST', '/api/v1/imports?kind=people&wait=true', { raw: csv, headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 200, r.text.slice(0, 500));
    assert.equal(r.body.created, 8000);
    // As a background job the upload outlives its request (the job owns the file).
    const job = await national.call('POST', '/api/v1/imports?kind=people', { raw: csv.replaceAll('SPOOL-', 'JOB-').replaceAll('Spool', 'Job'), headers: { 'content-type': 'text/csv' } });
    assert.equal(job.status, 202, job.text);
    let j;
    do j = await national.call('GET', `/api/v1/imports/${job.body.id}`); while (j.body.status === 'running');
    assert.equal(j.body.status, 'done', JSON.stringify(j.body));
    assert.equal(j.body.result.created, 8000);
    assert.deepEqual(readdirSync(join(srv.data, 'tmp')), [], 'no temporary file is left behind');
    await healthy(srv);
  });
});
