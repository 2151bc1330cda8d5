// One schema per entity (issue 14, points 2 and 3): the field tables' rules as a user
// meets them (impossible dates, local phone numbers, unknown fields), and round trips:
// what an export writes imports again, unchanged, into the same or a fresh installation,
// and a corrected rejects.csv uploads again.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition, personBody, parseCsv } from './lib/registry.mjs';
import { startAccessServer, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

let srv, ids, who;
before(async () => { ({ srv, ids, who } = await registryServer()); });
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

const csvPost = (w, path, text) => w.call('POST', path, { raw: text, headers: { 'content-type': 'text/csv' } });
const upload = (w, kind, text, partial = false) =>
  csvPost(w, `/api/v1/imports?kind=${kind}&partial=${partial}&wait=true`, text);

/** The CSV as rows of {column: cell}, without the installation's own ids. */
function withoutIds(text) {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]).filter(([h]) => h !== 'id')));
}

describe('field rules', () => {
  test('a birth date of 30 February is refused with a field error, not saved as no date', async () => {
    let r = await who.national.call('POST', '/api/v1/people', { body: personBody(ids, { birth_date: '1990-02-30' }) });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'birth_date');
    const p = await createPerson(who.national, ids, { birth_date: '1990-02-28' });
    r = await who.national.call('PATCH', `/api/v1/people/${p.id}`, { body: { birth_date: '2023-02-29' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'birth_date');
    r = await who.national.call('GET', `/api/v1/people/${p.id}`);
    assert.equal(r.body.birth_date, '1990-02-28', 'the stored date is untouched');
  });

  test('a local phone number (0757 108 306) is accepted, stored as +255757108306, and edits save', async () => {
    // The form sends the phone twice: the built-in field and the configuration's
    // redeclared "phone" field (pattern +255 and nine digits).
    const r = await who.national.call('POST', '/api/v1/people', {
      body: personBody(ids, { phone: '0757 108 306', custom: { phone: '0757 108 306' } }) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.phone, '+255757108306');
    assert.equal(r.body.custom.phone, '+255757108306');
    const e = await who.national.call('PATCH', `/api/v1/people/${r.body.id}`, {
      body: { education: 'Form VI', phone: '0757 108 306', custom: { phone: '0757 108 306' } } });
    assert.equal(e.status, 200, `an unrelated edit saves: ${e.text}`);
    assert.equal(e.body.education, 'Form VI');
    assert.equal(e.body.phone, '+255757108306');
    const bad = await who.national.call('PATCH', `/api/v1/people/${r.body.id}`, { body: { phone: '0757 10' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'phone');
  });

  test('a field the table does not declare is refused by name, never dropped', async () => {
    let r = await who.national.call('POST', '/api/v1/people', { body: personBody(ids, { nickname: 'Zu' }) });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'nickname');
    const p = await createPerson(who.national, ids);
    r = await who.national.call('PATCH', `/api/v1/people/${p.id}`, { body: { status: 'deceased' } });
    assert.equal(r.status, 422, 'output-only fields are not input');
    assert.equal(r.body.error.field, 'status');
    r = await who.national.call('GET', `/api/v1/people/${p.id}`);
    for (const k of ['org_path', 'name_key', 'given_key', 'import_audit_id']) assert.equal(r.body[k], undefined, k);
  });
});

describe('training events', () => {
  test('the one text rule counts characters, the one date rule refuses 30 February', async () => {
    const good = { course: 'psw-level-1', venue_org_unit_id: ids.D1, start_date: '2026-01-10', end_date: '2026-01-20', capacity: 10 };
    let r = await who.national.call('POST', '/api/v1/training-events', { body: { ...good, start_date: '2026-02-30' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'start_date');
    // 200 characters of two bytes each: within the 200-character limit.
    r = await who.national.call('POST', '/api/v1/training-events', { body: { ...good, title: 'é'.repeat(200) } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.title.length, 200);
    assert.equal(r.body.venue_path, undefined, 'internal columns stay inside');
    r = await who.national.call('POST', '/api/v1/training-events', { body: { ...good, title: 'é'.repeat(201) } });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'title');
  });
});

describe('org units', () => {
  test('an org unit body or CSV column the table does not declare is refused by name', async () => {
    let r = await who.admin.call('POST', '/api/v1/org-units', { body: { code: 'R1-D1-W1-V9', name: 'Mpya', parent_id: ids.W1, lvl: 'village' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'lvl');
    r = await who.admin.call('PATCH', `/api/v1/org-units/${ids.V1}`, { body: { name: 'Kaloleni Village', parent_id: ids.R2 } });
    assert.equal(r.status, 422, 'a move is not silently ignored');
    assert.equal(r.body.error.field, 'parent_id');
    r = await csvPost(who.admin, '/api/v1/org-units/import', 'code,name,parent_code,level,population\nR1-D1-W1-V8,Mpya,R1-D1-W1,village,1200\n');
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.rows[0].field, 'population');
    const unit = (await who.admin.call('GET', '/api/v1/org-units?q=R1-D1-W1-V8')).body.org_units;
    assert.equal(unit.length, 0, 'nothing written');
  });
});

describe('output allow-list', () => {
  test('list items carry the same declared fields as the single record, and nothing internal', async () => {
    const p = await createPerson(who.national, ids, { given_name: 'Listed' });
    const pos = await createPosition(who.national, ids, { code: 'LIST-1' });
    for (const [list, one, id] of [['/api/v1/people?q=Listed', `/api/v1/people/${p.id}`, p.id],
      ['/api/v1/positions?limit=200', `/api/v1/positions/${pos.id}`, pos.id]]) {
      const item = (await who.national.call('GET', list)).body.items.find((x) => x.id === id);
      const single = (await who.national.call('GET', one)).body;
      assert.ok(item, list);
      for (const k of ['org_path', 'name_key', 'given_key']) assert.equal(item[k], undefined, `${list}: ${k}`);
      // A search row also carries the names a list shows (docs/registry.md, "Search"):
      // declared person fields that only a page of results has.
      const listNames = list.startsWith('/api/v1/people') ? ['residence_name', 'position_title', 'cadre', 'cadre_name'] : [];
      for (const k of Object.keys(item)) assert.ok(k in single || listNames.includes(k), `${list}: ${k} is a declared field`);
      for (const k of ['given_name', 'title', 'code', 'cadre']) if (k in single) assert.deepEqual(item[k], single[k], `${list}: ${k}`);
    }
  });
});

describe('round trips', () => {
  let files;
  before(async () => {
    const a = await createPerson(who.national, ids, {
      given_name: 'Rehema', family_name: 'Kimaro, "Mama Joy"', other_names: 'Neema', phone: '0713 000 001',
      languages: ['sw', 'en'], education: 'Form IV\nCertificate in social work',
      identifiers: [{ type: 'national_id', value: 'RT-NID-1' }, { type: 'programme_number', value: 'RT-PSW-1' }],
      custom: { village_council_letter: true, languages: ['sw', 'maasai'] } });
    const b = await createPerson(who.national, ids, {
      given_name: 'Ali', family_name: 'Said', sex: 'male', birth_date: '1979-11-30', phone: '+255 784 000 002',
      residence_org_unit_id: ids.V2, languages: [], education: undefined,
      identifiers: [{ type: 'national_id', value: 'RT-NID-2' }] });
    const pos = await createPosition(who.national, ids, { code: 'RT-POS-1', custom: { funder_type: 'ngo' } });
    const pos2 = await createPosition(who.national, ids, { code: 'RT-POS-2', approved: false, level: undefined, funded_by: undefined });
    for (const [person, position, extra] of [[a, pos, { pay_amount: 50000, pay_currency: 'TZS' }],
      [b, pos2, { end_date: '2021-06-30', end_reason: 'transfer' }]]) {
      const r = await who.national.call('POST', '/api/v1/assignments', {
        body: { person_id: person.id, position_id: position.id, start_date: '2020-01-01', engagement: 'stipend', ...extra } });
      assert.equal(r.status, 201, r.text);
    }
    files = {};
    files.units = (await who.admin.call('GET', '/api/v1/org-units/export')).text;
    for (const k of ['people', 'positions', 'assignments']) {
      const r = await who.national.call('GET', `/api/v1/exports/${k}.csv`);
      assert.equal(r.status, 200);
      files[k] = r.text;
      files[`${k}.json`] = (await who.national.call('GET', `/api/v1/exports/${k}.json`)).body;
    }
  });

  test('the CSV export has the import template\'s columns (residence by code, identifiers and custom fields by column)', () => {
    const header = parseCsv(files.people)[0];
    for (const c of ['id', 'given_name', 'birth_date', 'phone', 'residence_code', 'identifier.national_id',
      'identifier.programme_number', 'custom.village_council_letter', 'custom.languages'])
      assert.ok(header.includes(c), c);
    assert.ok(!header.includes('residence_org_unit_id') && !header.includes('identifiers'));
    assert.deepEqual(parseCsv(files.positions)[0].filter((h) => h.endsWith('_code')), ['org_unit_code', 'organisation_code']);
    assert.ok(parseCsv(files.assignments)[0].includes('person_identifier'));
  });

  test('re-importing the export into the same installation changes nothing', async () => {
    for (const k of ['people', 'positions', 'assignments']) {
      const now = (await who.national.call('GET', `/api/v1/exports/${k}.csv`)).text;
      const r = await upload(who.national, k, now);
      assert.equal(r.status, 200, `${k}: ${r.text}`);
      assert.equal(r.body.created, 0, k);
      assert.equal(r.body.rejected, 0, k);
      assert.equal(r.body.existing, parseCsv(now).length - 1, k);
      assert.equal((await who.national.call('GET', `/api/v1/exports/${k}.csv`)).text, now, `${k} unchanged`);
    }
  });

  test('the export imports into a fresh installation and exports again the same', async () => {
    const fresh = await startAccessServer();
    try {
      const admin = await mustLogin(fresh, ADMIN, ADMIN_PW);
      let r = await csvPost(admin, '/api/v1/org-units/import', files.units);
      assert.equal(r.status, 200, r.text);
      assert.equal((await admin.call('GET', '/api/v1/org-units/export')).text, files.units, 'org units by code');
      // Organisations have no import: the fresh installation declares the same codes.
      const units = {};
      for (const u of (await who.admin.call('GET', '/api/v1/organisations?limit=100')).body.organisations) units[u.code] = u;
      for (const [code, o] of Object.entries(units)) {
        const unit = (await who.admin.call('GET', `/api/v1/org-units/${o.org_unit_id}`)).body.code;
        const local = (await admin.call('GET', `/api/v1/org-units?q=${encodeURIComponent(unit)}`)).body.org_units.find((x) => x.code === unit);
        r = await admin.call('POST', '/api/v1/organisations', { body: { code, name: o.name, kind: o.kind, org_unit_id: local.id } });
        assert.equal(r.status, 201, r.text);
      }
      for (const k of ['people', 'positions', 'assignments']) {
        r = await upload(admin, k, files[k]);
        assert.equal(r.status, 200, `${k}: ${r.text}`);
        assert.equal(r.body.created, parseCsv(files[k]).length - 1, k);
      }
      for (const k of ['people', 'positions', 'assignments']) {
        const again = (await admin.call('GET', `/api/v1/exports/${k}.csv`)).text;
        assert.deepEqual(withoutIds(again), withoutIds(files[k]), `${k}: the same rows`);
      }
      // The JSON extract tells the same story (ids and timestamps are the installation's).
      const local = ['id', 'created_at', 'updated_at', 'residence_org_unit_id', 'person_id', 'position_id', 'org_unit_id', 'organisation_id'];
      for (const k of ['people', 'positions', 'assignments']) {
        const strip = (rows) => rows.map((x) => Object.fromEntries(Object.entries(x).filter(([key]) => !local.includes(key))));
        const again = (await admin.call('GET', `/api/v1/exports/${k}.json`)).body;
        assert.deepEqual(strip(again), strip(files[`${k}.json`]), `${k}.json`);
      }
    } finally {
      assert.equal(await fresh.stop(), 0);
    }
  });

  test('a re-imported row with changed values updates the person found by identifier', async () => {
    await createPerson(who.national, ids, { given_name: 'Upendo', phone: '0784 000 002',
      identifiers: [{ type: 'national_id', value: 'RT-NID-3' }] });
    const [header, ...rows] = parseCsv((await who.national.call('GET', '/api/v1/exports/people.csv')).text);
    const col = (h) => header.indexOf(h);
    const row = rows.find((r) => r[col('identifier.national_id')] === 'RT-NID-3');
    row[col('phone')] = '0784 000 009';
    row[col('education')] = 'Diploma';
    row[col('identifier.programme_number')] = 'RT-PSW-2';
    const quote = (c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
    const csv = [header, row].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
    const r = await upload(who.national, 'people', csv);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.updated, r.body.existing], [0, 1, 0]);
    const p = (await who.national.call('GET', '/api/v1/people?identifier=RT-NID-3')).body.items[0];
    const full = (await who.national.call('GET', `/api/v1/people/${p.id}`)).body;
    assert.equal(full.phone, '+255784000009');
    assert.equal(full.education, 'Diploma');
    assert.deepEqual(full.identifiers.map((x) => x.value).sort(), ['RT-NID-3', 'RT-PSW-2']);
    const h = (await who.national.call('GET', `/api/v1/people/${p.id}/history`)).body.items;
    assert.equal(h[h.length - 1].action, 'person.update', 'the update is in the history');
    // The same file again changes nothing.
    const again = await upload(who.national, 'people', csv);
    assert.deepEqual([again.body.updated, again.body.existing], [0, 1]);
  });

  test('one file that updates a person found by identifier and creates a new one keeps both, each with its history', async () => {
    await createPerson(who.national, ids, { given_name: 'Zuhura', identifiers: [{ type: 'national_id', value: 'RT-NID-7' }] });
    const [header, ...rows] = parseCsv((await who.national.call('GET', '/api/v1/exports/people.csv')).text);
    const col = (h) => header.indexOf(h);
    const found = rows.find((r) => r[col('identifier.national_id')] === 'RT-NID-7');
    found[col('education')] = 'Certificate';
    const fresh = found.map((c, i) => (header[i] === 'id' ? '' : c));
    fresh[col('given_name')] = 'Tumaini';
    fresh[col('family_name')] = 'Mpya';
    fresh[col('identifier.national_id')] = 'RT-NID-8';
    const quote = (c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
    const csv = [header, found, fresh].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
    // The update appends its audit row before the file's own: the import must still
    // commit, and the new person's history must name the file's row.
    const r = await upload(who.national, 'people', csv);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.updated], [1, 1]);
    const p = (await who.national.call('GET', '/api/v1/people?identifier=RT-NID-8')).body.items[0];
    const h = (await who.national.call('GET', `/api/v1/people/${p.id}/history`)).body.items;
    assert.ok(h.some((x) => x.action === 'import.people'), JSON.stringify(h));
    const audit = await who.admin.call('GET', '/api/v1/audit/verify');
    assert.equal(audit.status, 200, audit.text);
  });

  test('a re-imported position row with changed values updates the position found by code', async () => {
    await createPosition(who.national, ids, { code: 'RT-UPD-1', funded_by: 'Government' });
    const [header, ...rows] = parseCsv((await who.national.call('GET', '/api/v1/exports/positions.csv')).text);
    const row = rows.find((r) => r[header.indexOf('code')] === 'RT-UPD-1');
    row[header.indexOf('funded_by')] = 'Council';
    row[header.indexOf('approved')] = 'no';
    const csv = `${header.join(',')}\r\n${row.join(',')}\r\n`;
    const r = await upload(who.national, 'positions', csv);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.updated, r.body.existing], [0, 1, 0]);
    const p = (await who.national.call('GET', '/api/v1/exports/positions.json')).body.find((x) => x.code === 'RT-UPD-1');
    assert.deepEqual([p.funded_by, p.approved], ['Council', false]);
    assert.deepEqual((await upload(who.national, 'positions', csv)).body.existing, 1, 'the same file again changes nothing');
  });

  test('a re-imported assignment row ends the assignment; other changes are refused by name', async () => {
    const person = await createPerson(who.national, ids, { identifiers: [{ type: 'national_id', value: 'RT-ASG-1' }] });
    const pos = await createPosition(who.national, ids, { code: 'RT-ASG-POS' });
    const a = await who.national.call('POST', '/api/v1/assignments', {
      body: { person_id: person.id, position_id: pos.id, start_date: '2021-01-01', engagement: 'stipend' } });
    assert.equal(a.status, 201, a.text);
    const [header, ...rows] = parseCsv((await who.national.call('GET', '/api/v1/exports/assignments.csv')).text);
    const row = rows.find((r) => r[header.indexOf('position_code')] === 'RT-ASG-POS');
    const csv = (r) => `${header.join(',')}\r\n${r.join(',')}\r\n`;
    const changed = [...row];
    changed[header.indexOf('engagement')] = 'salaried';
    let r = await upload(who.national, 'assignments', csv(changed));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].field, 'engagement');
    const ended = [...row];
    ended[header.indexOf('end_date')] = '2024-12-31';
    ended[header.indexOf('end_reason')] = 'transfer';
    r = await upload(who.national, 'assignments', csv(ended));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.updated], [0, 1]);
    const got = (await who.national.call('GET', `/api/v1/assignments/${a.body.id}`)).body;
    assert.deepEqual([got.end_date, got.end_reason, got.engagement], ['2024-12-31', 'transfer', 'stipend']);
    assert.equal((await upload(who.national, 'assignments', csv(ended))).body.existing, 1, 'the same file again changes nothing');
  });

  test('a corrected rejects.csv uploads again', async () => {
    const header = parseCsv(files.people)[0].join(',');
    const row = (given, birth, nid) => header.split(',').map((h) => ({
      given_name: given, family_name: 'Rejected', birth_date: birth, residence_code: 'R1-D1-W1-V1',
      'identifier.national_id': nid }[h] ?? '')).join(',');
    let r = await upload(who.national, 'people', `${header}\n${row('Good', '1990-01-01', 'RJ-1')}\n${row('Bad', '1990-02-30', 'RJ-2')}\n`, true);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.rejected], [1, 1]);
    const rejects = r.body.rejects_csv;
    assert.match(rejects.split('\r\n')[0], /,error$/);
    r = await upload(who.national, 'people', rejects.replace('1990-02-30', '1990-02-20'));
    assert.equal(r.status, 200, `the corrected rejects upload: ${r.text}`);
    assert.equal(r.body.created, 1);
    assert.equal((await who.national.call('GET', '/api/v1/people?identifier=RJ-2')).body.items[0].birth_date, '1990-02-20');
  });
});
