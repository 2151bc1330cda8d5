// Synthetic data (issue 6, point 7): `kazi demo-data` builds a Tanzania-shaped country
// deterministically, only into an empty register, and the registry serves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { kazi } from './lib/server.mjs';
import { initWithAdmin, startAccessServer, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

const dump = (data) => execFileSync('sqlite3', [`${data}/kazi.db`,
  'SELECT given_name, family_name, other_names, sex, birth_date, phone, languages, residence_org_unit_id FROM person ORDER BY id;' +
  'SELECT type, value, person_id FROM person_identifier ORDER BY 1, 2;' +
  'SELECT code, cadre, level, org_unit_id, organisation_id, approved FROM position ORDER BY id;' +
  'SELECT person_id, position_id, start_date, end_date, engagement, pay_amount, end_reason FROM assignment ORDER BY id;' +
  'SELECT code, name, path FROM org_unit ORDER BY id;'], { encoding: 'utf8', maxBuffer: 1 << 28 });

test('the same seed gives the same country; another seed another', () => {
  const a = initWithAdmin(), b = initWithAdmin(), c = initWithAdmin();
  for (const [d, seed] of [[a, '5'], [b, '5'], [c, '6']]) {
    const r = kazi(['demo-data', '--data', d, '--people', '400', '--seed', seed]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Generated 15672 org units, \d+ organisations, 400 people/);
  }
  assert.equal(dump(a), dump(b));
  assert.notEqual(dump(a), dump(c));
  const again = kazi(['demo-data', '--data', a, '--people', '10']);
  assert.equal(again.status, 1, 'only into an empty register');
  assert.match(again.stderr, /empty register/);
  assert.equal(kazi(['demo-data', '--data', a]).status, 2);
  assert.equal(kazi(['demo-data', '--data', a, '--people', 'many']).status, 2);
});

test('the generated country is shaped like Tanzania and searchable', async () => {
  const data = initWithAdmin();
  assert.equal(kazi(['demo-data', '--data', data, '--people', '2000', '--seed', '11']).status, 0);
  const srv = await startAccessServer({ data });
  try {
    const admin = await mustLogin(srv, ADMIN, ADMIN_PW);
    const top = await admin.call('GET', '/api/v1/org-units');
    const tz = top.body.org_units[0];
    assert.equal(tz.code, 'TZ');
    const regions = await admin.call('GET', `/api/v1/org-units/${tz.id}/children?limit=100`);
    assert.equal(regions.body.org_units.length, 31);
    assert.ok(regions.body.org_units.some((u) => u.name === 'Kusini Pemba'));
    const people = await admin.call('GET', '/api/v1/people?limit=1');
    assert.equal(people.body.total, 2000);
    const psw = await admin.call('GET', '/api/v1/people?cadre=psw&limit=1');
    const swo = await admin.call('GET', '/api/v1/people?cadre=swo&limit=1');
    assert.ok(psw.body.total > 5 * swo.body.total, 'many more para social workers than officers');
    assert.ok(swo.body.total > 0);
    const vacant = await admin.call('GET', '/api/v1/positions?vacant=true&limit=1');
    assert.ok(vacant.body.total > 50);
    const women = await admin.call('GET', '/api/v1/people?sex=female&limit=1');
    assert.ok(women.body.total > 900 && women.body.total < 1400);
    const one = people.body.items[0];
    assert.match(one.identifiers[0].value, /^\d{8}-\d{5}-\d{5}-\d{2}$/);
    const asg = await admin.call('GET', '/api/v1/exports/assignments.json');
    const kinds = new Set(asg.body.map((a) => a.engagement));
    assert.deepEqual([...kinds].sort(), ['salaried', 'stipend', 'volunteer']);
    assert.ok(asg.body.some((a) => a.end_reason === 'promotion'), 'some history');
  } finally {
    assert.equal(await srv.stop(), 0);
  }
});
