// Versioned configuration from the outside: the repository kazi init makes, the plain
// git round trip (clone, commit, push), the kazi config commands, racing activations
// in separate processes, rollback, and a server that refuses a damaged repository.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, rmSync, chmodSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, kazi, initData, tempDir, KAZI } from './lib/server.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';

function git(args, opts = {}) {
  const r = spawnSync('git', ['-c', 'user.name=Dev Eloper', '-c', 'user.email=dev@moh.example', ...args],
    { encoding: 'utf8', ...opts });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r, what) {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
  return r.stdout;
}

function log(data) {
  return JSON.parse(ok(kazi(['config', 'log', '--data', data, '--json']), 'config log'));
}

function live(data) {
  return ok(git(['-C', join(data, 'config.git'), 'rev-parse', 'refs/kazi/live']), 'rev-parse').trim();
}

/** Run a command asynchronously; resolves to {status, stdout, stderr}. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `kazi serve` that is expected to fail at start-up. */
function serveFails(data) {
  const r = spawnSync(KAZI, ['serve', '--data', data, '--listen', '127.0.0.1:0'],
    { encoding: 'utf8', timeout: 20000 });
  assert.notEqual(r.status, 0, 'serve must not start');
  assert.equal(r.signal, null, 'serve exits by itself');
  return r.stderr;
}

describe('the configuration repository', () => {
  test('kazi init commits the country folder and makes it live', () => {
    const data = initData();
    const repo = join(data, 'config.git');
    const head = ok(git(['-C', repo, 'log', '--format=%H %an <%ae>|%s', 'refs/heads/main']), 'git log').trim();
    const id = head.slice(0, 40), rest = head.slice(41);
    assert.equal(head.split('\n').length, 1, 'one commit');
    assert.match(rest, /^Kazi init <kazi@localhost>/);
    assert.equal(live(data), id);
    const files = ok(git(['-C', repo, 'ls-tree', '-r', '--name-only', 'refs/kazi/live']), 'ls-tree');
    assert.match(files, /^country\.lua$/m);
    const shown = ok(kazi(['config', 'show', '--data', data, 'live:country.lua']), 'show');
    assert.equal(shown, readFileSync(join(share, 'country-config/tanzania/country.lua'), 'utf8'));
    const versions = log(data);
    assert.equal(versions.length, 1);
    assert.equal(versions[0].live, true);
    assert.equal(versions[0].ever_live, true);
    assert.equal(versions[0].validation.ok, true);
  });

  test('a failed init leaves nothing behind', () => {
    const root = tempDir();
    const data = join(root, 'data');
    const r = kazi(['init', '--data', data, '--country', 'atlantis']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /unknown country/);
    assert.equal(spawnSync('test', ['-e', data]).status, 1, 'no data dir left');
    rmSync(root, { recursive: true, force: true });
  });

  test('git clone, commit and push round trip; live moves only by activation', () => {
    const data = initData();
    const repo = join(data, 'config.git');
    const work = join(tempDir(), 'work');
    ok(git(['clone', '-q', repo, work]), 'clone');
    const before = live(data);
    writeFileSync(join(work, 'notes.lua'), '-- Para social worker: revised notes\n');
    ok(git(['-C', work, 'add', '.']), 'add');
    ok(git(['-C', work, 'commit', '-qm', 'Add the PSW cadre']), 'commit');
    ok(git(['-C', work, 'push', '-q', 'origin', 'main']), 'push');
    const pushed = ok(git(['-C', work, 'rev-parse', 'HEAD']), 'rev-parse').trim();

    const versions = log(data);
    assert.equal(versions[0].commit, pushed);
    assert.equal(versions[0].author.name, 'Dev Eloper');
    assert.equal(versions[0].message.trim(), 'Add the PSW cadre');
    assert.equal(versions[0].live, false);
    assert.deepEqual(versions[0].parents, [before]);
    assert.equal(live(data), before, 'a push proposes; it does not activate');

    // The live ref cannot be pushed, nor history rewritten.
    const sneaky = git(['-C', work, 'push', 'origin', 'HEAD:refs/kazi/live']);
    assert.notEqual(sneaky.status, 0);
    assert.match(sneaky.stderr, /managed by Kazi/);
    const force = git(['-C', work, 'push', '-f', 'origin', `${before}:main`]);
    assert.notEqual(force.status, 0);
    assert.equal(live(data), before);

    // validate, activate, and the clone sees the result after a fetch
    ok(kazi(['config', 'validate', '--data', data, pushed.slice(0, 10)]), 'validate');
    ok(kazi(['config', 'activate', '--data', data, pushed, '--expected-live', before,
      '--reason', 'PSW cadre approved', '--by', 'asha']), 'activate');
    assert.equal(live(data), pushed);
    ok(git(['-C', work, 'fetch', '-q', 'origin', 'refs/kazi/live:refs/remotes/origin/live']), 'fetch live');
    assert.equal(ok(git(['-C', work, 'rev-parse', 'origin/live']), 'rev-parse').trim(), pushed);
    assert.match(ok(kazi(['config', 'show', '--data', data, 'live:notes.lua']), 'show'), /Para social worker/);
  });

  test('import, diff, show, tag and a rollback through the CLI', () => {
    const data = initData();
    const first = live(data);
    const folder = join(tempDir(), 'tz');
    cpSync(join(share, 'country-config/tanzania'), folder, { recursive: true });
    mkdirSync(join(folder, 'notes'));
    writeFileSync(join(folder, 'notes/psw.lua'), '-- psw notes\n');
    const second = ok(kazi(['config', 'import', '--data', data, folder, '-m', 'Add PSW',
      '--author', 'Neema HR <neema@moh.example>']), 'import').trim();
    assert.match(second, /^[0-9a-f]{40}$/);
    const again = kazi(['config', 'import', '--data', data, folder, '-m', 'Same again']);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /nothing changed/);

    const diff = ok(kazi(['config', 'diff', '--data', data, first, second]), 'diff');
    assert.match(diff, /\+\+\+ b\/notes\/psw\.lua/);
    assert.match(diff, /^\+-- psw notes$/m);
    const listing = ok(kazi(['config', 'show', '--data', data, second]), 'show');
    assert.match(listing, /notes\/psw\.lua/);
    assert.equal(log(data)[0].author.email, 'neema@moh.example');

    // not validated: refused, and live stays
    const early = kazi(['config', 'activate', '--data', data, second, '--reason', 'try']);
    assert.notEqual(early.status, 0);
    assert.match(early.stderr, /validate/);
    assert.equal(live(data), first);

    ok(kazi(['config', 'validate', '--data', data, second]), 'validate');
    ok(kazi(['config', 'activate', '--data', data, second, '--reason', 'new cadre', '--by', 'asha']), 'activate');
    ok(kazi(['config', 'tag', '--data', data, 'TZ-2026.1', second, '-m', 'First release']), 'tag');
    const tagged = log(data).find((v) => v.commit === second);
    assert.deepEqual(tagged.tags, ['TZ-2026.1']);
    const dup = kazi(['config', 'tag', '--data', data, 'TZ-2026.1']);
    assert.notEqual(dup.status, 0);

    // stale expectation: the CLI fails and names the field
    const stale = kazi(['config', 'activate', '--data', data, first, '--expected-live', first, '--reason', 'x']);
    assert.notEqual(stale.status, 0);
    assert.match(stale.stderr, /expected_live/);

    // rollback is activating the earlier commit
    ok(kazi(['config', 'activate', '--data', data, first, '--expected-live', second,
      '--reason', 'roll back: wrong cadre name']), 'rollback');
    assert.equal(live(data), first);
    const rollouts = JSON.parse(ok(kazi(['config', 'rollouts', '--data', data, '--json']), 'rollouts'));
    assert.equal(rollouts.length, 3);
    assert.equal(rollouts[0].reason, 'roll back: wrong cadre name');
    assert.equal(rollouts[0].from, second);
    assert.equal(rollouts[0].to, first);
    assert.equal(rollouts[1].activated_by, 'asha');
    const versions = log(data);
    assert.equal(versions.find((v) => v.commit === second).ever_live, true);
    assert.equal(versions.find((v) => v.commit === first).live, true);
  });

  test('validation reports problems by file and line and the CLI exits non-zero', () => {
    const data = initData();
    const folder = join(tempDir(), 'bad');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.lua'), Buffer.from('-- fine\n-- \xff broken\n', 'latin1'));
    const bad = ok(kazi(['config', 'import', '--data', data, folder, '-m', 'Broken']), 'import').trim();
    const r = kazi(['config', 'validate', '--data', data, bad]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^notes\.lua:2: is not valid UTF-8$/m);
    assert.match(r.stderr, /^country\.lua: is missing/m);
  });

  test('of racing activations in separate processes exactly one wins', async () => {
    const data = initData();
    const first = live(data);
    const candidates = [];
    for (let i = 0; i < 4; i++) {
      const folder = join(tempDir(), `c${i}`);
      cpSync(join(share, 'country-config/tanzania'), folder, { recursive: true });
      writeFileSync(join(folder, 'notes.lua'), `-- candidate ${i}\n`);
      const c = ok(kazi(['config', 'import', '--data', data, folder, '-m', `candidate ${i}`]), 'import').trim();
      ok(kazi(['config', 'validate', '--data', data, c]), 'validate');
      candidates.push(c);
    }
    const results = await Promise.all(candidates.map((c) => run(KAZI, ['config', 'activate', '--data', data, c,
      '--expected-live', first, '--reason', 'race'])));
    const winners = results.filter((r) => r.status === 0);
    assert.equal(winners.length, 1, results.map((r) => r.stderr).join('\n'));
    for (const r of results.filter((x) => x.status !== 0)) assert.match(r.stderr, /expected_live|busy/);
    const won = candidates[results.findIndex((r) => r.status === 0)];
    assert.equal(live(data), won);
    const rollouts = JSON.parse(ok(kazi(['config', 'rollouts', '--data', data, '--json']), 'rollouts'));
    assert.equal(rollouts.length, 2, 'init + the one winner');
  });
});

describe('the server and the configuration', () => {
  test('serves the live commit; configuration routes need a user', async () => {
    const data = initData();
    const srv = await startServer({ data });
    try {
      const listening = srv.logs.map((l) => { try { return JSON.parse(l); } catch { return {}; } })
        .find((l) => l.event === 'listening');
      assert.equal(listening.config, live(data));
      for (const [method, path] of [['GET', '/api/v1/config/versions'], ['GET', '/api/v1/config/rollouts'],
        ['POST', '/api/v1/config/activate'], ['GET', '/api/v1/config/diff?from=live&to=main']]) {
        const r = await api(srv.url, method, path, method === 'POST' ? { body: {} } : {});
        assert.equal(r.status, 401, `${method} ${path}`);
        assert.equal(r.body.error.code, 'unauthenticated');
      }
      const spec = await api(srv.url, 'GET', '/api/openapi.json');
      assert.ok(Object.keys(spec.body.paths).some((p) => p.startsWith('/api/v1/config/')));
    } finally {
      assert.equal(await srv.stop(), 0);
    }
  });

  test('a damaged repository stops kazi serve with a clear message', () => {
    const data = initData();
    const repo = join(data, 'config.git');
    const blob = ok(git(['-C', repo, 'rev-parse', 'refs/kazi/live:country.lua']), 'rev-parse').trim();
    const file = join(repo, 'objects', blob.slice(0, 2), blob.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, 'garbage');
    const msg = serveFails(data);
    assert.match(msg, /cannot load the configuration/);
    assert.match(msg, /country\.lua/);
  });

  test('a live ref naming a missing commit stops kazi serve', () => {
    const data = initData();
    writeFileSync(join(data, 'config.git', 'refs', 'kazi', 'live'), '1234567890abcdef1234567890abcdef12345678\n');
    assert.match(serveFails(data), /damaged or the commit is missing/);
  });

  test('a missing repository stops kazi serve', () => {
    const data = initData();
    rmSync(join(data, 'config.git'), { recursive: true });
    assert.match(serveFails(data), /config\.git is missing/);
  });
});
