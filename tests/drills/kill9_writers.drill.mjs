// Drill: kill -9 `kazi serve` under concurrent writers, with acknowledged-write
// accounting. Several clients (each its own signed-in session) register people and
// change their phone numbers through the API as fast as the server answers; at a random
// moment the server gets SIGKILL. Then:
//   - `kazi audit verify` on the crashed data directory says the trail is intact;
//   - the server restarts cleanly on the same directory;
//   - every write that got a 2xx before the kill is there with its values: each
//     acknowledged person exists with the identifier and name it was created with, and
//     its phone is the last acknowledged one (or the one of an update still in flight at
//     the kill, which may or may not have committed);
//   - nothing is half-written: each person's history (its audit rows) holds exactly one
//     person.create and one person.update per committed update, the newest of which
//     shows the stored phone; a create in flight at the kill is either wholly there
//     (with its audit row) or wholly absent.
// Rounds: a handful at CI size, many more with KAZI_DRILL_SCALE=large.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { api, cleanup, kazi, startServer } from '../api/lib/server.mjs';
import { ADMIN, ADMIN_PW, initWithAdmin, mustLogin } from '../api/lib/access.mjs';
import { figures, scaled } from './lib/drill.mjs';

const ROUNDS = scaled(4, 40);
const WRITERS = scaled(6, 8);
// How long writers run before the kill, in ms: a random moment in [MIN, MIN + SPAN).
const KILL_MIN_MS = scaled(300, 500);
const KILL_SPAN_MS = scaled(700, 2500);

let srv = null;
let dataDir = null;
after(async () => {
  if (srv) await srv.stop();
  if (dataDir) cleanup(dataDir.replace(/\/data$/, ''));
});

let counter = 0;
const phone = () => {
  const d = String(++counter).padStart(8, '0');
  return `+2557${d}`; // the stored (normal) form, so what is read back compares equal
};

/** A person as the writers know it. `phone`: last acknowledged; `maybe`: phones of
 * updates in flight at a kill (committed or not); `updates`: acknowledged updates. */
function newPerson(body, id, round) {
  return { round, id, nid: body.identifiers[0].value, family: body.family_name, phone: body.phone, maybe: [], updates: 0, maybeUpdates: 0 };
}

/** Every person of the register, by id (keyset pages of 500). */
async function listPeople(session) {
  const all = new Map();
  let after = '';
  for (let page = 0; page < 10000; page++) {
    const r = await session.call('GET', `/api/v1/people?limit=500${after}`);
    assert.equal(r.status, 200, r.text);
    for (const item of r.body.items) all.set(item.id, item);
    if (r.body.next === null || r.body.next === undefined) return all;
    after = `&after=${r.body.next}`;
  }
  throw new Error('more pages than the drill could have written');
}

/** One person against what the writers know, and its audit rows against its record. */
async function checkPerson(session, p) {
  const r = await session.call('GET', `/api/v1/people/${p.id}`);
  assert.equal(r.status, 200, `acknowledged person ${p.id} lost: ${r.text}`);
  assert.equal(r.body.family_name, p.family);
  assert.equal(r.body.identifiers[0].value, p.nid);
  const stored = r.body.phone;
  assert.ok(stored === p.phone || p.maybe.includes(stored),
    `person ${p.id}: phone ${stored}, acknowledged ${p.phone}, in flight ${p.maybe.join(',')}`);
  const hist = await session.call('GET', `/api/v1/people/${p.id}/history`);
  assert.equal(hist.status, 200, hist.text);
  const actions = hist.body.items.map((x) => x.action);
  assert.equal(actions.filter((a) => a === 'person.create').length, 1, `person ${p.id}: ${actions}`);
  const upd = hist.body.items.filter((x) => x.action === 'person.update');
  assert.ok(upd.length >= p.updates && upd.length <= p.updates + p.maybeUpdates,
    `person ${p.id}: ${upd.length} update rows, ${p.updates} acknowledged, ${p.maybeUpdates} in flight`);
  if (upd.length) assert.equal(upd[upd.length - 1].after.phone, stored, `person ${p.id}: the newest audit row shows the stored phone`);
  // What is stored is now what the writers know.
  p.phone = stored;
  p.updates = upd.length;
  p.maybe = [];
  p.maybeUpdates = 0;
}

async function killServer() {
  const exit = once(srv.proc, 'exit');
  srv.proc.kill('SIGKILL');
  await exit;
  srv = null;
}

test('kill -9 under concurrent writers loses no acknowledged write and leaves nothing half-written', async () => {
  const started = Date.now();
  dataDir = initWithAdmin();
  srv = await startServer({ data: dataDir, args: ['--admin-totp', 'optional', '--threads', '8'] });
  let admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  const imp = await admin.call('POST', '/api/v1/org-units/import', {
    raw: 'code,name,parent_code,level\nTZ,Tanzania,,country\nR1,Arusha,TZ,region\n',
    headers: { 'content-type': 'text/csv' },
  });
  assert.equal(imp.status, 200, imp.text);
  const unit = (await admin.call('GET', '/api/v1/org-units?q=R1')).body.org_units.find((u) => u.code === 'R1').id;

  const people = Array.from({ length: WRITERS }, () => []); // each writer's own people
  const inFlightCreates = []; // bodies of creates unanswered at a kill
  let acknowledged = 0, refused = 0, inFlight = 0, seq = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const sessions = [];
    for (let w = 0; w < WRITERS; w++) sessions.push(await mustLogin(srv, ADMIN, ADMIN_PW));
    let killed = false;

    // One writer: sequential requests, so two updates of one person never race and the
    // order of its acknowledgements is the order of its commits.
    const writer = async (w) => {
      const mine = people[w];
      while (!killed) {
        if (mine.length === 0 || Math.random() < 0.5) {
          seq++;
          const body = {
            given_name: 'Rehema', family_name: `Kill${round}w${w}n${seq}`, sex: 'female',
            birth_date: '1988-07-15', residence_org_unit_id: unit, phone: phone(),
            identifiers: [{ type: 'national_id', value: `19880715-${String(round).padStart(4, '0')}-${String(seq).padStart(6, '0')}-${w}` }],
          };
          let res;
          try {
            res = await sessions[w].call('POST', '/api/v1/people', { body });
          } catch {
            inFlightCreates.push(body);
            inFlight++;
            return;
          }
          if (res.status === 201) { mine.push(newPerson(body, res.body.id, round)); acknowledged++; } else refused++;
        } else {
          const p = mine[Math.floor(Math.random() * mine.length)];
          const next = phone();
          p.round = round;
          let res;
          try {
            res = await sessions[w].call('PATCH', `/api/v1/people/${p.id}`, { body: { phone: next } });
          } catch {
            p.maybe.push(next);
            p.maybeUpdates++;
            inFlight++;
            return;
          }
          if (res.status === 200) {
            // Acknowledged: earlier in-flight guesses of this person are settled by it.
            p.phone = next;
            p.updates++;
            acknowledged++;
          } else {
            refused++;
          }
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    await new Promise((r) => setTimeout(r, KILL_MIN_MS + Math.random() * KILL_SPAN_MS));
    killed = true;
    await killServer();
    await Promise.all(writers);

    // The crashed directory: the audit chain is intact before any restart.
    const v = kazi(['audit', 'verify', '--data', dataDir]);
    assert.equal(v.status, 0, `audit verify after kill -9 (round ${round}): ${v.stderr}`);
    assert.match(v.stdout, /audit trail intact/);

    // A clean restart on the same directory.
    srv = await startServer({ data: dataDir, args: ['--admin-totp', 'optional', '--threads', '8'] });
    admin = await mustLogin(srv, ADMIN, ADMIN_PW);
    const h = await api(srv.url, 'GET', '/healthz');
    assert.equal(h.status, 200, h.text);

    // Every acknowledged write, with its values: the whole register, page by page.
    const listed = await listPeople(admin);
    for (const mine of people) {
      for (const p of mine) {
        const item = listed.get(p.id);
        assert.ok(item, `acknowledged person ${p.id} (${p.family}) lost after kill -9 in round ${round}`);
        assert.equal(item.family_name, p.family);
        assert.ok(item.phone === p.phone || p.maybe.includes(item.phone),
          `person ${p.id}: phone ${item.phone}, acknowledged ${p.phone}, in flight ${p.maybe.join(',')}`);
      }
    }
    // Nothing half-written: the people written this round (all of them after the last
    // round) against their own record and audit rows.
    const last = round === ROUNDS - 1;
    for (const mine of people) {
      for (const p of mine) {
        if (last || p.round === round) await checkPerson(admin, p);
      }
    }
    // A create in flight at the kill: wholly there (with its audit row) or wholly absent.
    for (const body of inFlightCreates.splice(0)) {
      const s = await admin.call('GET', `/api/v1/people?q=${encodeURIComponent(body.identifiers[0].value)}`);
      assert.equal(s.status, 200, s.text);
      if (s.body.items.length === 0) continue;
      assert.equal(s.body.items.length, 1);
      const id = s.body.items[0].id;
      const hist = await admin.call('GET', `/api/v1/people/${id}/history`);
      assert.deepEqual(hist.body.items.map((x) => x.action), ['person.create']);
      // It committed: it belongs to its writer from now on.
      const w = Number(body.identifiers[0].value.split('-').pop());
      const p = newPerson(body, id, round);
      people[w].push(p);
      await checkPerson(admin, p);
    }
  }

  assert.equal(await srv.stop(), 0, 'the server stops cleanly after the last round');
  srv = null;
  const v = kazi(['audit', 'verify', '--data', dataDir]);
  assert.equal(v.status, 0, v.stderr);
  const rows = /intact: (\d+) rows/.exec(v.stdout)?.[1];
  figures('kill9_writers', {
    rounds: ROUNDS, writers: WRITERS, acknowledged, in_flight_at_kill: inFlight, refused, lost: 0,
    people: people.reduce((n, m) => n + m.length, 0), audit_rows: rows,
    seconds: ((Date.now() - started) / 1000).toFixed(1),
  });
});
