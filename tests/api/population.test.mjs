// Population denominators (issue 16 point 1): figures by org unit, year and population
// group imported from CSV (all or nothing, with a row-numbered report), only for units
// in the caller's scope, and read back rolled up the hierarchy: a unit's own figure, or
// the sum of the units below it (said: source "sum", with the children left out), and a
// year without any figure said as missing, never guessed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { kazi } from './lib/server.mjs';
import { startAccessServer, seed, mustLogin } from './lib/access.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const csv = (lines) => ({ raw: lines.join('\n') + '\n', headers: { 'content-type': 'text/csv' } });

describe('population figures', () => {
  let srv, fx, national, district, analyst;
  const pop = (who, code, q = '') => who.call('GET', `/api/v1/org-units/${fx.units[code]}/population${q}`);
  const fig = (body, year, group) => body.figures.find((f) => f.year === year && f.group === group);

  before(async () => {
    srv = await startAccessServer();
    fx = await seed(srv);
    national = await mustLogin(srv, 'national');
    district = await mustLogin(srv, 'district');
    analyst = await mustLogin(srv, 'analyst');
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('a file with problems is refused whole, each problem with its row and column', async () => {
    const r = await national.call('POST', '/api/v1/population/import', csv([
      'org_unit,year,total,adults',
      'R1-D2,2025,2000,',
      'R1-D2,2025,2100,', // the same unit and year twice
      'NOPE,2025,10,',
      'R2,1800,10,',
      'R2,2025,-5,',
    ]));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.code, 'invalid_csv');
    const at = r.body.error.rows.map((e) => [e.row, e.column, e.field]);
    assert.deepEqual(at, [[1, 4, 'adults'], [3, 1, 'org_unit'], [4, 1, 'org_unit'], [5, 2, 'year'], [6, 3, 'total']]);
    assert.match(r.body.error.rows[0].message, /unknown column 'adults'.*"total","children"/);
    assert.match(r.body.error.rows[1].message, /row for 2025 already \(row 2\)/);
    // nothing was written, not even the good first row
    const d2 = await pop(national, 'R1-D2', '?year=2025');
    assert.equal(d2.status, 200, d2.text);
    assert.deepEqual(fig(d2.body, 2025, 'total'),
      { year: 2025, group: 'total', count: null, source: null, missing: true, figures: 0, missing_units: [] });
  });

  test('figures roll up: own figure first, else the sum below, and a missing year is said', async () => {
    const r = await national.call('POST', '/api/v1/population/import', csv([
      'org_unit,year,total,children',
      'R1-D1-W1,2025,300,120', // the district R1-D1 has no figure: its ward's is used
      'R1-D2,2025,2000,800',
      'R2,2025,5000,', // the region's own figure wins over its district's
      'R2-D1,2025,4800,2000',
    ]));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { figures: 7, rows: 4 });

    const r1 = await pop(national, 'R1', '?year=2025');
    assert.equal(r1.status, 200, r1.text);
    assert.deepEqual(r1.body.groups, ['total', 'children']);
    assert.deepEqual(fig(r1.body, 2025, 'total'),
      { year: 2025, group: 'total', count: 2300, source: 'sum', missing: false, figures: 2, missing_units: [] });
    const r2 = await pop(national, 'R2', '?year=2025');
    assert.equal(fig(r2.body, 2025, 'total').count, 5000);
    assert.equal(fig(r2.body, 2025, 'total').source, 'own');
    // R2 has no children figure of its own: its district's
    assert.equal(fig(r2.body, 2025, 'children').count, 2000);
    assert.equal(fig(r2.body, 2025, 'children').source, 'sum');
    const tz = await pop(national, 'TZ');
    assert.equal(tz.body.year, null);
    assert.deepEqual(tz.body.figures.map((f) => [f.year, f.group, f.count, f.source, f.figures]),
      [[2025, 'total', 7300, 'sum', 3], [2025, 'children', 2920, 'sum', 3]]);
    // a year without any figure at or below the unit: missing, not a guess
    const y26 = await pop(national, 'TZ', '?year=2026');
    assert.deepEqual(y26.body.figures.map((f) => [f.group, f.count, f.missing]),
      [['total', null, true], ['children', null, true]]);

    // a partial sum names the child units it leaves out
    const part = await national.call('POST', '/api/v1/population/import', csv(['org_unit,year,total', 'R1-D2,2024,1900']));
    assert.equal(part.status, 200, part.text);
    const r124 = await pop(national, 'R1', '?year=2024');
    assert.deepEqual(fig(r124.body, 2024, 'total'),
      { year: 2024, group: 'total', count: 1900, source: 'sum', missing: false, figures: 1, missing_units: ['R1-D1'] });
    assert.equal(fig(r124.body, 2024, 'children').missing, true);

    const bad = await pop(national, 'TZ', '?year=20x');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'year');
  });

  test('a district officer imports and reads only inside their district', async () => {
    // R1-D2 is outside the officer's district (R1-D1): refused exactly like an unknown unit
    const out = await district.call('POST', '/api/v1/population/import', csv(['org_unit,year,total', 'R1-D2,2025,1']));
    assert.equal(out.status, 422, out.text);
    assert.equal(out.body.error.rows[0].message, "no such org unit 'R1-D2'");
    const inside = await district.call('POST', '/api/v1/population/import', csv(['org_unit,year,total', 'R1-D1-W1-V1,2025,250']));
    assert.equal(inside.status, 200, inside.text);
    const d1 = await pop(district, 'R1-D1', '?year=2025');
    assert.equal(d1.status, 200, d1.text);
    assert.equal(fig(d1.body, 2025, 'total').count, 300, 'the ward figure covers its village');
    for (const code of ['R1', 'R1-D2', 'TZ', 'R2']) assert.equal((await pop(district, code)).status, 404, code);
    // the outside figures were not changed by the refused file
    assert.equal(fig((await pop(national, 'R1-D2', '?year=2025')).body, 2025, 'total').count, 2000);
  });

  test('the analyst reads figures but may not import them', async () => {
    const r = await analyst.call('POST', '/api/v1/population/import', csv(['org_unit,year,total', 'R1,2025,1']));
    assert.equal(r.status, 403, r.text);
    assert.equal((await pop(analyst, 'R1', '?year=2025')).status, 200);
  });

  test('kazi import population writes the same figures from the shell', async () => {
    const file = join(srv.data, 'population.csv');
    writeFileSync(file, 'org_unit,year,total,children\nR1-D1,2027,310,130\n');
    const ok = kazi(['import', 'population', '--data', srv.data, file]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Imported 2 population figures \(1 rows\)/);
    const d1 = await pop(national, 'R1-D1', '?year=2027');
    assert.equal(fig(d1.body, 2027, 'children').count, 130);
    assert.equal(fig(d1.body, 2027, 'children').source, 'own');
    writeFileSync(file, 'org_unit,year,total\nR1-D1,2027,many\n');
    const bad = kazi(['import', 'population', '--data', srv.data, file]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /row 2, column 3 \(total\): total must be a whole number/);
  });
});
