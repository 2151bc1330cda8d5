// The OpenAPI document is the contract: it validates as OpenAPI 3 with an independent
// validator, every operation lists its responses with schemas, and a known path with a
// method it does not serve answers 405 with Allow and the JSON error body, before
// authentication.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { api } from './lib/server.mjs';
import { checkContract, checkRawReply, CONTRACT } from './lib/contract.mjs';
import { startAccessServer, mustLogin, ADMIN, ADMIN_PW } from './lib/access.mjs';

let srv, admin;
before(async () => {
  srv = await startAccessServer();
  admin = await mustLogin(srv, ADMIN, ADMIN_PW);
});
after(async () => { assert.equal(await srv.stop(), 0); });

test('openapi__validates_as_openapi_3', async () => {
  const r = await api(srv.url, 'GET', '/api/openapi.json');
  assert.equal(r.status, 200);
  // validate() dereferences in place; give it a copy so the assertions below see $refs.
  await SwaggerParser.validate(structuredClone(r.body));
  assert.match(r.body.openapi, /^3\./);
});

test('openapi__every_operation_has_responses_with_schemas', async () => {
  const doc = (await api(srv.url, 'GET', '/api/openapi.json')).body;
  let n = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      n++;
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(op.operationId, `${where} has an operationId`);
      const codes = Object.keys(op.responses);
      assert.ok(!codes.includes('default'), `${where} lists real statuses, not a default`);
      const ok = codes.filter((c) => c < '300');
      assert.ok(ok.length >= 1, `${where} has a success status`);
      if (ok[0] !== '204') assert.ok(op.responses[ok[0]].content, `${where} describes its success body`);
      for (const c of codes.filter((c) => c >= '400')) {
        const schema = op.responses[c].content['application/json'].schema;
        const error = { $ref: '#/components/schemas/Error' };
        // /healthz's 503 is its own status body (degraded, unavailable) or the Error.
        if (path === '/healthz' && c === '503') assert.deepEqual(schema.anyOf[1], error);
        else assert.deepEqual(schema, error, `${where} ${c} is the Error body`);
      }
      for (const p of op.parameters) assert.ok(p.schema?.type, `${where} ${p.name} has a type`);
      if (['post', 'put', 'patch'].includes(method) && op.requestBody) {
        assert.ok(Object.values(op.requestBody.content)[0].schema, `${where} body schema`);
      }
    }
  }
  assert.ok(n > 90, `${n} operations`);
  // Creates answer 201 in the document, as they do on the wire.
  assert.ok(doc.paths['/api/v1/people'].post.responses['201']);
  assert.equal(doc.paths['/api/v1/people'].post.requestBody.content['application/json'].schema.$ref,
    '#/components/schemas/person_create');
  assert.deepEqual(doc.paths['/api/v1/people'].get.parameters.map((p) => p.name).slice(0, 2), ['q', 'identifier']);
  assert.ok(doc.paths['/api/v1/org-units/export'].get.responses['200'].content['text/csv; charset=utf-8']);
  assert.ok(doc.paths['/api/v1/tokens/{id}'].delete.responses['204']);
});

// Literal paths that a {param} pattern used to swallow, and a wrong method on each.
for (const [method, path, allow] of [
  ['GET', '/api/v1/org-units/import', 'POST'],
  ['PATCH', '/api/v1/org-units/export', 'GET'],
  ['DELETE', '/api/v1/people', 'GET, POST'],
  ['PUT', '/api/v1/people/1', 'GET, PATCH'],
  ['GET', '/api/v1/auth/login', 'POST'],
  ['POST', '/api/v1/certificates/expiring', 'GET'],
]) {
  test(`router__405_with_allow_before_authentication: ${method} ${path}`, async () => {
    const r = await api(srv.url, method, path, { body: method === 'GET' ? undefined : {} });
    assert.equal(r.status, 405, r.text);
    assert.equal(r.headers.get('allow'), allow);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.body.error.code, 'method_not_allowed');
    assert.match(r.body.error.message, new RegExp(`allowed: ${allow}`));
  });
}

test('router__an_unknown_path_is_still_404_and_an_id_path_still_routes', async () => {
  // An unknown path is still 404, and a real id path still routes (to 401: not signed in).
  assert.equal((await api(srv.url, 'GET', '/api/v1/org-units/nope/x')).status, 404);
  assert.equal((await api(srv.url, 'GET', '/api/v1/org-units/5')).status, 401);
});

test('openapi__every_listed_integer_query_parameter_is_read', async () => {
  // A listed parameter the handler does not read would be a promise to clients that is
  // not kept: a non-number for each one must be refused, naming it.
  const doc = (await api(srv.url, 'GET', '/api/openapi.json')).body;
  let checked = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.get;
    if (!op || path.includes('{') || op['x-kazi-permission'] === 'public') continue;
    for (const p of op.parameters.filter((x) => x.in === 'query' && x.schema.type === 'integer')) {
      const r = await admin.call('GET', `${path}?${p.name}=x1`);
      assert.ok(r.status === 400 || r.status === 422, `GET ${path}?${p.name}=x1 answered ${r.status}: ${r.text}`);
      assert.equal(r.body.error.field, p.name, `GET ${path}?${p.name}=x1: ${r.text}`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `${checked} parameters checked`);
});

// ---- replies are strict -----------------------------------------------------------------

// Where a success body may stay open, and why. A key is a component (or an operation
// without one) and a path inside it: "AuditRow.before", "Reports.reports[].params".
const OPEN = {
  OpenApi: 'the document itself: api.openapi validates it as OpenAPI 3 with swagger-parser',
  Test: 'the test-only routes (KAZI_TEST_ROUTES=1) echo what they are sent',
  'AuditRow.before': 'the record as it was: any entity, any version',
  'AuditRow.after': 'the record as it became: any entity, any version',
  'PersonChange.before': 'the record as it was, in the version it was saved under',
  'PersonChange.after': 'the record as it became, in the version it was saved under',
  'Reports.reports[].params': 'the parameters a configuration declares for its report (kazi.report)',
  'ReportResult.rows[]': 'a row has the columns the configuration declares; `columns` lists them',
  'person.custom': 'custom fields of every configuration version a record was saved under',
  'position.custom': 'custom fields of every configuration version a record was saved under',
  'position.holder': 'the holder summary: a nested kind the field tables do not describe yet',
  'org_unit.path[]': 'the breadcrumb units: a nested kind the field tables do not describe yet',
  // Declarations are the configuration's: their fields are whatever its kazi.* call gave
  // (docs/plugins.md lists them per kind); a name is a text or one per language.
  Catalogue: 'the active configuration\'s declarations by kind (a new kind of declaration adds its list)',
  'ReportRuns.runs[].params': 'the parameters the run was given, as its report declares them',
  Declaration: 'a declaration: its fields as the configuration gives them (kazi.*)',
  'CatalogueKind.items': 'the declarations of one kind, as the configuration gives them',
  'Reports.reports[]': 'a report declaration as the configuration gives it (kazi.report)',
  'ReportResult.title': 'the report title: a text or one per language (kazi.report)',
  Dashboard: 'the dashboard in one answer: each part the role may read is the reply of its own route (figures, lists), left out otherwise',
  FigurePeople: 'the workers behind a figure, each with the reason in the figure\'s own terms (docs/support.md)',
  'ReportResult.labels': 'the column titles by column id, as the report declares them',
  'Eligibility.items[].name': 'a certification name: a text or one per language',
  'Eligibility.items[].missing[]': 'what the rule says is missing: a text or one per language',
  CareerOption: 'a move as the configuration declares it: names per language, bridging courses, what its rule says is missing',
  'career_move.missing[]': 'what the move rule said was missing: a text or one per language',
  'Lattice.nodes[].name': 'a cadre name: a text or one per language',
  'Lattice.edges[].bridging': 'the bridging courses the move declares',
  'Candidates.items[].missing[]': 'what the rule says is missing: a text or one per language',
  'certificate.evidence': 'what the rule saw when the certificate was issued (the dossier facts)',
  'payment.minimum': 'the minimum the payment was held against: {amount, currency, period} (docs/support.md)',
  ImportJobs: 'the caller\'s import jobs, each in the ImportJob shape',
  ImportJob: 'an import job: its result is the import report of its kind',
  ImportResult: 'the import report: counts and row-numbered problems per kind',
  Dhis2DataValueSet: 'the DHIS2 dataValueSets document, held to DHIS2\'s format field by field in api.dhis2',
  Export: 'export rows: their columns come from the field tables (the import template\'s)',
  Result: 'enrolment, return and link results',
  Figures: 'the dashboard figures by area',
};

/**
 * The places in a schema that accept anything: an object with no properties and no
 * schema for extra ones, an object whose extra properties are not refused, an array
 * with no items schema, a schema with no type. `where` names the place for OPEN.
 */
function openPlaces(doc, schema, where, out, seen = new Set()) {
  if (!schema || typeof schema !== 'object') return out;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    if (seen.has(name)) return out;
    seen.add(name);
    return openPlaces(doc, doc.components.schemas[name], name, out, seen);
  }
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    for (const s of schema[k] || []) openPlaces(doc, s, where, out, seen);
  }
  if (schema.anyOf || schema.oneOf || schema.allOf) return out;
  if (schema.type === 'array') {
    if (!schema.items) out.push(`${where}[]`);
    else openPlaces(doc, schema.items, `${where}[]`, out, seen);
  } else if (schema.type === 'object' || schema.properties) {
    const props = Object.keys(schema.properties || {});
    const extra = schema.additionalProperties;
    const map = extra && typeof extra === 'object';
    if ((!props.length && !map) || (props.length && extra !== false)) out.push(where);
    for (const p of props) openPlaces(doc, schema.properties[p], `${where}.${p}`, out, seen);
    if (map) openPlaces(doc, extra, `${where}{}`, out, seen);
  } else if (!schema.type) {
    out.push(where);
  }
  return out;
}

/* The OPEN key that excuses `place`, or undefined. */
const excuse = (place) => Object.keys(OPEN).find((k) => place === k || place.startsWith(`${k}.`) ||
  place.startsWith(`${k}[]`) || place.startsWith(`${k}{}`));

test('openapi__every_success_body_is_a_strict_schema_or_a_listed_exception', async () => {
  const doc = (await api(srv.url, 'GET', '/api/openapi.json')).body;
  const open = new Map(), used = new Set();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const [code, resp] of Object.entries(op.responses)) {
        if (code >= '300') continue;
        const schema = resp.content?.['application/json']?.schema;
        if (!schema) continue;
        for (const place of openPlaces(doc, schema, `${method.toUpperCase()} ${path}`, [])) {
          const k = excuse(place);
          if (k) used.add(k);
          else open.set(place, `${method.toUpperCase()} ${path}`);
        }
      }
    }
  }
  assert.deepEqual([...open].map(([place, op]) => `${place} (${op})`), [],
    'these replies accept any shape: give them properties and additionalProperties: false ' +
    '(core/http/schemas.c or the field table), or list them in OPEN with the reason');
  // An exception nothing needs any more goes (those of work in progress elsewhere wait
  // for it to land).
  const stale = Object.keys(OPEN).filter((k) => !used.has(k) && !/helper "/.test(OPEN[k]));
  assert.deepEqual(stale, [], 'OPEN lists places that are strict now');
});

test('openapi__the_permissive_check_finds_open_schemas', () => {
  // The check above is only as good as openPlaces: it must see each kind of opening.
  const doc = { components: { schemas: { A: { type: 'object' }, B: { type: 'object', properties: { x: { type: 'string' } } } } } };
  assert.deepEqual(openPlaces(doc, { $ref: '#/components/schemas/A' }, 'op', []), ['A']);
  assert.deepEqual(openPlaces(doc, { $ref: '#/components/schemas/B' }, 'op', []), ['B']);
  assert.deepEqual(openPlaces(doc, { type: 'array' }, 'op', []), ['op[]']);
  assert.deepEqual(openPlaces(doc, { type: 'object', required: ['a'], properties: { a: { type: 'array', items: {} } }, additionalProperties: false }, 'op', []), ['op.a[]']);
  assert.deepEqual(openPlaces(doc, { type: 'object', additionalProperties: { type: 'string' } }, 'op', []), []);
  assert.deepEqual(openPlaces(doc, { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false }, 'op', []), []);
});

test('contract__an_accepted_request_body_the_document_refuses_fails_the_check', { skip: !CONTRACT && 'needs KAZI_CONTRACT=1' }, async () => {
  // Were the server to take a token for 9999 days while the document says at most 730,
  // a generated client would refuse what the server accepts. Sent through checkContract
  // as the api() helper does.
  const ok = { status: 201, headers: new Headers({ 'content-type': 'application/json' }) };
  const reply = { id: 1, name: 'n', prefix: 'p', role: 'analyst', expires_at: 1, created_at: 1,
    scope_org_unit_id: null, revoked_at: null, last_used_at: null, token: 't' };
  const text = JSON.stringify(reply);
  await checkContract(srv.url, 'POST', '/api/v1/tokens', ok.status, ok.headers, text, reply,
    { body: { name: 'n', role: 'analyst', expires_in_days: 1 } });
  await assert.rejects(
    checkContract(srv.url, 'POST', '/api/v1/tokens', ok.status, ok.headers, text, reply,
      { body: { name: 'n', role: 'analyst', expires_in_days: 9999 } }),
    /accepted a request body the document refuses.*expires_in_days/s);
  // A refused request (4xx) is not held against the document.
  await checkContract(srv.url, 'POST', '/api/v1/tokens', 422, ok.headers,
    '{"error":{"code":"invalid","message":"m","field":"expires_in_days"}}',
    { error: { code: 'invalid', message: 'm', field: 'expires_in_days' } },
    { body: { expires_in_days: 9999 } });
});

test('contract__a_reply_read_off_a_socket_is_checked_too', { skip: !CONTRACT && 'needs KAZI_CONTRACT=1' }, async () => {
  // Suites with their own client (raw sockets, node:http) pass what they read to
  // checkRawReply: a whole response, chunked or not, is held to the document.
  const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n';
  const good = JSON.stringify({ status: 'ok', database: 'ok', version: '1' });
  await checkRawReply(srv.url, 'GET', '/healthz', `${head}Content-Length: ${good.length}\r\n\r\n${good}`);
  const bad = JSON.stringify({ status: 'fine' });
  await assert.rejects(checkRawReply(srv.url, 'GET', '/healthz',
    `${head}Transfer-Encoding: chunked\r\n\r\n${bad.length.toString(16)}\r\n${bad}\r\n0\r\n\r\n`), /does not match the schema/);
  await assert.rejects(checkRawReply(srv.url, 'GET', '/healthz', `${head}Content-Length: 99\r\n\r\n{}`), /not a complete HTTP response/);
});
