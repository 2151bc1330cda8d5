// DHIS2 aggregate export and push (docs/interoperability.md, "DHIS2"): a small register
// made by hand, the documents checked field by field against DHIS2's published formats
// (dataValueSets JSON; ADX, urn:ihe:qrph:adx:2015), scope, and `kazi push dhis2`
// against a local server that accepts only what DHIS2's API documents for
// POST /api/dataValueSets and answers with its import-summary shape.
//
// The live configuration is country-config/tanzania, whose dhis2.lua reports district
// councils by code (id_scheme "code"): the fixture's districts R1-D1, R1-D2, R2-D1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';
import { kazi, KAZI, tempDir, cleanup } from './lib/server.mjs';

let srv, ids, who;
const tmp = tempDir('kazi-dhis2-');
const ROWS = 18; // values = in country-config/tanzania/dhis2.lua (15 figures, 3 indicators)

before(async () => {
  ({ srv, ids, who } = await registryServer());
  const n = who.national;
  const place = async (name, sex, cadre, at, residence = at, level = 'village') => {
    const p = await createPerson(n, ids, { given_name: name, sex, residence_org_unit_id: residence });
    const pos = await createPosition(n, ids, { cadre, org_unit_id: at, level });
    const a = await n.call('POST', '/api/v1/assignments', { body: { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement: 'volunteer' } });
    assert.equal(a.status, 201, a.text);
    return p.id;
  };
  // R1-D1 (Arusha City): two female PSWs and one male PSW in post, a PSW supervisor,
  // one approved SWO post that nobody holds, one unapproved SWO post nobody holds.
  const f1 = await place('f1', 'female', 'psw', ids.V1);
  const f2 = await place('f2', 'female', 'psw', ids.V2);
  const m1 = await place('m1', 'male', 'psw', ids.V1);
  const sup = await place('sup', 'male', 'psw-supervisor', ids.V1);
  await createPosition(n, ids, { cadre: 'swo', org_unit_id: ids.D1, level: 'district', approved: true });
  await createPosition(n, ids, { cadre: 'swo', org_unit_id: ids.D1, level: 'district', approved: false });
  // a PSW who left: ended assignment, not counted
  const gone = await createPerson(n, ids, { given_name: 'gone', sex: 'female' });
  const gpos = await createPosition(n, ids, { cadre: 'psw', org_unit_id: ids.V1 });
  const ga = await n.call('POST', '/api/v1/assignments', { body: { person_id: gone.id, position_id: gpos.id, start_date: '2024-01-01', engagement: 'volunteer' } });
  assert.equal(ga.status, 201, ga.text);
  const end = await n.call('POST', `/api/v1/assignments/${ga.body.id}/end`, { body: { end_date: '2025-01-01', reason: 'resignation' } });
  assert.equal(end.status, 200, end.text);
  // R2-D1 (outside the district officer): one female SWO in post
  await place('o1', 'female', 'swo', ids.V3, ids.V3);
  // posts left in November 2026 (ind-exits): a female PSW of R1-D1 retires, a male PSW
  // of R2-D1 resigns; neither is counted in post afterwards
  for (const [name, sex, at, end_date, reason] of [['left', 'female', ids.V1, '2026-11-15', 'retirement'],
    ['quit', 'male', ids.V3, '2026-11-20', 'resignation']]) {
    const p = await createPerson(n, ids, { given_name: name, sex, residence_org_unit_id: at });
    const pos = await createPosition(n, ids, { cadre: 'psw', org_unit_id: at });
    const a = await n.call('POST', '/api/v1/assignments', { body: { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement: 'volunteer' } });
    assert.equal(a.status, 201, a.text);
    const e = await n.call('POST', `/api/v1/assignments/${a.body.id}/end`, { body: { end_date, reason } });
    assert.equal(e.status, 200, e.text);
  }
  // supervision: f1 has a supervisor, with one session in November 2026 and one in October
  const sv = await n.call('POST', '/api/v1/supervisions', { body: { person_id: f1, supervisor_person_id: sup, type: 'individual', start_date: '2025-02-01' } });
  assert.equal(sv.status, 201, sv.text);
  for (const session_date of ['2026-11-10', '2026-10-05']) {
    const s = await n.call('POST', '/api/v1/supervision-sessions', { body: { person_id: f1, supervisor_person_id: sup, session_date, duration_minutes: 60, mode: 'in_person' } });
    assert.equal(s.status, 201, s.text);
  }
  // activity returns: November for f1 and m1, October for f1
  for (const [person_id, period, counts] of [[f1, '2026-11', { 'children-identified': 4, 'home-visits': 7 }],
    [m1, '2026-11', { 'home-visits': 3 }], [f1, '2026-10', { 'home-visits': 100 }],
    [f2, '2026-12', { 'home-visits': 50 }]]) {
    const r = await n.call('PUT', '/api/v1/activity-returns', { body: { person_id, period, counts } });
    assert.equal(r.status, 200, r.text);
  }
});

after(async () => {
  cleanup(tmp);
  assert.equal(await srv.stop(), 0, 'server exits cleanly');
});

/** The value DHIS2 would store for (data element, combo, org unit), or undefined. */
const valueOf = (doc, de, ou, coc) => {
  const hits = doc.dataValues.filter((v) => v.dataElement === de && v.orgUnit === ou && v.categoryOptionCombo === coc);
  assert.ok(hits.length <= 1, `one value for ${de}/${coc}/${ou}`);
  return hits[0]?.value;
};

// What the hand-made register must give for November 2026, by district.
const NOVEMBER = {
  'R1-D1': [['SW_HC_PSW', 'FEMALE', '2'], ['SW_HC_PSW', 'MALE', '1'], ['SW_HC_SWO', 'FEMALE', '0'],
    ['SW_POSTS_SWO_APPROVED', undefined, '1'], ['SW_POSTS_SWO_VACANT', undefined, '1'],
    ['SW_PSW_CERTIFIED', undefined, '0'], ['SW_PSW_SUPERVISED', undefined, '1'],
    ['SW_SUPERVISION_SESSIONS', undefined, '1'], ['SW_MVC_IDENTIFIED', undefined, '4'],
    ['SW_HOME_VISITS', undefined, '10'], ['SW_REFERRALS_MADE', undefined, '0']],
  'R1-D2': [['SW_HC_PSW', 'FEMALE', '0'], ['SW_HOME_VISITS', undefined, '0']],
  'R2-D1': [['SW_HC_SWO', 'FEMALE', '1'], ['SW_HC_PSW', 'FEMALE', '0'], ['SW_POSTS_SWO_APPROVED', undefined, '1'],
    ['SW_POSTS_SWO_VACANT', undefined, '0']],
};

test('dataValueSets JSON: the documented fields, one value per district and mapping row', async () => {
  const r = await who.national.call('GET', '/api/v1/exports/dhis2?period=202611');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const doc = r.body;
  assert.deepEqual(Object.keys(doc).sort(), ['dataSet', 'dataValues', 'idScheme', 'orgUnitIdScheme', 'period']);
  assert.equal(doc.dataSet, 'SW_WORKFORCE_MONTHLY');
  assert.equal(doc.period, '202611');
  assert.equal(doc.idScheme, 'code');
  assert.equal(doc.orgUnitIdScheme, 'code');
  assert.equal(doc.dataValues.length, 3 * ROWS, 'three districts × the mapping rows');
  for (const v of doc.dataValues) {
    const keys = Object.keys(v).sort();
    assert.ok(['dataElement,orgUnit,period,value', 'categoryOptionCombo,dataElement,orgUnit,period,value'].includes(keys.join(',')), keys.join(','));
    assert.equal(v.period, '202611');
    assert.equal(typeof v.value, 'string', 'DHIS2 values are strings');
    assert.match(v.value, /^\d+$/);
  }
  for (const [ou, rows] of Object.entries(NOVEMBER))
    for (const [de, coc, value] of rows) assert.equal(valueOf(doc, de, ou, coc), value, `${de}/${coc}/${ou}`);
});

// The indicator pack's ind-exits (posts left in the period, by where the worker lives)
// for November 2026, by district, counted by hand from the register above: R1-D1 lost
// `left` (female), R2-D1 `quit` (male), R1-D2 nobody; `gone` left in 2025.
const INDICATORS = {
  'R1-D1': [['SW_POSTS_LEFT', undefined, '1'], ['SW_POSTS_LEFT_SEX', 'FEMALE', '1'], ['SW_POSTS_LEFT_SEX', 'MALE', '0']],
  'R1-D2': [['SW_POSTS_LEFT', undefined, '0'], ['SW_POSTS_LEFT_SEX', 'FEMALE', '0'], ['SW_POSTS_LEFT_SEX', 'MALE', '0']],
  'R2-D1': [['SW_POSTS_LEFT', undefined, '1'], ['SW_POSTS_LEFT_SEX', 'FEMALE', '0'], ['SW_POSTS_LEFT_SEX', 'MALE', '1']],
};

test('indicator values: the indicator report run for the month at the district level, by sex where mapped', async () => {
  const r = await who.national.call('GET', '/api/v1/exports/dhis2?period=202611');
  assert.equal(r.status, 200, r.text);
  for (const [ou, rows] of Object.entries(INDICATORS))
    for (const [de, coc, value] of rows) assert.equal(valueOf(r.body, de, ou, coc), value, `${de}/${coc}/${ou}`);
  // the period reaches the report: October has no exits, the quarter both, 2025 `gone`
  const oct = await who.national.call('GET', '/api/v1/exports/dhis2?period=202610');
  assert.equal(valueOf(oct.body, 'SW_POSTS_LEFT', 'R1-D1'), '0');
  const q4 = await who.national.call('GET', '/api/v1/exports/dhis2?period=2026Q4');
  assert.equal(valueOf(q4.body, 'SW_POSTS_LEFT', 'R2-D1'), '1');
  const y = await who.national.call('GET', '/api/v1/exports/dhis2?period=2025');
  assert.equal(valueOf(y.body, 'SW_POSTS_LEFT_SEX', 'R1-D1', 'FEMALE'), '1');
  // ADX carries the same numbers
  const x = (await who.national.call('GET', '/api/v1/exports/dhis2?period=202611&format=adx')).text;
  const groups = Object.fromEntries([...x.matchAll(/<group orgUnit="([^"]+)"[^>]*>([\s\S]*?)<\/group>/g)].map((g) => [g[1], g[2]]));
  for (const [ou, rows] of Object.entries(INDICATORS))
    for (const [de, coc, value] of rows) {
      const attrs = `dataElement="${de}"${coc ? ` categoryOptionCombo="${coc}"` : ''} value="${value}"`;
      assert.ok(groups[ou].includes(`<dataValue ${attrs}/>`), `${ou}: ${attrs}`);
    }
  // the district officer's export runs the indicator in their scope: their district only
  const d = await who.district.call('GET', '/api/v1/exports/dhis2?period=202611');
  assert.deepEqual(d.body.dataValues.filter((v) => v.dataElement.startsWith('SW_POSTS_LEFT')).map((v) => [v.orgUnit, v.categoryOptionCombo, v.value]),
    [['R1-D1', undefined, '1'], ['R1-D1', 'FEMALE', '1'], ['R1-D1', 'MALE', '0']]);
});

test('quarterly and yearly periods sum the months; a bad period is refused by name', async () => {
  const q = await who.national.call('GET', '/api/v1/exports/dhis2?period=2026Q4');
  assert.equal(q.status, 200, q.text);
  assert.equal(q.body.period, '2026Q4');
  assert.equal(valueOf(q.body, 'SW_HOME_VISITS', 'R1-D1'), '160'); // 7 + 3 + 100 + 50
  assert.equal(valueOf(q.body, 'SW_SUPERVISION_SESSIONS', 'R1-D1'), '2');
  const y = await who.national.call('GET', '/api/v1/exports/dhis2?period=2025');
  assert.equal(valueOf(y.body, 'SW_HOME_VISITS', 'R1-D1'), '0');
  for (const bad of ['2026-11', '202613', '2026Q5', 'x']) {
    const r = await who.national.call('GET', `/api/v1/exports/dhis2?period=${bad}`);
    assert.equal(r.status, 422, `${bad}: ${r.text}`);
    assert.equal(r.body.error.field, 'period');
  }
  const f = await who.national.call('GET', '/api/v1/exports/dhis2?period=202611&format=csv');
  assert.equal(f.body.error.field, 'format');
});

test('ADX: urn:ihe:qrph:adx:2015, a group per district with ISO 8601 period, codes as attributes', async () => {
  const r = await who.national.call('GET', '/api/v1/exports/dhis2?period=202611&format=adx');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/adx+xml');
  const x = r.text;
  assert.match(x, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<adx xmlns="urn:ihe:qrph:adx:2015" exported="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z">/);
  const groups = [...x.matchAll(/<group orgUnit="([^"]+)" period="([^"]+)" dataSet="([^"]+)">([\s\S]*?)<\/group>/g)];
  assert.deepEqual(groups.map((g) => g[1]).sort(), ['R1-D1', 'R1-D2', 'R2-D1']);
  for (const [, , period, ds, body] of groups) {
    assert.equal(period, '2026-11-01/P1M');
    assert.equal(ds, 'SW_WORKFORCE_MONTHLY');
    assert.equal([...body.matchAll(/<dataValue /g)].length, ROWS);
  }
  const d1 = groups.find((g) => g[1] === 'R1-D1')[4];
  assert.match(d1, /<dataValue dataElement="SW_HC_PSW" categoryOptionCombo="FEMALE" value="2"\/>/);
  assert.match(d1, /<dataValue dataElement="SW_POSTS_SWO_VACANT" value="1"\/>/);
  assert.match(x, /<\/adx>\n$/);
  const q = await who.national.call('GET', '/api/v1/exports/dhis2?period=2026Q4&format=adx');
  assert.match(q.text, /period="2026-10-01\/P3M"/);
});

test('scope: a district officer exports their district only; --org-unit narrows; analysts may, trainers may not', async () => {
  const r = await who.district.call('GET', '/api/v1/exports/dhis2?period=202611');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([...new Set(r.body.dataValues.map((v) => v.orgUnit))], ['R1-D1']);
  assert.equal(valueOf(r.body, 'SW_HC_PSW', 'R1-D1', 'FEMALE'), '2');
  const outside = await who.district.call('GET', '/api/v1/exports/dhis2?period=202611&org_unit=R2-D1');
  assert.equal(outside.status, 422);
  assert.equal(outside.body.error.field, 'org_unit');
  const narrowed = await who.national.call('GET', '/api/v1/exports/dhis2?period=202611&org_unit=R2');
  assert.deepEqual([...new Set(narrowed.body.dataValues.map((v) => v.orgUnit))], ['R2-D1']);
  const ward = await who.national.call('GET', '/api/v1/exports/dhis2?period=202611&org_unit=R1-D1-W1');
  assert.equal(ward.status, 200, ward.text);
  assert.deepEqual(ward.body.dataValues, [], 'below the reported level: no values, not a partial district');
  assert.equal((await who.analyst.call('GET', '/api/v1/exports/dhis2?period=202611')).status, 200);
  assert.equal((await who.trainer.call('GET', '/api/v1/exports/dhis2?period=202611')).status, 403);
});

test('kazi export dhis2 prints the same document as the API', async () => {
  const api = await who.national.call('GET', '/api/v1/exports/dhis2?period=202611');
  const cli = kazi(['export', 'dhis2', '--data', srv.data, '--period', '202611']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout), api.body);
  const adx = kazi(['export', 'dhis2', '--data', srv.data, '--period', '202611', '--format', 'adx', '--org-unit', 'R1-D1']);
  assert.equal(adx.status, 0, adx.stderr);
  assert.equal([...adx.stdout.matchAll(/<group /g)].length, 1);
  const bad = kazi(['export', 'dhis2', '--data', srv.data, '--period', '2026-11']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /period must be YYYYMM/);
  // a country whose configuration maps nothing to DHIS2
  const kenya = join(tmp, 'kenya');
  assert.equal(kazi(['init', '--data', kenya, '--country', 'kenya']).status, 0);
  const none = kazi(['export', 'dhis2', '--data', kenya, '--period', '202611']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /maps nothing to DHIS2 \(no kazi\.dhis2\{\}\)/);
});

// ---- push ----------------------------------------------------------------------------------

const TOKEN = 'd2pat_5xVA12xyUbWNedQxy4ohH77WlxRGVvZZ1151814092';
const SCHEMES = /^(uid|code|name|attribute:[A-Za-z0-9]{11})$/;
const PARAMS = {
  dryRun: /^(true|false)$/, importStrategy: /^(CREATE|UPDATE|CREATE_AND_UPDATE|DELETE)$/,
  idScheme: SCHEMES, dataElementIdScheme: SCHEMES, orgUnitIdScheme: SCHEMES,
  categoryOptionComboIdScheme: SCHEMES, dataSetIdScheme: SCHEMES, preheatCache: /^(true|false)$/,
  skipExistingCheck: /^(true|false)$/, async: /^false$/, force: /^(true|false)$/,
};

/** A stand-in for DHIS2's POST /api/dataValueSets: refuses anything its docs do not
 * describe, and answers with the documented import summary (a WebMessage wrapping an
 * ImportSummary). `conflict` makes it report one org unit it does not know. */
async function fakeDhis2() {
  const seen = [];
  let conflict = false;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const answer = (status, doc) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(doc)); };
      const url = new URL(req.url, 'http://x');
      if (req.method !== 'POST' || url.pathname !== '/api/dataValueSets') return answer(404, { httpStatus: 'Not Found', httpStatusCode: 404, status: 'ERROR', message: 'no such resource' });
      if (req.headers.authorization !== `ApiToken ${TOKEN}`) return answer(401, { httpStatus: 'Unauthorized', httpStatusCode: 401, status: 'ERROR', message: 'Unauthorized' });
      for (const [k, v] of url.searchParams) if (!PARAMS[k] || !PARAMS[k].test(v)) return answer(400, { httpStatus: 'Bad Request', httpStatusCode: 400, status: 'ERROR', message: `bad parameter ${k}` });
      const type = req.headers['content-type'];
      let values;
      if (type === 'application/json') {
        const doc = JSON.parse(body);
        if (!Array.isArray(doc.dataValues)) return answer(400, { status: 'ERROR', message: 'no dataValues' });
        values = doc.dataValues.length;
      } else if (type === 'application/adx+xml') {
        if (!body.includes('<adx xmlns="urn:ihe:qrph:adx:2015"')) return answer(400, { status: 'ERROR', message: 'not ADX' });
        values = body.match(/<dataValue /g).length;
      } else return answer(415, { httpStatus: 'Unsupported Media Type', httpStatusCode: 415, status: 'ERROR', message: `${type}` });
      seen.push({ params: Object.fromEntries(url.searchParams), type, values, body });
      if (conflict) {
        return answer(409, { httpStatus: 'Conflict', httpStatusCode: 409, status: 'WARNING', message: 'One more conflicts encountered, please check import summary.',
          response: { responseType: 'ImportSummary', status: 'WARNING', importOptions: { dryRun: false },
            description: 'Import process completed with conflicts',
            importCount: { imported: values - ROWS, updated: 0, ignored: ROWS, deleted: 0 },
            conflicts: [{ object: 'R2-D1', objects: { organisationUnit: 'R2-D1' }, value: 'Org unit not found or not accessible: `R2-D1`', errorCode: 'E7612', property: 'orgUnit', indexes: [30] }],
            rejectedIndexes: [30], dataSetComplete: 'false' } });
      }
      return answer(200, { httpStatus: 'OK', httpStatusCode: 200, status: 'OK', message: 'Import was successful.',
        response: { responseType: 'ImportSummary', status: 'SUCCESS', importOptions: { dryRun: url.searchParams.get('dryRun') === 'true' },
          description: 'Import process completed successfully', importCount: { imported: values, updated: 0, ignored: 0, deleted: 0 },
          conflicts: [], dataSetComplete: 'false' } });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${server.address().port}`, seen, server, setConflict: (v) => { conflict = v; } };
}

/** Run the CLI without blocking this process (the fake DHIS2 answers from it). */
function kaziAsync(args) {
  const p = spawn(KAZI, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  p.stdout.on('data', (c) => { stdout += c; });
  p.stderr.on('data', (c) => { stderr += c; });
  return new Promise((resolve) => p.on('close', (status) => resolve({ status, stdout, stderr })));
}

const pushes = async () => {
  const r = await who.admin.call('GET', '/api/v1/audit?action=dhis2.push&limit=10');
  assert.equal(r.status, 200, r.text);
  return r.body.audit;
};

test('kazi push dhis2: the documented request, the import summary printed and audited', async () => {
  const d = await fakeDhis2();
  try {
    const tokenFile = join(tmp, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const base = ['push', 'dhis2', '--data', srv.data, '--period', '202611', '--url', `${d.url}/`, '--token-file', tokenFile];
    // a dry run, JSON
    const dry = await kaziAsync([...base, '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr + dry.stdout);
    assert.equal(d.seen.length, 1);
    assert.deepEqual(d.seen[0].params, { dryRun: 'true', importStrategy: 'CREATE_AND_UPDATE', idScheme: 'code', orgUnitIdScheme: 'code' });
    assert.equal(d.seen[0].type, 'application/json');
    assert.equal(d.seen[0].values, 3 * ROWS);
    const printed = JSON.parse(dry.stdout);
    assert.equal(printed.status, 'SUCCESS');
    assert.equal(printed.imported, 3 * ROWS);
    // ADX, for real, and DHIS2 reports a conflict: the command fails and says so
    d.setConflict(true);
    const adx = await kaziAsync([...base, '--format', 'adx']);
    assert.equal(adx.status, 1, adx.stderr);
    assert.match(adx.stderr, /WARNING \(1 conflicts\)/);
    assert.equal(d.seen[1].type, 'application/adx+xml');
    assert.equal(d.seen[1].params.dryRun, 'false');
    // a wrong token: DHIS2's 401 has no import summary; the command fails, still audited
    writeFileSync(tokenFile, 'd2pat_wrong\n');
    const denied = await kaziAsync(base);
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /DHIS2 answered 401 without an import summary/);
    assert.equal(d.seen.length, 2, 'the fake refused it before import');

    const rows = await pushes();
    assert.equal(rows.length, 3);
    const [unauth, conflict, ok] = rows.map((row) => row.after ?? row);
    assert.equal(ok.status, 'SUCCESS');
    assert.equal(ok.dry_run, true);
    assert.equal(ok.imported, 3 * ROWS);
    assert.equal(ok.http_status, 200);
    assert.equal(ok.url, d.url, 'the base URL, without the trailing slash');
    assert.equal(ok.format, 'json');
    assert.equal(ok.period, '202611');
    assert.equal(ok.values, 3 * ROWS);
    assert.equal(conflict.status, 'WARNING');
    assert.equal(conflict.http_status, 409);
    assert.deepEqual([conflict.imported, conflict.updated, conflict.ignored, conflict.deleted], [2 * ROWS, 0, ROWS, 0]);
    assert.deepEqual(conflict.conflicts, [{ object: 'R2-D1', value: 'Org unit not found or not accessible: `R2-D1`', errorCode: 'E7612', property: 'orgUnit' }]);
    assert.equal(conflict.format, 'adx');
    assert.equal(unauth.status, 'NO_SUMMARY');
    assert.equal(unauth.http_status, 401);
    assert.ok(!JSON.stringify(rows).includes('d2pat_'), 'no token in the audit trail');
    assert.ok(rows.every((row) => (row.entity_type ?? 'dhis2') === 'dhis2' && (row.entity_id ?? '202611') === '202611'));
  } finally {
    d.server.close();
  }
});

test('kazi push dhis2: an unreachable DHIS2 or a bad URL is a clear error', async () => {
  const tokenFile = join(tmp, 'token2');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const base = ['push', 'dhis2', '--data', srv.data, '--period', '202611', '--token-file', tokenFile];
  const ftp = await kaziAsync([...base, '--url', 'ftp://127.0.0.1/']);
  assert.equal(ftp.status, 1);
  assert.match(ftp.stderr, /http:\/\/ or https:\/\//);
  const noToken = await kaziAsync(['push', 'dhis2', '--data', srv.data, '--period', '202611', '--url', 'http://127.0.0.1:1', '--token-file', join(tmp, 'missing')]);
  assert.equal(noToken.status, 1);
  assert.match(noToken.stderr, /cannot read/);
  const down = await kaziAsync([...base, '--url', 'http://127.0.0.1:1']);
  assert.equal(down.status, 1);
  assert.match(down.stderr, /could not POST to http:\/\/127\.0\.0\.1:1\/api\/dataValueSets/);
});
