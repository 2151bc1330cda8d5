// Languages come from the configuration (issue 15.3; docs/plugins.md, "Languages"):
// Lakeland declares English and Chichewa (ny), a language Kazi does not ship, and
// translates part of Kazi's messages and UI strings in translations/ny.lua. The API
// lists its languages, answers in the one asked for by ?lang= or Accept-Language
// (falling back to English for a message Lakeland did not translate), refuses a
// language it does not declare, says which it used, and `kazi config check` reports
// how complete each language is.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, kazi, tempDir, api, initData } from './lib/server.mjs';
import { ADMIN, ADMIN_PW, mustLogin } from './lib/access.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';
const LAKELAND = join(share, 'tests/plugins/lakeland');

// A person missing a given name ("%s is required": Lakeland translates it) and with a
// birth date that does not exist (a message Lakeland leaves in English).
const BAD_PERSON = { family_name: 'Banda', sex: 'female', birth_date: '1990-02-30' };

function messageOf(body, field) {
  const e = body.error;
  const all = e.errors || [{ field: e.field, message: e.message }];
  return all.find((x) => x.field === field)?.message;
}

describe('languages from the configuration', () => {
  let srv, admin;
  before(async () => {
    const root = tempDir();
    const data = join(root, 'data');
    const pw = join(root, 'admin.pw');
    writeFileSync(pw, `${ADMIN_PW}\n`);
    const init = kazi(['init', '--data', data, '--config', LAKELAND, '--admin', ADMIN,
      '--admin-password-file', pw]);
    assert.equal(init.status, 0, init.stderr);
    const units = join(root, 'units.csv');
    writeFileSync(units, 'code,name,parent_code,level\nLL,Lakeland,,country\nLL-S,Southern Region,LL,region\n' +
      'LL-S-ZA,Zomba,LL-S,district\nLL-S-ZA-MK,TA Mkumbira,LL-S-ZA,ta\nLL-S-ZA-MK-1,Chikowa,LL-S-ZA-MK,village\n');
    const imported = kazi(['import', 'org-units', '--data', data, units]);
    assert.equal(imported.status, 0, imported.stderr);
    srv = await startServer({ data, args: ['--admin-totp', 'optional'] });
    admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  });
  after(async () => { if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('the languages are the configuration\'s, in its order, with their names, signed in or not', async () => {
    const r = await api(srv.url, 'GET', '/api/v1/languages');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      languages: [{ code: 'en', name: 'English' }, { code: 'ny', name: 'Chichewa' }],
      default: 'en',
    });
    const etag = r.headers.get('etag');
    assert.ok(etag, 'cacheable');
    const again = await api(srv.url, 'GET', '/api/v1/languages', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  test('?lang=ny answers a validation error in Chichewa, and English where ny has no translation', async () => {
    const r = await admin.call('POST', '/api/v1/people?lang=ny', { body: BAD_PERSON });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.headers.get('content-language'), 'ny');
    assert.match(r.headers.get('vary') || '', /Accept-Language/i);
    assert.match(messageOf(r.body, 'given_name'), /ikufunika/, 'translated by translations/ny.lua');
    assert.match(messageOf(r.body, 'birth_date'), /must be a date that exists/, 'falls back to English');
    assert.equal(r.body.error.code, 'invalid_field', 'the machine code stays');
  });

  test('Accept-Language chooses a declared language by quality; an undeclared one is skipped', async () => {
    const ny = await admin.call('POST', '/api/v1/people', {
      body: BAD_PERSON, headers: { 'accept-language': 'fr-FR, sw;q=0.9, ny-MW;q=0.8, en;q=0.2' },
    });
    assert.equal(ny.headers.get('content-language'), 'ny');
    assert.match(messageOf(ny.body, 'given_name'), /ikufunika/);
    const en = await admin.call('POST', '/api/v1/people', { body: BAD_PERSON });
    assert.equal(en.headers.get('content-language'), 'en');
    assert.match(messageOf(en.body, 'given_name'), /is required/);
    // sign-in, before anyone is signed in
    const wrong = await api(srv.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'nobody', password: 'not the password' }, headers: { 'accept-language': 'ny' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.message, 'dzina lolowera kapena mawu achinsinsi sali olondola');
  });

  test('an import\'s row errors speak the language of the request that started it', async () => {
    const csv = 'given_name,family_name,sex,birth_date,residence_code\n,Phiri,male,1990-01-01,LL-S-ZA-MK-1\n';
    const r = await admin.call('POST', '/api/v1/imports?kind=people&wait=true&lang=ny',
      { raw: csv, headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 422, r.text);
    assert.match(r.text, /ikufunika/, 'the row error, translated in the import job');
    assert.match(r.text, /mizere 1 mwa 1 ili ndi zolakwika/, 'the summary too');
  });

  test('?lang= is a parameter of every operation, FHIR searches too', async () => {
    const doc = (await api(srv.url, 'GET', '/api/openapi.json')).body;
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item))
        assert.ok(op.parameters.some((p) => p.name === 'lang' && p.in === 'query'), `${method} ${path}`);
    const fhir = await admin.call('GET', '/fhir/Practitioner?lang=ny');
    assert.equal(fhir.status, 200, fhir.text);
    assert.equal(fhir.headers.get('content-language'), 'ny');
  });

  test('?lang= of a language the installation does not declare is refused, naming lang', async () => {
    for (const lang of ['xx', 'sw', 'not a code']) {
      const r = await api(srv.url, 'GET', `/api/v1/languages?lang=${encodeURIComponent(lang)}`);
      assert.equal(r.status, 400, lang);
      assert.equal(r.body.error.field, 'lang');
      assert.match(r.body.error.message, /not one of this installation's languages/);
      assert.equal(r.headers.get('content-language'), 'en');
    }
  });

  test('a language\'s UI strings and how complete it is', async () => {
    const r = await api(srv.url, 'GET', '/api/v1/translations/ny');
    assert.equal(r.status, 200);
    assert.equal(r.body.language, 'ny');
    assert.equal(r.body.ui['nav.people'], 'Anthu');
    const { ui, messages } = r.body.complete;
    assert.equal(ui.have, Object.keys(r.body.ui).length);
    assert.ok(ui.of > 500 && ui.have < ui.of, JSON.stringify(ui));
    assert.ok(messages.have >= 20 && messages.have < messages.of, JSON.stringify(messages));
    const en = await api(srv.url, 'GET', '/api/v1/translations/en');
    assert.deepEqual(en.body.ui, {});
    assert.deepEqual(en.body.complete.ui, { have: ui.of, of: ui.of });
    const sw = await api(srv.url, 'GET', '/api/v1/translations/sw');
    assert.equal(sw.status, 404, 'Lakeland does not declare Swahili');
    assert.equal(sw.body.error.field, 'code');
  });

  test('kazi config check and validate report how complete each language is', () => {
    for (const args of [['config', 'check', LAKELAND], ['config', 'validate', '--data', srv.data, 'live']]) {
      const r = kazi(args);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /language en \(English\): interface (\d+) of \1 strings, messages (\d+) of \2\n/);
      assert.match(r.stdout,
        /language ny \(Chichewa\): interface 36 of \d+ strings, messages 25 of \d+; missing ones fall back to en\n/);
    }
  });

  test('the validation record the API returns says how complete each language is', async () => {
    const live = (await admin.call('GET', '/api/v1/config/live')).body.live;
    const v = await admin.call('POST', `/api/v1/config/versions/${live}/validate`);
    assert.equal(v.status, 200, v.text);
    assert.deepEqual(v.body.languages.map((l) => l.language), ['en', 'ny']);
    const ny = v.body.languages[1];
    assert.equal(ny.name, 'Chichewa');
    assert.equal(ny.fallback, 'en');
    assert.equal(ny.messages.have, 25);
    assert.ok(ny.messages.of > ny.messages.have && ny.ui.have === 36 && ny.ui.of > 500, JSON.stringify(ny));
    const again = await admin.call('GET', `/api/v1/config/versions/${live}/validation`);
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.body.languages, v.body.languages, 'kept with the record');
    const list = await admin.call('GET', '/api/v1/config/versions');
    assert.deepEqual(list.body.versions.find((x) => x.commit === live).validation.languages, v.body.languages);
    // config check --json too
    const r = kazi(['config', 'check', LAKELAND, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).languages, v.body.languages);
  });

  test('a translation of a message Kazi does not have fails config check, naming file and line', () => {
    const dir = join(tempDir(), 'lakeland');
    cpSync(LAKELAND, dir, { recursive: true });
    const ny = join(dir, 'translations/ny.lua');
    writeFileSync(ny, readFileSync(ny, 'utf8').replace('messages = {', 'messages = {\n    ["%s is requird"] = "{1} ikufunika",'));
    const r = kazi(['config', 'check', dir]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /translations\/ny\.lua:\d+: kazi\.translation: messages\["%s is requird"\]: not one of Kazi's messages/);
  });

  test('the CLI speaks the language asked for: --lang or KAZI_LANG', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const r = kazi(['import', 'people', '--data', srv.data, '--lang', 'ny', empty]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /fayilo ilibe kanthu/);
    const before = kazi(['--lang=ny', 'import', 'people', '--data', srv.data, empty]);
    assert.match(before.stderr, /fayilo ilibe kanthu/, '--lang before the command works too');
    const viaEnv = kazi(['import', 'people', '--data', srv.data, empty], { env: { ...process.env, KAZI_LANG: 'ny' } });
    assert.match(viaEnv.stderr, /fayilo ilibe kanthu/);
    const bad = kazi(['import', 'people', '--data', srv.data, '--lang', 'Not!', empty]);
    assert.equal(bad.status, 2);
  });
});

describe('the CLI\'s own report lines speak the command\'s language', () => {
  test('KAZI_LANG=sw: kazi import org-units reports its problems in Swahili, row lines included', () => {
    const data = initData('tanzania');
    const csv = join(tempDir(), 'units.csv');
    writeFileSync(csv, 'code,name,parent_code,level\nX,Y,NOPE,region\n');
    const sw = kazi(['import', 'org-units', '--data', data, csv], { env: { KAZI_LANG: 'sw' } });
    assert.equal(sw.status, 1, sw.stderr);
    assert.equal(sw.stderr, 'kazi: import org-units: faili halikuingizwa: matatizo 1, la kwanza kwenye safu 2; ' +
      'hakuna kilichoingizwa\n' +
      '  safu 2, safuwima 3 (parent_code): eneo la juu \'NOPE\' halimo kwenye hifadhidata wala kwenye safu iliyotangulia\n');
    // without --lang or KAZI_LANG: Tanzania's first language, English
    const en = kazi(['import', 'org-units', '--data', data, csv], { env: { KAZI_LANG: '' } });
    assert.match(en.stderr, /^kazi: import org-units: the file was not imported: 1 problem\(s\), first at row 2; nothing was imported\n  row 2, column 3/);
  });

  test('KAZI_LANG=sw: kazi import people says what it imported in Swahili', () => {
    const data = initData('tanzania');
    const dir = tempDir();
    writeFileSync(join(dir, 'units.csv'), 'code,name,parent_code,level\nTZ,Tanzania,,country\n');
    assert.equal(kazi(['import', 'org-units', '--data', data, join(dir, 'units.csv')]).status, 0);
    const people = join(dir, 'people.csv');
    writeFileSync(people, 'given_name,family_name,sex,birth_date,residence_code\nAsha,Juma,female,1990-01-01,TZ\n');
    const sw = kazi(['import', 'people', '--data', data, people], { env: { KAZI_LANG: 'sw' } });
    assert.equal(sw.status, 0, sw.stderr);
    assert.equal(sw.stdout, `Vimeingizwa 1 (people) kutoka ${people} (0 vilikuwepo tayari, 0 vimekataliwa).\n`);
    const en = kazi(['import', 'people', '--data', data, people], { env: { KAZI_LANG: '' } });
    assert.equal(en.stdout, `Imported 0 people from ${people} (1 already present, 0 rejected).\n`);
  });

  test('without --lang or KAZI_LANG a command speaks the configuration\'s first language (Lakeland with Chichewa first)', () => {
    const root = tempDir();
    const dir = join(root, 'lakeland');
    cpSync(LAKELAND, dir, { recursive: true });
    const country = join(dir, 'country.lua');
    const text = readFileSync(country, 'utf8');
    assert.match(text, /languages = \{ "en", "ny" \}/);
    writeFileSync(country, text.replace('languages = { "en", "ny" }', 'languages = { "ny", "en" }'));
    const data = join(root, 'data');
    const pw = join(root, 'pw');
    writeFileSync(pw, `${ADMIN_PW}\n`);
    const init = kazi(['init', '--data', data, '--config', dir, '--admin', ADMIN, '--admin-password-file', pw]);
    assert.equal(init.status, 0, init.stderr);
    const empty = join(root, 'empty.csv');
    writeFileSync(empty, '');
    const r = kazi(['import', 'people', '--data', data, empty], { env: { KAZI_LANG: '' } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^kazi: import people: fayilo ilibe kanthu\n/);
    assert.match(r.stderr, /: fayilo ilibe kanthu\n$/, 'the row line too');
    assert.doesNotMatch(r.stderr, /the file is empty/);
  });
});
