// Hostile plugins against a real one-thread server (issue 13, points 4 and 5): nothing
// one call does is seen by the next (a district officer never sees, through a rule's
// file-level local, a person of another region looked at before on the same thread),
// no rule changes a module (D.gap), no file changes what another file's require
// returns, and a rule error stays in its item: after a 90-minute supervision session
// (1.5 hours) a rule formatting hours with %d fails for that certification, move or
// candidate row only, with file, line and message, and the impact preview counts it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  hostileServer, propose, ninetyMinutes, words, LOAD_HIJACK, QUIET_LOAD_HIJACK, RUNTIME_HOSTILE,
  HIJACK_LINE, HOURS_LINE, MOVE_LINE,
} from './lib/hostile.mjs';

let srv, ids, who, people;
before(async () => { ({ srv, ids, who, people } = await hostileServer()); });
after(async () => { if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

const eligibility = (w, id) => w.call('GET', `/api/v1/people/${id}/eligibility`);
const item = (r, id) => r.body.items.find((i) => i.certification === id);

describe('nothing carries from one call to the next', () => {
  test('a district officer sees nothing of the person another district officer looked at before', async () => {
    const first = await eligibility(who.district2, people.outside);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(words(item(first, 'zz-remember').missing), ['previous: nobody']);
    // the next request on the (only) thread, by the officer of the other region
    const second = await eligibility(who.district, people.inside);
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(words(item(second, 'zz-remember').missing), ['previous: nobody']);
    assert.doesNotMatch(second.text, /Zawadi|Outsider/, 'nothing of the other region\'s person');
    // and the officer may still not look at the other region's person directly
    assert.equal((await eligibility(who.district, people.outside)).status, 404);
  });

  test('a rule cannot replace D.gap: later workers are not made eligible for everything', async () => {
    const r = await eligibility(who.district, people.inside);
    assert.equal(r.status, 200, r.text);
    const hijack = item(r, 'zz-hijack');
    assert.equal(hijack.eligible, false);
    assert.equal(hijack.error.file, 'zz_hostile.lua');
    assert.equal(hijack.error.line, HIJACK_LINE);
    assert.match(hijack.error.message, /'gap' cannot be changed/);
    for (let i = 0; i < 2; i++) { // again, after the attempt
      const again = await eligibility(who.district, people.inside);
      const psw = item(again, 'psw-certificate');
      assert.equal(psw.eligible, false, 'a new PSW is not eligible');
      assert.ok(words(psw.missing).some((w) => /Level 1/.test(w)), JSON.stringify(psw.missing));
    }
  });

  test('one file cannot change what another file\'s require returns', async () => {
    // quietly (pcall): the version loaded, and the country's rules still use D.completed
    const r = await eligibility(who.district, people.inside);
    const psw = item(r, 'psw-certificate');
    assert.ok(words(psw.missing).some((w) => /Level 1/.test(w)), 'D.completed was not replaced');
    // openly: the version does not validate, naming the file and the line
    const bad = await propose(who.admin, { 'aa_hostile.lua': LOAD_HIJACK }, 'load-time hijack');
    const v = await who.admin.call('POST', `/api/v1/config/versions/${bad}/validate`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.ok, false, v.text);
    assert.equal(v.body.errors[0].file, 'aa_hostile.lua');
    assert.equal(v.body.errors[0].line, 2);
    assert.match(v.body.errors[0].message, /'completed' cannot be changed/);
  });
});

describe('a rule error stays in its item', () => {
  before(async () => { await ninetyMinutes(who, people.inside, people.sup); });

  test('after a 90-minute session, eligibility answers every certification, one with its error', async () => {
    const r = await eligibility(who.district, people.inside);
    assert.equal(r.status, 200, r.text);
    const failed = r.body.items.filter((i) => i.error && i.certification !== 'zz-hijack');
    assert.deepEqual(failed.map((i) => i.certification), ['zz-hours']);
    const e = failed[0].error;
    assert.deepEqual([e.file, e.line], ['zz_hostile.lua', HOURS_LINE]);
    assert.match(e.message, new RegExp(`^zz_hostile\\.lua:${HOURS_LINE}: .*integer representation`));
    assert.equal(failed[0].eligible, false);
    assert.deepEqual(failed[0].missing, []);
    // the others answer, the country's own rule with the fractional hours
    const catalogue = (await who.district.call('GET', '/api/v1/catalogue/certifications')).body;
    assert.equal(r.body.items.length, (catalogue.items || catalogue).length);
    for (const i of r.body.items.filter((x) => !x.error)) assert.equal(typeof i.eligible, 'boolean');
    assert.ok(words(item(r, 'psw-certificate').missing).includes('40 hours of supervised practice (has 1.5)'),
      JSON.stringify(item(r, 'psw-certificate').missing));
  });

  test('career options and candidates: the failing move is one row with its error', async () => {
    const c = await who.district.call('GET', `/api/v1/people/${people.inside}/career`);
    assert.equal(c.status, 200, c.text);
    const all = [...c.body.eligible, ...c.body.others];
    const bad = all.filter((m) => m.error);
    assert.deepEqual(bad.map((m) => m.move), ['zz-psw-up']);
    assert.deepEqual([bad[0].error.file, bad[0].error.line], ['zz_hostile.lua', MOVE_LINE]);
    assert.ok(all.length > 1, 'the other moves answer');
    const cand = await who.district.call('GET', '/api/v1/careers/candidates?move=zz-psw-up');
    assert.equal(cand.status, 200, cand.text);
    const rows = cand.body.items;
    const mine = rows.find((x) => x.person_id === people.inside);
    assert.equal(mine.error.line, MOVE_LINE);
    assert.equal(rows[rows.length - 1].person_id, people.inside, 'the failed row comes last');
    assert.ok(rows.some((x) => !x.error), 'the other candidates answer');
  });

  test('the impact preview counts the rule\'s errors and still answers', async () => {
    const cand = await propose(who.admin, { 'aa_hostile.lua': QUIET_LOAD_HIJACK, 'zz_hostile.lua': RUNTIME_HOSTILE + '-- v2\n' },
      'candidate with the failing rule');
    const r = await who.admin.call('POST', `/api/v1/config/versions/${cand}/impact`);
    assert.equal(r.status, 200, r.text);
    const hours = r.body.certifications.find((c) => c.id === 'zz-hours');
    assert.deepEqual([hours.errors, hours.live_errors], [1, 1]);
    assert.equal(hours.error_sample.length, 2);
    for (const s of hours.error_sample) {
      assert.equal(s.person_id, people.inside);
      assert.deepEqual([s.file, s.line], ['zz_hostile.lua', HOURS_LINE]);
    }
    const move = r.body.moves.find((m) => m.id === 'zz-psw-up');
    assert.ok(move.errors >= 1, JSON.stringify(move));
    for (const c of r.body.certifications.filter((x) => !x.id.startsWith('zz-')))
      assert.deepEqual([c.gain, c.lose, c.errors], [0, 0, 0], c.id);
    assert.ok(r.body.workers >= 3);
    void ids;
  });
});
