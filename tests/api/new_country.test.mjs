// A new country, step by step (issue 15; docs/plugins.md, "A new country, step by
// step"): tests/plugins/lakeland — written from the docs only, in English and
// Chichewa, paid in MWK — is installed with one command from its folder and from a git
// URL, its org units and people are imported through the CLI against ITS levels and
// fields (the live configuration, never the share folder), it is served, and the
// people are read back through the API. Also: the CLI reads the live commit for a
// shipped country, the plugins/ library is pinned in the configuration, and a rule
// that fails at run time blocks activation.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, cpSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, kazi, tempDir, initData } from './lib/server.mjs';
import { ADMIN, ADMIN_PW, mustLogin } from './lib/access.mjs';
import { UNITS } from './lib/lakeland.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';
const LAKELAND = join(share, 'tests/plugins/lakeland');

function ok(r, what) {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
  return r.stdout;
}

function git(args) {
  const r = spawnSync('git', ['-c', 'user.name=Dev Eloper', '-c', 'user.email=dev@moh.example',
    '-c', 'init.defaultBranch=main', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function liveFiles(data) {
  return ok(git(['-C', join(data, 'config.git'), 'ls-tree', '-r', '--name-only', 'refs/kazi/live']),
    'ls-tree').trim().split('\n');
}

const PEOPLE_HEADER = 'given_name,family_name,sex,birth_date,education,residence_code,' +
  'identifier.national_id,custom.home_language';

describe('a new country, step by step', () => {
  let root, data, srv, admin;
  before(async () => {
    root = tempDir();
    data = join(root, 'data');
    const pw = join(root, 'admin.pw');
    writeFileSync(pw, `${ADMIN_PW}\n`);
    // Step 6: one command installs the folder; the country is what kazi.country says.
    const init = ok(kazi(['init', '--data', data, '--config', LAKELAND, '--admin', ADMIN,
      '--admin-password-file', pw]), 'init');
    assert.match(init, /for lakeland\./);
  });
  after(async () => { if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

  test('the configuration is committed with the plugins/ library it was validated with', () => {
    const files = liveFiles(data);
    assert.ok(files.includes('country.lua'));
    assert.ok(files.includes('plugins/lib/dossier.lua'), 'plugins/ is pinned in the commit');
    assert.ok(files.includes('plugins/standards.lua'));
    const pinned = ok(kazi(['config', 'show', '--data', data, 'live:plugins/lib/dossier.lua']), 'show');
    assert.equal(pinned, readFileSync(join(share, 'plugins/lib/dossier.lua'), 'utf8'));
  });

  test('org units are checked against the country\'s own levels', () => {
    const dir = tempDir();
    const ward = join(dir, 'ward.csv');
    writeFileSync(ward, 'code,name,parent_code,level\nLL,Lakeland,,country\nLL-N,North,LL,region\n' +
      'LL-N-MZ,Mzuzu,LL-N,district\nLL-N-MZ-W,A ward,LL-N-MZ,ward\n');
    const refused = kazi(['import', 'org-units', '--data', data, ward]);
    assert.equal(refused.status, 1, 'ward is not a level of Lakeland');
    assert.match(refused.stderr, /must be 'ta'/);
    const units = join(dir, 'units.csv');
    writeFileSync(units, UNITS);
    assert.match(ok(kazi(['import', 'org-units', '--data', data, units]), 'import org-units'),
      /Imported 5 org units/);
  });

  test('people are checked against the live fields, options, education and identifiers', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${PEOPLE_HEADER}\nChisomo,Banda,female,1995-03-02,msce,LL-S-ZA-MK-1,LL-1,Chichewa\n`);
    const refused = kazi(['import', 'people', '--data', data, bad]);
    assert.equal(refused.status, 1, 'an option is given by its id, not its label');
    assert.match(refused.stderr, /home_language/);
    const people = join(dir, 'people.csv');
    writeFileSync(people, `${PEOPLE_HEADER}\n` +
      'Chisomo,Banda,female,1995-03-02,msce,LL-S-ZA-MK-1,LL-1,ny\n' +
      'Mphatso,Phiri,male,1988-11-20,diploma,LL-S-ZA-MK-1,LL-2,tum\n');
    assert.match(ok(kazi(['import', 'people', '--data', data, people]), 'import people'),
      /Imported 2 people/);
  });

  test('served, the people read back through the API; POST /people takes a labelled option', async () => {
    srv = await startServer({ data, args: ['--admin-totp', 'optional'] });
    admin = await mustLogin(srv, ADMIN, ADMIN_PW);
    const cat = await admin.call('GET', '/api/v1/catalogue');
    assert.equal(cat.status, 200);
    assert.equal(cat.body.country.id, 'lakeland');
    assert.deepEqual(cat.body.country.languages, ['en', 'ny']);
    const r = await admin.call('GET', '/api/v1/people?q=banda');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 1);
    const p = await admin.call('GET', `/api/v1/people/${r.body.items[0].id}`);
    assert.equal(p.body.custom.home_language, 'ny');
    assert.equal(p.body.education, 'msce');

    const home = (await admin.call('GET', '/api/v1/org-units?q=LL-S-ZA-MK-1')).body.org_units[0].id;
    const body = (over) => ({ given_name: 'Thoko', family_name: 'Mwale', sex: 'female',
      birth_date: '1992-05-05', education: 'standard-8', residence_org_unit_id: home,
      custom: { home_language: 'yao' }, ...over });
    const created = await admin.call('POST', '/api/v1/people', { body: body() });
    assert.equal(created.status, 201, created.text);
    const label = await admin.call('POST', '/api/v1/people', { body: body({ family_name: 'Mwale2', custom: { home_language: 'Chiyao' } }) });
    assert.equal(label.status, 422);
    assert.equal(label.body.error.field, 'custom.home_language');
    const edu = await admin.call('POST', '/api/v1/people', { body: body({ family_name: 'Mwale3', education: 'Form IV' }) });
    assert.equal(edu.status, 422, 'Form IV is not one of Lakeland\'s education levels');
    assert.equal(edu.body.error.field, 'education');
    const idt = await admin.call('POST', '/api/v1/people', {
      body: body({ family_name: 'Mwale4', identifiers: [{ type: 'passport', value: 'MW123' }] }) });
    assert.equal(idt.status, 422, 'passport is not an identifier type Lakeland declares');
    assert.equal(idt.body.error.field, 'identifiers');
  });

  test('a rule that fails on one of the installation\'s workers cannot be activated (API and CLI)', async () => {
    const moves = await admin.call('GET', '/api/v1/config/versions/live/file?path=moves.lua');
    assert.equal(moves.status, 200);
    // passes every generated edge case and every fixture; fails for a worker whose home
    // language is Tumbuka (Mphatso Phiri, imported above)
    const text = moves.text + `
kazi.move {
  from = "cpw", to = "swo", kind = "vertical",
  requires = function(d)
    local lang = d.fields and d.fields.home_language
    if lang == "tum" then return nil end
    return true, {}
  end,
}
`;
    // and a report that errors on the installation's data (it has a TA) but not in tests
    const report = `
kazi.report {
  id = "lakeland-by-ta", title = "By TA",
  run = function(p, q)
    for _, u in ipairs(q("SELECT level_id FROM report_org_units")) do
      if u.level_id == "ta" then error("no column for traditional authorities yet") end
    end
    return {}
  end,
}
`;
    // and one whose query returns more rows than a report may (5 units to the 6th):
    // a limit met on this data is a warning, not a blocking error
    const big = `
kazi.report {
  id = "lakeland-big", title = "Big",
  run = function(p, q)
    return q("SELECT a.id FROM report_org_units a, report_org_units b, report_org_units c, "
             .. "report_org_units d, report_org_units e, report_org_units f")
  end,
}
`;
    const live = (await admin.call('GET', '/api/v1/config/live')).body.live;
    const proposed = await admin.call('POST', '/api/v1/config/versions',
      { body: { message: 'CPW to SWO', files: { 'moves.lua': text, 'by_ta.lua': report, 'big.lua': big } } });
    assert.equal(proposed.status, 201, proposed.text);
    const commit = proposed.body.commit;
    const v = await admin.call('POST', `/api/v1/config/versions/${commit}/validate`);
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.ok, false);
    const phiri = (await admin.call('GET', '/api/v1/people?q=phiri')).body.items[0].id;
    const e = v.body.errors.find((x) => /cpw->swo/.test(x.message));
    assert.ok(e, JSON.stringify(v.body.errors));
    assert.equal(e.file, 'moves.lua');
    assert.ok(e.line > 0);
    assert.equal(e.person_id, phiri);
    assert.match(e.message, new RegExp(`on worker ${phiri}`));
    const re = v.body.errors.find((x) => /lakeland-by-ta/.test(x.message));
    assert.ok(re, JSON.stringify(v.body.errors));
    assert.equal(re.file, 'by_ta.lua');
    assert.equal(re.line, 6);
    assert.match(re.message, /no column for traditional authorities yet/);
    assert.ok(!v.body.errors.some((x) => /lakeland-big/.test(x.message)));
    const w = v.body.warnings.find((x) => /lakeland-big/.test(x.message));
    assert.ok(w, JSON.stringify(v.body.warnings));
    assert.equal(w.file, 'big.lua');
    assert.match(w.message, /more than 10000 rows/);
    const act = await admin.call('POST', '/api/v1/config/activate',
      { body: { commit, expected_live: live, reason: 'try' } });
    assert.equal(act.status, 422, act.text);
    const cli = kazi(['config', 'activate', '--data', data, commit, '--reason', 'try', '--by', 'asha']);
    assert.notEqual(cli.status, 0);
    assert.equal((await admin.call('GET', '/api/v1/config/live')).body.live, live, 'live is unchanged');
  });
});

describe('installing from elsewhere', () => {
  test('kazi init --config installs the default branch of a git repository (file:// URL)', () => {
    const root = tempDir();
    const work = join(root, 'work');
    cpSync(LAKELAND, work, { recursive: true });
    ok(git(['init', '-q', work]), 'git init');
    ok(git(['-C', work, 'add', '.']), 'add');
    ok(git(['-C', work, 'commit', '-qm', 'Lakeland configuration']), 'commit');
    const bare = join(root, 'lakeland.git');
    ok(git(['clone', '-q', '--bare', work, bare]), 'clone --bare');
    const data = join(root, 'data');
    assert.match(ok(kazi(['init', '--data', data, '--config', `file://${bare}`]), 'init'), /for lakeland\./);
    assert.ok(liveFiles(data).includes('moves.lua'));
    assert.ok(!existsSync(join(data, 'config.clone')), 'the clone is not left behind');
    const path = join(root, 'data2');
    assert.match(ok(kazi(['init', '--data', path, '--config', bare]), 'init from a path'), /for lakeland\./);
  });

  test('a configuration that does not load, or whose rule fails at run time, is not installed', () => {
    const root = tempDir();
    const broken = join(root, 'broken');
    cpSync(LAKELAND, broken, { recursive: true });
    writeFileSync(join(broken, 'moves.lua'), readFileSync(join(broken, 'moves.lua'), 'utf8') + `
kazi.move {
  from = "cpw", to = "swo", kind = "vertical",
  requires = function(d)
    return d.assignments[1].from < "2020", { "five years in post" }
  end,
}
`);
    const data = join(root, 'data');
    const r = kazi(['init', '--data', data, '--config', broken]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /moves\.lua:\d+: .*cpw->swo.*no posts/);
    assert.ok(!existsSync(data), 'nothing is left behind');
    const none = kazi(['init', '--data', data, '--config', join(root, 'nowhere')]);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /neither a configuration folder nor a git repository/);
  });

  test('a reference to something undeclared names its file and line', () => {
    const root = tempDir();
    const base = {
      'country.lua': 'kazi.country { id = "refs", name = "Refs", languages = { "en" }, currency = "MWK",\n' +
        '  levels = { { id = "country", name = "Country" }, { id = "ta", name = "TA" } } }\n',
      'cadres.lua': 'kazi.group { id = "g", name = "G" }\n' +
        'kazi.cadre { id = "c", name = "C", group = "g", level = 1, works_at = "ta" }\n' +
        'kazi.pay { cadre = "c", amount = 10, currency = "MWK", period = "month" }\n',
      'courses.lua': 'kazi.course { id = "k", name = "K", version = "1", hours = 2, outcomes = { "o" }, group = "g" }\n' +
        'kazi.course { id = "r", name = "R", version = "1", hours = 1, outcomes = { "o" } }\n' +
        'kazi.certification { id = "cert", name = "Cert", course = "k", refresher = { course = "r", every_years = 2 },\n' +
        '  rule = function(d) return true, {} end }\n' +
        'kazi.hook("person.validate", function(r) return true end)\n',
    };
    const cases = [
      ['cadres.lua', 'works_at = "ta"', 'works_at = "ward"', /cadres\.lua:2: works_at: the country declares no org-unit level 'ward'/],
      ['cadres.lua', 'currency = "MWK"', 'currency = "TZS"', /cadres\.lua:3: currency: 'TZS' is not the country's currency 'MWK'/],
      ['courses.lua', 'course = "r"', 'course = "refresh"', /courses\.lua:3: refresher\.course: no course 'refresh'/],
      ['courses.lua', 'group = "g"', 'group = "welfare"', /courses\.lua:1: group: no group 'welfare'/],
      ['courses.lua', '"person.validate"', '"post.validate"', /courses\.lua:5: kazi\.hook: no event 'post\.validate'/],
    ];
    const write = (dir, files) => {
      mkdirSync(dir, { recursive: true });
      for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
    };
    write(join(root, 'base'), base);
    ok(kazi(['config', 'check', join(root, 'base')]), 'the base loads');
    for (const [i, [file, from, to, want]] of cases.entries()) {
      const dir = join(root, `case${i}`);
      write(dir, { ...base, [file]: base[file].replace(from, to) });
      const r = kazi(['config', 'check', dir]);
      assert.notEqual(r.status, 0, `${file}: ${want}`);
      assert.match(r.stderr, want);
    }
  });
});

describe('the CLI reads the live configuration of a shipped country', () => {
  test('kazi import org-units uses the installed country\'s levels (Kenya: county)', () => {
    const data = initData('kenya');
    const dir = tempDir();
    const units = join(dir, 'units.csv');
    writeFileSync(units, 'code,name,parent_code,level\nKE,Kenya,,country\nKE-47,Nairobi,KE,county\n');
    assert.match(ok(kazi(['import', 'org-units', '--data', data, units]), 'import'), /Imported 2 org units/);
    const region = join(dir, 'region.csv');
    writeFileSync(region, 'code,name,parent_code,level\nKE-01,Mombasa,KE,region\n');
    assert.equal(kazi(['import', 'org-units', '--data', data, region]).status, 1, 'Kenya has no regions');
  });

  test('kazi import people checks the live commit\'s fields, not the share folder\'s', () => {
    const data = initData('tanzania');
    const dir = tempDir();
    const units = join(dir, 'units.csv');
    writeFileSync(units, 'code,name,parent_code,level\nTZ,Tanzania,,country\nR1,Arusha,TZ,region\n' +
      'R1-D1,Arusha City,R1,district\nR1-D1-W1,Kaloleni,R1-D1,ward\nR1-D1-W1-V1,Kaloleni Village,R1-D1-W1,village\n');
    ok(kazi(['import', 'org-units', '--data', data, units]), 'import org-units');
    const people = join(dir, 'people.csv');
    writeFileSync(people, 'given_name,family_name,residence_code,custom.shoe_size\nAmina,Mushi,R1-D1-W1-V1,41\n');
    const before = kazi(['import', 'people', '--data', data, people]);
    assert.equal(before.status, 1, 'shoe_size is not declared yet');
    // a new version declaring the field, validated and activated
    const folder = join(tempDir(), 'tz');
    cpSync(join(share, 'country-config/tanzania'), folder, { recursive: true });
    writeFileSync(join(folder, 'shoes.lua'), 'kazi.field { id = "shoe_size", applies_to = "person", ' +
      'type = "integer", label = { en = "Shoe size", sw = "Saizi ya kiatu" } }\n');
    const commit = ok(kazi(['config', 'import', '--data', data, folder, '-m', 'Shoe sizes']), 'config import').trim();
    ok(kazi(['config', 'validate', '--data', data, commit]), 'validate');
    ok(kazi(['config', 'activate', '--data', data, commit, '--reason', 'shoes', '--by', 'asha']), 'activate');
    assert.match(ok(kazi(['import', 'people', '--data', data, people]), 'import people'), /Imported 1 people/);
  });
});

test('kazi config validate names a problem\'s file and line once', () => {
  const data = initData('tanzania');
  const folder = join(tempDir(), 'tz');
  cpSync(join(share, 'country-config/tanzania'), folder, { recursive: true });
  writeFileSync(join(folder, 'broken.lua'), '\nkazi.cadre { id = 1 }\n');
  const commit = ok(kazi(['config', 'import', '--data', data, folder, '-m', 'Broken']), 'import').trim();
  const r = kazi(['config', 'validate', '--data', data, commit]);
  assert.equal(r.status, 1);
  const line = r.stderr.split('\n').find((l) => /broken\.lua/.test(l));
  assert.ok(line, r.stderr);
  assert.equal(line.match(/broken\.lua:2:/g).length, 1, line);
});

describe('the plugins/ library is pinned per configuration', () => {
  test('a new Kazi\'s plugins/ reaches the rules only through a validated activation', () => {
    // a newer Kazi: its share directory ships a plugins/ with one more report
    const newer = tempDir();
    cpSync(join(share, 'plugins'), join(newer, 'plugins'), { recursive: true });
    cpSync(join(share, 'country-config'), join(newer, 'country-config'), { recursive: true });
    writeFileSync(join(newer, 'plugins/reports.lua'), readFileSync(join(newer, 'plugins/reports.lua'), 'utf8') +
      '\nkazi.report { id = "upgrade-probe", title = "Probe", run = function() return {} end }\n');
    const env = { KAZI_SHARE_DIR: newer };
    const data = initData('tanzania');
    // a folder proposed without plugins/ keeps the library the configuration pins
    const folder = join(tempDir(), 'tz');
    cpSync(join(share, 'country-config/tanzania'), folder, { recursive: true });
    writeFileSync(join(folder, 'notes.lua'), '-- notes\n');
    const notes = ok(kazi(['config', 'import', '--data', data, folder, '-m', 'Notes']), 'config import').trim();
    const files = ok(git(['-C', join(data, 'config.git'), 'ls-tree', '-r', '--name-only', notes]), 'ls-tree');
    assert.match(files, /^plugins\/lib\/dossier\.lua$/m);
    const listed = () => ok(kazi(['report', 'list', '--data', data], { env }), 'report list');
    assert.doesNotMatch(listed(), /upgrade-probe/, 'the live commit keeps the plugins it was validated with');
    const commit = ok(kazi(['config', 'plugins', '--data', data, '-m', 'Kazi upgrade'], { env }), 'config plugins').trim();
    assert.match(commit, /^[0-9a-f]{40}$/);
    const diff = ok(kazi(['config', 'diff', '--data', data, 'live', commit], { env }), 'diff');
    assert.match(diff, /plugins\/reports\.lua/);
    assert.doesNotMatch(listed(), /upgrade-probe/, 'proposed is not live');
    const early = kazi(['config', 'activate', '--data', data, commit, '--reason', 'upgrade'], { env });
    assert.notEqual(early.status, 0, 'not validated yet');
    ok(kazi(['config', 'validate', '--data', data, commit], { env }), 'validate');
    ok(kazi(['config', 'activate', '--data', data, commit, '--reason', 'upgrade', '--by', 'asha'], { env }), 'activate');
    assert.match(listed(), /upgrade-probe/);
    const again = kazi(['config', 'plugins', '--data', data], { env });
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /nothing changed/);
  });
});
