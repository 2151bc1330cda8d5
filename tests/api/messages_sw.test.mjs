// Names, not ids — in the chosen language (issue 15, point 3): the messages of
// messages.test.mjs asked for in Swahili (Tanzania: ?lang=sw and Accept-Language: sw) name
// the cadres by their Swahili names, the person by their name and the field in Swahili
// words (core/i18n/sw.json); a rule's missing items come back with their text in the chosen
// language, also in Chichewa, a language Kazi does not ship (Lakeland: ?lang=ny).
// Needs the request-language negotiation (i18ncore) as well as the wording (i18nnames).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registryServer, createPerson, createPosition } from './lib/registry.mjs';
import { lakelandServer, LAKELAND } from './lib/lakeland.mjs';
import { kazi } from './lib/server.mjs';

describe('Kazi\'s messages in Swahili (Tanzania)', () => {
  let s, names, psw, psw2, sup, acyc;
  const sw = { headers: { 'accept-language': 'sw' } };
  before(async () => {
    s = await registryServer();
    const cat = await s.who.admin.call('GET', '/api/v1/catalogue');
    // the cadres' Swahili names as the configuration declares them ({en, sw} per cadre)
    names = Object.fromEntries(cat.body.cadres.map((c) => {
      const n = c.names ?? c.name;
      return [c.id, typeof n === 'string' ? n : n.sw];
    }));
    assert.equal(names.psw, 'Mhudumu wa ustawi wa jamii wa kijiji');
    const place = async (given, cadre) => {
      const p = await createPerson(s.who.national, s.ids, { given_name: given, family_name: 'Mushi' });
      const pos = await createPosition(s.who.national, s.ids, { cadre });
      const a = await s.who.national.call('POST', '/api/v1/assignments',
        { body: { person_id: p.id, position_id: pos.id, start_date: '2024-01-01', engagement: 'volunteer' } });
      assert.equal(a.status, 201, a.text);
      return p;
    };
    psw = await place('Neema', 'psw');
    psw2 = await place('Rehema', 'psw');
    sup = await place('Zawadi', 'psw-supervisor');
    acyc = await place('Baraka', 'acyc');
  });
  after(async () => { if (s) assert.equal(await s.srv.stop(), 0, 'server exits cleanly'); });

  test('the end before the start, in Swahili words; "field" keeps the machine name', async () => {
    const r = await s.who.admin.call('POST', '/api/v1/training-events?lang=sw', { body: { course: 'psw-level-1',
      venue_org_unit_id: s.ids.D1, start_date: '2026-03-10', end_date: '2026-03-01', capacity: 10 } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'end_date');
    assert.equal(r.body.error.message, 'Tarehe ya mwisho iko kabla ya tarehe ya kuanza');
  });

  test('a supervisor of the wrong cadre: the cadres by their Swahili names, joined with "au"', async () => {
    const r = await s.who.national.call('POST', '/api/v1/supervisions', { body: { person_id: psw.id,
      supervisor_person_id: psw2.id, type: 'individual', start_date: '2024-02-01' }, ...sw });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'supervisor_person_id');
    assert.equal(r.body.error.message, `${names.psw} lazima asimamiwe na ${names['psw-supervisor']}, ` +
      `${names.swa} au ${names.swo} (msimamizi ni ${names.psw})`);
  });

  test('a supervision rule\'s reason given per language comes back in Swahili', async () => {
    const r = await s.who.national.call('POST', '/api/v1/supervisions?lang=sw', { body: { person_id: acyc.id,
      supervisor_person_id: sup.id, type: 'individual', start_date: '2024-02-01' } });
    assert.equal(r.status, 422, r.text);
    assert.match(r.body.error.message, /lazima asimamiwe na msaidizi wa ustawi wa jamii au afisa ustawi wa jamii/);
  });

  test('enrolling twice names the trainee in a Swahili sentence', async () => {
    const ev = await s.who.admin.call('POST', '/api/v1/training-events', { body: { course: 'psw-level-1',
      venue_org_unit_id: s.ids.D1, start_date: '2026-03-01', end_date: '2026-03-10', capacity: 10 } });
    assert.equal(ev.status, 201, ev.text);
    const path = `/api/v1/training-events/${ev.body.id}/enrolments`;
    assert.equal((await s.who.admin.call('POST', path, { body: { person_id: sup.id } })).status, 201);
    const again = await s.who.admin.call('POST', `${path}?lang=sw`, { body: { person_id: sup.id } });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.error.message, `Zawadi ${sup.family_name} tayari ameandikishwa katika tukio hili`);
  });

  test('"hold a current <cadre> post" comes back in Swahili with the Swahili name', async () => {
    const r = await s.who.national.call('GET', `/api/v1/people/${sup.id}/career?lang=sw`);
    assert.equal(r.status, 200, r.text);
    const item = r.body.others.flatMap((m) => m.missing).find((x) => x.from_cadre === 'psw');
    assert.ok(item, JSON.stringify(r.body));
    assert.equal(item.text, `awe na nafasi ya sasa ya ${names.psw}`);
  });
});

describe('a rule\'s missing items in a language Kazi does not ship (Lakeland, Chichewa)', () => {
  let srv, admin, people;
  before(async () => {
    ({ srv, admin, people } = await lakelandServer());
  });
  after(async () => { if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('?lang=ny: each missing item\'s text is the rule\'s Chichewa words', async () => {
    const r = await admin.call('GET', `/api/v1/people/${people.chisomo}/eligibility?lang=ny`);
    assert.equal(r.status, 200, r.text);
    const cert = r.body.items.find((x) => x.certification === 'ccv-certificate');
    assert.ok(cert.missing.length > 0, JSON.stringify(cert));
    const induction = cert.missing.find((m) => m.en === 'complete the course Community care induction');
    assert.equal(induction.text, 'malizani maphunziro oyamba a chisamaliro');
    const en = await admin.call('GET', `/api/v1/people/${people.chisomo}/eligibility`, { headers: { 'accept-language': 'en' } });
    assert.equal(en.body.items.find((x) => x.certification === 'ccv-certificate').missing
      .find((m) => m.en === 'complete the course Community care induction').text, 'complete the course Community care induction');
  });
});

describe('Kazi\'s own words in a language Kazi does not ship (Lakeland, Chichewa)', () => {
  let srv, admin, people;
  before(async () => {
    ({ srv, admin, people } = await lakelandServer());
  });
  after(async () => { if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('a field label ny.lua gives reads in Chichewa; one it does not give falls back to English', async () => {
    const r = await admin.call('POST', '/api/v1/supervisions?lang=ny', { body: { person_id: people.chisomo,
      supervisor_person_id: people.mphatso, type: 'individual' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'start_date');
    assert.equal(r.body.error.message, 'Tsiku loyambira ikufunika');
    const other = await admin.call('POST', '/api/v1/supervisions?lang=ny', { body: { person_id: people.chisomo,
      supervisor_person_id: people.mphatso, start_date: '2024-01-01' } });
    assert.equal(other.status, 422, other.text);
    assert.equal(other.body.error.field, 'type');
    assert.equal(other.body.error.message, 'Type ikufunika', 'no Chichewa label: the first language\'s (English)');
  });

  test('a list of alternatives is joined with Chichewa\'s "or"', async () => {
    const r = await admin.call('POST', '/api/v1/supervisions?lang=ny', { body: { person_id: people.chisomo,
      supervisor_person_id: people.thoko, type: 'individual', start_date: '2024-01-01' } });
    assert.equal(r.status, 422, r.text);
    assert.match(r.body.error.message, / kapena /, r.body.error.message);
    assert.doesNotMatch(r.body.error.message, / or /, r.body.error.message);
  });

  test('Kazi\'s own missing item "hold a current <cadre> post" reads in Chichewa', async () => {
    const r = await admin.call('GET', `/api/v1/people/${people.mphatso}/career?lang=ny`);
    assert.equal(r.status, 200, r.text);
    const item = r.body.others.flatMap((m) => m.missing).find((x) => x.from_cadre === 'ccv');
    assert.ok(item, JSON.stringify(r.body));
    assert.match(item.text, /^khalani ndi udindo wa .+ pano$/, JSON.stringify(item));
    assert.equal(item.en, 'hold a current Community care volunteer post', 'English stays for other readers');
  });

  test('config check counts Kazi\'s own words among the messages to translate', () => {
    const r = kazi(['config', 'check', LAKELAND, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    const ny = doc.languages.find((l) => l.language === 'ny');
    assert.ok(ny, r.stdout);
    assert.ok(ny.messages.of > 200 && ny.messages.have < ny.messages.of, JSON.stringify(ny));
  });
});
