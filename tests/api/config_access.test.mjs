// The configuration API through the real access layer: a signed-in administrator
// proposes, validates, activates and rolls back over HTTP; concurrent activation
// requests race; a plain git push is activated through the API; roles without the
// config permissions are refused.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './lib/server.mjs';
import { startAccessServer, mustLogin, ADMIN, ADMIN_PW, PW } from './lib/access.mjs';

function git(args) {
  const r = spawnSync('git', ['-c', 'user.name=Dev Eloper', '-c', 'user.email=dev@moh.example', ...args],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('configuration API with a signed-in administrator', () => {
  let srv, admin;
  before(async () => {
    // CivetWeb keeps a worker per keep-alive connection: give the racing and
    // hot-reload tests enough workers that no request waits for an idle connection.
    srv = await startAccessServer({ args: ['--admin-totp', 'optional', '--threads', '16'] });
    admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  });
  after(async () => { const code = await srv.stop(); if (code !== 0) console.error(srv.logs.filter((l) => !l.includes("\"access\"")).join("\n")); assert.equal(code, 0, "server exits cleanly"); });

  async function liveNow() {
    const r = await admin.call('GET', '/api/v1/config/live');
    assert.equal(r.status, 200, r.text);
    return r.body;
  }

  async function proposeAndValidate(files, message = 'change') {
    const p = await admin.call('POST', '/api/v1/config/versions', { body: { message, files } });
    assert.equal(p.status, 201, p.text);
    const v = await admin.call('POST', `/api/v1/config/versions/${p.body.commit}/validate`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.ok, true, v.text);
    return p.body.commit;
  }

  test('the first version is authored by the initial administrator', async () => {
    const r = await admin.call('GET', '/api/v1/config/versions');
    assert.equal(r.status, 200, r.text);
    const first = r.body.versions[r.body.versions.length - 1];
    assert.equal(first.author.name, ADMIN);
    assert.equal(first.parents.length, 0);
  });

  test('propose, validate, activate, refuse a stale expected_live, roll back', async () => {
    const before = (await liveNow()).live;
    const p = await admin.call('POST', '/api/v1/config/versions', {
      body: { message: 'PSW notes', files: { 'notes/psw.lua': '-- PSW notes\n' } } });
    assert.equal(p.status, 201, p.text);
    const c = p.body.commit;
    const list = await admin.call('GET', '/api/v1/config/versions');
    const mine = list.body.versions.find((v) => v.commit === c);
    assert.equal(mine.author.name, ADMIN, 'the proposer is the author');
    assert.equal(mine.live, false);

    const file = await admin.call('GET', `/api/v1/config/versions/${c}/file?path=notes/psw.lua`);
    assert.equal(file.status, 200);
    assert.equal(file.text, '-- PSW notes\n');
    const diff = await admin.call('GET', `/api/v1/config/diff?from=${before}&to=${c}`);
    assert.equal(diff.body.files[0].status, 'added');

    const early = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: c, expected_live: before, reason: 'too early' } });
    assert.equal(early.status, 422, early.text);
    assert.equal(early.body.error.field, 'commit');

    const v = await admin.call('POST', `/api/v1/config/versions/${c}/validate`);
    assert.equal(v.body.ok, true);
    assert.equal(v.body.validated_by, ADMIN);
    const a = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: c, expected_live: before, reason: 'PSW approved' } });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.activated_by, ADMIN);
    assert.match(a.body.request_id, /^[0-9a-f]{32}$/);
    const now = await liveNow();
    assert.equal(now.live, c);
    assert.equal(now.serving, c, 'the server switched without restart');

    const stale = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: before, expected_live: before, reason: 'stale' } });
    assert.equal(stale.status, 409, stale.text);
    assert.equal(stale.body.error.field, 'expected_live');
    assert.equal((await liveNow()).live, c, 'a failed activation leaves the live version');

    const back = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: before, expected_live: c, reason: 'roll back' } });
    assert.equal(back.status, 200, back.text);
    assert.equal((await liveNow()).live, before);
    const rollouts = await admin.call('GET', '/api/v1/config/rollouts');
    assert.equal(rollouts.body.rollouts[0].reason, 'roll back');
    // Each activation through the API is in the audit trail, by whom and what became live.
    const trail = (await admin.call('GET', '/api/v1/audit?action=config.activate&limit=100')).body.audit;
    for (const r of rollouts.body.rollouts.slice(0, 2)) {
      const row = trail.find((x) => x.entity_type === 'config_rollout' && String(x.entity_id) === String(r.id));
      assert.ok(row, `activation ${r.id} (${r.reason}) is audited: ${JSON.stringify(trail)}`);
      assert.equal(row.actor, ADMIN);
    }
    assert.equal(rollouts.body.rollouts[0].from, c);
    assert.equal(rollouts.body.rollouts[1].reason, 'PSW approved');
    const tag = await admin.call('POST', '/api/v1/config/tags', { body: { name: 'TZ-2026.1', commit: c } });
    assert.equal(tag.status, 201, tag.text);
  });

  test('of concurrent activation requests exactly one wins', async () => {
    const expected = (await liveNow()).live;
    const candidates = [];
    for (let i = 0; i < 4; i++) candidates.push(await proposeAndValidate({ [`race${i}.lua`]: `-- ${i}\n` }));
    const results = await Promise.all(candidates.map((commit) => admin.call('POST', '/api/v1/config/activate',
      { body: { commit, expected_live: expected, reason: 'race' } })));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409, 409, 409], results.map((r) => r.text).join('\n'));
    const winner = candidates[results.findIndex((r) => r.status === 200)];
    assert.equal((await liveNow()).live, winner);
  });

  test('a git push is proposed, then validated and activated through the API', async () => {
    const work = join(tempDir(), 'work');
    git(['clone', '-q', join(srv.data, 'config.git'), work]);
    writeFileSync(join(work, 'pushed.lua'), '-- from git\n');
    git(['-C', work, 'add', '.']);
    git(['-C', work, 'commit', '-qm', 'From git']);
    git(['-C', work, 'push', '-q', 'origin', 'main']);
    const pushed = git(['-C', work, 'rev-parse', 'HEAD']);
    const v = await admin.call('POST', `/api/v1/config/versions/${pushed}/validate`);
    assert.equal(v.body.ok, true, v.text);
    const expected = (await liveNow()).live;
    const a = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: pushed, expected_live: expected, reason: 'pushed with git' } });
    assert.equal(a.status, 200, a.text);
    const list = await admin.call('GET', '/api/v1/config/versions');
    const top = list.body.versions.find((x) => x.commit === pushed);
    assert.equal(top.author.name, 'Dev Eloper');
    assert.equal(top.live, true);
  });

  test('activation hot-reloads the rules without failing a request; rollback restores them', async () => {
    const pswName = async () => {
      const r = await admin.call('GET', '/api/v1/catalogue/cadres');
      assert.equal(r.status, 200, r.text);
      return { name: r.body.items.find((c) => c.id === 'psw').name.en, source: r.body.source };
    };
    const before = (await liveNow()).live;
    assert.deepEqual(await pswName(), { name: 'Para social worker', source: before });
    const text = (await admin.call('GET', '/api/v1/config/versions/live/file?path=cadres.lua')).text;
    const changed = text.replace('en = "Para social worker",', 'en = "Community case worker",');
    assert.notEqual(changed, text);
    const c = await proposeAndValidate({ 'cadres.lua': changed }, 'Rename the PSW cadre');

    // Keep readers busy across the switch; every one of them must succeed and see either
    // the old or the new rules, never a mixture or an error.
    let stop = false;
    const seen = new Set();
    const failures = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const r = await admin.call('GET', '/api/v1/catalogue/cadres');
        if (r.status !== 200) failures.push(r.status);
        else seen.add(`${r.body.source}:${r.body.items.find((x) => x.id === 'psw').name.en}`);
      }
    });
    let a, after;
    try {
      a = await admin.call('POST', '/api/v1/config/activate',
        { body: { commit: c, expected_live: before, reason: 'rename' } });
      after = await pswName();
    } finally {
      stop = true;
      await Promise.all(readers);
    }
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(failures, []);
    assert.deepEqual(after, { name: 'Community case worker', source: c }, 'no restart needed');
    for (const s of seen) assert.ok([`${before}:Para social worker`, `${c}:Community case worker`].includes(s), s);

    const back = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: before, expected_live: c, reason: 'roll back the rename' } });
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(await pswName(), { name: 'Para social worker', source: before });
  });

  test('a commit whose Lua does not load fails validation with file and line', async () => {
    const p = await admin.call('POST', '/api/v1/config/versions',
      { body: { message: 'broken', files: { 'broken.lua': 'kazi.cadre {\n  id = "x",\n  oops oops\n}\n' } } });
    assert.equal(p.status, 201, p.text);
    const v = await admin.call('POST', `/api/v1/config/versions/${p.body.commit}/validate`);
    assert.equal(v.status, 200);
    assert.equal(v.body.ok, false);
    assert.equal(v.body.checks, 'builtin+lua');
    assert.equal(v.body.errors[0].file, 'broken.lua');
    assert.equal(v.body.errors[0].line, 3);
    const live = (await liveNow()).live;
    const a = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: p.body.commit, expected_live: live, reason: 'try' } });
    assert.equal(a.status, 422);
    assert.equal((await liveNow()).live, live);
  });

  test('a role without configuration permissions is refused', async () => {
    const u = await admin.call('POST', '/api/v1/users', { body: { username: 'ana', password: PW, role: 'analyst' } });
    assert.equal(u.status, 201, u.text);
    const ana = await mustLogin(srv, 'ana', PW);
    assert.equal((await ana.call('GET', '/api/v1/config/versions')).status, 403);
    const live = (await liveNow()).live;
    const r = await ana.call('POST', '/api/v1/config/activate', { body: { commit: live, expected_live: live, reason: 'x' } });
    assert.equal(r.status, 403);
  });
});
