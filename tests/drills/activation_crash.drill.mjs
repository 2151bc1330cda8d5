// Drill: kill -9 during a configuration activation, at each step of it, through the
// CLI and through the API; then start the server again and check that the live ref,
// the rollout history (GET /api/v1/config/rollouts), the audit trail and the version the
// server serves all agree, and that the audit chain verifies.
//
// The crash is deterministic: a test build (scripts/build: -DKAZI_FAULT_INJECTION=ON)
// kills itself with SIGKILL at the named point when $KAZI_FAULT names it
// (core/util/fault.h). Steps of an activation (core/config/rollout.h):
//   before-intent  nothing recorded yet             -> the old version stays live
//   after-intent   pending rollout committed        -> abandoned at start-up (audited)
//   after-ref      refs/kazi/live moved, not done   -> completed at start-up (audited)
//   after-commit   recorded and audited             -> the new version is live
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'node:http';
import { startServer, kazi, KAZI } from '../api/lib/server.mjs';
import { checkReply } from '../api/lib/contract.mjs';
import { initWithAdmin, ADMIN, ADMIN_PW } from '../api/lib/access.mjs';
import { figures, scaled, until } from './lib/drill.mjs';

/**
 * One request on its own connection (Connection: close), so a server stopped right
 * after has no idle keep-alive connection to wait out; rejects if the server dies.
 */
function call(srv, method, path, { body, session } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { connection: 'close' };
    if (session) {
      headers.cookie = `kazi_session=${session.id}`;
      if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
    }
    const text = body === undefined ? undefined : JSON.stringify(body);
    if (text !== undefined) headers['content-type'] = 'application/json';
    const r = request(`${srv.url}${path}`, { method, headers, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => {
        let json;
        try { json = data ? JSON.parse(data) : undefined; } catch { json = undefined; }
        const reply = { status: res.statusCode, headers: res.headers, body: json, text: data };
        // Held to the OpenAPI document as api() answers are (tests/api/lib/contract.mjs).
        checkReply(srv.url, method, path, { ...reply, json }, text === undefined ? undefined
          : { body: text, contentType: 'application/json' }).then(() => resolve(reply), reject);
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(text);
  });
}

/** Sign in as the administrator; returns a session for call(). */
async function mustLogin(srv) {
  const r = await call(srv, 'POST', '/api/v1/auth/login', { body: { username: ADMIN, password: ADMIN_PW } });
  assert.equal(r.status, 200, r.text);
  const cookie = [].concat(r.headers['set-cookie'] || []).map((c) => /^kazi_session=([^;]*)/.exec(c))
    .find(Boolean);
  const session = { id: cookie[1], csrf: r.body.csrf_token };
  session.call = (method, path, opts = {}) => call(srv, method, path, { ...opts, session });
  return session;
}

const FAULT_BUILD = /fault injection build/.test(kazi(['version']).stdout);
const SKIP = FAULT_BUILD ? false
  : 'this kazi has no crash points: build with -DKAZI_FAULT_INJECTION=ON (scripts/build does)';

const POINTS = [
  { point: 'activate.before-intent', moved: false, recovered: null },
  { point: 'activate.after-intent', moved: false, recovered: 'abandoned' },
  { point: 'activate.after-ref', moved: true, recovered: 'completed' },
  { point: 'activate.after-commit', moved: true, recovered: null },
];

// Every point through both channels once (12 crashes); KAZI_DRILL_SCALE=large: 10 rounds.
const ROUNDS = scaled(1, 10);

const tally = { crashes: 0, completed: 0, abandoned: 0, adopted: 0, disagreements: 0 };

async function serve(data, env = {}) {
  const srv = await startServer({ data, args: ['--admin-totp', 'optional'], env });
  srv.exited = once(srv.proc, 'exit');
  return srv;
}

/** Propose and validate a new version on a running server; returns [commit, live]. */
async function candidate(session, tag) {
  const p = await session.call('POST', '/api/v1/config/versions', {
    body: { message: `drill ${tag}`, files: { 'drill_notes.lua': `-- ${tag}\n` } },
  });
  assert.equal(p.status, 201, p.text);
  const v = await session.call('POST', `/api/v1/config/versions/${p.body.commit}/validate`);
  assert.equal(v.status, 200, v.text);
  assert.equal(v.body.ok, true, JSON.stringify(v.body.errors));
  const l = await session.call('GET', '/api/v1/config/live');
  return [p.body.commit, l.body.live];
}

/** The activation through the CLI, with $KAZI_FAULT; resolves to {code, signal, stderr}. */
function cliActivate(data, commit, expected, fault) {
  return new Promise((resolve) => {
    const p = spawn(KAZI, ['config', 'activate', '--data', data, commit, '--expected-live', expected,
      '--reason', `drill ${fault}`, '--by', 'drill'], {
      env: { ...process.env, KAZI_FAULT: fault }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Stop a server between steps with SIGKILL: instant (a graceful stop waits ~2 s for
 * CivetWeb), and harmless outside an activation — which is part of what this shows. */
async function kill9(srv) {
  srv.proc.kill('SIGKILL');
  await srv.exited;
}

/** After the crash: a fresh server must show one story everywhere. Returns the server
 * (the next step proposes on it) and the number of config.recover rows. */
async function agree(data, want, recovered, auditBefore) {
  const srv = await serve(data);
  try {
    return await check(srv, data, want, recovered, auditBefore);
  } catch (e) {
    await kill9(srv); // a failed check must not leave a server running
    throw e;
  }
}

async function check(srv, data, want, recovered, auditBefore) {
  const s = await mustLogin(srv);
  const live = (await s.call('GET', '/api/v1/config/live')).body;
  const rollouts = (await s.call('GET', '/api/v1/config/rollouts?limit=1')).body.rollouts;
  const recov = (await s.call('GET', '/api/v1/audit?action=config.recover&limit=1000')).body.audit;
  const verify = (await s.call('GET', '/api/v1/audit/verify')).body;
  const ok = live.live === want && live.serving === want && rollouts[0].to === want;
  if (!ok) tally.disagreements++;
  assert.equal(live.live, want, 'refs/kazi/live');
  assert.equal(live.serving, want, 'what the server loaded');
  assert.equal(rollouts[0].to, want, 'the newest rollout names the live version');
  assert.equal(verify.ok, true, verify.problem);
  const fresh = recov.length - auditBefore;
  assert.equal(fresh, recovered ? 1 : 0, 'one config.recover row per settled crash');
  if (recovered) {
    assert.equal(recov[0].after.outcome, recovered);
    assert.equal(recov[0].entity_type, 'config_rollout');
    tally[recovered]++;
  }
  const cli = kazi(['audit', 'verify', '--data', data]);
  assert.equal(cli.status, 0, cli.stderr);
  return [srv, s, recov.length];
}

describe('activation crash drill', { skip: SKIP }, () => {
  let data, current, session, recoveredRows = 0;
  before(async () => {
    data = initWithAdmin();
    current = await serve(data);
    session = await mustLogin(current);
  });
  after(async () => {
    figures('activation_crash', {
      crashes: tally.crashes, recovered_completed: tally.completed,
      recovered_abandoned: tally.abandoned, disagreements: tally.disagreements,
    });
    if (current) await kill9(current);
  });

  for (let round = 1; round <= ROUNDS; round++) for (const channel of ['cli', 'http']) {
    for (const { point, moved, recovered } of POINTS) {
      // Rollback is an activation too: after a crash that left the new version live,
      // crash the way back at the same point.
      const legs = moved ? ['activate', 'roll back'] : ['activate'];
      test(`${ROUNDS > 1 ? `round ${round}, ` : ''}${channel}: kill -9 at ${point} (${legs.join(', then ')})`, async () => {
        const [commit, was] = await candidate(session, `${round} ${channel} ${point}`);
        for (const leg of legs) {
          const [to, from] = leg === 'activate' ? [commit, was] : [was, commit];
          await kill9(current);
          current = null;
          if (channel === 'cli') {
            const r = await cliActivate(data, to, from, point);
            assert.equal(r.signal, 'SIGKILL', `the CLI died at ${point}: ${r.stderr}`);
          } else {
            const srv = await serve(data, { KAZI_FAULT: point });
            const s = await mustLogin(srv);
            await assert.rejects(s.call('POST', '/api/v1/config/activate', {
              body: { commit: to, expected_live: from, reason: `drill ${point}` },
            }), 'the server dies before it answers');
            const [, signal] = await srv.exited;
            assert.equal(signal, 'SIGKILL');
          }
          tally.crashes++;
          [current, session, recoveredRows] = await agree(data, moved ? to : from, recovered, recoveredRows);
        }
      });
    }
  }

  test('an activation after the drill works, is recorded once, and the server stops cleanly', async () => {
    const [commit, was] = await candidate(session, 'after the drill');
    const a = await session.call('POST', '/api/v1/config/activate', {
      body: { commit, expected_live: was, reason: 'after the drill' },
    });
    assert.equal(a.status, 200, a.text);
    await until(async () => (await session.call('GET', '/api/v1/config/live')).body.serving === commit,
      { what: 'the new version to be served' });
    const audit = (await session.call('GET', `/api/v1/audit?action=config.activate&entity_id=${a.body.id}`)).body.audit;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].after.to, commit);
    const srv = current;
    current = null;
    assert.equal(await srv.stop(), 0);
  });
});

// Any build: the state kill -9 left between the ref and the database before activations
// recorded their intent (4 in 40 random kills) — refs/kazi/live moved, no rollout — is
// found and recorded at the next start.
describe('a live ref that no rollout records', () => {
  test('is recorded ("adopted") and audited at the next start', async () => {
    const data = initWithAdmin();
    let srv = await serve(data);
    const s = await mustLogin(srv);
    const [commit] = await candidate(s, 'moved by hand');
    await kill9(srv);
    const git = spawnSync('git', ['-C', join(data, 'config.git'), 'update-ref', 'refs/kazi/live', commit]);
    assert.equal(git.status, 0, String(git.stderr));
    const [after, , rows] = await agree(data, commit, 'adopted', 0);
    assert.equal(rows, 1);
    assert.equal(await after.stop(), 0);
  });
});
