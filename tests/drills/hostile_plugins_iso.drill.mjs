// Drill: hostile plugins that try to carry state between calls and files, and a rule
// that fails for fractional hours (issue 13, points 4 and 5), against a real one-thread
// server (every request on the same Lua state). Two district officers of different
// regions alternate eligibility requests; a rule keeps the last person in a file-level
// local, another replaces D.gap, a file tried to replace D.completed while loading, and
// a certification and a move format 1.5 supervised hours with %d. Figures:
//   requests        eligibility requests made (alternating officers)
//   leaks           answers that named the other region's person (must be 0)
//   hijacked        answers where a new PSW was eligible for her certificate (must be 0)
//   item_errors     certification items that carried their own rule error
//   items_answered  certification items that answered (eligible true or false)
//   load_hijack     "refused" when the version replacing D.completed fails validation
//   impact_errors   the failing rule's error count in the impact preview (it answered)
//   ms_per_request  mean time of one eligibility request (the per-call reset included)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { figures, scaled } from './lib/drill.mjs';
import {
  hostileServer, propose, ninetyMinutes, words, LOAD_HIJACK, QUIET_LOAD_HIJACK, RUNTIME_HOSTILE,
} from '../api/lib/hostile.mjs';

let srv;
after(async () => { if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

test('hostile plugins: nothing leaks between calls or files, and a rule error stays in its item', async () => {
  const s = await hostileServer();
  srv = s.srv;
  const { who, people } = s;
  await ninetyMinutes(who, people.inside, people.sup);
  const rounds = scaled(20, 500);
  let requests = 0, leaks = 0, hijacked = 0, itemErrors = 0, answered = 0;
  const t0 = Date.now();
  for (let i = 0; i < rounds; i++) {
    for (const [officer, person, other] of [[who.district2, people.outside, /Neema|Insider/],
      [who.district, people.inside, /Zawadi|Outsider/]]) {
      const r = await officer.call('GET', `/api/v1/people/${person}/eligibility`);
      assert.equal(r.status, 200, r.text);
      requests++;
      if (other.test(r.text)) leaks++;
      for (const it of r.body.items) {
        if (it.error) itemErrors++;
        else answered++;
      }
      const psw = r.body.items.find((x) => x.certification === 'psw-certificate');
      if (psw.eligible || !words(psw.missing).some((w) => /Level 1/.test(w))) hijacked++;
    }
  }
  const ms = (Date.now() - t0) / requests;

  const bad = await propose(who.admin, { 'aa_hostile.lua': LOAD_HIJACK }, 'load-time hijack');
  const v = await who.admin.call('POST', `/api/v1/config/versions/${bad}/validate`);
  const loadHijack = v.body.ok === false && v.body.errors[0].file === 'aa_hostile.lua' ? 'refused' : 'accepted';

  const cand = await propose(who.admin, { 'aa_hostile.lua': QUIET_LOAD_HIJACK, 'zz_hostile.lua': RUNTIME_HOSTILE + '-- v2\n' },
    'candidate with the failing rule');
  const imp = await who.admin.call('POST', `/api/v1/config/versions/${cand}/impact`);
  assert.equal(imp.status, 200, imp.text);
  const impactErrors = imp.body.certifications.find((c) => c.id === 'zz-hours').errors;

  figures('hostile_plugins_iso', {
    requests, leaks, hijacked, item_errors: itemErrors, items_answered: answered,
    load_hijack: loadHijack, impact_errors: impactErrors, ms_per_request: ms.toFixed(1),
  });
  assert.equal(leaks, 0, 'no answer names the other region\'s person');
  assert.equal(hijacked, 0, 'no rule made a new PSW eligible');
  assert.equal(loadHijack, 'refused');
  assert.ok(impactErrors >= 1);
  // per request: the hijack fails for everyone; zz-hours for the 1.5-hour PSW only
  assert.equal(itemErrors, requests + requests / 2);
  assert.ok(answered > itemErrors);
});
