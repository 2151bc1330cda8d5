// The registry (issue 6, points 1-4): people, positions, assignments, search,
// scope, history from the audit trail, duplicates and merging.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from './lib/server.mjs';
import { registryServer, personBody, createPerson, createPosition } from './lib/registry.mjs';

let srv, ids, who;
before(async () => { ({ srv, ids, who } = await registryServer()); });
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

const get = (path, w = who.national) => w.call('GET', path);
const post = (path, body, w = who.national) => w.call('POST', path, { body });
const patch = (path, body, w = who.national) => w.call('PATCH', path, { body });

describe('people', () => {
  test('a registered person reads back with identifiers, timestamps and status', async () => {
    const p = await createPerson(who.national, ids, { other_names: 'Neema', languages: ['sw'] });
    assert.equal(p.status, 'active');
    assert.equal(p.given_name, 'Amina');
    assert.equal(p.other_names, 'Neema');
    assert.deepEqual(p.languages, ['sw']);
    assert.equal(p.residence_org_unit_id, ids.V1);
    assert.equal(p.identifiers[0].type, 'national_id');
    assert.match(p.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(p.org_path, undefined, 'internal columns are not exposed');
    const r = await get(`/api/v1/people/${p.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, p);
  });

  test('bad fields are refused with 422 naming the field', async () => {
    const cases = [
      [{ given_name: '' }, 'given_name'],
      [{ family_name: undefined }, 'family_name'],
      [{ sex: 'x' }, 'sex'],
      [{ birth_date: '1990-02-30' }, 'birth_date'],
      [{ birth_date: '2999-01-01' }, 'birth_date'],
      [{ phone: 'call me' }, 'phone'],
      [{ residence_org_unit_id: 999999 }, 'residence_org_unit_id'],
      [{ given_name: 'x'.repeat(101) }, 'given_name'],
      [{ identifiers: [{ type: 'National ID', value: '1' }] }, 'identifiers'],
      [{ custom: { shoe_size: 40 } }, 'custom'],
      [{ favourite_colour: 'blue' }, 'favourite_colour'],
    ];
    for (const [over, field] of cases) {
      const body = personBody(ids, over);
      for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
      const r = await post('/api/v1/people', body);
      assert.equal(r.status, 422, `${JSON.stringify(over)}: ${r.text}`);
      assert.equal(r.body.error.field, field, JSON.stringify(over));
    }
  });

  test('several bad fields are all named at once, the first also as error.field', async () => {
    const body = personBody(ids, { given_name: '', birth_date: '1990-02-30', phone: 'call me', residence_org_unit_id: 999999,
      identifiers: [{ type: 'National ID', value: '1' }] });
    const r = await post('/api/v1/people', body);
    assert.equal(r.status, 422, r.text);
    const fields = r.body.error.errors.map((e) => e.field);
    assert.deepEqual(fields.sort(), ['birth_date', 'given_name', 'identifiers', 'phone', 'residence_org_unit_id']);
    assert.ok(r.body.error.errors.every((e) => typeof e.message === 'string' && e.message.length > 0));
    assert.equal(r.body.error.field, r.body.error.errors[0].field, 'the single-field shape still names the first');
    assert.equal(r.body.error.message, r.body.error.errors[0].message);
    // An update is checked the same way; one bad field keeps the single-error shape.
    const p = await createPerson(who.national, ids, { given_name: 'Many' });
    const u = await patch(`/api/v1/people/${p.id}`, { sex: 'x', birth_date: 'soon' });
    assert.equal(u.status, 422, u.text);
    assert.deepEqual(u.body.error.errors.map((e) => e.field).sort(), ['birth_date', 'sex']);
    const one = await patch(`/api/v1/people/${p.id}`, { sex: 'x' });
    assert.equal(one.body.error.field, 'sex');
    assert.equal(one.body.error.errors, undefined);
    assert.equal((await get(`/api/v1/people/${p.id}`)).body.sex, p.sex, 'nothing stored');
  });

  test('an identifier already held by someone else is refused with 409', async () => {
    const a = await createPerson(who.national, ids);
    const r = await post('/api/v1/people', personBody(ids, { identifiers: a.identifiers }));
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.error.field, 'identifiers');
  });

  test('update changes only the given fields and is recorded in the history', async () => {
    const p = await createPerson(who.national, ids);
    const r = await patch(`/api/v1/people/${p.id}`, { phone: '+255 700 111 222', residence_org_unit_id: ids.V2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.phone, '+255700111222', 'stored in the one normal form');
    assert.equal(r.body.residence_org_unit_id, ids.V2);
    assert.equal(r.body.given_name, p.given_name);
    const h = await get(`/api/v1/people/${p.id}/history`);
    assert.equal(h.status, 200);
    assert.deepEqual(h.body.items.map((x) => x.action), ['person.create', 'person.update']);
    assert.equal(h.body.items[1].before.phone, p.phone);
    assert.equal(h.body.items[1].after.phone, '+255700111222');
    assert.equal(h.body.items[1].actor, 'national');
  });

  test('deactivation needs a reason, keeps the record, and there is no delete', async () => {
    const p = await createPerson(who.national, ids);
    let r = await post(`/api/v1/people/${p.id}/deactivate`, {});
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'reason');
    r = await post(`/api/v1/people/${p.id}/deactivate`, { reason: 'Moved to Kenya' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'inactive');
    assert.equal(r.body.status_reason, 'Moved to Kenya');
    r = await who.national.call('DELETE', `/api/v1/people/${p.id}`);
    assert.equal(r.status, 405);
    r = await get(`/api/v1/people/${p.id}`);
    assert.equal(r.body.status, 'inactive');
    r = await post(`/api/v1/people/${p.id}/deactivate`, { status: 'deceased', reason: 'Died 2024-01-01' });
    assert.equal(r.body.status, 'deceased');
    const h = await get(`/api/v1/people/${p.id}/history`);
    assert.deepEqual(h.body.items.map((x) => x.action), ['person.create', 'person.deactivate', 'person.deactivate']);
  });

  test('no credentials 401; a role without the permission 403', async () => {
    let r = await api(srv.url, 'GET', '/api/v1/people');
    assert.equal(r.status, 401);
    r = await get('/api/v1/people', who.analyst);
    assert.equal(r.status, 403);
    r = await post('/api/v1/people', personBody(ids), who.trainer);
    assert.equal(r.status, 403);
  });
});

describe('scope', () => {
  test('a district officer sees and changes only their subtree; others are 404', async () => {
    const inside = await createPerson(who.national, ids, { residence_org_unit_id: ids.V1 });
    const outside = await createPerson(who.national, ids, { residence_org_unit_id: ids.V3 });
    assert.equal((await get(`/api/v1/people/${inside.id}`, who.district)).status, 200);
    for (const path of [`/api/v1/people/${outside.id}`, `/api/v1/people/${outside.id}/history`]) {
      const r = await get(path, who.district);
      assert.equal(r.status, 404, path);
    }
    let r = await patch(`/api/v1/people/${outside.id}`, { phone: '1' }, who.district);
    assert.equal(r.status, 404);
    r = await post(`/api/v1/people/${outside.id}/deactivate`, { reason: 'x' }, who.district);
    assert.equal(r.status, 404);
    r = await post('/api/v1/people', personBody(ids, { residence_org_unit_id: ids.V3 }), who.district);
    assert.equal(r.status, 422, 'cannot register someone outside the scope');
    assert.equal(r.body.error.field, 'residence_org_unit_id');
    r = await get(`/api/v1/people?limit=500`, who.district);
    assert.ok(r.body.items.some((p) => p.id === inside.id));
    assert.ok(!r.body.items.some((p) => p.id === outside.id), 'search never leaks');
    r = await get(`/api/v1/people?identifier=${outside.identifiers[0].value}`, who.district);
    assert.equal(r.body.total, 0);
  });
});

describe('positions and assignments', () => {
  test('a position is vacant until filled; ending the assignment makes it vacant again', async () => {
    const pos = await createPosition(who.national, ids, { code: 'PSW-V1-001' });
    assert.equal(pos.vacant, true);
    assert.equal(pos.approved, true);
    assert.equal(pos.cadre, 'psw');
    const person = await createPerson(who.national, ids);
    let r = await post('/api/v1/assignments', { person_id: person.id, position_id: pos.id,
      start_date: '2020-01-01', engagement: 'stipend', pay_amount: 50000, pay_currency: 'TZS' });
    assert.equal(r.status, 201, r.text);
    const asg = r.body;
    r = await get(`/api/v1/positions/${pos.id}`);
    assert.equal(r.body.vacant, false);
    assert.equal(r.body.holder.person_id, person.id);
    r = await get(`/api/v1/positions?vacant=true&limit=500`);
    assert.ok(!r.body.items.some((p) => p.id === pos.id));
    const other = await createPerson(who.national, ids);
    r = await post('/api/v1/assignments', { person_id: other.id, position_id: pos.id,
      start_date: '2021-01-01', engagement: 'volunteer' });
    assert.equal(r.status, 409, 'one current holder per position');
    r = await post(`/api/v1/assignments/${asg.id}/end`, { end_date: '2019-01-01', reason: 'promotion' });
    assert.equal(r.status, 422, 'end before start');
    r = await post(`/api/v1/assignments/${asg.id}/end`, { end_date: '2023-06-30', reason: 'sacked' });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'reason');
    r = await post(`/api/v1/assignments/${asg.id}/end`, { end_date: '2023-06-30', reason: 'promotion' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.end_reason, 'promotion');
    r = await get(`/api/v1/positions?vacant=true&limit=500`);
    assert.ok(r.body.items.some((p) => p.id === pos.id));
    r = await get(`/api/v1/people/${person.id}/assignments`);
    assert.equal(r.body.items.length, 1);
    r = await get(`/api/v1/people/${person.id}/history`);
    assert.deepEqual(r.body.items.map((x) => x.action), ['person.create', 'assignment.create', 'assignment.end']);
  });

  test('one person holds history across employers', async () => {
    const person = await createPerson(who.national, ids);
    const a = await createPosition(who.national, ids, { organisation_id: ids.GOV });
    const b = await createPosition(who.national, ids, { organisation_id: ids.NGO, org_unit_id: ids.V3, cadre: 'psw-supervisor', level: 'ward' });
    let r = await post('/api/v1/assignments', { person_id: person.id, position_id: a.id, start_date: '2015-01-01', engagement: 'volunteer' });
    await post(`/api/v1/assignments/${r.body.id}/end`, { end_date: '2018-12-31', reason: 'transfer' });
    r = await post('/api/v1/assignments', { person_id: person.id, position_id: b.id, start_date: '2019-01-01', engagement: 'salaried', pay_amount: 450000, pay_currency: 'TZS' });
    assert.equal(r.status, 201, r.text);
    r = await get(`/api/v1/assignments?person_id=${person.id}`);
    assert.deepEqual(r.body.items.map((x) => x.position_id), [b.id, a.id]);
  });

  test('unknown cadre, level, org unit or organisation are refused by name', async () => {
    const base = { title: 'x', org_unit_id: ids.V1, organisation_id: ids.GOV, cadre: 'psw' };
    for (const [over, field] of [[{ cadre: 'astronaut' }, 'cadre'], [{ level: 'planet' }, 'level'],
      [{ org_unit_id: 424242 }, 'org_unit_id'], [{ organisation_id: 424242 }, 'organisation_id'],
      [{ approved: 'yes' }, 'approved']]) {
      const r = await post('/api/v1/positions', { ...base, ...over });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.error.field, field);
    }
  });

  test('a district officer cannot see or fill a position outside the district', async () => {
      const far = await createPosition(who.national, ids, { org_unit_id: ids.V3 });
    assert.equal((await get(`/api/v1/positions/${far.id}`, who.district)).status, 404);
    const r = await get('/api/v1/positions?limit=500', who.district);
    assert.ok(!r.body.items.some((p) => p.id === far.id));
    const person = await createPerson(who.district, ids, {});
    const a = await post('/api/v1/assignments', { person_id: person.id, position_id: far.id, start_date: '2020-01-01', engagement: 'volunteer' }, who.district);
    assert.equal(a.status, 422);
    assert.equal(a.body.error.field, 'position_id');
  });
});

describe('search', () => {
  let s;
  before(async () => {
    s = await registryServer();
    const mk = (given, family, village, nid) => s.who.national.call('POST', '/api/v1/people', {
      body: { given_name: given, family_name: family, residence_org_unit_id: s.ids[village], sex: 'male',
              identifiers: nid ? [{ type: 'national_id', value: nid }] : [] },
    });
    for (let i = 0; i < 25; i++) await mk('Juma', `Kimaro`, i % 2 ? 'V1' : 'V3', `K-${i}`);
    await mk('Baraka', 'Kimario', 'V2', 'B-1');
    await mk('Kimaro', 'Said', 'V1', 'S-1');
  });
  after(async () => { assert.equal(await s.srv.stop(), 0); });
  const sget = (path, w) => (w || s.who.national).call('GET', path);

  test('name prefix matches family-first and given-first, case-insensitively', async () => {
    let r = await sget('/api/v1/people?q=KIMAR&limit=100');
    assert.equal(r.body.total, 27);
    r = await sget('/api/v1/people?q=kimaro%20juma&limit=100');
    assert.equal(r.body.total, 25);
    r = await sget('/api/v1/people?q=juma%20kim&limit=100');
    assert.equal(r.body.total, 25);
    r = await sget('/api/v1/people?q=B-1');
    assert.equal(r.body.total, 1, 'q also finds an identifier');
    assert.equal(r.body.items[0].given_name, 'Baraka');
  });

  test('keyset pages cover every match once, in a stable order, with a total', async () => {
    const seen = [];
    let after = '';
    for (;;) {
      const r = await sget(`/api/v1/people?q=kimaro&limit=7${after}`);
      assert.equal(r.body.total, 26);
      seen.push(...r.body.items.map((p) => p.id));
      if (r.body.next === null) break;
      after = `&after=${r.body.next}`;
    }
    assert.equal(seen.length, 26);
    assert.equal(new Set(seen).size, 26);
    const again = await sget('/api/v1/people?q=kimaro&limit=100');
    assert.deepEqual(again.body.items.map((p) => p.id), seen);
  });

  test('filters combine, and org_unit covers the subtree', async () => {
    let r = await sget(`/api/v1/people?q=kimaro%20juma&org_unit=${s.ids.R2}&limit=100`);
    assert.equal(r.body.total, 13);
    r = await sget(`/api/v1/people?org_unit=${s.ids.D1}&sex=male&limit=100`);
    assert.equal(r.body.total, 14);
    r = await sget(`/api/v1/people?identifier=K-3&org_unit=${s.ids.D1}`);
    assert.equal(r.body.total, 1);
    r = await sget(`/api/v1/people?identifier=K-3&org_unit=${s.ids.R2}`);
    assert.equal(r.body.total, 0);
    r = await sget('/api/v1/people?status=inactive');
    assert.equal(r.body.total, 0);
    r = await sget('/api/v1/people?status=sleeping');
    assert.equal(r.status, 422);
    r = await sget('/api/v1/people?limit=0');
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'limit');
  });

  test('a district officer\'s search is limited to the district', async () => {
    const r = await sget('/api/v1/people?q=kimaro&limit=100', s.who.district);
    assert.equal(r.body.total, 13);
    assert.ok(r.body.items.every((p) => p.residence_org_unit_id === s.ids.V1));
  });

  test('cadre filter finds current holders of that cadre', async () => {
    const pos = await s.who.national.call('POST', '/api/v1/positions', {
      body: { title: 'SWA', org_unit_id: s.ids.W1, organisation_id: s.ids.GOV, cadre: 'swa' } });
    const found = await sget('/api/v1/people?q=said');
    await s.who.national.call('POST', '/api/v1/assignments', {
      body: { person_id: found.body.items[0].id, position_id: pos.body.id, start_date: '2022-01-01', engagement: 'salaried' } });
    const r = await sget('/api/v1/people?cadre=swa');
    assert.equal(r.body.total, 1);
    assert.equal(r.body.items[0].family_name, 'Said');
  });

  test('each row names its current post, cadre and village, so a list needs no look-up per row', async () => {
    const pos = await s.who.national.call('POST', '/api/v1/positions', {
      body: { title: 'Ward social welfare assistant', org_unit_id: s.ids.W1, organisation_id: s.ids.GOV, cadre: 'swa' } });
    const baraka = (await sget('/api/v1/people?q=B-1')).body.items[0];
    const placed = await s.who.national.call('POST', '/api/v1/assignments', {
      body: { person_id: baraka.id, position_id: pos.body.id, start_date: '2023-03-01', engagement: 'salaried' } });
    assert.equal(placed.status, 201, placed.text);
    const cadres = (await sget('/api/v1/catalogue/cadres')).body.items;
    const village = async (id) => (await sget(`/api/v1/org-units/${id}`)).body.name;
    const r = await sget('/api/v1/people?q=kimar&limit=100');
    assert.equal(r.status, 200);
    let named = 0;
    for (const p of r.body.items) {
      assert.equal(p.residence_name, await village(p.residence_org_unit_id), `${p.family_name}: village by name`);
      // The oracle: the person's open placement as the assignments API lists it.
      const open = (await sget(`/api/v1/people/${p.id}/assignments`)).body.items.find((a) => a.end_date === null);
      if (!open) {
        assert.equal(p.position_title, null, `${p.family_name} holds no post`);
        assert.equal(p.cadre, null);
        assert.equal(p.cadre_name, null);
        continue;
      }
      const post = (await sget(`/api/v1/positions/${open.position_id}`)).body;
      assert.equal(p.position_title, post.title);
      assert.equal(p.cadre, post.cadre);
      const declared = cadres.find((c) => c.id === post.cadre).name; // text, or {language: text}
      assert.equal(p.cadre_name, typeof declared === 'string' ? declared : declared.en);
      assert.notEqual(p.cadre_name, post.cadre, 'a name, not the id');
      named++;
    }
    assert.ok(named >= 1 && r.body.items.some((p) => p.id === baraka.id && p.position_title === 'Ward social welfare assistant'));
    // A supervisor may read people but not posts: the village, not the post or cadre.
    const sup = await sget('/api/v1/people?q=kimar&limit=100', s.who.supervisor);
    assert.equal(sup.status, 200, sup.text);
    assert.ok(sup.body.items.length > 0, 'the supervisor sees people of their area');
    for (const p of sup.body.items) {
      assert.equal(typeof p.residence_name, 'string');
      assert.ok(!('position_title' in p) && !('cadre' in p) && !('cadre_name' in p), `${p.family_name}: no post for a supervisor`);
    }
    // An ended placement is no longer the current post.
    const ended = await s.who.national.call('POST', `/api/v1/assignments/${placed.body.id}/end`,
      { body: { end_date: '2024-01-31', reason: 'resignation' } });
    assert.equal(ended.status, 200, ended.text);
    const after = (await sget('/api/v1/people?q=B-1')).body.items[0];
    assert.equal(after.position_title, null);
    assert.equal(after.cadre, null);
  });
});

describe('duplicates', () => {
  test('same normalised names and birth date is flagged for review, not silently created', async () => {
    const a = await createPerson(who.national, ids, { given_name: 'Rehema', family_name: 'Mollel', birth_date: '1985-03-03' });
    assert.equal(a.review_duplicate_of, null);
    const b = await createPerson(who.national, ids, { given_name: '  rehema ', family_name: 'MOLLEL', birth_date: '1985-03-03', residence_org_unit_id: ids.V3 });
    assert.equal(b.review_duplicate_of, a.id);
    const c = await createPerson(who.national, ids, { given_name: 'Rehema', family_name: 'Mollel', birth_date: '1999-09-09', residence_org_unit_id: ids.V1 });
    assert.equal(c.review_duplicate_of, a.id, 'same name and village');
    const d = await createPerson(who.national, ids, { given_name: 'Rehema', family_name: 'Mollel', birth_date: '1999-09-10', residence_org_unit_id: ids.V3 });
    assert.equal(d.review_duplicate_of, b.id);
    const r = await get('/api/v1/people?review=true&q=mollel&limit=100');
    assert.deepEqual(r.body.items.map((p) => p.id).sort(), [b.id, c.id, d.id].sort());
  });

  test('merging keeps both histories, moves identifiers and assignments, and hides the duplicate', async () => {
    const keep = await createPerson(who.national, ids, { given_name: 'Zawadi', family_name: 'Lyimo', birth_date: '1980-01-01',
      identifiers: [{ type: 'national_id', value: 'MERGE-K-1' }] });
    const dup = await createPerson(who.national, ids, { given_name: 'Zawadi', family_name: 'Lyimo', birth_date: '1980-01-01',
      identifiers: [{ type: 'programme_number', value: 'PSW-0042' }] });
    assert.equal(dup.review_duplicate_of, keep.id);
    const pos = await createPosition(who.national, ids);
    await post('/api/v1/assignments', { person_id: dup.id, position_id: pos.id, start_date: '2016-05-01', engagement: 'volunteer' });
    let r = await post(`/api/v1/people/${keep.id}/merge`, { duplicate_id: keep.id });
    assert.equal(r.status, 422);
    r = await post(`/api/v1/people/${keep.id}/merge`, { duplicate_id: dup.id });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.identifiers.map((x) => x.value).sort(), ['MERGE-K-1', 'PSW-0042']);
    assert.equal(r.body.review_duplicate_of, null);
    const gone = await get(`/api/v1/people/${dup.id}`);
    assert.equal(gone.status, 200, 'never deleted');
    assert.equal(gone.body.status, 'merged');
    assert.equal(gone.body.merged_into_id, keep.id);
    r = await get('/api/v1/people?q=lyimo&limit=100');
    assert.deepEqual(r.body.items.map((p) => p.id), [keep.id], 'merged records leave search');
    r = await get(`/api/v1/people/${keep.id}/assignments`);
    assert.equal(r.body.items.length, 1);
    r = await get(`/api/v1/people/${keep.id}/history`);
    const actions = r.body.items.map((x) => `${x.entity_id}:${x.action}`);
    assert.ok(actions.includes(`${dup.id}:person.create`), actions.join());
    assert.ok(actions.includes(`${dup.id}:assignment.create`));
    assert.ok(actions.includes(`${keep.id}:person.merge`));
    r = await patch(`/api/v1/people/${dup.id}`, { phone: '1' });
    assert.equal(r.status, 409, 'a merged record is read-only');
  });

  test('a reviewed look-alike that is a different person has its flag cleared, with the reason in its history', async () => {
    const a = await createPerson(who.national, ids, { given_name: 'Baraka', family_name: 'Kimaro', birth_date: '1990-02-02' });
    const b = await createPerson(who.national, ids, { given_name: 'Baraka', family_name: 'Kimaro', birth_date: '1990-02-02' });
    assert.equal(b.review_duplicate_of, a.id);
    let r = await post(`/api/v1/people/${b.id}/not-duplicate`, {});
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'reason');
    r = await post(`/api/v1/people/${b.id}/not-duplicate`, { reason: '' });
    assert.equal(r.status, 422);
    assert.equal((await get(`/api/v1/people/${b.id}`)).body.review_duplicate_of, a.id, 'a refused request changes nothing');
    r = await post(`/api/v1/people/${b.id}/not-duplicate`, { reason: 'Twins: different mothers\' names on the council letters' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.review_duplicate_of, null);
    r = await get('/api/v1/people?review=true&q=kimaro&limit=100');
    assert.deepEqual(r.body.items, [], 'no longer waiting for review');
    r = await post(`/api/v1/people/${b.id}/not-duplicate`, { reason: 'again' });
    assert.equal(r.status, 409, 'only a flagged record can be cleared');
    r = await get(`/api/v1/people/${b.id}/history`);
    const row = r.body.items.find((x) => x.action === 'person.not_duplicate');
    assert.ok(row, r.text);
    assert.equal(row.actor, 'national');
    assert.match(JSON.stringify(row), /Twins: different mothers/);
    r = await post('/api/v1/people/999999999/not-duplicate', { reason: 'x' });
    assert.equal(r.status, 404);
  });

  test('records with different identifiers of one type are not merged', async () => {
    const a = await createPerson(who.national, ids);
    const b = await createPerson(who.national, ids);
    const r = await post(`/api/v1/people/${a.id}/merge`, { duplicate_id: b.id });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.field, 'identifiers');
  });
});
