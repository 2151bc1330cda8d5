// Drill: the disk fills up under a serving Kazi. The data directory lives on a small
// tmpfs (mounted here, as root); a filler file takes every free byte. Then:
//   - a write answers 507 insufficient_storage with the JSON error body (not 500), and
//     nothing of it is stored (the person is not there, the audit trail is intact);
//   - a configuration proposal (the git repository) answers 507 the same way;
//   - reads are still served;
//   - /healthz answers 503 {"status":"degraded","reason":"storage_full"};
// and once the filler is removed, without a restart, /healthz answers 200 and the same
// write succeeds. A server (re)started on a full disk exits 1 saying so, and starts
// once space is freed. Every write acknowledged before, during and after is still there.
// Where the machine does not allow mounting (not root, no CAP_SYS_ADMIN, a container
// without mount rights) the drill is skipped with the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { KAZI, api, cleanup, kazi, startServer, tempDir } from '../api/lib/server.mjs';
import { ADMIN, ADMIN_PW, mustLogin } from '../api/lib/access.mjs';
import { figures, scaled, until } from './lib/drill.mjs';

const TMPFS_MB = 24;
const ROUNDS = scaled(2, 10);
const WRITERS = 4;
const root = tempDir('kazi-drill-disk-');
const mnt = join(root, 'mnt');
let mounted = false;
let skipReason = null;
let srv = null;

before(() => {
  mkdirSync(mnt);
  if (process.getuid && process.getuid() !== 0) {
    skipReason = 'needs root to mount a small tmpfs for the data directory (run as root to drill a full disk)';
    return;
  }
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m,mode=0700`, 'tmpfs', mnt], { encoding: 'utf8' });
  if (r.status !== 0) {
    skipReason = `this machine does not allow mounting a tmpfs (${(r.stderr || r.error?.message || '').replace(/\s+/g, ' ').trim()}); ` +
      'the disk-full path is still covered by unit.test_db (SQLite page limit)';
    return;
  }
  mounted = true;
});

after(async () => {
  if (srv) await srv.stop();
  if (mounted) {
    const r = spawnSync('umount', [mnt]);
    if (r.status !== 0) spawnSync('umount', ['-l', mnt]);
  }
  cleanup(root);
});

/** Take every free byte of the file system holding `path` with one file, in chunks;
 * `pace` (optional) is awaited after each chunk, so that writers keep going while the
 * disk fills. */
async function fill(path, pace = async () => {}) {
  const fh = await open(path, 'w');
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  let bytes = 0;
  try {
    // Bounded: the tmpfs is TMPFS_MB; stop at ENOSPC, then top up with small writes.
    for (let i = 0; i < TMPFS_MB + 8; i++) {
      bytes += (await fh.write(chunk)).bytesWritten;
      await pace();
    }
    throw new Error('the tmpfs did not fill up');
  } catch (e) {
    if (e.code !== 'ENOSPC') throw e;
  }
  const small = Buffer.alloc(512, 0x5a);
  for (let i = 0; i < 1024; i++) {
    try { bytes += (await fh.write(small)).bytesWritten; } catch (e) { if (e.code === 'ENOSPC') break; throw e; }
  }
  await fh.close();
  return bytes;
}

test('a full disk: 507 on writes, healthz degraded, nothing half-written, recovery without restart', async (t) => {
  if (!mounted) { t.skip(skipReason); return; }
  const started = Date.now();
  const data = join(mnt, 'data');
  const pwFile = join(root, 'admin.pw');
  writeFileSync(pwFile, ADMIN_PW + '\n');
  let r = kazi(['init', '--data', data, '--country', 'tanzania', '--admin', ADMIN, '--admin-password-file', pwFile]);
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ data, args: ['--admin-totp', 'optional'] });
  let admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  r = await admin.call('POST', '/api/v1/org-units/import', {
    raw: 'code,name,parent_code,level\nTZ,Tanzania,,country\nR1,Arusha,TZ,region\n',
    headers: { 'content-type': 'text/csv' },
  });
  assert.equal(r.status, 200, r.text);
  const unit = (await admin.call('GET', '/api/v1/org-units?q=R1')).body.org_units.find((u) => u.code === 'R1').id;

  let seq = 0;
  const body = () => {
    seq++;
    return {
      given_name: 'Neema', family_name: `Full${seq}`, sex: 'female', birth_date: '1991-02-03',
      residence_org_unit_id: unit, phone: '+255 754 000 222',
      // Long-ish values so the WAL needs new pages soon after the disk is full.
      education: 'x'.repeat(200),
      identifiers: [{ type: 'national_id', value: `19910203-0000-${String(seq).padStart(6, '0')}-9` }],
    };
  };
  const acknowledged = [];
  let answered = 0;
  const create = async (b) => {
    let res;
    try {
      res = await admin.call('POST', '/api/v1/people', { body: b });
    } catch (e) {
      // A pooled keep-alive connection the server closed after its idle timeout, just as
      // the request went out (see api() in server.mjs). Not a crash: the server is up.
      if (e.cause?.code !== 'UND_ERR_SOCKET') throw e;
      assert.equal(srv.proc.exitCode, null, `kazi serve died: ${srv.logs.slice(-5).join('\n')}`);
      assert.equal(srv.proc.signalCode, null, `kazi serve died: ${srv.logs.slice(-5).join('\n')}`);
      res = await admin.call('POST', '/api/v1/people', { body: b });
      if (res.status === 409) {
        // The first attempt did arrive and commit: the identifier is taken by it.
        const found = await admin.call('GET', `/api/v1/people?q=${encodeURIComponent(b.identifiers[0].value)}`);
        assert.equal(found.body.items.length, 1, found.text);
        res = { status: 201, body: found.body.items[0] };
      }
    }
    answered++;
    if (res.status === 201) acknowledged.push({ id: res.body.id, nid: b.identifiers[0].value, family: b.family_name });
    return res;
  };
  for (let i = 0; i < 10; i++) { const res = await create(body()); assert.equal(res.status, 201, res.text); }

  let refused = 0, healthzDegraded = 0, recovered = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const filler = join(mnt, `filler-${round}`);
    // WRITERS clients register people while the disk fills; once it is full each goes
    // on until it meets a 507 (the WAL may still have room for a few).
    let filling = true;
    // The disk fills by one chunk per answered write: writes meet every level of it.
    const pace = async () => { const seen = answered; await until(() => answered > seen, { what: 'a write answered' }); };
    const filled = fill(filler, pace).finally(() => { filling = false; });
    const refusedBodies = [];
    const writer = async () => {
      for (let i = 0; i < 4000; i++) {
        const b = body();
        const res = await create(b);
        if (res.status === 201) continue;
        assert.equal(res.status, 507, `a write on a full disk answers 507, got ${res.status}: ${res.text}`);
        assert.equal(res.headers.get('content-type'), 'application/json');
        assert.equal(res.body.error.code, 'insufficient_storage', res.text);
        assert.match(res.body.error.message, /full/);
        refusedBodies.push(b);
        if (!filling) return;
      }
      throw new Error('a writer never met the full disk');
    };
    await Promise.all([filled, ...Array.from({ length: WRITERS }, writer)]);
    refused += refusedBodies.length;

    // Nothing of a refused write is stored; reads are served.
    for (const b of refusedBodies) {
      const search = await admin.call('GET', `/api/v1/people?q=${encodeURIComponent(b.identifiers[0].value)}`);
      assert.equal(search.status, 200, `reads are served on a full disk: ${search.text}`);
      assert.equal(search.body.items.length, 0, `the refused person ${b.family_name} is not stored`);
    }
    const full = refusedBodies[refusedBodies.length - 1];
    // Reads are served.
    const one = await admin.call('GET', `/api/v1/people/${acknowledged[0].id}`);
    assert.equal(one.status, 200, one.text);

    // The configuration repository (libgit2) meets the same full disk: 507 as well, and
    // no version appears.
    const versionsBefore = (await admin.call('GET', '/api/v1/config/versions')).body.versions.length;
    const proposal = {
      message: `Notes written on a full disk, round ${round}`,
      files: { [`notes/full-${round}.lua`]: `-- ${randomBytes(16384).toString('hex')}\n` },
    };
    const cfg = await admin.call('POST', '/api/v1/config/versions', { body: proposal });
    assert.equal(cfg.status, 507, `a configuration write on a full disk answers 507: ${cfg.text}`);
    assert.equal(cfg.body.error.code, 'insufficient_storage');
    assert.match(cfg.body.error.message, /full/);
    assert.equal((await admin.call('GET', '/api/v1/config/versions')).body.versions.length, versionsBefore);

    const h = await api(srv.url, 'GET', '/healthz');
    assert.equal(h.status, 503, h.text);
    assert.equal(h.body.status, 'degraded');
    assert.equal(h.body.reason, 'storage_full');
    healthzDegraded++;

    // Free the space: no restart, the same write now succeeds and healthz is ok.
    rmSync(filler);
    await until(async () => (await api(srv.url, 'GET', '/healthz')).status === 200, { what: 'healthz ok after freeing space' });
    const again = await create(full);
    assert.equal(again.status, 201, again.text);
    const cfgAgain = await admin.call('POST', '/api/v1/config/versions', { body: proposal });
    assert.equal(cfgAgain.status, 201, cfgAgain.text);
    recovered++;
  }

  // A restart on a full disk: the server stops cleanly. A new one either starts and
  // serves (healthz and writes agreeing), or, when SQLite has no room even for its -shm
  // file, exits 1 saying the disk is full.
  // Once space is freed it starts and has every write.
  await fill(join(mnt, 'filler-restart'));
  assert.equal(await srv.stop(), 0, 'the server stops cleanly on a full disk');
  srv = null;
  // A clean stop may checkpoint and remove the WAL, which frees space: take it too.
  await fill(join(mnt, 'filler-restart-2'));
  let restartWhileFull;
  try {
    srv = await startServer({ data, args: ['--admin-totp', 'optional'] });
  } catch (e) {
    assert.match(e.message, /exited 1/, e.message);
    assert.match(e.message, /disk holding it is full/, e.message);
    assert.ok(e.message.includes(join(data, 'kazi.db')), e.message);
    restartWhileFull = 'refused_with_message';
  }
  if (srv) {
    // Starting may itself free space (the start-up connection checkpoints and removes
    // the WAL when it closes), so either answer is right as long as healthz and writes
    // agree: degraded and 507, or ok and 201.
    const hz = await api(srv.url, 'GET', '/healthz');
    admin = await mustLogin(srv, ADMIN, ADMIN_PW).catch(() => null);
    if (hz.status === 503) {
      assert.equal(hz.body.status, 'degraded', hz.text);
      restartWhileFull = 'served_degraded';
      if (admin) {
        const one = await admin.call('GET', `/api/v1/people/${acknowledged[0].id}`);
        assert.equal(one.status, 200, `reads are served: ${one.text}`);
        assert.equal((await create(body())).status, 507);
      }
    } else {
      assert.equal(hz.status, 200, hz.text);
      assert.ok(admin, 'healthz ok: signing in works');
      const res = await create(body());
      assert.equal(res.status, 201, `healthz ok: writes work: ${res.text}`);
      restartWhileFull = 'served_ok_space_freed_at_start';
    }
    assert.equal(await srv.stop(), 0);
    srv = null;
  }
  rmSync(join(mnt, 'filler-restart'));
  rmSync(join(mnt, 'filler-restart-2'));
  srv = await startServer({ data, args: ['--admin-totp', 'optional'] });
  admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  assert.equal((await api(srv.url, 'GET', '/healthz')).status, 200);

  // Every acknowledged write is there, with its values.
  for (const a of acknowledged) {
    const p = await admin.call('GET', `/api/v1/people/${a.id}`);
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.family_name, a.family);
    assert.equal(p.body.identifiers[0].value, a.nid);
  }
  assert.equal(await srv.stop(), 0, 'the server stops cleanly');
  srv = null;
  r = kazi(['audit', 'verify', '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /audit trail intact/);
  figures('disk_full', {
    tmpfs_mb: TMPFS_MB, rounds: ROUNDS, writers: WRITERS, acknowledged: acknowledged.length, refused_507: refused,
    healthz_degraded: healthzDegraded, recovered, restart_while_full: restartWhileFull, lost: 0, seconds: ((Date.now() - started) / 1000).toFixed(1),
  });
});
