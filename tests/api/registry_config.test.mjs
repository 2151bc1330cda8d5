// The registry asks the live configuration (Tanzania's Lua files) what a valid
// record is: its cadres, org-unit levels, custom fields and validate hooks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, personBody, createPosition } from './lib/registry.mjs';

let s;
before(async () => { s = await registryServer(); });
after(async () => { assert.equal(await s.srv.stop(), 0, 'server exits cleanly'); });

test('a cadre the configuration does not declare is refused; a declared one is accepted', async () => {
  const bad = await s.who.national.call('POST', '/api/v1/positions', {
    body: { title: 'x', org_unit_id: s.ids.V1, organisation_id: s.ids.GOV, cadre: 'para_social_worker', level: 'village' },
  });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.body.error.field, 'cadre');
  for (const cadre of ['psw', 'psw-supervisor', 'pcdw', 'acyc']) {
    const ok = await createPosition(s.who.national, s.ids, { cadre });
    assert.equal(ok.cadre, cadre);
  }
});

test('levels come from the country declaration', async () => {
  const r = await s.who.national.call('POST', '/api/v1/positions', {
    body: { title: 'x', org_unit_id: s.ids.V1, organisation_id: s.ids.GOV, cadre: 'psw', level: 'kijiji' },
  });
  assert.equal(r.status, 422);
  assert.equal(r.body.error.field, 'level');
});

test("the configuration's position.validate hook runs before the write", async () => {
  const before = await s.who.national.call('GET', '/api/v1/positions?cadre=swa');
  const r = await s.who.national.call('POST', '/api/v1/positions', {
    body: { title: 'SWA', org_unit_id: s.ids.V1, organisation_id: s.ids.GOV, cadre: 'swa', level: 'village' },
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'level');
  assert.match(r.body.error.message, /ward level/);
  const afterList = await s.who.national.call('GET', '/api/v1/positions?cadre=swa');
  assert.equal(afterList.body.total, before.body.total, 'nothing written');
});

test('custom fields are checked against their declarations, by name', async () => {
  const lang = await s.who.national.call('POST', '/api/v1/people', {
    body: personBody(s.ids, { custom: { languages: ['sw', 'klingon'] } }),
  });
  assert.equal(lang.status, 422, lang.text);
  assert.equal(lang.body.error.field, 'custom.languages');
  // The NIDA number's Lua pattern and validate function (country-config/tanzania/fields.lua).
  const nida = await s.who.national.call('POST', '/api/v1/people', {
    body: personBody(s.ids, { custom: { nida: '1234' } }),
  });
  assert.equal(nida.status, 422, nida.text);
  assert.equal(nida.body.error.field, 'custom.nida');
  const undeclared = await s.who.national.call('POST', '/api/v1/people', {
    body: personBody(s.ids, { custom: { shoe_size: '42' } }),
  });
  assert.equal(undeclared.status, 422);
  assert.equal(undeclared.body.error.field, 'custom');
  const ok = await s.who.national.call('POST', '/api/v1/people', {
    body: personBody(s.ids, { custom: { languages: ['sw', 'maasai'], nida: '19900412-12345-00001-22', village_council_letter: true } }),
  });
  assert.equal(ok.status, 201, ok.text);
  assert.deepEqual(ok.body.custom.languages, ['sw', 'maasai']);
});

test('the import template carries the configuration\'s custom fields', async () => {
  const r = await s.who.national.call('GET', '/api/v1/imports/templates/people.csv');
  assert.equal(r.status, 200);
  const header = r.text.split(/\r?\n/)[0];
  assert.match(header, /custom\.nida/);
  assert.match(header, /custom\.languages/);
});
