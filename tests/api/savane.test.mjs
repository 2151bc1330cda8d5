// Savane (tests/plugins/savane): a third country shaped unlike Tanzania in every way the
// configuration allows — French first, three org-unit levels whose ids are not Tanzania's
// (nation, departement, commune), letters for cadre levels, its own education levels and
// identifier type, CFA francs paid by the day, week, month and year, tight supervision
// ratios. Installed from its folder with `kazi demo-data`, then every indicator at every
// level, the dashboard, the names behind a figure, FHIR and an edit of a demo worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, kazi, tempDir } from './lib/server.mjs';
import { ADMIN, ADMIN_PW, mustLogin } from './lib/access.mjs';

const share = process.env.KAZI_SHARE_DIR || '.';
const SAVANE = join(share, 'tests/plugins/savane');
const LEVELS = ['nation', 'departement', 'commune'];
const CADRES = { relais: 'Relais communautaire', animateur: "Animateur de protection de l'enfance",
  tsc: 'Travailleur social de commune', inspecteur: "Inspecteur de l'action sociale" };
const EDUCATION = ['aucun', 'cepe', 'bepc', 'bac', 'licence', 'master'];

let data, srv, admin;
const sql = (q) => execFileSync('sqlite3', [join(data, 'kazi.db'), q], { encoding: 'utf8' }).trim();
const num = (q) => Number(sql(q));

before(async () => {
  const root = tempDir();
  data = join(root, 'data');
  const pw = join(root, 'admin.pw');
  writeFileSync(pw, `${ADMIN_PW}\n`);
  const init = kazi(['init', '--data', data, '--config', SAVANE, '--admin', ADMIN, '--admin-password-file', pw]);
  assert.equal(init.status, 0, init.stderr);
  const demo = kazi(['demo-data', '--data', data, '--people', '1500', '--seed', '3']);
  assert.equal(demo.status, 0, demo.stderr);
  srv = await startServer({ data, args: ['--admin-totp', 'optional'] });
  admin = await mustLogin(srv, ADMIN, ADMIN_PW);
});
after(async () => { if (srv) assert.equal(await srv.stop(), 0, 'server exits cleanly'); });

test('the demo register is Savane: its levels, its education levels and identifier type, names in French', () => {
  assert.deepEqual(sql('SELECT DISTINCT level_id FROM org_unit ORDER BY depth').split('\n'), LEVELS);
  assert.equal(sql('SELECT name FROM org_unit WHERE depth = 0'), 'République de Savane');
  assert.equal(num("SELECT count(*) FROM org_unit WHERE level_id = 'departement' AND name NOT LIKE '% Département'"), 0);
  const education = sql('SELECT DISTINCT education FROM person ORDER BY 1').split('\n');
  assert.deepEqual(education.filter((e) => !EDUCATION.includes(e)), [], 'only the country\'s education levels');
  assert.ok(education.length >= 4, `several levels: ${education}`);
  assert.deepEqual(sql('SELECT DISTINCT type FROM person_identifier ORDER BY 1').split('\n'), ['nin']);
  // Everything the demo wrote passes the configuration's own rules.
  const check = kazi(['demo-data', '--data', data, '--check']);
  assert.equal(check.status, 0, check.stderr);
  for (const k of ['supervisions_refused', 'moves_refused', 'certificates_refused', 'errors'])
    assert.match(check.stdout, new RegExp(`^${k}: 0$`, 'm'), check.stdout);
});

test('the demo register\'s people, organisations and places carry the names Savane declares, none of Tanzania\'s', async () => {
  const r = await admin.call('GET', '/api/v1/catalogue/demo');
  assert.equal(r.status, 200, r.text);
  const demo = r.body.items;
  const given = new Set([...demo.given_names.female, ...demo.given_names.male]);
  const family = new Set(demo.family_names);
  // Every text Tanzania's demo.lua declares (names, organisations, syllables).
  const tanzania = new Set([...readFileSync(join(share, 'country-config/tanzania/demo.lua'), 'utf8')
    .matchAll(/"([^"]+)"/g)].map((m) => m[1]));
  assert.ok(tanzania.has('Amina') && tanzania.has('Mnyampala'), 'Tanzania\'s names were read');
  const people = sql('SELECT given_name, family_name, coalesce(other_names, \'\') FROM person').split('\n').map((l) => l.split('|'));
  assert.equal(people.length, 1500);
  for (const [g, f, o] of people) {
    assert.ok(given.has(g) && family.has(f) && (!o || given.has(o)), `${g} ${f} ${o}: Savane's names`);
    assert.ok(!tanzania.has(g) && !tanzania.has(f) && !tanzania.has(o), `${g} ${f} ${o}: none of Tanzania's`);
  }
  assert.ok(new Set(people.map((p) => p[0])).size > given.size / 2, 'many of the declared given names');
  const org = (kind) => sql(`SELECT name FROM organisation WHERE kind = '${kind}' ORDER BY id`).split('\n');
  assert.deepEqual(org('ngo'), demo.organisations.ngo.slice(0, 8));
  assert.deepEqual(org('private'), demo.organisations.private.slice(0, 3));
  assert.equal(sql("SELECT name FROM organisation WHERE code = 'GOV-NAT'"), demo.organisations.national);
  assert.ok(org('faith_based').every((n) => demo.organisations.faith_based.some((f) => n.startsWith(`${f} `))), 'faith-based: declared names');
  for (const n of sql("SELECT name FROM org_unit WHERE level_id = 'commune'").split('\n'))
    assert.ok(demo.places.first.some((f) => n.startsWith(f)) && demo.places.last.some((l) => n.endsWith(l)), `${n}: Savane's syllables`);
  // Volunteers' reimbursements have the declared purposes.
  const purposes = sql("SELECT DISTINCT purpose FROM payment WHERE kind = 'reimbursement' ORDER BY 1").split('\n');
  assert.deepEqual(purposes, [...demo.reimbursement_purposes].sort());
});

test('the texts the demo writes into records are the French ones Savane declares', async () => {
  const demo = (await admin.call('GET', '/api/v1/catalogue/demo')).body.items;
  const distinct = (q) => sql(q).split('\n').filter(Boolean).sort();
  // Supervision sessions: every declared topic, nothing else.
  assert.deepEqual(distinct('SELECT DISTINCT topics FROM supervision_session'), [...demo.supervision_topics].sort());
  // Posts: a government employer's funded by the State, the others' by a partner or their own funds.
  const { government, others } = demo.funders;
  assert.equal(government, 'État');
  assert.deepEqual(distinct(`SELECT DISTINCT p.funded_by FROM position p JOIN organisation o ON o.id = p.organisation_id
    WHERE o.kind = 'government'`), [government]);
  assert.deepEqual(distinct(`SELECT DISTINCT p.funded_by FROM position p JOIN organisation o ON o.id = p.organisation_id
    WHERE o.kind <> 'government'`), [...others].sort());
  // Credit for prior learning: what, its evidence and who approved it, as declared.
  const prior = sql('SELECT what, evidence, approved_by FROM prior_learning').split('\n').map((l) => l.split('|'));
  assert.ok(prior.length > 10, `${prior.length} prior-learning credits`);
  for (const [what, evidence, by] of prior)
    assert.ok(demo.prior_learning.what.includes(what) && demo.prior_learning.evidence.includes(evidence) &&
      demo.prior_learning.approved_by.includes(by), `${what} | ${evidence} | ${by}`);
  // Revoked certificates give a declared reason; support activities carry the declared note.
  const reasons = distinct("SELECT DISTINCT revoked_reason FROM certificate WHERE status = 'revoked'");
  assert.ok(reasons.length > 0 && reasons.every((r) => demo.revocation_reasons.includes(r)), reasons.join(', '));
  assert.deepEqual(distinct('SELECT DISTINCT note FROM support_activity'), [demo.support_note]);
  // Training events are titled with the course's French name and the year.
  const names = (await admin.call('GET', '/api/v1/catalogue/courses')).body.items.map((c) => c.name.fr);
  const titles = distinct('SELECT DISTINCT title FROM training_event');
  assert.ok(titles.length > 0);
  for (const t of titles) assert.ok(/, \d{4}$/.test(t) && names.some((n) => t.startsWith(`${n}, `)), t);
});

test('a demo worker can be edited: the record passes the country\'s validation', async () => {
  const id = num("SELECT min(id) FROM person WHERE status = 'active'");
  const r = await admin.call('PATCH', `/api/v1/people/${id}`, { body: { phone: '0790 12 34 56' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.phone, '+227790123456');
});

test('every indicator answers at each of the three levels, one row per unit of the level and a total', async () => {
  const cat = await admin.call('GET', '/api/v1/catalogue');
  assert.equal(cat.status, 200, cat.text);
  const inds = cat.body.reports.filter((r) => r.indicator);
  assert.ok(inds.length >= 30, `${inds.length} indicators`);
  const units = Object.fromEntries(LEVELS.map((l) => [l, num(`SELECT count(*) FROM org_unit WHERE level_id = '${l}'`)]));
  for (const ind of inds) {
    for (const level of LEVELS) {
      const r = await admin.call('POST', `/api/v1/reports/${ind.id}/run`, { body: { params: { level } } });
      assert.equal(r.status, 200, `${ind.id} ${level}: ${r.text}`);
      const rows = r.body.rows.filter((x) => x.org_unit_id != null);
      const totals = r.body.rows.filter((x) => x.org_unit_id == null);
      const groups = new Set(r.body.rows.map((x) => x.group));
      assert.equal(rows.length, units[level] * groups.size, `${ind.id} ${level}: a row per unit`);
      assert.equal(totals.length, groups.size, `${ind.id} ${level}: a total per group`);
      assert.ok(totals.every((t) => t.org_unit_name === 'Total'), ind.id);
    }
  }
  // The lattice's vertical moves were taken: a promotion rate over the programme's years.
  const since = sql('SELECT min(start_date) FROM assignment').slice(0, 4);
  const promo = await admin.call('POST', '/api/v1/reports/ind-promotion-rate/run',
    { body: { params: { period: `${since}..${new Date().toISOString().slice(0, 4)}` } } });
  assert.equal(promo.status, 200, promo.text);
  assert.ok(promo.body.rows.find((x) => x.org_unit_id == null).numerator > 0, promo.text);
  // The figures are the register's: headcount at each level adds up to the same total.
  const head = num(`SELECT count(DISTINCT a.person_id) FROM assignment a JOIN person p ON p.id = a.person_id
    WHERE a.end_date IS NULL AND a.start_date <= date('now') AND p.status = 'active'`);
  for (const level of LEVELS) {
    const r = await admin.call('POST', '/api/v1/reports/ind-headcount/run', { body: { params: { level } } });
    assert.equal(r.body.rows.find((x) => x.org_unit_id == null).numerator, head, level);
  }
});

test('the dashboard counts Savane\'s cadres and ratios, and the names behind a figure add up to it', async () => {
  const d = await admin.call('GET', '/api/v1/figures/dashboard');
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(Object.keys(d.body.people.by_cadre).sort(), Object.keys(CADRES).sort());
  assert.deepEqual(d.body.names.cadres.map((c) => [c.id, c.name.fr]), Object.entries(CADRES));
  for (const [cadre, n] of Object.entries(d.body.people.by_cadre))
    assert.equal(n, num(`SELECT count(DISTINCT a.person_id) FROM assignment a JOIN position q ON q.id = a.position_id
      JOIN person p ON p.id = a.person_id WHERE q.cadre = '${cadre}' AND a.end_date IS NULL AND p.status = 'active'`), cadre);
  // By unit: the level below the nation, the departements.
  assert.equal(d.body.people.by_unit.length, num("SELECT count(*) FROM org_unit WHERE level_id = 'departement'"));
  assert.deepEqual(d.body.supervision.max_ratio, { relais: 8, animateur: 6, tsc: 15 });
  assert.ok(d.body.pay.with_minimum > 0 && d.body.pay.with_minimum <= d.body.pay.workers, JSON.stringify(d.body.pay));
  // The names behind the dashboard's figures: as many as each figure.
  const figures = { without_supervisor: d.body.supervision.without_supervisor, no_recent_session: d.body.supervision.no_recent_session,
    below_minimum: d.body.pay.below_minimum, volunteers_without_reimbursement: d.body.pay.volunteers_without_reimbursement };
  for (const [figure, n] of Object.entries(figures)) {
    const r = await admin.call('GET', `/api/v1/figures/people?figure=${figure}&period=${d.body.period}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, n, figure);
    assert.equal(r.body.items.length, n, `${figure}: every name listed`);
  }
  assert.ok(figures.below_minimum > 0, 'some paid below a minimum by the day or week');
  // Most volunteers were reimbursed this month (transport, lunch), not all.
  assert.ok(d.body.pay.volunteers > 0 && figures.volunteers_without_reimbursement > 0 &&
    figures.volunteers_without_reimbursement < d.body.pay.volunteers / 2, JSON.stringify(d.body.pay));
  // The workers behind the headcount: as many names as the figure.
  const year = new Date().toISOString().slice(0, 4);
  const head = await admin.call('POST', '/api/v1/reports/ind-headcount/run', { body: { params: { period: year } } });
  const names = await admin.call('POST', '/api/v1/reports/ind-headcount-names/run', { body: { params: { period: year } } });
  assert.equal(names.status, 200, names.text);
  assert.equal(names.body.rows.length, head.body.rows.find((x) => x.org_unit_id == null).numerator);
  // Payments below the minimum are checked against minima by the day, week, month and year, in XOF.
  const below = await admin.call('POST', '/api/v1/reports/ind-pay-below-minimum-names/run', { body: { params: { period: year } } });
  assert.equal(below.status, 200, below.text);
  assert.ok(below.body.rows.length > 0 && below.body.rows.every((r) => r.currency === 'XOF'), below.text);
});

test('a minimum by the week or day is a month\'s in whole francs, as XOF is written, wherever it is shown', async () => {
  // An animateur on a stipend: 20000 XOF a week is 20000 * 52 / 12 = 86666.67 a month, shown as 86667.
  const id = num(`SELECT a.person_id FROM assignment a JOIN position q ON q.id = a.position_id JOIN person p ON p.id = a.person_id
    WHERE q.cadre = 'animateur' AND a.end_date IS NULL AND a.engagement = 'stipend' AND p.status = 'active' ORDER BY a.person_id LIMIT 1`);
  const month = new Date().toISOString().slice(0, 7);
  const paid = await admin.call('POST', '/api/v1/payments', { body: { person_id: id, kind: 'stipend', period: '1999-01', amount: 86666, currency: 'XOF' } });
  assert.equal(paid.status, 201, paid.text);
  assert.deepEqual(paid.body.minimum, { amount: 86667, currency: 'XOF', period: 'month' });
  assert.equal(paid.body.below_minimum, true, '86666 is below 86667');
  const list = await admin.call('GET', `/api/v1/payments?person_id=${id}`);
  assert.equal(list.body.items.find((p) => p.period === '1999-01').minimum.amount, 86667, list.text);
  // The names behind the dashboard's figure: every minimum as XOF is written, the week's as 86667.
  const names = await admin.call('GET', `/api/v1/figures/people?figure=below_minimum&period=${month}`);
  assert.equal(names.status, 200, names.text);
  const minima = names.body.items.map((p) => p.minimum);
  assert.ok(minima.length > 0 && minima.every(Number.isInteger), JSON.stringify(minima));
  assert.ok(minima.includes(86667), JSON.stringify(minima));
  const report = await admin.call('POST', '/api/v1/reports/ind-pay-below-minimum-names/run', { body: { params: { period: '1999' } } });
  assert.equal(report.status, 200, report.text);
  assert.deepEqual(report.body.rows.map((r) => r.minimum_amount), [86667], report.text);
});

test('retention: serving in their home ward and district compare the communes and departements', async () => {
  const r = await admin.call('GET', '/api/v1/figures/retention?from=2015-01-01');
  assert.equal(r.status, 200, r.text);
  const t = r.body.total;
  assert.ok(t.serving > 0, r.text);
  // Which levels the home ward and district are, for the screens to name them.
  assert.deepEqual(r.body.home_levels, { ward: 'commune', district: 'departement' });
  // Most relays and facilitators serve in their own commune; nobody serves outside the nation.
  assert.ok(t.home_ward > 0 && t.home_ward <= t.home_district, JSON.stringify(t));
  assert.ok(t.home_district < t.serving || t.home_district === t.serving, JSON.stringify(t));
  const communes = await admin.call('POST', '/api/v1/reports/ind-home-area/run', { body: { params: { level: 'commune' } } });
  assert.equal(t.home_ward, communes.body.rows.find((x) => x.org_unit_id == null).numerator, 'as ind-home-area by commune');
});

test('the import template and the export offer Savane\'s identifier type, and an export imports again', async () => {
  const tpl = await admin.call('GET', '/api/v1/imports/templates/people.csv');
  assert.equal(tpl.status, 200, tpl.text);
  const head = tpl.text.split('\n')[0].split(',');
  assert.ok(head.includes('identifier.nin'), head.join(','));
  assert.deepEqual(head.filter((c) => /identifier\.(national_id|programme_number)/.test(c)), []);
  const csv = await admin.call('GET', '/api/v1/exports/people.csv');
  assert.equal(csv.status, 200, csv.text);
  const cols = csv.text.split('\n')[0].split(',');
  assert.deepEqual(cols.filter((c) => c.startsWith('identifier.')), ['identifier.nin']);
});

test('a custom field\'s error names it by its label in the user\'s language, not custom.<id>', async () => {
  const id = num("SELECT min(id) FROM person WHERE status = 'active'");
  const bad = { custom: { langue: 'xx' } };
  const fr = await admin.call('PATCH', `/api/v1/people/${id}`, { body: bad, headers: { 'accept-language': 'fr' } });
  assert.equal(fr.status, 422, fr.text);
  assert.equal(fr.body.error.field, 'custom.langue');
  assert.match(fr.body.error.message, /^Langue parlée à la maison\b/, fr.text);
  const en = await admin.call('PATCH', `/api/v1/people/${id}?lang=en`, { body: bad });
  assert.equal(en.status, 422, en.text);
  assert.match(en.body.error.message, /^Home language\b/, `${en.headers.get('content-language')} ${en.text}`);
  assert.doesNotMatch(en.body.error.message, /custom\.|langue/, en.text);
});

test('a trainee\'s distance counts Savane\'s communes and departements, as retention does', async () => {
  // Two active workers living in two communes of one departement, and one in another departement.
  const [a, b] = sql(`SELECT p.id || ',' || u.id || ',' || u.parent_id FROM person p JOIN org_unit u ON u.id = p.residence_org_unit_id
    WHERE p.status = 'active' AND u.level_id = 'commune' ORDER BY u.parent_id, u.id`).split('\n').map((x) => x.split(',').map(Number))
    .filter((x, i, all) => i === 0 || x[2] === all[0][2] && x[1] !== all[0][1]);
  const far = sql(`SELECT p.id FROM person p JOIN org_unit u ON u.id = p.residence_org_unit_id
    WHERE p.status = 'active' AND u.level_id = 'commune' AND u.parent_id <> ${a[2]} ORDER BY p.id LIMIT 1`);
  assert.ok(a && b, 'two communes of one departement');
  const ev = await admin.call('POST', '/api/v1/training-events', { body: {
    course: 'recyclage', venue_org_unit_id: a[1], start_date: '2026-01-10', end_date: '2026-01-12', capacity: 25 } });
  assert.equal(ev.status, 201, ev.text);
  const r = await admin.call('POST', `/api/v1/training-events/${ev.body.id}/enrolments`, { body: { person_ids: [a[0], b[0], Number(far)] } });
  assert.equal(r.status, 201, r.text);
  const by = Object.fromEntries(r.body.items.map((e) => [e.person_id, [e.travelled, e.outside_ward]]));
  assert.deepEqual(by[a[0]], [false, false], 'trained in their own commune');
  assert.deepEqual(by[b[0]], [false, true], 'another commune of their departement');
  assert.deepEqual(by[Number(far)], [true, true], 'outside their departement');
  // The event's list says which levels these are, for the screen to name them.
  const list = await admin.call('GET', `/api/v1/training-events/${ev.body.id}/enrolments`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.home_levels, { ward: 'commune', district: 'departement' }, list.text);
});

test('a level the country does not have is refused naming the country\'s levels', async () => {
  const r = await admin.call('GET', '/api/v1/boundaries?level=district');
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.field, 'level');
  assert.match(r.body.error.message, /nation, departement, commune/);
  assert.doesNotMatch(r.body.error.message, /district/);
});

test('FHIR names a cadre in the country\'s first language, French', async () => {
  const r = await admin.call('GET', '/fhir/PractitionerRole?_count=20');
  assert.equal(r.status, 200, r.text);
  const codings = r.body.entry.map((e) => e.resource.code[0].coding[0]);
  assert.ok(codings.length > 0);
  for (const c of codings) assert.equal(c.display, CADRES[c.code], JSON.stringify(c));
});

// Every per-language text (an object with an `en` text) anywhere in a declaration, with
// where it sits: titles, descriptions, definitions, parameter and column labels.
function texts(v, at, out) {
  if (Array.isArray(v)) v.forEach((x, i) => texts(x, `${at}[${i}]`, out));
  else if (v && typeof v === 'object') {
    if (typeof v.en === 'string') out.push([at, v]);
    else for (const [k, x] of Object.entries(v)) texts(x, `${at}.${k}`, out);
  }
  return out;
}

test('every text of the shipped reports, indicators and population groups is in French and Kiswahili too', async () => {
  const r = await admin.call('GET', '/api/v1/catalogue');
  assert.equal(r.status, 200, r.text);
  const shipped = [];
  for (const [kind, items] of Object.entries(r.body))
    if (Array.isArray(items))
      for (const d of items) if (String(d.source).startsWith('plugins/')) shipped.push([`${kind} ${d.id}`, d]);
  const kinds = new Set(shipped.map(([k]) => k.split(' ')[0]));
  for (const k of ['reports', 'population_groups', 'standards']) assert.ok(kinds.has(k), `shipped ${k}: ${[...kinds]}`);
  const found = shipped.flatMap(([where, d]) => texts(d, where, []));
  assert.ok(found.length >= 300, `${found.length} texts`);
  for (const [where, text] of found)
    for (const lang of ['fr', 'sw'])
      assert.ok(typeof text[lang] === 'string' && text[lang].trim() !== '', `${where}: no ${lang} (${text.en})`);
});

test('asked in French, the first language, the headcount indicator is titled in French', async () => {
  const langs = await admin.call('GET', '/api/v1/languages?lang=fr');
  assert.equal(langs.status, 200, langs.text);
  assert.equal(langs.body.default, 'fr');
  const r = await admin.call('POST', '/api/v1/reports/ind-headcount/run?lang=fr', { body: { params: { level: 'commune' } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-language'), 'fr');
  assert.equal(r.body.title[langs.body.default], 'Effectif');
  const decl = (await admin.call('GET', '/api/v1/catalogue')).body.reports.find((d) => d.id === 'ind-headcount');
  assert.equal(decl.params.find((p) => p.id === 'breakdown').label.fr, 'Ventilation');
  assert.equal(decl.indicator.definition.period.fr, 'Le dernier jour de la période');
});
