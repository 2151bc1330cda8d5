// Helpers for the registry suites: a server with the access suite's hierarchy, users
// of every role signed in, and factories for people and positions.
import { startAccessServer, seed, mustLogin } from './access.mjs';

// Two more villages: one beside R1-D1-W1-V1 (inside the district officer's scope), one
// in the outside district.
const EXTRA_UNITS = [
  'code,name,parent_code,level',
  "R1-D1-W1-V2,Chang'ombe,R1-D1-W1,village",
  'R2-D1-W1-V1,Nyamadoke,R2-D1-W1,village',
].join('\n') + '\n';

/**
 * Start a server and seed it. Returns {srv, ids, who} where ids maps short names to
 * ids (TZ, R1, D1, W1, V1, V2 inside; R2, D2, V3 outside; GOV, NGO organisations) and
 * who holds signed-in sessions (admin, national, district, supervisor, trainer, analyst).
 * `args` replaces the server's extra arguments (default: --admin-totp optional).
 */
export async function registryServer({ args } = {}) {
  const srv = await startAccessServer(args ? { args } : undefined);
  const s = await seed(srv);
  const imp = await s.admin.call('POST', '/api/v1/org-units/import', { raw: EXTRA_UNITS, headers: { 'content-type': 'text/csv' } });
  if (imp.status !== 200) throw new Error(`extra units: ${imp.text}`);
  const unit = async (code) => {
    const r = await s.admin.call('GET', `/api/v1/org-units?q=${encodeURIComponent(code)}`);
    return r.body.org_units.find((u) => u.code === code).id;
  };
  const ids = {
    TZ: s.units.TZ, R1: s.units.R1, D1: s.units['R1-D1'], W1: s.units['R1-D1-W1'],
    V1: s.units['R1-D1-W1-V1'], V2: await unit('R1-D1-W1-V2'),
    R2: s.units.R2, D2: s.units['R2-D1'], V3: await unit('R2-D1-W1-V1'),
    GOV: s.orgs['NGO-NAT'], NGO: s.orgs['NGO-OUT'],
  };
  const who = { admin: s.admin };
  for (const name of ['national', 'district', 'supervisor', 'trainer', 'analyst']) who[name] = await mustLogin(srv, name);
  return { srv, ids, who };
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

export async function createPerson(who, ids, over = {}) {
  const r = await who.call('POST', '/api/v1/people', { body: personBody(ids, over) });
  if (r.status !== 201) throw new Error(`create person: ${r.status} ${r.text}`);
  return r.body;
}

export async function createPosition(who, ids, over = {}) {
  const r = await who.call('POST', '/api/v1/positions', {
    body: { title: 'Para social worker', org_unit_id: ids.V1, organisation_id: ids.GOV,
            cadre: 'psw', level: 'village', approved: true, funded_by: 'Government', ...over },
  });
  if (r.status !== 201) throw new Error(`create position: ${r.status} ${r.text}`);
  return r.body;
}

/** Minimal RFC 4180 reader for the checks (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += ch;
  }
  return rows;
}
