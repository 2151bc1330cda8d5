// Registry imports (issue 6, point 5): templates, every kind of bad CSV with a
// row-and-column report and proof that nothing changed, partial mode with rejects,
// idempotent re-runs, jobs with progress, and the CLI.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { kazi, tempDir } from './lib/server.mjs';
import { HIERARCHY_CSV } from './lib/access.mjs';
import { registryServer, createPosition } from './lib/registry.mjs';
import { initWithAdmin } from './lib/access.mjs';

let srv, ids, who;
before(async () => { ({ srv, ids, who } = await registryServer()); });
after(async () => { assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

const HEADER = 'given_name,family_name,sex,birth_date,phone,education,residence_code,identifier.national_id';
/** Until none of the caller's import jobs is still running (bounded). */
async function settled(w) {
  for (let i = 0; i < 600; i++) {
    const jobs = (await w.call('GET', '/api/v1/imports')).body.imports;
    if (!jobs.some((j) => j.status === 'running')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import jobs still running after 30 s');
}

const upload = (csv, { kind = 'people', partial = false, wait = true, w = who.national } = {}) =>
  w.call('POST', `/api/v1/imports?kind=${kind}&partial=${partial}&wait=${wait}`,
    { raw: csv, headers: { 'content-type': 'text/csv' } });

async function peopleCount() {
  const r = await who.national.call('GET', '/api/v1/people?limit=1');
  return r.body.total;
}
async function auditCount() {
  const r = await who.admin.call('GET', '/api/v1/audit?limit=1');
  return r.body.total ?? r.body.items?.length ?? JSON.stringify(r.body).length;
}

/** Upload a file that must fail; returns the report after proving nothing changed. */
async function mustFail(csv, status = 422, opts = {}) {
  const before = await peopleCount();
  const r = await upload(csv, opts);
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.created, 0);
  assert.equal(await peopleCount(), before, 'a failed import changes nothing');
  return r.body;
}

describe('templates', () => {
  test('the people template lists the columns and imports as-is once codes are filled', async () => {
    const r = await who.national.call('GET', '/api/v1/imports/templates/people.csv');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    const header = r.text.split('\r\n')[0].split(',');
    for (const c of ['given_name', 'family_name', 'birth_date', 'residence_code', 'identifier.national_id'])
      assert.ok(header.includes(c), c);
    for (const k of ['positions', 'assignments'])
      assert.equal((await who.national.call('GET', `/api/v1/imports/templates/${k}.csv`)).status, 200);
    assert.equal((await who.national.call('GET', '/api/v1/imports/templates/secrets.csv')).status, 404);
    assert.equal((await who.analyst.call('GET', '/api/v1/imports/templates/people.csv')).status, 403);
  });
});

describe('people imports', () => {
  test('BOM, semicolons and quoted newlines import; re-running does not duplicate', async () => {
    const csv = '\uFEFF' + HEADER.replaceAll(',', ';') + '\r\n' +
      'Halima;Nyerere;female;1988-02-01;0754 111 222;"Form IV\nCertificate in social work";R1-D1-W1-V1;IMP-0001\r\n' +
      'Baraka;Mwakyusa;male;1979-11-30;;"Diploma; community development";R1-D1-W1-V2;IMP-0002\r\n' +
      'Neema;Swai;female;;;;R2-D1-W1-V1;\r\n';
    const before = await peopleCount();
    let r = await upload(csv);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.rows, r.body.created, r.body.existing, r.body.rejected], [3, 3, 0, 0]);
    assert.equal(await peopleCount(), before + 3);
    const found = await who.national.call('GET', '/api/v1/people?identifier=IMP-0001');
    assert.equal(found.body.items[0].education, 'Form IV\nCertificate in social work');
    const b = await who.national.call('GET', '/api/v1/people?identifier=IMP-0002');
    assert.equal(b.body.items[0].education, 'Diploma; community development');
    r = await upload(csv);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.existing], [0, 3], 're-run finds every row already there');
    assert.equal(await peopleCount(), before + 3);
    r = await upload(csv.replace('1979-11-30', '1979-11-31'));
    assert.equal(r.status, 422, 'a bad cell is reported even in a row already imported');
    assert.equal(r.body.errors[0].column_name, 'birth_date');
  });

  const good = 'Valid,Row,female,1990-01-01,,,R1-D1-W1-V1,GOOD-';
  let n = 0;
  const okRow = () => `${good}${++n}`;

  test('bad encoding is refused naming the row', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n${okRow()}\n`), Buffer.from('J\xfcrgen,M,male,1990-01-01,,,R1-D1-W1-V1,X-9\n', 'latin1')]);
    const rep = await mustFail(bytes, 400);
    assert.equal(rep.errors[0].row, 3);
    assert.match(rep.errors[0].message, /UTF-8/i);
  });

  test('a wrong header names the column', async () => {
    let rep = await mustFail(`given_name,family_name,shoe_size,residence_code\nA,B,42,R1-D1-W1-V1\n`);
    assert.deepEqual([rep.errors[0].row, rep.errors[0].column, rep.errors[0].column_name], [1, 3, 'shoe_size']);
    rep = await mustFail(`given_name,residence_code\nA,R1-D1-W1-V1\n`);
    assert.equal(rep.errors[0].field, 'family_name');
    const r = await upload('');
    assert.equal(r.status, 422);
    assert.equal(r.body.error.field, 'body');
    rep = await mustFail('\uFEFF\r\n\r\n');
    assert.match(rep.errors[0].message, /empty/);
  });

  test('each bad row is reported by row and column, and nothing is written', async () => {
    const long = 'x'.repeat(1500);
    const csv = [HEADER, okRow(),
      'Bad,Date,female,1990-02-30,,,R1-D1-W1-V1,BD-1',                // row 3: birth_date
      `Long,Name,female,1990-01-01,,${long},R1-D1-W1-V1,LN-1`,       // row 4: over-long cell
      'No,Place,female,1990-01-01,,,NOWHERE,NP-1',                     // row 5: residence
      'Dup,One,male,1990-01-01,,,R1-D1-W1-V1,SAME-ID',                 // row 6
      'Dup,Two,male,1991-01-01,,,R1-D1-W1-V1,SAME-ID',                 // row 7: duplicate identifier in file
      'Odd,Sex,robot,1990-01-01,,,R1-D1-W1-V1,OS-1',                   // row 8: sex
      'Too,Few,female',                                                // row 9: cell count
      okRow()].join('\n') + '\n';
    const rep = await mustFail(csv);
    const byRow = Object.fromEntries(rep.errors.map((e) => [e.row, e]));
    assert.equal(rep.rejected, 6);
    assert.equal(byRow[3].column_name, 'birth_date');
    assert.equal(byRow[4].column_name, 'education');
    assert.equal(byRow[5].column_name, 'residence_code');
    assert.equal(byRow[7].column_name, 'identifier.national_id');
    assert.equal(byRow[8].column_name, 'sex');
    assert.ok(byRow[9]);
    assert.equal(byRow[2], undefined);
    const r = await who.national.call('GET', `/api/v1/people?identifier=GOOD-${n}`);
    assert.equal(r.body.total, 0, 'valid rows of a failed file are not written either');
  });

  test('an identifier held by someone else is a row error', async () => {
    await upload(`${HEADER}\nFirst,Holder,female,1990-01-01,,,R1-D1-W1-V1,HELD-1\n`);
    const rep = await mustFail(`${HEADER}\n${okRow()}\nOther,Person,male,1970-01-01,,,R1-D1-W1-V1,HELD-1\n`);
    assert.equal(rep.errors[0].row, 3);
    assert.equal(rep.errors[0].column_name, 'identifier.national_id');
  });

  test('--partial writes the valid rows and returns the rejects as CSV', async () => {
    const csv = `${HEADER}\nPart,One,female,1990-01-01,,,R1-D1-W1-V1,PART-1\nPart,Bad,female,1990-13-01,,,R1-D1-W1-V1,PART-2\n`;
    const r = await upload(csv, { partial: true });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.rejected], [1, 1]);
    const lines = r.body.rejects_csv.trim().split('\r\n');
    assert.equal(lines[0], `${HEADER},error`);
    assert.match(lines[1], /^Part,Bad,.*PART-2,.*Date of birth/);
    assert.equal((await who.national.call('GET', '/api/v1/people?identifier=PART-1')).body.total, 1);
    assert.equal((await who.national.call('GET', '/api/v1/people?identifier=PART-2')).body.total, 0);
  });

  test('a district officer cannot import people outside the district', async () => {
    const r = await upload(`${HEADER}\nFar,Away,female,1990-01-01,,,R2-D1-W1-V1,FAR-1\n`, { w: who.district });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].column_name, 'residence_code');
    assert.equal((await who.analyst.call('POST', '/api/v1/imports?kind=people', { raw: 'x' })).status, 403);
  });

  test('a large upload runs as a job whose progress can be polled', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 1200; i++) rows.push(`Job${i},Worker,female,1990-01-01,,,R1-D1-W1-V1,JOB-${i}`);
    const r = await upload(rows.join('\n') + '\n', { wait: false });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/imports/${r.body.id}`);
    let job;
    do {
      job = await who.national.call('GET', `/api/v1/imports/${r.body.id}`);
      assert.equal(job.status, 200);
      assert.ok(job.body.done <= 1200);
    } while (job.body.status === 'running');
    assert.equal(job.body.status, 'done', JSON.stringify(job.body));
    assert.equal(job.body.done, 1200);
    assert.equal(job.body.result.created, 1200);
    assert.equal((await who.district.call('GET', `/api/v1/imports/${r.body.id}`)).status, 404, 'another user\'s job');
  });

  test('a failing job reports its errors and rejects stay downloadable in partial mode', async () => {
    const r = await upload(`${HEADER}\nJ,Bad,female,1990-13-01,,,R1-D1-W1-V1,JB-1\nJ,Good,female,1990-01-01,,,R1-D1-W1-V1,JB-2\n`, { wait: false, partial: true });
    let job;
    do job = await who.national.call('GET', `/api/v1/imports/${r.body.id}`); while (job.body.status === 'running');
    assert.equal(job.body.result.rejected, 1);
    const rej = await who.national.call('GET', job.body.rejects_url);
    assert.equal(rej.status, 200);
    assert.match(rej.text, /JB-1/);
  });
});

describe('import jobs are the caller\'s', () => {
  test('GET /imports lists the caller\'s own jobs, newest first, and a ?wait=true import is one of them', async () => {
    const first = await upload(`${HEADER}\nL,One,female,1990-01-01,,,R1-D1-W1-V1,JL-1\n`, { wait: false });
    assert.equal(first.status, 202, first.text);
    const second = await upload(`${HEADER}\nL,Two,female,1990-01-01,,,R1-D1-W1-V1,JL-2\n`);
    assert.equal(second.status, 200, second.text);
    const mine = await who.national.call('GET', '/api/v1/imports');
    assert.equal(mine.status, 200, mine.text);
    const ids = mine.body.imports.map((j) => j.id);
    assert.ok(ids.includes(first.body.id), JSON.stringify(ids));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    assert.equal(mine.body.imports[0].result?.created ?? 0, 1, 'the waited-for import is the newest job');
    // before: there was no list, and a ?wait=true import left no job behind
    const theirs = await who.district.call('GET', '/api/v1/imports');
    assert.equal(theirs.status, 200, theirs.text);
    assert.ok(!theirs.body.imports.some((j) => ids.includes(j.id)), 'another user\'s jobs are not listed');
    assert.equal((await who.analyst.call('GET', '/api/v1/imports')).status, 403);
  });
});

describe('bulk people imports (point 8)', () => {
  test('a file is audited once, with its hash, counts and configuration; each person\'s history names it', async () => {
    const csv = `${HEADER}\n` +
      'Bulk,Audit,female,1990-01-01,,,R1-D1-W1-V1,BULK-1\n' +
      'Bulk,Audit,female,1990-01-01,,,R1-D1-W1-V2,\n' +        // likely duplicate of row 2 (name + birth date)
      'Bulk,Other,male,1980-05-05,,,R1-D1-W1-V1,BULK-1\n' +      // same identifier, another name: refused
      'Bulk,Audit,female,1990-01-01,,,R1-D1-W1-V1,BULK-1\n';     // the same person again: already there
    // jobs of earlier tests that were not waited for finish first (their rows are theirs)
    await settled(who.national);
    const before = (await who.admin.call('GET', '/api/v1/audit?action=import.people&limit=100')).body.audit.length;
    let r = await upload(csv);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors.length, 1);
    assert.deepEqual([r.body.errors[0].row, r.body.errors[0].column_name], [4, 'identifier.national_id']);
    assert.match(r.body.errors[0].message, /row 2/);
    assert.equal((await who.admin.call('GET', '/api/v1/audit?action=import.people&limit=100')).body.audit.length, before,
      'a refused file leaves no audit row');
    r = await upload(csv, { partial: true });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.created, r.body.existing, r.body.rejected], [2, 1, 1]);
    const audits = (await who.admin.call('GET', '/api/v1/audit?action=import.people&limit=100')).body.audit;
    assert.equal(audits.length, before + 1, 'one audit row for the whole file');
    const row = audits[0];
    const after = typeof row.after === 'string' ? JSON.parse(row.after) : row.after;
    assert.equal(after.file_sha256, createHash('sha256').update(csv).digest('hex'));
    assert.deepEqual([after.rows, after.created, after.existing, after.rejected], [4, 2, 1, 1]);
    assert.ok(after.config_commit, 'the configuration the rows were checked under');
    const first = (await who.national.call('GET', '/api/v1/people?identifier=BULK-1')).body.items[0];
    const hist = await who.national.call('GET', `/api/v1/people/${first.id}/history`);
    assert.equal(hist.status, 200);
    const items = hist.body.history ?? hist.body.items ?? hist.body;
    assert.ok(items.some((h) => h.action === 'import.people'), JSON.stringify(hist.body));
    const dups = (await who.national.call('GET', '/api/v1/people?q=audit bulk&limit=10')).body.items;
    const second = dups.find((p) => p.id !== first.id);
    assert.equal(second.review_duplicate_of, first.id, 'a likely duplicate inside the file is flagged');
  });
});

describe('positions and assignments imports', () => {
  test('positions with an unknown cadre are refused; valid ones import once', async () => {
    const header = 'code,title,org_unit_code,organisation_code,cadre,level,approved,funded_by';
    let r = await upload(`${header}\nP-1,PSW,R1-D1-W1-V1,NGO-NAT,astronaut,village,yes,Gov\n`, { kind: 'positions' });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].column_name, 'cadre');
    r = await upload(`${header}\nP-1,PSW,R1-D1-W1-V1,NGO-NAT,psw,village,yes,Gov\nP-2,SWA,R1-D1-W1,NGO-NAT,swa,ward,no,\n`, { kind: 'positions' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.created, 2);
    r = await upload(`${header}\nP-1,PSW,R1-D1-W1-V1,NGO-NAT,psw,village,yes,Gov\n`, { kind: 'positions' });
    assert.deepEqual([r.body.created, r.body.existing], [0, 1]);

    await upload(`${HEADER}\nAsha,Kweka,female,1985-05-05,,,R1-D1-W1-V1,ASG-1\n`);
    const ah = 'person_identifier,position_code,start_date,end_date,end_reason,engagement,pay_amount,pay_currency';
    r = await upload(`${ah}\nASG-1,P-2,2010-01-01,2014-12-31,promotion,volunteer,,\nASG-1,P-1,2015-01-01,,,stipend,60000,TZS\nNOBODY,P-1,2015-01-01,,,stipend,,\n`, { kind: 'assignments' });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].row, 4);
    assert.equal(r.body.errors[0].column_name, 'person_identifier');
    r = await upload(`${ah}\nASG-1,P-2,2010-01-01,2014-12-31,promotion,volunteer,,\nASG-1,P-1,2015-01-01,,,stipend,60000,TZS\n`, { kind: 'assignments' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.created, 2);
    const person = (await who.national.call('GET', '/api/v1/people?identifier=ASG-1')).body.items[0];
    const a = await who.national.call('GET', `/api/v1/people/${person.id}/assignments`);
    assert.deepEqual(a.body.items.map((x) => [x.start_date, x.end_reason]), [['2015-01-01', null], ['2010-01-01', 'promotion']]);
  });
});

describe('the CLI', () => {
  test('kazi import people reports rows and columns, changes nothing on failure, and is idempotent', async () => {
    const data = initWithAdmin();
    const dir = tempDir();
    const units = join(dir, 'units.csv');
    writeFileSync(units, HIERARCHY_CSV);
    let r = kazi(['import', 'org-units', '--data', data, units]);
    assert.equal(r.status, 0, r.stderr);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${HEADER}\nOk,Row,female,1990-01-01,,,R1-D1-W1-V1,CLI-1\nBad,Row,female,1990-02-31,,,R1-D1-W1-V1,CLI-2\n`);
    r = kazi(['import', 'people', '--data', data, bad]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /row 3, column 4 \(birth_date\)/);
    assert.match(r.stderr, /nothing was imported/);
    r = kazi(['import', 'people', '--data', data, '--partial', bad]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Imported 1 people/);
    assert.ok(existsSync(`${bad}.rejects.csv`));
    assert.match(readFileSync(`${bad}.rejects.csv`, 'utf8'), /CLI-2/);
    r = kazi(['import', 'people', '--data', data, '--partial', bad]);
    assert.match(r.stdout, /Imported 0 people .*1 already present/);
    r = kazi(['import', 'people', '--data', data, join(dir, 'missing.csv')]);
    assert.equal(r.status, 1);
    r = kazi(['import', 'planets', '--data', data, bad]);
    assert.notEqual(r.status, 0);
  });
});
