// Helpers for the registry suites. Until the access layer is merged, test servers
// accept a test-only principal header (core/http/caller.c); `as()` builds it. When
// the access layer lands, `as()` becomes a login with the access suite's helpers.
import { api } from './server.mjs';

export function as(role, scope = null, user = 1) {
  const v = `role=${role};user=${user}` + (scope ? `;scope=${scope}` : '');
  return { 'X-Kazi-Test-Principal': v };
}

export const NATIONAL = as('national_hr_officer');

/** Create the fixture hierarchy; returns {TZ, R1, D1, W1, V1, V2, R2, D2, W2, V3, GOV, NGO} ids. */
export async function fixture(url) {
  const r = await api(url, 'POST', '/api/test/registry/fixture');
  if (r.status !== 201) throw new Error(`fixture: ${r.status} ${r.text}`);
  return r.body;
}

let seq = 0;
/** A valid person body; `over` replaces fields. */
export function personBody(ids, over = {}) {
  seq++;
  return {
    given_name: 'Amina', family_name: `Mushi${seq}`, sex: 'female', birth_date: '1990-04-12',
    phone: '+255 754 000 111', languages: ['sw', 'en'], education: 'Form IV',
    residence_org_unit_id: ids.V1,
    identifiers: [{ type: 'national_id', value: `19900412-0000-${String(seq).padStart(5, '0')}-1${process.pid % 1000}` }],
    ...over,
  };
}

export async function createPerson(url, ids, over = {}, headers = NATIONAL) {
  const r = await api(url, 'POST', '/api/v1/people', { body: personBody(ids, over), headers });
  if (r.status !== 201) throw new Error(`create person: ${r.status} ${r.text}`);
  return r.body;
}

export async function createPosition(url, ids, over = {}, headers = NATIONAL) {
  const r = await api(url, 'POST', '/api/v1/positions', {
    body: { title: 'Para social worker', org_unit_id: ids.V1, organisation_id: ids.GOV,
            cadre: 'para_social_worker', level: 'village', approved: true, funded_by: 'Government', ...over },
    headers,
  });
  if (r.status !== 201) throw new Error(`create position: ${r.status} ${r.text}`);
  return r.body;
}
