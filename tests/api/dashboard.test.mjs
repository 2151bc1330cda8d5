// The dashboard's figures in one request (issue 18, slow links): GET
// /api/v1/figures/dashboard answers, for the caller's area, the same numbers the screens
// it links to count one by one (people and posts searches, expiring certificates,
// supervision and pay figures), and leaves out the parts the caller's role may not read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';
import { OUTSIDE_MARK } from './lib/access.mjs';

let srv, ids, who;
before(async () => { ({ srv, ids, who } = await registryServer()); });
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

const get = (path, as) => as.call('GET', path);
const total = async (path, as) => {
  const r = await get(path, as);
  assert.equal(r.status, 200, r.text);
  return r.body.total;
};

test('one answer holds what the dashboard shows, equal to the counts of the screens it links to', async () => {
  // Workers inside the district officer's district and outside it.
  for (const [unit, cadre, name] of [['V1', 'psw', 'Inside1'], ['V1', 'psw', 'Inside2'], ['V2', 'acyc', 'Inside3'], ['V3', 'psw', 'Outside']]) {
    const p = await createPerson(who.national, ids, { residence_org_unit_id: ids[unit], given_name: name });
    const pos = await createPosition(who.national, ids, { cadre, org_unit_id: ids[unit] });
    const a = await who.national.call('POST', '/api/v1/assignments', { body: { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement: 'volunteer' } });
    assert.equal(a.status, 201, a.text);
  }
  await createPosition(who.national, ids, { cadre: 'psw', org_unit_id: ids.V1 }); // vacant, inside
  await createPosition(who.national, ids, { cadre: 'psw', org_unit_id: ids.V3 }); // vacant, outside
  for (const as of [who.district, who.national]) {
    const r = await get('/api/v1/figures/dashboard', as);
    assert.equal(r.status, 200, r.text);
    const d = r.body;
    assert.match(d.period, /^\d{4}-\d{2}$/);
    // The names the figures are shown with, as the configuration declares them.
    const cat = (await get('/api/v1/catalogue', as)).body;
    assert.deepEqual(d.names.cadres, cat.cadres.map((c) => ({ id: c.id, name: c.name })));
    assert.deepEqual(d.names.certifications.map((c) => c.id), cat.certifications.map((c) => c.id));
    assert.equal(d.people.active, await total('/api/v1/people?status=active&limit=1', as));
    for (const cadre of ['psw', 'acyc']) {
      assert.equal(d.people.by_cadre[cadre] ?? 0, await total(`/api/v1/people?status=active&cadre=${cadre}&limit=1`, as), cadre);
      assert.equal(d.vacant.by_cadre[cadre] ?? 0, await total(`/api/v1/positions?vacant=true&cadre=${cadre}&limit=1`, as), cadre);
    }
    assert.equal(d.vacant.total, await total('/api/v1/positions?vacant=true&limit=1', as));
    for (const u of d.people.by_unit) {
      assert.equal(u.people, await total(`/api/v1/people?status=active&org_unit=${u.org_unit.id}&limit=1`, as), u.org_unit.code);
    }
    const exp = await get(`/api/v1/certificates/expiring?days=${d.expiring.days}`, as);
    assert.equal(d.expiring.total, exp.body.items.length);
    assert.deepEqual(d.supervision, (await get('/api/v1/figures/supervision', as)).body.total);
    assert.deepEqual(d.pay, (await get(`/api/v1/figures/pay?period=${d.period}`, as)).body.total);
  }
  const district = (await get('/api/v1/figures/dashboard', who.district)).body;
  const national = (await get('/api/v1/figures/dashboard', who.national)).body;
  assert.ok(!JSON.stringify(district).includes(OUTSIDE_MARK), 'nothing of outside the district');
  assert.ok(national.people.active > district.people.active, 'the national officer counts the outside worker too');
  assert.equal(district.org_unit, ids.D1);
  assert.ok(district.people.by_unit.length > 0, 'split by the district\'s wards');
});

test('parts the role may not read are left out; a bad month names the parameter', async () => {
  const a = await get('/api/v1/figures/dashboard', who.analyst);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.body).sort(), ['names', 'org_unit', 'pay', 'period', 'supervision'], 'aggregates only, no people or posts');
  const s = await get('/api/v1/figures/dashboard', who.supervisor);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.people, undefined, 'a supervisor sees their own supervisees, not the area\'s counts');
  const bad = await get('/api/v1/figures/dashboard?period=May', who.national);
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'period');
});

test('catalogue and org-unit look-ups carry an ETag and answer 304 to a client that kept them', async () => {
  for (const path of ['/api/v1/catalogue', '/api/v1/catalogue/cadres', `/api/v1/org-units/${ids.D1}`, `/api/v1/org-units/${ids.D1}/children`]) {
    const first = await who.district.call('GET', path);
    assert.equal(first.status, 200, `${path}: ${first.text}`);
    const etag = first.headers.get('etag');
    assert.match(etag || '', /^"[0-9a-f]{16}-[0-9a-f]+"$/, path);
    const again = await who.district.call('GET', path, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304, path);
    assert.equal(again.text, '', `${path}: no body the second time`);
    assert.equal(again.headers.get('etag'), etag);
    const stale = await who.district.call('GET', path, { headers: { 'If-None-Match': '"0000000000000000-1"' } });
    assert.equal(stale.status, 200, `${path}: a changed answer is sent in full`);
    assert.deepEqual(stale.body, first.body);
  }
  // The validator follows the data: renaming the unit changes its ETag.
  const before = await who.admin.call('GET', `/api/v1/org-units/${ids.V1}`);
  const renamed = await who.admin.call('PATCH', `/api/v1/org-units/${ids.V1}`, { body: { name: 'Kaloleni (renamed)' } });
  assert.equal(renamed.status, 200, renamed.text);
  const after = await who.admin.call('GET', `/api/v1/org-units/${ids.V1}`, { headers: { 'If-None-Match': before.headers.get('etag') } });
  assert.equal(after.status, 200, 'the old copy is stale');
  assert.equal(after.body.name, 'Kaloleni (renamed)');
  await who.admin.call('PATCH', `/api/v1/org-units/${ids.V1}`, { body: { name: before.body.name } });
});
