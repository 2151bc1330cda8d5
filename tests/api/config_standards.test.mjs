// Minimum standards with the severity the country configuration declares
// (kazi.standards): a para professional job description that leaves out a core
// function is a warning that validation reports by file and line without blocking
// activation, or an error that blocks it — over the API and with kazi config validate.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kazi, initData, tempDir } from './lib/server.mjs';
import { startAccessServer, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';
const country = readFileSync(join(share, 'country-config/tanzania/country.lua'), 'utf8');
const SETTING = '["para-professional-functions"] = "error"';
// A para cadre whose job description (line 4) covers only one of the nine functions.
const TRIAL = [
  'kazi.cadre { id = "trial-psw", name = "Trial PSW", group = "para-social-work", level = 1, para = true }',
  'kazi.pay { cadre = "trial-psw", amount = 30000, currency = "TZS", period = "month" }',
  'kazi.job { cadre = "trial-psw", purpose = "Trial",',
  '  functions = { { standard = "assess", text = "Assess" } } }',
  '',
].join('\n');

function withSeverity(severity) {
  assert.ok(country.includes(SETTING), 'tanzania declares the severity of the standard');
  return country.replace(SETTING, `["para-professional-functions"] = "${severity}"`);
}

describe('minimum standards severity over the API', () => {
  let srv, admin;
  before(async () => {
    srv = await startAccessServer();
    admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  });
  after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  async function propose(severity) {
    const p = await admin.call('POST', '/api/v1/config/versions', {
      body: { message: `trial cadre, standard as ${severity}`,
        files: { 'country.lua': withSeverity(severity), 'trial.lua': TRIAL } } });
    assert.equal(p.status, 201, p.text);
    return p.body.commit;
  }

  test('a warning is reported with file and line and activation is allowed', async () => {
    const live = (await admin.call('GET', '/api/v1/config/live')).body.live;
    const c = await propose('warning');
    const v = await admin.call('POST', `/api/v1/config/versions/${c}/validate`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.ok, true, v.text);
    assert.deepEqual(v.body.errors, []);
    // the standard's gap is the only warning: the shipped Tanzania has none of its own
    assert.equal(v.body.warnings.length, 1, v.text);
    const w = v.body.warnings[0];
    assert.equal(w.file, 'trial.lua');
    assert.equal(w.line, 3);
    assert.equal(w.severity, 'warning');
    assert.equal(w.standard, 'para-professional-functions');
    assert.match(w.message, /cadre 'trial-psw' lacks functions .*identify/);
    // the stored validation keeps the warning
    const list = await admin.call('GET', '/api/v1/config/versions');
    const mine = list.body.versions.find((x) => x.commit === c);
    assert.equal(mine.validation.ok, true);
    assert.equal(mine.validation.warnings.find((x) => x.standard).line, 3);
    const a = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: c, expected_live: live, reason: 'phase in the trial cadre' } });
    assert.equal(a.status, 200, a.text);
    const cat = await admin.call('GET', '/api/v1/catalogue/standards');
    assert.equal(cat.body.items[0].severity, 'warning');
    // roll back for the next test
    const back = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: live, expected_live: c, reason: 'back' } });
    assert.equal(back.status, 200, back.text);
  });

  test('an error fails validation, names file and line, and activation is refused', async () => {
    const live = (await admin.call('GET', '/api/v1/config/live')).body.live;
    const c = await propose('error');
    const v = await admin.call('POST', `/api/v1/config/versions/${c}/validate`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.ok, false);
    assert.deepEqual(v.body.warnings.filter((x) => x.standard), []);
    assert.equal(v.body.errors[0].file, 'trial.lua');
    assert.equal(v.body.errors[0].line, 3);
    assert.match(v.body.errors[0].message, /lacks functions of the minimum standard/);
    const a = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit: c, expected_live: live, reason: 'try anyway' } });
    assert.equal(a.status, 422, a.text);
    assert.equal(a.body.error.field, 'commit');
    assert.equal((await admin.call('GET', '/api/v1/config/live')).body.live, live);
  });
});

test('kazi config validate prints the warning with file and line and exits 0; an error exits 1', () => {
  const data = initData();
  const ids = {};
  for (const severity of ['warning', 'error']) {
    const folder = join(tempDir(), severity);
    cpSync(join(share, 'country-config/tanzania'), folder, { recursive: true });
    writeFileSync(join(folder, 'country.lua'), withSeverity(severity));
    writeFileSync(join(folder, 'trial.lua'), TRIAL);
    const r = kazi(['config', 'import', '--data', data, folder, '-m', severity]);
    assert.equal(r.status, 0, r.stderr);
    ids[severity] = r.stdout.trim();
  }
  const w = kazi(['config', 'validate', '--data', data, ids.warning]);
  assert.equal(w.status, 0, w.stderr);
  assert.match(w.stderr, /^warning: trial\.lua:3: the job description of cadre 'trial-psw' lacks functions/m);
  assert.match(w.stdout, /is valid/);
  const e = kazi(['config', 'validate', '--data', data, ids.error]);
  assert.equal(e.status, 1);
  assert.match(e.stderr, /^trial\.lua:3: .*lacks functions of the minimum standard/m);
  assert.doesNotMatch(e.stderr, /^warning:/m);
});
