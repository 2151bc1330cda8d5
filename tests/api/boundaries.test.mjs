// Org-unit boundaries for the coverage map (issue 16 point 5): a GeoJSON
// FeatureCollection keyed by org-unit code, imported all or nothing with a numbered
// report, a large boundary thinned to the size limit, read back per level for the
// caller's scope only; and the same import from the shell (`kazi import boundaries`).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kazi, tempDir } from './lib/server.mjs';
import { startAccessServer, seed, mustLogin, initWithAdmin } from './lib/access.mjs';

const square = (x, y, d = 1) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const feature = (code, coordinates, type = 'Polygon') => ({ type: 'Feature', properties: { code }, geometry: { type, coordinates } });
const fc = (features) => ({ type: 'FeatureCollection', features });

describe('org-unit boundaries', () => {
  let srv, admin, national, district;
  before(async () => {
    srv = await startAccessServer();
    ({ admin } = await seed(srv));
    national = await mustLogin(srv, 'national');
    district = await mustLogin(srv, 'district');
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('a file with problems is refused whole, each problem with its feature number', async () => {
    const r = await admin.call('POST', '/api/v1/boundaries/import', { body: fc([
      feature('R1-D1', square(36, -3)),
      feature('NOPE', square(37, -3)),
      feature('R1-D2', [[[36, -3], [37, -3], [37, -2], [36, -3.5]]]), // not closed
      feature('R2-D1', [[[200, 0], [201, 0], [201, 1], [200, 0]]]),
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } },
    ]) });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.code, 'invalid_geojson');
    assert.deepEqual(r.body.error.rows.map((e) => [e.row, e.field]),
      [[2, 'code'], [3, 'geometry'], [4, 'geometry'], [5, 'code']]);
    assert.match(r.body.error.rows[0].message, /no such org unit 'NOPE'/);
    assert.match(r.body.error.rows[1].message, /end where it starts/);
    const got = await national.call('GET', '/api/v1/boundaries?level=district');
    assert.deepEqual(got.body.features, [], 'nothing was stored, not even the good first feature');
  });

  test('boundaries are stored, a large one thinned, and read back per level within scope', async () => {
    // a circle of 5,001 positions (the last closes it): thinned to the limit of 2,000
    const circle = [];
    for (let i = 0; i < 5000; i++) circle.push([37 + Math.cos(i / 5000 * 2 * Math.PI), -3 + Math.sin(i / 5000 * 2 * Math.PI)]);
    circle.push(circle[0]);
    const r = await admin.call('POST', '/api/v1/boundaries/import', { body: fc([
      feature('R1-D1', square(36.123456789, -3)),
      feature('R1-D2', [circle]),
      feature('R2-D1', [square(38, -4), square(39, -4)], 'MultiPolygon'),
    ]) });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { stored: 3, simplified: 1 });
    const all = await national.call('GET', '/api/v1/boundaries?level=district');
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body.features.map((f) => f.properties.code), ['R1-D1', 'R1-D2', 'R2-D1']);
    const [d1, d2] = all.body.features;
    // coordinates rounded to five decimals (about a metre)
    assert.deepEqual(d1.geometry.coordinates[0][0][0], [36.12346, -3]);
    const kept = d2.geometry.coordinates[0][0];
    assert.ok(kept.length <= 2000 && kept.length >= 1000, `kept ${kept.length}`);
    assert.deepEqual(kept[0], kept[kept.length - 1], 'the ring still closes');
    // the district officer sees only Arusha City's
    const mine = await district.call('GET', '/api/v1/boundaries?level=district');
    assert.deepEqual(mine.body.features.map((f) => f.properties.code), ['R1-D1']);
    const bad = await national.call('GET', '/api/v1/boundaries?level=nowhere');
    assert.equal(bad.body.error.field, 'level');
    // outside the officer's scope reads like an unknown code
    const out = await district.call('POST', '/api/v1/boundaries/import', { body: fc([feature('R2-D1', square(1, 1))]) });
    assert.equal(out.status, 403, out.text); // district officers do not write org units
  });

  test('kazi import boundaries FILE from the shell', () => {
    const data = initWithAdmin();
    const dir = tempDir();
    const units = join(dir, 'units.csv');
    writeFileSync(units, 'code,name,parent_code,level\nTZ,Tanzania,,country\nR1,Arusha,TZ,region\n');
    assert.equal(kazi(['import', 'org-units', '--data', data, units]).status, 0);
    const file = join(dir, 'regions.geojson');
    writeFileSync(file, JSON.stringify(fc([feature('R1', square(36, -4))])));
    const ok = kazi(['import', 'boundaries', '--data', data, file]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Imported 1 boundaries \(0 simplified\)/);
    writeFileSync(file, JSON.stringify(fc([feature('R9', square(36, -4))])));
    const bad = kazi(['import', 'boundaries', '--data', data, file]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /row 1, column 0 \(code\): no such org unit 'R9'/);
  });
});
