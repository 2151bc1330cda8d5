// Bad storage is refused, never silently recreated: a data directory whose database is
// missing, empty (0 bytes), not a database, without Kazi's schema or without the
// installation record `kazi init` writes is refused by `kazi serve` and every other
// command, with a message naming the file and what to do, and a non-zero exit; the
// file is left as it was. Only `kazi init` creates a database, and never over one.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAZI, kazi, initData, cleanup } from './lib/server.mjs';

// A command that must be refused; serve must not start, so it gets a time limit: a
// server that wrongly starts is killed and the test fails on its null exit status.
function run(args) {
  const r = spawnSync(KAZI, args, { encoding: 'utf8', timeout: 20000, env: { ...process.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function commands(data) {
  return [
    ['serve', '--data', data, '--listen', '127.0.0.1:0', '--threads', '2'],
    ['audit', 'verify', '--data', data],
    ['user', 'list', '--data', data],
    ['backup', '--data', data, '--to', join(data, '..', 'copy.db')],
    ['config', 'log', '--data', data],
  ];
}

function sqlite(db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

function assertRefused(data, { mentions, db = join(data, 'kazi.db') }) {
  for (const args of commands(data)) {
    const r = run(args);
    const what = `kazi ${args.slice(0, 2).join(' ')}`;
    assert.equal(r.status, 1, `${what} must exit 1, got ${r.status}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /Sanitizer|runtime error/, what);
    assert.ok(r.stderr.includes(db), `${what} names the file: ${r.stderr}`);
    assert.match(r.stderr, mentions, `${what} says what is wrong: ${r.stderr}`);
    assert.match(r.stderr, /restore kazi\.db from a backup/, `${what} says what to do: ${r.stderr}`);
    assert.match(r.stderr, /kazi init on a new directory/, `${what}: ${r.stderr}`);
    assert.ok(!existsSync(join(data, '..', 'copy.db')), 'no backup of a refused database');
  }
}

describe('bad storage is refused', () => {
  test('a zero-byte kazi.db: every command refuses it and the file stays empty', () => {
    const data = initData();
    const db = join(data, 'kazi.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    writeFileSync(db, '');
    assertRefused(data, { mentions: /is empty \(0 bytes\)/ });
    // Before: serve started an empty register and audit verify said "intact: 0 rows".
    assert.equal(statSync(db).size, 0, 'the refused file was not turned into a database');
    assert.ok(!existsSync(`${db}-wal`), 'nothing opened it for writing');
    cleanup(join(data, '..'));
  });

  test('a missing kazi.db is refused, not recreated', () => {
    const data = initData();
    const db = join(data, 'kazi.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    assertRefused(data, { mentions: /does not exist/ });
    assert.ok(!existsSync(db));
    cleanup(join(data, '..'));
  });

  test('a SQLite file without Kazi schema is refused and left unchanged', () => {
    const data = initData();
    const db = join(data, 'kazi.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    sqlite(db, 'CREATE TABLE notes(x); INSERT INTO notes VALUES (1);');
    const before = readFileSync(db);
    assertRefused(data, { mentions: /has no Kazi schema/ });
    assert.deepEqual(readFileSync(db), before, 'the refused file is byte for byte the same');
    cleanup(join(data, '..'));
  });

  test('a file that is not a database is refused', () => {
    const data = initData();
    const db = join(data, 'kazi.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    writeFileSync(db, 'this is not a database, it is a note\n'.repeat(200));
    assertRefused(data, { mentions: /is not a readable Kazi database/ });
    cleanup(join(data, '..'));
  });

  test('a database whose installation record is missing (init did not finish) is refused', () => {
    const data = initData();
    const db = join(data, 'kazi.db');
    sqlite(db, "DELETE FROM kazi_meta WHERE key = 'instance_id';");
    assertRefused(data, { mentions: /has no installation record/ });
    cleanup(join(data, '..'));
  });

  test('kazi init never replaces an existing database, even an empty one', () => {
    const data = initData();
    const db = join(data, 'kazi.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    writeFileSync(db, '');
    const r = kazi(['init', '--data', data, '--country', 'tanzania']);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stderr.includes(`${db} already exists`), r.stderr);
    assert.match(r.stderr, /never replaces a database/);
    assert.equal(statSync(db).size, 0);
    cleanup(join(data, '..'));
  });

  test('a good data directory still serves every command', () => {
    const data = initData();
    const r = run(['audit', 'verify', '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /audit trail intact/);
    cleanup(join(data, '..'));
  });
});
