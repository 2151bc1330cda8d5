// Drill: hostile plugins against a running server (issue 13, points 2 and 3).
// The server loads tests/plugins/hostile/ (error values with looping or failing
// metamethods, results that are cyclic or explode when converted, work inside C
// functions: backtracking patterns, gsub, rep, concat, sort, move). Two attackers
// call those reports over and over while a third client probes /healthz and a normal
// report. Every hostile call must answer a clean plugin_error within the time limit,
// every probe must succeed, and the server must stay up to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api } from '../api/lib/server.mjs';
import { startAccessServer, mustLogin, ADMIN, ADMIN_PW } from '../api/lib/access.mjs';
import { scaled, figures } from './lib/drill.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';
const HOSTILE = ['err_index', 'err_index_fails', 'err_tostring', 'err_eq_len', 'err_close', 'cycle',
  'dag', 'pattern', 'gsub', 'rep', 'concat', 'sort', 'move'];
const ROUNDS = scaled(1, 5);   // each round: every hostile report once per attacker
const LIMIT_MS = 1000;         // the per-call time limit (docs/plugins.md)
const BOUND_MS = 3000;         // the liveness bound asserted: limit + slack for CI

test('hostile plugins: the server stays up and answers each with a clean error', async () => {
  const srv = await startAccessServer({ args: ['--admin-totp', 'optional', '--config',
    join(share, 'tests', 'plugins', 'hostile'), '--lua-instructions', '100000000000'] });
  try {
    const attackers = [await mustLogin(srv, ADMIN, ADMIN_PW), await mustLogin(srv, ADMIN, ADMIN_PW)];
    const prober = await mustLogin(srv, ADMIN, ADMIN_PW);
    let calls = 0, clean = 0, maxMs = 0, timeLimited = 0;
    const bad = [];
    let attacking = true;
    const probe = { n: 0, ok: 0, maxMs: 0 };
    const probing = (async () => {
      while (attacking) {
        for (const p of [() => api(srv.url, 'GET', '/healthz'),
          () => prober.call('POST', '/api/v1/reports/fine/run')]) {
          const t0 = Date.now();
          const r = await p();
          probe.maxMs = Math.max(probe.maxMs, Date.now() - t0);
          probe.n++;
          if (r.status === 200) probe.ok++;
          // pace the probes (a client every 20 ms, not a flood of connections)
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    })();
    await Promise.all(attackers.map(async (s, k) => {
      for (let round = 0; round < ROUNDS; round++) {
        // the two attackers go through the list in opposite orders
        const order = k ? [...HOSTILE].reverse() : HOSTILE;
        for (const id of order) {
          const t0 = Date.now();
          const r = await s.call('POST', `/api/v1/reports/${id}/run`);
          const ms = Date.now() - t0;
          calls++;
          maxMs = Math.max(maxMs, ms);
          if (/time limit exceeded/.test(r.body?.error?.message || '')) timeLimited++;
          if (r.status === 500 && r.body?.error?.code === 'plugin_error' && ms < BOUND_MS) clean++;
          else bad.push(`${id}: ${r.status} in ${ms} ms: ${r.text.slice(0, 200)}`);
        }
      }
    }));
    attacking = false;
    await probing;
    const up = (await api(srv.url, 'GET', '/healthz')).status === 200;
    figures('hostile_plugins_guard', { calls, clean_errors: clean, time_limited: timeLimited,
      max_ms: maxMs, limit_ms: LIMIT_MS, probes: probe.n, probes_ok: probe.ok,
      probe_max_ms: probe.maxMs, server_up: up });
    assert.deepEqual(bad, []);
    assert.equal(clean, calls);
    assert.equal(probe.ok, probe.n, 'every /healthz and normal report meanwhile answered 200');
    assert.ok(probe.maxMs < BOUND_MS, `a probe waited ${probe.maxMs} ms`);
    assert.ok(up);
  } finally {
    assert.equal(await srv.stop(), 0, 'server exits cleanly');
  }
});
