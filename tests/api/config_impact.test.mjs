// The impact preview of a candidate configuration version (issue 5 point 5): people
// created here, a live version with two test certifications, a candidate that raises
// one (age 30 → 40), lowers the other (age 50 → 20) and makes a custom field required.
// The expected gain / lose / invalid counts are computed here from the people created,
// then compared with the API's and the CLI's previews.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kazi } from './lib/server.mjs';
import { startAccessServer, seed, ADMIN, ADMIN_PW, mustLogin } from './lib/access.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';

function certs(a, b) {
  return `local D = require "dossier"
local W = require "words"
kazi.certification {
  id = "impact-a", course = "psw-level-1", cadre = "psw",
  name = { en = "Impact A", sw = "Impact A" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= ${a}, W.say("be at least ${a}", "miaka ${a}"))
    return gap:result()
  end,
}
kazi.certification {
  id = "impact-b", course = "psw-level-1", cadre = "psw",
  name = { en = "Impact B", sw = "Impact B" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= ${b}, W.say("be at least ${b}", "miaka ${b}"))
    return gap:result()
  end,
}
`;
}

/** Propose (and by default validate) a version; its commit. */
async function propose(admin, files, message, validate = true) {
  const p = await admin.call('POST', '/api/v1/config/versions', { body: { message, files } });
  assert.equal(p.status, 201, p.text);
  if (!validate) return p.body.commit;
  const v = await admin.call('POST', `/api/v1/config/versions/${p.body.commit}/validate`);
  assert.equal(v.body.ok, true, v.text);
  return p.body.commit;
}

/** Age in whole years today of someone born on `iso` (YYYY-MM-DD). */
function ageOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const now = new Date();
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age--;
  return age;
}

describe('impact preview', () => {
  let srv, admin, units;
  const people = [];
  before(async () => {
    srv = await startAccessServer();
    ({ units } = await seed(srv));
    admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('counts who gains and loses each certification and the records a new required field invalidates', async () => {
    const year = new Date().getUTCFullYear();
    // 410 people — more than two pages of the preview (200 workers a page, each page's
    // rules on two threads): ages 25, 35, 45, 55 in turn (born 1 January or 1 July);
    // every third has the village council letter.
    const ages = [25, 35, 45, 55];
    for (let i = 0; i < 410; i++) {
      const birth = `${year - ages[i % 4]}-${i % 2 ? '07' : '01'}-01`;
      const r = await admin.call('POST', '/api/v1/people', {
        body: {
          given_name: `Worker${i}`, family_name: 'Impact', sex: i % 2 ? 'male' : 'female',
          birth_date: birth, residence_org_unit_id: units['R1-D1-W1-V1'], education: 'Form IV',
          custom: i % 3 === 0 ? { village_council_letter: true } : {},
        },
      });
      assert.equal(r.status, 201, r.text);
      people.push({ id: r.body.id, name: `Worker${i} Impact`, age: ageOf(birth), letter: i % 3 === 0, active: true });
    }
    // Two workers leave (both 35, without the letter): the preview counts active workers only.
    for (const i of [1, 5]) {
      const r = await admin.call('POST', `/api/v1/people/${people[i].id}/deactivate`, { body: { reason: 'left the service' } });
      assert.equal(r.status, 200, r.text);
      people[i].active = false;
    }
    const active = people.filter((p) => p.active);

    const live0 = (await admin.call('GET', '/api/v1/config/live')).body.live;
    const base = await propose(admin, { 'impact.lua': certs(30, 50) }, 'impact base');
    const a = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: base, expected_live: live0, reason: 'impact base' } });
    assert.equal(a.status, 200, a.text);

    const fields = readFileSync(join(share, 'country-config/tanzania/fields.lua'), 'utf8').replace(
      'id = "village_council_letter", applies_to = "person", type = "boolean",',
      'id = "village_council_letter", applies_to = "person", type = "boolean", required = true,');
    assert.match(fields, /required = true/);
    // (The country's own tests build records without the field, so this candidate would
    // not validate: a preview does not need a validated version.)
    const cand = await propose(admin, { 'impact.lua': certs(40, 20), 'fields.lua': fields }, 'impact candidate', false);

    // What the data says, computed here.
    const loseA = active.filter((p) => p.age >= 30 && p.age < 40);
    const gainB = active.filter((p) => p.age >= 20 && p.age < 50);
    const invalid = active.filter((p) => !p.letter).length;
    assert.ok(loseA.length > 0 && gainB.length > 0 && invalid > 0, 'the data exercises every count');

    const r = await admin.call('POST', `/api/v1/config/versions/${cand}/impact`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.live, base);
    assert.equal(r.body.candidate, cand);
    assert.equal(r.body.workers, active.length);
    const A = r.body.certifications.find((c) => c.id === 'impact-a');
    const B = r.body.certifications.find((c) => c.id === 'impact-b');
    assert.deepEqual([A.status, B.status], ['kept', 'kept']);
    assert.deepEqual(A.name, { en: 'Impact A', sw: 'Impact A' }, 'each rule comes with its declared name');
    assert.deepEqual([A.gain, A.lose], [0, loseA.length]);
    assert.deepEqual([B.gain, B.lose], [gainB.length, 0]);
    assert.equal(A.lose_sample.length, Math.min(5, loseA.length));
    for (const s of A.lose_sample)
      assert.ok(loseA.some((p) => p.id === s.person_id && p.name === s.name), JSON.stringify(s));
    assert.equal(B.gain_sample.length, 5);
    for (const c of r.body.certifications.filter((c) => !c.id.startsWith('impact-')))
      assert.deepEqual([c.gain, c.lose], [0, 0], `${c.id} did not change`);
    for (const m of r.body.moves) assert.deepEqual([m.gain, m.lose], [0, 0], `${m.id} did not change`);
    assert.deepEqual(r.body.fields_now_required.map((f) => [f.id, f.applies_to, f.invalid_records]),
      [['village_council_letter', 'person', invalid]]);

    // The reverse preview: the live version against itself changes nothing.
    const same = await admin.call('POST', `/api/v1/config/versions/${base}/impact`);
    assert.equal(same.status, 200, same.text);
    for (const c of same.body.certifications) assert.deepEqual([c.gain, c.lose], [0, 0]);
    assert.deepEqual(same.body.fields_now_required, []);

    // The CLI prints the same preview.
    const cli = kazi(['config', 'impact', '--data', srv.data, cand.slice(0, 12)]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), r.body);
  });

  test('an unknown version is 404 naming the commit; the CLI fails clearly', async () => {
    const r = await admin.call('POST', '/api/v1/config/versions/0123456789abcdef/impact');
    assert.equal(r.status, 404, r.text);
    assert.equal(r.body.error.field, 'commit');
    const bad = await admin.call('POST', '/api/v1/config/versions/not..a..commit/impact');
    assert.ok(bad.status === 404 || bad.status === 422, bad.text);
    const cli = kazi(['config', 'impact', '--data', srv.data, 'fedcba9876543210']);
    assert.notEqual(cli.status, 0);
    assert.match(cli.stderr, /commit|version/);
  });
});

describe('impact preview of a failing rule', () => {
  // A server of its own: the case activates its own base version and creates its own
  // workers, so it does not depend on the first describe's case having run.
  let srv, admin, units;
  before(async () => {
    srv = await startAccessServer();
    ({ units } = await seed(srv));
    admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('a candidate whose rule fails still answers: the rule counts its errors with file and line', async () => {
    for (let i = 0; i < 6; i++) {
      const r = await admin.call('POST', '/api/v1/people', {
        body: { given_name: `Failing${i}`, family_name: 'Rule', sex: 'female', birth_date: '1990-01-01',
                residence_org_unit_id: units['R1-D1-W1-V1'], education: 'Form IV' },
      });
      assert.equal(r.status, 201, r.text);
    }
    const live0 = (await admin.call('GET', '/api/v1/config/live')).body.live;
    const base = await propose(admin, { 'impact.lua': certs(30, 50) }, 'impact base');
    const act = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: base, expected_live: live0, reason: 'impact base' } });
    assert.equal(act.status, 200, act.text);
    const broken = await propose(admin, { 'impact.lua': certs(30, 50).replace('local gap = D.gap()', 'error("boom")') },
      'broken rule', false);
    const r = await admin.call('POST', `/api/v1/config/versions/${broken}/impact`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.workers, 6);
    const A = r.body.certifications.find((c) => c.id === 'impact-a');
    const B = r.body.certifications.find((c) => c.id === 'impact-b');
    assert.deepEqual([A.errors, A.live_errors, A.gain, A.lose], [r.body.workers, 0, 0, 0]);
    assert.equal(A.error_sample.length, 5);
    for (const e of A.error_sample) {
      assert.equal(e.file, 'impact.lua');
      assert.equal(e.line, 7);
      assert.match(e.message, /^impact\.lua:7: boom/);
      assert.equal(e.version, 'candidate');
    }
    assert.deepEqual([B.errors, B.gain, B.lose], [0, 0, 0], 'the other rule still answers');
  });
});
