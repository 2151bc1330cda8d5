// Lakeland (tests/plugins/lakeland, a country made for the tests: English and Chichewa,
// paid in MWK) installed from its folder, served, with three workers in post: Chisomo Banda
// and Thoko Mwale, community care volunteers (ccv) in the village Chikowa, and Mphatso Phiri,
// a child protection worker (cpw) at TA Mkumbira. For the message suites.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, kazi, tempDir } from './server.mjs';
import { ADMIN, ADMIN_PW, mustLogin } from './access.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';
export const LAKELAND = join(share, 'tests/plugins/lakeland');

/** Lakeland's org units as an import file: country, region, district, TA and a village. */
export const UNITS = [
  'code,name,parent_code,level',
  'LL,Lakeland,,country',
  'LL-S,Southern Region,LL,region',
  'LL-S-ZA,Zomba,LL-S,district',
  'LL-S-ZA-MK,TA Mkumbira,LL-S-ZA,ta',
  'LL-S-ZA-MK-1,Chikowa,LL-S-ZA-MK,village',
].join('\n') + '\n';

function ok(r, what) {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
  return r.stdout;
}

/** Returns {srv, admin, units: {code: id}, org, people: {chisomo, thoko, mphatso} (ids), posts (their positions' ids, by the same names)}. */
export async function lakelandServer() {
  const root = tempDir();
  const data = join(root, 'data');
  const pw = join(root, 'admin.pw');
  writeFileSync(pw, `${ADMIN_PW}\n`);
  ok(kazi(['init', '--data', data, '--config', LAKELAND, '--admin', ADMIN, '--admin-password-file', pw]), 'init');
  const csv = join(root, 'units.csv');
  writeFileSync(csv, UNITS);
  ok(kazi(['import', 'org-units', '--data', data, csv]), 'import org-units');
  const srv = await startServer({ data, args: ['--admin-totp', 'optional'] });
  const admin = await mustLogin(srv, ADMIN, ADMIN_PW);
  const units = {};
  for (const code of ['LL', 'LL-S-ZA', 'LL-S-ZA-MK', 'LL-S-ZA-MK-1'])
    units[code] = (await admin.call('GET', `/api/v1/org-units?q=${code}`)).body.org_units.find((u) => u.code === code).id;
  const o = await admin.call('POST', '/api/v1/organisations',
    { body: { code: 'LL-DSW', name: 'Department of Social Welfare', kind: 'government', org_unit_id: units.LL } });
  assert.equal(o.status, 201, o.text);
  const org = o.body.id;
  const place = async (given, family, cadre, unit, level) => {
    const p = await admin.call('POST', '/api/v1/people', { body: { given_name: given, family_name: family,
      sex: 'female', birth_date: '1990-01-01', education: 'msce', residence_org_unit_id: units['LL-S-ZA-MK-1'],
      custom: { home_language: 'ny' } } });
    assert.equal(p.status, 201, p.text);
    const pos = await admin.call('POST', '/api/v1/positions', { body: { title: `${given}'s post`,
      org_unit_id: units[unit], organisation_id: org, cadre, level, approved: true, funded_by: 'Government' } });
    assert.equal(pos.status, 201, pos.text);
    const a = await admin.call('POST', '/api/v1/assignments', { body: { person_id: p.body.id,
      position_id: pos.body.id, start_date: '2022-01-01', engagement: cadre === 'ccv' ? 'stipend' : 'salaried' } });
    assert.equal(a.status, 201, a.text);
    posts[given.toLowerCase()] = pos.body.id;
    return p.body.id;
  };
  const posts = {};
  const people = {
    chisomo: await place('Chisomo', 'Banda', 'ccv', 'LL-S-ZA-MK-1', 'village'),
    thoko: await place('Thoko', 'Mwale', 'ccv', 'LL-S-ZA-MK-1', 'village'),
    mphatso: await place('Mphatso', 'Phiri', 'cpw', 'LL-S-ZA-MK', 'ta'),
  };
  return { srv, admin, units, org, people, posts };
}
