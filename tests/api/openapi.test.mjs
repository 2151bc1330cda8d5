// The OpenAPI document is the contract: it validates as OpenAPI 3 with an independent
// validator, every operation lists its responses with schemas, and a known path with a
// method it does not serve answers 405 with Allow and the JSON error body, before
// authentication.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { api } from './lib/server.mjs';
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
