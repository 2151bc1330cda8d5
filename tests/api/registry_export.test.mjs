// Registry exports (issue 6, point 6): CSV and JSON within the caller's scope, no
// exports for analysts (aggregates only), formula-injection cells neutralised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition, parseCsv } from './lib/registry.mjs';

let srv, ids, who, inside, outside, dangerous;
before(async () => {
  ({ srv, ids, who } = await registryServer());
  inside = await createPerson(who.national, ids, { given_name: 'Inside', residence_org_unit_id: ids.V1 });
  outside = await createPerson(who.national, ids, { given_name: 'Outside', residence_org_unit_id: ids.V3 });
  dangerous = [];
  for (const [i, family] of ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1)', '\tTab'].entries())
    dangerous.push(await createPerson(who.national, ids, { given_name: `Danger${i}`, family_name: family }));
  dangerous.push(await createPerson(who.national, ids, { given_name: 'DangerCR', education: '\r=1+1' }));
  const pos = await createPosition(who.national, ids, { code: 'EXP-1' });
  await who.national.call('POST', '/api/v1/assignments', { body: { person_id: inside.id, position_id: pos.id, start_date: '2020-01-01', engagement: 'stipend', pay_amount: 1000, pay_currency: 'TZS' } });
});
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

test('national CSV export has every person, with formula cells made inert', async () => {
  const r = await who.national.call('GET', '/api/v1/exports/people.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  const [header, ...rows] = parseCsv(r.text);
  assert.ok(header.includes('given_name') && header.includes('identifier.national_id'));
  const fam = header.indexOf('family_name');
  const edu = header.indexOf('education');
  const given = header.indexOf('given_name');
  assert.equal(rows.length, 8);
  for (const row of rows.filter((x) => x[given].startsWith('Danger'))) {
    const cell = row[given] === 'DangerCR' ? row[edu] : row[fam];
    assert.equal(cell[0], "'", `"${cell}" starts with a quote so spreadsheets show text`);
  }
  assert.ok(r.text.includes(`"'=cmd|' /C calc'!A0"`));
});

test('a district officer exports only the district', async () => {
  for (const fmt of ['csv', 'json']) {
    const r = await who.district.call('GET', `/api/v1/exports/people.${fmt}`);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('Inside'));
    assert.ok(!r.text.includes('Outside'), `no scope leak in ${fmt}`);
  }
  const p = await who.district.call('GET', '/api/v1/exports/people.json');
  assert.equal(p.body.length, 7);
  const r = await who.district.call('GET', `/api/v1/exports/people.csv?org_unit=${ids.V3}`);
  assert.equal(r.status, 422, 'cannot widen the scope with org_unit');
});

test('an analyst exports nothing: aggregates only (docs/security.md)', async () => {
  for (const file of ['people.json', 'people.csv', 'positions.csv', 'assignments.csv']) {
    const r = await who.analyst.call('GET', `/api/v1/exports/${file}`);
    assert.equal(r.status, 403, file);
    assert.ok(!r.text.includes('Inside') && !r.text.includes('Mushi'), file);
  }
});

test('positions and assignments export; unknown extracts 404; other roles 403', async () => {
  let r = await who.national.call('GET', '/api/v1/exports/positions.json');
  assert.equal(r.body[0].code, 'EXP-1');
  assert.equal(r.body[0].vacant, false);
  r = await who.national.call('GET', `/api/v1/exports/positions.json?org_unit=${ids.V2}`);
  assert.deepEqual(r.body, [], 'an empty extract is an empty array');
  r = await who.national.call('GET', '/api/v1/exports/assignments.csv');
  const [header, row] = parseCsv(r.text);
  assert.equal(row[header.indexOf('person_identifier')], inside.identifiers[0].value);
  assert.equal(row[header.indexOf('position_code')], 'EXP-1');
  assert.equal((await who.national.call('GET', '/api/v1/exports/people.xlsx')).status, 404);
  assert.equal((await who.national.call('GET', '/api/v1/exports/users.csv')).status, 404);
  assert.equal((await who.supervisor.call('GET', '/api/v1/exports/people.csv')).status, 403);
});

test('a large export streams every row in chunks, complete and in order, in both formats', async () => {
  // 5,000 more people (R2's village, outside the district) by one bulk import: the
  // extract is several times the server's 64 KiB send buffer.
  const n = 5000;
  const lines = ['given_name,family_name,sex,birth_date,residence_code,identifier.national_id'];
  for (let i = 0; i < n; i++) lines.push(`Stream${i},=Many${i},female,1990-01-01,R2-D1-W1-V1,STREAM-${i}`);
  const imp = await who.national.call('POST', '/api/v1/imports?kind=people&wait=true',
    { raw: lines.join('\n') + '\n', headers: { 'content-type': 'text/csv' } });
  assert.equal(imp.status, 200, imp.text);
  assert.equal(imp.body.created, n);

  // Fetch everything first and check afterwards: a long pause on the client between
  // requests lets the server's keep-alive timeout close a pooled connection under it.
  const r = await who.national.call('GET', '/api/v1/exports/people.csv');
  const json = await who.national.call('GET', '/api/v1/exports/people.json');
  const district = await who.district.call('GET', '/api/v1/exports/people.csv');

  assert.equal(r.status, 200);
  assert.equal(r.headers.get('transfer-encoding'), 'chunked', 'streamed, not built in memory');
  assert.equal(r.headers.get('content-length'), null);
  const [header, ...rows] = parseCsv(r.text);
  assert.equal(rows.length, 8 + n, 'every row arrives');
  const given = header.indexOf('given_name'), fam = header.indexOf('family_name'), id = header.indexOf('id');
  const streamed = rows.filter((x) => x[given].startsWith('Stream'));
  assert.deepEqual(streamed.map((x) => x[given]), Array.from({ length: n }, (_, i) => `Stream${i}`));
  assert.ok(streamed.every((x) => x[fam].startsWith("'=")), 'formula cells stay inert across chunks');
  const idsInOrder = rows.map((x) => Number(x[id]));
  assert.deepEqual(idsInOrder, [...idsInOrder].sort((a, b) => a - b));

  assert.equal(json.headers.get('transfer-encoding'), 'chunked');
  assert.equal(json.body.length, 8 + n, 'the JSON array is complete and parses');
  assert.equal(parseCsv(district.text).length, 1 + 7, 'scope still applies');
});

test('people exports take the People screen\'s filters: name or identifier, cadre, status, area', async () => {
  const cadre = (await who.national.call('GET', '/api/v1/positions?limit=50')).body.items.find((p) => p.code === 'EXP-1').cadre;
  const names = (rows) => rows.map((p) => p.given_name).sort();
  // The same people as the search lists, in both formats.
  for (const [query, search] of [
    [`cadre=${cadre}`, `cadre=${cadre}`],
    ['q=Danger', 'q=Danger'],
    [`q=Danger&org_unit=${ids.V1}`, `q=Danger&org_unit=${ids.V1}`],
  ]) {
    const listed = (await who.national.call('GET', `/api/v1/people?${search}&limit=100`)).body.items;
    const j = await who.national.call('GET', `/api/v1/exports/people.json?${query}`);
    assert.equal(j.status, 200, j.text);
    assert.deepEqual(names(j.body), names(listed), `JSON ${query}`);
    const c = await who.national.call('GET', `/api/v1/exports/people.csv?${query}`);
    const [header, ...rows] = parseCsv(c.text);
    const given = header.indexOf('given_name');
    assert.deepEqual(rows.map((r) => r[given]).sort(), names(listed), `CSV ${query}`);
  }
  assert.deepEqual(names((await who.national.call('GET', `/api/v1/exports/people.json?cadre=${cadre}`)).body), ['Inside']);
  // A district officer's filter stays inside the district.
  const d = await who.district.call('GET', '/api/v1/exports/people.json?q=Outside');
  assert.equal(d.status, 200);
  assert.deepEqual(d.body, [], 'no scope leak through a filter');
  // Status: deactivated people only when asked.
  await who.national.call('POST', `/api/v1/people/${dangerous[0].id}/deactivate`, { body: { status: 'inactive', reason: 'left' } });
  assert.deepEqual(names((await who.national.call('GET', '/api/v1/exports/people.json?status=inactive')).body), ['Danger0']);
  // Bad filters are refused naming the parameter.
  let r = await who.national.call('GET', '/api/v1/exports/people.json?status=retired');
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'status');
  r = await who.national.call('GET', '/api/v1/exports/positions.json?q=x');
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'q');
});
