// Hostile plugins for the isolation suites (issue 13, points 4 and 5): configuration
// files that try to carry state from one call to the next or from one file to another,
// and a rule that fails for fractional hours. Shared by tests/api/plugins_isolation and
// tests/drills/hostile_plugins_iso, which set the same server up and read the same
// answers.
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './registry.mjs';
import { PW, mustLogin } from './access.mjs';

/** Loaded first (sorted by path): tries, quietly, to change what every later file's
 * require "dossier" returns. */
export const QUIET_LOAD_HIJACK = `local D = require "dossier"
pcall(function() D.completed = function() return true end end)
`;

/** The same, unprotected: the version must fail validation naming file and line 2. */
export const LOAD_HIJACK = `local D = require "dossier"
D.completed = function() return true end
`;

/** Loaded last: a rule that remembers the last person in a file-level local, one that
 * replaces D.gap, and a certification and a move that format hours with %d. The last
 * three misbehave only for registered people (with a family name): validation tries
 * every rule on generated dossiers and on the register before a version can be
 * activated (issue 15), and these must go live — before anyone is registered — to show
 * what isolation does at run time. */
export const RUNTIME_HOSTILE = `local D = require "dossier"
local last
kazi.certification {
  id = "zz-remember", name = { en = "Remembers", sw = "Remembers" },
  rule = function(d)
    local before = last
    last = (d.person.given_name or "") .. " " .. (d.person.family_name or "")
    return false, { "previous: " .. (before or "nobody") }
  end,
}
kazi.certification {
  id = "zz-hijack", name = { en = "Hijack", sw = "Hijack" },
  rule = function(d)
    local always = { need = function(self) return self end, result = function() return true, {} end }
    if not d.person.family_name then return true, {} end
    D.gap = function() return always end
    return true, {}
  end,
}
kazi.certification {
  id = "zz-hours", name = { en = "Whole hours", sw = "Whole hours" },
  rule = function(d)
    local h = D.supervised_hours(d)
    if not d.person.family_name then return false, {} end
    return h >= 40, { ("40 hours (has %d)"):format(h) }
  end,
}
kazi.move {
  id = "zz-psw-up", from = "psw", to = "psw-supervisor", kind = "vertical",
  requires = function(d)
    local h = D.supervised_hours(d)
    if not d.person.family_name then return false, {} end
    return false, { ("more supervised hours (has %d)"):format(h) }
  end,
}
`;
const lineOf = (text, what) => text.split('\n').findIndex((l) => l.includes(what)) + 1;
/** Where each hostile rule fails. */
export const HIJACK_LINE = lineOf(RUNTIME_HOSTILE, 'D.gap = function()');
export const HOURS_LINE = lineOf(RUNTIME_HOSTILE, '("40 hours (has %d)")');
export const MOVE_LINE = lineOf(RUNTIME_HOSTILE, '("more supervised hours (has %d)")');

/**
 * A one-thread server (so every request runs on the same Lua state) with the hostile
 * files live, two district officers (R1-D1 and the outside district R2-D1), a PSW in
 * each district and a supervisor. Returns {srv, ids, who, people}.
 */
export async function hostileServer() {
  // One worker thread: a connection kept alive after its answer would hold the only
  // thread until the server's 2 s keep-alive timeout, so every request here closes its
  // connection (the server honours Connection: close).
  if (!globalThis.fetch.closesConnections) {
    const keepAlive = globalThis.fetch;
    const closing = (url, init = {}) => keepAlive(url, { ...init, headers: { ...(init.headers || {}), connection: 'close' } });
    closing.closesConnections = true;
    globalThis.fetch = closing;
  }
  const { srv, ids, who } = await registryServer({ args: ['--admin-totp', 'optional', '--threads', '1'] });
  try {
    return await setUp(srv, ids, who);
  } catch (e) {
    await srv.stop(); // a failed set-up must not leave the server running
    throw e;
  }
}

async function setUp(srv, ids, who) {
  const u = await who.admin.call('POST', '/api/v1/users',
    { body: { username: 'district2', password: PW, role: 'district_hr_officer', scope_org_unit_id: ids.D2 } });
  assert.equal(u.status, 201, u.text);
  who.district2 = await mustLogin(srv, 'district2');

  const live0 = (await who.admin.call('GET', '/api/v1/config/live')).body.live;
  const commit = await propose(who.admin, { 'aa_hostile.lua': QUIET_LOAD_HIJACK, 'zz_hostile.lua': RUNTIME_HOSTILE }, 'hostile plugins');
  const v = await who.admin.call('POST', `/api/v1/config/versions/${commit}/validate`);
  assert.equal(v.body.ok, true, v.text);
  const a = await who.admin.call('POST', '/api/v1/config/activate',
    { body: { commit, expected_live: live0, reason: 'hostile plugins' } });
  assert.equal(a.status, 200, a.text);

  const place = async (given, family, cadre, unit) => {
    const p = await createPerson(who.national, ids, { given_name: given, family_name: family, residence_org_unit_id: unit });
    const pos = await createPosition(who.national, ids, { cadre, org_unit_id: unit, level: 'village' });
    const r = await who.national.call('POST', '/api/v1/assignments',
      { body: { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement: 'volunteer' } });
    assert.equal(r.status, 201, r.text);
    return p.id;
  };
  const people = {
    outside: await place('Zawadi', 'Outsider', 'psw', ids.V3), // region R2, district2's
    inside: await place('Neema', 'Insider', 'psw', ids.V1), // R1-D1, district's
    inside2: await place('Amani', 'Neighbour', 'psw', ids.V1),
    sup: await place('Baraka', 'Supervisor', 'psw-supervisor', ids.V1),
  };
  return { srv, ids, who, people, commit };
}

/** Propose a version with `files` on top of live; returns its commit. */
export async function propose(admin, files, message) {
  const p = await admin.call('POST', '/api/v1/config/versions', { body: { message, files } });
  assert.equal(p.status, 201, p.text);
  return p.body.commit;
}

/** One 90-minute supervision session for `person` (1.5 supervised hours). */
export async function ninetyMinutes(who, person, supervisor) {
  const s = await who.national.call('POST', '/api/v1/supervisions',
    { body: { person_id: person, supervisor_person_id: supervisor, type: 'individual', start_date: '2024-02-01' } });
  assert.equal(s.status, 201, s.text);
  const r = await who.national.call('POST', '/api/v1/supervision-sessions', {
    body: { person_id: person, supervisor_person_id: supervisor, session_date: '2024-03-01', duration_minutes: 90,
            mode: 'in_person', topics: 'case files', follow_up: 'visit 3 homes' },
  });
  assert.equal(r.status, 201, r.text);
}

/** The English words of a missing list. */
export const words = (missing) => (missing || []).map((m) => (typeof m === 'string' ? m : m.en));
