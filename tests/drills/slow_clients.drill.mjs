// Drill: slow and many clients. The shipped nginx site (scripts/deploy/nginx/kazi.conf)
// runs unprivileged in a temporary prefix in front of `kazi serve`; an attacker process
// keeps 300 connections that send a request head one byte every 2 s and 2,000 idle
// keep-alive connections open against it; /healthz and a sign-in through nginx must
// answer in under 1 s meanwhile (the liveness bound issue #13 asks for: generous next
// to the few milliseconds they take unattacked). The same attack is then sent straight
// at kazi and measured, not asserted: docs/deployment.md reports what the bare server
// survives. Then nginx's sign-in limit per address (and kazi counting failures per
// client behind it, not per proxy), and the shipped TLS server with a test certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync, chownSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { startServer } from '../api/lib/server.mjs';
import { checkReply } from '../api/lib/contract.mjs';
import { initWithAdmin, ADMIN, ADMIN_PW } from '../api/lib/access.mjs';
import { figures, scaled, until } from './lib/drill.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SITE = join(here, '../../scripts/deploy/nginx/kazi.conf');
const ATTACKER = join(here, 'lib/slow_attack.mjs');
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
const SLOW = 300;
const IDLE = 2000;
const ATTACKER_ADDR = '127.0.0.2'; // the attack's own address, as on a network
const BOUND_MS = 1000;
const ROUNDS = scaled(5, 30); // measured /healthz requests behind nginx
// Attacks sent straight at kazi, measured only (docs/deployment.md, "what Kazi survives").
const DIRECT = scaled([[SLOW, IDLE]], [[40, 0], [300, 0], [0, 2000], [SLOW, IDLE]]);
const DIRECT_TIMEOUT_MS = 10000;

/** A free loopback port (bound, read, released). */
async function freePort() {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address();
  s.close();
  await once(s, 'close');
  return port;
}

/** Can this machine send from 127.0.0.2? (Linux routes all of 127/8 to lo.) */
async function canBind(addr, port) {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port, localAddress: addr });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

/**
 * The shipped site file made runnable here: plain HTTP on a loopback port (TLS and the
 * port-80 redirect dropped), the upstream at the test's kazi. Each rewrite must match,
 * so a change of the shipped file that the drill no longer understands fails loudly.
 */
function siteForTest(site, nginxPort, kaziPort) {
  const rewrites = [
    [/^\s*listen 443 ssl http2;\n/m, `    listen 127.0.0.1:${nginxPort};\n`],
    [/^\s*listen \[::\]:443 ssl http2;\n/m, ''],
    [/^\s*ssl_[a-z_]+ [^\n]*;\n/gm, ''],
    [/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${kaziPort};`],
    [/\n# Plain HTTP only redirects to HTTPS\.\nserver \{[\s\S]*$/, '\n'],
  ];
  for (const [re, to] of rewrites) {
    assert.match(site, re, `the drill's rewrite ${re} no longer matches scripts/deploy/nginx/kazi.conf`);
    site = site.replace(re, to);
  }
  assert.doesNotMatch(site, /listen (80|443)|ssl_/, 'no privileged port or TLS left');
  return site;
}

/** One request on a new connection (as a new client makes it), timed; null on timeout. */
function timed(port, method, path, body, timeoutMs, localAddress = '127.0.0.1') {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers = { connection: 'close' };
    if (data) { headers['content-type'] = 'application/json'; headers['content-length'] = data.length; }
    const req = request({ host: '127.0.0.1', port, localAddress, method, path, agent: false, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode, ms: Math.round(performance.now() - t0),
        cookie: (res.headers['set-cookie'] || []).some((c) => c.startsWith('kazi_session=')),
        text: Buffer.concat(chunks).toString(),
        headers: res.headers,
      }));
    });
    req.on('timeout', () => { req.destroy(); resolve(null); });
    req.on('error', (e) => resolve({ status: 0, ms: Math.round(performance.now() - t0), text: e.code || e.message }));
    req.end(data);
  });
}

/** The attacker as its own process with a raised descriptor limit; its reports in .state. */
function startAttack(port, slow = SLOW, idle = IDLE) {
  const proc = spawn('bash', ['-c', 'ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"',
    process.execPath, ATTACKER, '--port', String(port), '--slow', String(slow), '--idle', String(idle),
    '--from', ATTACKER_ADDR, '--every', '2000', '--for', '180000'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const attack = { proc, state: { slow: 0, idle: 0 } };
  createInterface({ input: proc.stdout }).on('line', (l) => { try { attack.state = JSON.parse(l); } catch { /* partial */ } });
  attack.stop = async () => {
    if (proc.exitCode === null) { proc.stdin.end(); await once(proc, 'exit'); }
  };
  return attack;
}

/** Run `rounds` healthz and one sign-in, each on a new connection; the slowest of each. */
async function measure(port, timeoutMs) {
  let healthz = 0, healthzFailed = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const r = await timed(port, 'GET', '/healthz', undefined, timeoutMs);
    if (!r || r.status !== 200) healthzFailed++;
    healthz = Math.max(healthz, r ? r.ms : timeoutMs);
  }
  const l = await timed(port, 'POST', '/api/v1/auth/login', { username: ADMIN, password: ADMIN_PW }, timeoutMs);
  return { healthz, healthzFailed, login: l, loginMs: l ? l.ms : timeoutMs };
}

let kazi, nginx, nginxPort, attack;

/**
 * Start nginx unprivileged in a new temporary prefix with `site` (text, or a function of
 * the prefix directory) as its only site; `files` are written into the prefix first. Returns {proc, prefix, stop}.
 */
async function startNginx(site, files = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kazi-nginx-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'kazi.conf'), typeof site === 'function' ? site(dir) : site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${join(dir, t)};`).join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `daemon off;
worker_processes 1;
worker_rlimit_nofile 8192;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 8192; }
http {
  access_log off;
${temp}
  include ${join(dir, 'kazi.conf')};
}
`);
  // Unprivileged: as root (CI containers), nginx runs as nobody; otherwise as the caller.
  // A raised descriptor limit for its 2,300 client connections; bounded to 300 s.
  let exec = 'exec "$0" "$@"';
  if (process.getuid() === 0) {
    chownSync(dir, 65534, 65534);
    exec = 'exec setpriv --reuid=65534 --regid=65534 --clear-groups "$0" "$@"';
  }
  const args = (...extra) => ['-c', `ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"; ${exec}`,
    'timeout', '-s', 'TERM', '300', NGINX, ...extra, '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')];
  const t = spawnSync('bash', args('-t'), { encoding: 'utf8' });
  assert.equal(t.status, 0, `nginx -t refuses the templated kazi.conf:\n${t.stderr}`);
  const proc = spawn('bash', args(), { stdio: ['ignore', 'inherit', 'inherit'] });
  proc.on('exit', (code) => { if (code) console.error(`nginx exited ${code}:\n${readFileSync(join(dir, 'error.log'), 'utf8')}`); });
  return {
    proc, prefix: dir,
    async stop() {
      if (proc.exitCode === null) { proc.kill('SIGTERM'); await once(proc, 'exit'); }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

before(async () => {
  if (!NGINX) return;
  kazi = await startServer({ data: initWithAdmin(), args: ['--admin-totp', 'optional', '--threads', '64', '--behind-tls-proxy'] });
  nginxPort = await freePort();
  nginx = await startNginx(siteForTest(readFileSync(SITE, 'utf8'), nginxPort, kazi.port));
  await until(async () => (await timed(nginxPort, 'GET', '/healthz', undefined, 1000))?.status === 200,
    { ms: 10000, what: 'nginx to answer /healthz from kazi' });
});

after(async () => {
  await attack?.stop();
  await nginx?.stop();
  if (kazi) assert.equal(await kazi.stop(), 0, 'kazi exits cleanly');
});

test('behind nginx, /healthz and a sign-in answer in under 1 s with 300 slow and 2,000 idle connections open', async (t) => {
  if (!NGINX) return t.skip('nginx is not installed (scripts/setup installs Debian\'s nginx)');
  if (!(await canBind(ATTACKER_ADDR, kazi.port))) return t.skip(`cannot send from ${ATTACKER_ADDR} on this machine`);

  const quiet = await measure(nginxPort, 5000);
  attack = startAttack(nginxPort);
  await until(() => attack.state.slow >= SLOW && attack.state.idle >= IDLE,
    { ms: 30000, every: 100, what: `${SLOW} slow and ${IDLE} idle connections to nginx (have ${JSON.stringify(attack.state)})` });
  const m = await measure(nginxPort, 5000);
  const during = attack.state;
  figures('slow_clients', {
    front: 'nginx', conns: during.slow + during.idle, slow: during.slow, idle: during.idle,
    healthz_ms: m.healthz, login_ms: m.loginMs, quiet_healthz_ms: quiet.healthz, quiet_login_ms: quiet.loginMs,
  });
  assert.ok(during.slow >= SLOW && during.idle >= IDLE, `the attack stayed open while measuring: ${JSON.stringify(during)}`);
  assert.equal(m.healthzFailed, 0, 'every /healthz answered 200 through nginx');
  assert.ok(m.healthz < BOUND_MS, `slowest /healthz through nginx took ${m.healthz} ms`);
  assert.equal(m.login?.status, 200, `sign-in through nginx: ${m.login?.status} ${m.login?.text}`);
  assert.ok(m.login.cookie, 'the sign-in set a session cookie');
  assert.ok(m.loginMs < BOUND_MS, `sign-in through nginx took ${m.loginMs} ms`);
  await attack.stop();
  attack = null;
});

test('the same attacks straight at kazi (measured, not asserted); kazi answers again after each', async (t) => {
  if (!NGINX || !(await canBind(ATTACKER_ADDR, kazi.port))) return t.skip('needs nginx and 127.0.0.2, as the first test');
  for (const [slow, idle] of DIRECT) {
    attack = startAttack(kazi.port, slow, idle);
    // Kazi accepts only as many connections as it has threads and queue places; the rest
    // wait in the kernel's listen backlog (1024, or less where net.core.somaxconn is
    // smaller) or retry their SYN. Measure once the attack holds its size or 1,000
    // connections, or after 15 s with what it holds then (the figures show how many).
    const want = Math.min(slow + idle, 1000);
    await until(() => attack.state.slow + attack.state.idle >= want, { ms: 15000, every: 100 }).catch(() => {});
    // One /healthz and one sign-in, each from a new connection, at the same time.
    const [h, l] = await Promise.all([
      timed(kazi.port, 'GET', '/healthz', undefined, DIRECT_TIMEOUT_MS),
      timed(kazi.port, 'POST', '/api/v1/auth/login', { username: ADMIN, password: ADMIN_PW }, DIRECT_TIMEOUT_MS),
    ]);
    const during = attack.state;
    await attack.stop();
    attack = null;
    // Once the attack ends the server is whole again: it slows kazi, never breaks it.
    const t0 = performance.now();
    await until(async () => (await timed(kazi.port, 'GET', '/healthz', undefined, 2000))?.status === 200,
      { ms: 60000, what: 'kazi to answer /healthz after the attack' });
    const recovered = Math.round(performance.now() - t0);
    const show = (r) => (r ? (r.status === 200 ? r.ms : `${r.status}@${r.ms}`) : `none_in_${DIRECT_TIMEOUT_MS}`);
    figures('slow_clients', {
      front: 'none', attack_slow: slow, attack_idle: idle, open_slow: during.slow, open_idle: during.idle,
      healthz_ms: show(h), login_ms: show(l), recovered_ms: recovered,
    });
  }
});

test('nginx limits sign-ins per address with a JSON 429, and one address\'s failures never lock out another', async (t) => {
  if (!NGINX || !(await canBind('127.0.0.4', kazi.port))) return t.skip('needs nginx and 127.0.0.3/4, as the first test');
  // kazi.conf: 12 a minute with a burst of 10 per client address. From two addresses of
  // their own, 15 attempts each at once: the burst and at most one more reach kazi, the
  // rest are 429 from nginx. Together more than kazi's 20 failures per address reach it,
  // which would lock out every client behind the proxy if kazi saw only nginx's address.
  let reachedAll = 0;
  for (const from of ['127.0.0.3', '127.0.0.4']) {
    const tries = await Promise.all(Array.from({ length: 15 }, (_, i) =>
      timed(nginxPort, 'POST', '/api/v1/auth/login', { username: `guesser-${from}-${i}`, password: 'not it' }, 5000, from)));
    const refused = tries.filter((r) => r?.status === 429);
    const reached = tries.filter((r) => r?.status === 401);
    reachedAll += reached.length;
    assert.equal(reached.length + refused.length, tries.length, tries.map((r) => r?.status).join(','));
    assert.ok(reached.length >= 10 && reached.length <= 12, `${reached.length} attempts from ${from} reached kazi`);
    // nginx's own refusal is Kazi's Error body, as the OpenAPI document lists it.
    await checkReply(`http://127.0.0.1:${nginxPort}`, 'POST', '/api/v1/auth/login', refused[0]);
    const body = JSON.parse(refused[0].text);
    assert.equal(body.error.code, 'rate_limited');
    assert.equal(typeof body.error.message, 'string');
  }
  figures('slow_clients', { login_limit_tries: 30, failures_reached_kazi: reachedAll });
  assert.ok(reachedAll > 20, 'more failures reached kazi than its per-address limit');
  const other = await timed(nginxPort, 'POST', '/api/v1/auth/login', { username: ADMIN, password: ADMIN_PW }, 5000);
  assert.equal(other?.status, 200, `a client at another address signs in: ${other?.text}`);
});

test('nginx refuses a body over 64 MiB from its declared length alone, in Kazi\'s JSON error shape', async (t) => {
  if (!NGINX) return t.skip('nginx is not installed');
  const r = await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: nginxPort, method: 'POST', path: '/api/v1/imports?kind=people', agent: false,
      headers: { 'content-type': 'text/csv', 'content-length': String(64 * 1024 * 1024 + 1) }, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer before the body was sent')));
    req.on('error', reject);
    req.flushHeaders(); // the head only: nginx must answer without reading a byte of body
  });
  assert.equal(r.status, 413);
  assert.equal(r.type, 'application/json');
  assert.equal(JSON.parse(r.text).error.code, 'payload_too_large');
  await checkReply(`http://127.0.0.1:${nginxPort}`, 'POST', '/api/v1/imports?kind=people', r);
});

test('the shipped TLS server: HTTPS with one HSTS header, TLS 1.2 at least, and port 80 redirects', async (t) => {
  if (!NGINX) return t.skip('nginx is not installed');
  const certDir = mkdtempSync(join(tmpdir(), 'kazi-cert-'));
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { encoding: 'utf8' });
  if (made.status !== 0) { rmSync(certDir, { recursive: true, force: true }); return t.skip('no openssl to make a test certificate'); }
  const cert = readFileSync(join(certDir, 'cert.pem'), 'utf8');
  const key = readFileSync(join(certDir, 'key.pem'), 'utf8');
  rmSync(certDir, { recursive: true, force: true });
  const [tlsPort, plainPort] = [await freePort(), await freePort()];
  // The shipped file with only its ports, its certificate and its upstream changed.
  let site = readFileSync(SITE, 'utf8');
  for (const [re, to] of [
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${tlsPort} ssl http2;`],
    [/^\s*listen \[::\]:(443 ssl http2|80);\n/gm, ''],
    [/listen 80;/, `listen 127.0.0.1:${plainPort};`],
    [/\/etc\/ssl\/kazi\/fullchain\.pem/, '@PREFIX@/cert.pem'],
    [/\/etc\/ssl\/kazi\/privkey\.pem/, '@PREFIX@/key.pem'],
    [/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${kazi.port};`],
  ]) {
    assert.match(site, re, `the drill's rewrite ${re} no longer matches scripts/deploy/nginx/kazi.conf`);
    site = site.replace(re, to);
  }
  const front = await startNginx((dir) => site.replaceAll('@PREFIX@', dir), { 'cert.pem': cert, 'key.pem': key });
  try {
    const get = (opts) => new Promise((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port: tlsPort, path: '/healthz', ca: cert, servername: 'localhost',
        agent: false, timeout: 5000, ...opts }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, protocol: res.socket?.getProtocol?.() }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
    const ok = await until(async () => { try { return await get({}); } catch { return null; } },
      { ms: 10000, what: 'nginx to answer over TLS' });
    assert.equal(ok.status, 200);
    const hsts = ok.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'strict-transport-security');
    assert.equal(hsts.length, 1, 'exactly one HSTS header (Kazi\'s copy is hidden)');
    assert.match(ok.headers['strict-transport-security'], /max-age=31536000/);
    assert.match(ok.headers['content-security-policy'] || '', /default-src 'self'/, 'Kazi\'s own security headers pass through');
    // TLS 1.1 and older are refused by the server.
    await assert.rejects(get({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }), 'TLS 1.1 is refused');
    const v12 = await get({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    assert.equal(v12.status, 200, 'TLS 1.2 is served');
    // Plain HTTP only redirects.
    const plain = await timed(plainPort, 'GET', '/api/v1/people', undefined, 5000);
    assert.equal(plain?.status, 301);
  } finally {
    await front.stop();
  }
});
