// A believable demo for any country (issue 15, point 6): `kazi demo-data` builds the
// country of the live configuration, and everything it writes passes that
// configuration's own rules, follows the programme's history and gives every figure
// something to show. Run for both shipped countries at a small size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kazi, tempDir } from './lib/server.mjs';
import { startAccessServer, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

const sql = (data, q) => execFileSync('sqlite3', [`${data}/kazi.db`, q], { encoding: 'utf8' }).trim();
const num = (data, q) => Number(sql(data, q));
const day = (offset) => new Date(Date.now() + offset * 864e5).toISOString().slice(0, 10);

function install(country) {
  const root = tempDir();
  const data = join(root, 'data');
  const pw = join(root, 'admin.pw');
  writeFileSync(pw, ADMIN_PW + '\n');
  const r = kazi(['init', '--data', data, '--country', country, '--admin', ADMIN, '--admin-password-file', pw]);
  assert.equal(r.status, 0, r.stderr);
  return data;
}

// One register per country, shared by its tests (each only reads it).
const made = new Map();
function demo(country, people = '1500') {
  if (made.has(country)) return made.get(country);
  const data = install(country);
  const r = kazi(['demo-data', '--data', data, '--people', people, '--seed', '7']);
  assert.equal(r.status, 0, r.stderr);
  const since = Number(/Since (\d{4})/.exec(r.stdout)?.[1]);
  assert.ok(since > 1990, r.stdout);
  made.set(country, { data, out: r.stdout, since });
  return made.get(country);
}

const shipped = {
  tanzania: { levels: ['country', 'region', 'district', 'ward', 'village'], entry: 'psw', top: 'swo' },
  kenya: { levels: ['country', 'county', 'sub-county', 'ward', 'location'], entry: 'vco', top: 'co' },
};

for (const [country, want] of Object.entries(shipped)) {
  test(`${country}: every supervision, move and certificate of the demo passes the configuration's own rules`, () => {
    const { data } = demo(country);
    assert.equal(kazi(['demo-data', '--data', data, '--check', '--people', '5']).status, 2, 'one or the other');
    const r = kazi(['demo-data', '--data', data, '--check']);
    assert.equal(r.status, 0, r.stderr);
    const n = Object.fromEntries([...r.stdout.matchAll(/^(\w+): (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    assert.ok(n.supervisions > 100 && n.moves > 10 && n.certificates > 50, r.stdout);
    assert.equal(n.supervisions_refused, 0, r.stdout);
    assert.equal(n.moves_refused, 0, r.stdout);
    assert.equal(n.certificates_refused, 0, r.stdout);
    assert.equal(n.promotions_without_move, 0, r.stdout);
    assert.equal(n.errors, 0, r.stdout);
    // Moves go along the lattice: never from a cadre to itself.
    assert.equal(num(data, `SELECT count(*) FROM career_move m JOIN assignment a ON a.id = m.from_assignment_id
      JOIN position p ON p.id = a.position_id JOIN assignment b ON b.id = m.to_assignment_id
      JOIN position q ON q.id = b.position_id WHERE p.cadre = q.cadre`), 0);
  });

  test(`${country}: the geography has the country's own levels and every screen has history to show`, async () => {
    const { data, since } = demo(country);
    assert.deepEqual(sql(data, 'SELECT DISTINCT level_id FROM org_unit ORDER BY depth').split('\n'), want.levels);
    // No post before the programme began; recent entries and exits.
    assert.equal(num(data, `SELECT count(*) FROM assignment WHERE start_date < '${since}-01-01'`), 0);
    assert.ok(num(data, `SELECT count(*) FROM assignment WHERE start_date >= '${day(-365)}'`) > 20);
    assert.ok(num(data, `SELECT count(*) FROM assignment WHERE end_date >= '${day(-365)}'
      AND end_reason NOT IN ('promotion', 'transfer')`) > 5);
    // Sessions over the whole time supervised: most current supervisees met lately, not all.
    const supervised = num(data, 'SELECT count(DISTINCT person_id) FROM supervision WHERE end_date IS NULL');
    const recent = num(data, `SELECT count(DISTINCT s.person_id) FROM supervision s JOIN supervision_session x
      ON x.person_id = s.person_id AND x.session_date >= '${day(-90)}' WHERE s.end_date IS NULL`);
    assert.ok(recent > supervised / 2 && recent < supervised, `${recent} of ${supervised} met in 90 days`);
    // Classes of 15 to 35.
    const sizes = sql(data, 'SELECT count(*) FROM enrolment GROUP BY event_id').split('\n').map(Number);
    assert.ok(sizes.every((s) => s <= 35), 'no class over 35');
    assert.ok(sizes.filter((s) => s >= 15).length >= 0.8 * sizes.length, `class sizes ${sizes}`);
    // Age and education follow the cadre.
    const age = (cadre) => num(data, `SELECT avg(julianday('now') - julianday(p.birth_date)) / 365.25 FROM person p
      JOIN assignment a ON a.person_id = p.id AND a.end_date IS NULL JOIN position q ON q.id = a.position_id
      WHERE q.cadre = '${cadre}'`);
    assert.ok(age(want.top) > age(want.entry) + 5, `${age(want.top)} ${age(want.entry)}`);
    const schooled = (cadre) => num(data, `SELECT avg(p.education IN ('diploma', 'degree')) FROM person p
      JOIN assignment a ON a.person_id = p.id AND a.end_date IS NULL JOIN position q ON q.id = a.position_id
      WHERE q.cadre = '${cadre}'`);
    assert.ok(schooled(want.top) > 0.5 && schooled(want.entry) < 0.2, `${schooled(want.top)} ${schooled(want.entry)}`);
    // Support records, monthly returns, posts awaiting a trained replacement.
    assert.ok(num(data, 'SELECT count(*) FROM support_activity') > 100);
    assert.ok(num(data, 'SELECT count(*) FROM activity_return') > 100);
    assert.ok(num(data, 'SELECT count(*) FROM replacement_needed') > 5);
    const srv = await startAccessServer({ data });
    try {
      const admin = await mustLogin(srv, ADMIN, ADMIN_PW);
      const period = day(0).slice(0, 7); // the month the pay screen opens on
      const pay = await admin.call('GET', `/api/v1/figures/pay?period=${period}`);
      assert.equal(pay.status, 200, pay.text);
      assert.ok(pay.body.total.below_minimum > 0, JSON.stringify(pay.body.total));
      assert.ok(pay.body.total.below_minimum < pay.body.total.workers / 2, JSON.stringify(pay.body.total));
      const sup = await admin.call('GET', '/api/v1/figures/supervision');
      assert.equal(sup.status, 200, sup.text);
      assert.ok(sup.body.total.no_recent_session < sup.body.total.workers / 2, JSON.stringify(sup.body.total));
      const support = await admin.call('GET', '/api/v1/figures/support');
      assert.equal(support.status, 200, support.text);
      assert.ok(support.body.total.without_support < support.body.total.workers, JSON.stringify(support.body.total));
    } finally {
      assert.equal(await srv.stop(), 0);
    }
  });
}

test('the worked example configuration (two levels, one cadre, a declared start) gets its own demo', () => {
  // Installed as a country beside the shipped ones (a share folder of its own).
  const share = tempDir();
  mkdirSync(join(share, 'country-config'));
  // A copy of the example that declares when its programme began.
  const source = resolve(process.env.KAZI_SHARE_DIR || '.');
  const dir = join(share, 'country-config', 'example');
  symlinkSync(join(source, 'plugins'), join(share, 'plugins'));
  cpSync(join(source, 'tests/plugins/example'), dir, { recursive: true });
  const country = join(dir, 'country.lua');
  writeFileSync(country, readFileSync(country, 'utf8').replace('currency = "XEX",', 'currency = "XEX", programme_start = 2016,'));
  const env = { KAZI_SHARE_DIR: share };
  const data = join(tempDir(), 'data');
  const pw = join(share, 'pw');
  writeFileSync(pw, ADMIN_PW + '\n');
  let r = kazi(['init', '--data', data, '--country', 'example', '--admin', ADMIN, '--admin-password-file', pw], { env });
  assert.equal(r.status, 0, r.stderr);
  r = kazi(['demo-data', '--data', data, '--people', '300'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Since 2016:/, 'the declared start');
  assert.equal(sql(data, 'SELECT substr(min(start_date), 1, 4) FROM assignment'), '2016');
  assert.deepEqual(sql(data, 'SELECT DISTINCT level_id FROM org_unit ORDER BY depth').split('\n'), ['country', 'district']);
  assert.equal(sql(data, 'SELECT DISTINCT cadre FROM position'), 'case-worker');
  assert.equal(sql(data, "SELECT name FROM org_unit WHERE depth = 0"), 'Example Republic');
  assert.ok(num(data, "SELECT count(*) FROM enrolment e JOIN training_event t ON t.id = e.event_id WHERE t.course = 'case-work-basics'") > 50);
  assert.ok(num(data, "SELECT count(*) FROM payment WHERE currency = 'XEX'") > 50);
  // It declares no kazi.demo names: Kazi's neutral ones, no country's.
  const shipped = new Set(['tanzania', 'kenya'].flatMap((c) => [...readFileSync(join(source, 'country-config', c, 'demo.lua'), 'utf8')
    .matchAll(/"([^"]+)"/g)].map((m) => m[1])));
  const names = sql(data, 'SELECT given_name FROM person UNION SELECT family_name FROM person UNION SELECT name FROM organisation').split('\n');
  assert.deepEqual(names.filter((n) => shipped.has(n)), [], 'no shipped country\'s names');
  assert.ok(names.includes('Department of Social Services'), names.join(', '));
  // And Kazi's neutral English texts in its records: who funds a post, a support activity's note.
  assert.deepEqual(sql(data, 'SELECT DISTINCT funded_by FROM position ORDER BY 1').split('\n'), ['Development partner', 'Government', 'Own funds']);
  assert.equal(sql(data, 'SELECT DISTINCT note FROM support_activity'), 'Synthetic demo history');
  r = kazi(['demo-data', '--data', data, '--check'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /certificates_refused: 0/);
});
