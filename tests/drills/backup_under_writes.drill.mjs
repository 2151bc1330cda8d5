// Drill: `kazi backup` of a busy server. A register of a few tens of MB (hundreds with
// KAZI_DRILL_SCALE=large) takes steady writes through the API while `kazi backup` runs.
// The backup must finish within a bound proportional to the database's size, be
// consistent (integrity check, audit chain, it serves), hold every write acknowledged
// before it started and the configuration repository, and no writer may fail.
//
// Before the fix SQLite's online backup restarted from page 1 at every write by another
// connection: a 360 MB database at ~10 writes/s never finished.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startServer, kazi, tempDir, KAZI, api, cleanup } from '../api/lib/server.mjs';
import { initWithAdmin, mustLogin, ADMIN, ADMIN_PW } from '../api/lib/access.mjs';
import { figures, scaled, until } from './lib/drill.mjs';

const PEOPLE = scaled(20000, 240000);  // ~35 MB / ~360 MB of register
const WRITERS = scaled(2, 4);           // concurrent API writers
const WRITES_PER_S = scaled(100, 200);  // their combined pace

function sql(db, query) {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** Run the CLI asynchronously (the event loop keeps the writers going meanwhile). */
function run(args, timeoutMs) {
  return new Promise((resolve) => {
    const p = spawn(KAZI, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', timedOut = false;
    const timer = setTimeout(() => { timedOut = true; p.kill('SIGKILL'); }, timeoutMs);
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr, timedOut }); });
  });
}

test('kazi backup finishes on a busy server, consistent and complete', { timeout: scaled(300e3, 1800e3) }, async () => {
  const data = initWithAdmin();
  const to = join(tempDir(), 'backup');
  const removeAll = () => { cleanup(dirname(data)); cleanup(dirname(to)); }; // up to 2 × 360 MB
  const gen = kazi(['demo-data', '--data', data, '--people', String(PEOPLE)]);
  assert.equal(gen.status, 0, gen.stderr);
  const dbFile = join(data, 'kazi.db');
  const dbMb = statSync(dbFile).size / (1024 * 1024);
  const village = Number(sql(dbFile, "SELECT id FROM org_unit WHERE level_id = 'village' LIMIT 1"));

  const srv = await startServer({ data, args: ['--admin-totp', 'optional', '--threads', String(WRITERS + 2)] });
  let stopping = false;
  try {
    const admin = await mustLogin(srv, ADMIN, ADMIN_PW);
    const acked = [];   // {id, at}: every write the server acknowledged, with when
    const errors = [];  // every write that did not get 201
    let n = 0;
    const writer = async (w) => {
      // Each writer keeps its share of the pace: the next write is due at start + k/rate.
      const every = (1000 * WRITERS) / WRITES_PER_S;
      const t0 = Date.now();
      for (let k = 0; !stopping; k++) {
        const due = t0 + k * every + (w * every) / WRITERS;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        if (stopping) break;
        const i = n++;
        try {
          const r = await admin.call('POST', '/api/v1/people', {
            body: {
              given_name: 'Backup', family_name: `Drill${i}`, sex: 'female', birth_date: '1990-04-12',
              residence_org_unit_id: village,
              identifiers: [{ type: 'national_id', value: `19900412-9${String(i).padStart(4, '0')}-${process.pid % 100000}-1` }],
            },
          });
          if (r.status === 201) acked.push({ id: r.body.id, at: Date.now() });
          else errors.push(`${r.status} ${r.text}`);
        } catch (e) {
          errors.push(String(e));
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));

    // Let the writers reach their pace, then back up while they go on.
    await until(() => acked.length + errors.length >= WRITES_PER_S,
      { ms: 30000, what: 'the writers to reach their pace' });
    // Liveness bound, generous on a shared 2-core CI machine: 30 s plus 1 s per 5 MB.
    // The copy itself takes well under a second per 100 MB; the old restarting copy
    // never finished at all.
    const boundS = 30 + dbMb / 5;
    const started = Date.now();
    const ackedBefore = acked.filter((a) => a.at <= started).map((a) => a.id);
    const r = await run(['backup', '--data', data, '--to', to], boundS * 1000);
    const seconds = (Date.now() - started) / 1000;
    const writesDuring = acked.filter((a) => a.at > started && a.at <= Date.now()).length;
    stopping = true;
    await Promise.all(writers);
    figures('backup_under_writes', {
      db_mb: dbMb.toFixed(0), seconds: seconds.toFixed(1), writes_during: writesDuring,
      writes_total: acked.length, writer_errors: errors.length,
    });
    assert.equal(r.timedOut, false, `kazi backup did not finish within ${boundS.toFixed(0)} s`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(errors, [], 'no writer failed');
    assert.ok(writesDuring > 0 || seconds < 1, 'writes went on during the backup');

    // Consistent: SQLite's integrity check, the audit chain, and it serves.
    const copy = join(to, 'kazi.db');
    assert.equal(sql(copy, 'PRAGMA integrity_check'), 'ok');
    const verify = kazi(['audit', 'verify', '--data', to]);
    assert.equal(verify.status, 0, verify.stderr);
    // Complete: every write acknowledged before the backup started is in it.
    const present = new Set(sql(copy, `SELECT id FROM person WHERE family_name LIKE 'Drill%'`)
      .split('\n').filter(Boolean).map(Number));
    const missing = ackedBefore.filter((id) => !present.has(id));
    assert.deepEqual(missing, [], 'acknowledged writes missing from the backup');
    // The configuration repository came along: the copy serves the same live version.
    const live = (await admin.call('GET', '/api/v1/config/live')).body.live;
    const restored = await startServer({ data: to, args: ['--admin-totp', 'optional'] });
    try {
      const s = await mustLogin(restored, ADMIN, ADMIN_PW);
      const l = await s.call('GET', '/api/v1/config/live');
      assert.equal(l.body.live, live);
      assert.equal(l.body.serving, live);
      const h = await api(restored.url, 'GET', '/healthz');
      assert.equal(h.status, 200);
    } finally {
      assert.equal(await restored.stop(), 0);
    }
  } finally {
    stopping = true;
    const code = await srv.stop();
    removeAll();
    assert.equal(code, 0);
  }
});
