// The OpenAPI document as the contract: with KAZI_CONTRACT=1 (set for the api suites in
// tests/CMakeLists.txt) every response that api() receives is checked against the
// operation the served /api/openapi.json declares for it: the status must be listed,
// the content type must be the listed one, a JSON body must match the listed schema
// (compiled with ajv), and a query parameter an error names must be listed. A known path
// with a method it does not serve must be the 405 Error; an unknown /api/ path the 404 Error.
// A request the server accepted (2xx) must match the operation's request body schema, so
// the document is never narrower than the server: a client generated from it can send
// everything the server takes. A mismatch throws, failing the test with the route, the
// status and the error. Suites with their own HTTP client (raw sockets, node:http) call
// checkReply with what they sent and received.
import { appendFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Ajv from 'ajv';

export const CONTRACT = process.env.KAZI_CONTRACT === '1';

const ROOT = 'kazi-openapi.json';
const servers = new Map(); // base URL -> Promise<contract | null>

/* ajv's message, naming the property an additionalProperties error is about. */
function explain(ajv, errors) {
  const extra = (errors || []).filter((e) => e.params?.additionalProperty).map((e) => `${e.instancePath || '/'}: ${e.params.additionalProperty}`);
  return ajv.errorsText(errors) + (extra.length ? ` (not in the schema: ${extra.join(', ')})` : '');
}

function templates(doc) {
  return Object.keys(doc.paths).map((path) => ({
    path,
    segs: path.split('/').map((s) => (s.startsWith('{') ? null : s)),
  }));
}

// The path's template, as the router picks it: among those that match, the first
// literal beats a {param} segment by segment from the left.
function templateOf(c, path) {
  const segs = path.split('/');
  let best = null;
  for (const t of c.templates) {
    if (t.segs.length !== segs.length) continue;
    if (!t.segs.every((s, i) => (s === null ? segs[i] !== '' : s === segs[i]))) continue;
    if (!best) { best = t; continue; }
    for (let i = 0; i < segs.length; i++) {
      const a = t.segs[i] !== null, b = best.segs[i] !== null;
      if (a !== b) { if (a) best = t; break; }
    }
  }
  return best;
}

async function load(base) {
  let res;
  try {
    res = await fetch(`${base}/api/openapi.json`);
  } catch {
    return null; // the server is gone; the request's own outcome tells the test
  }
  if (res.status !== 200) throw new Error(`contract: GET /api/openapi.json answered ${res.status}`);
  const doc = await res.json();
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The two formats the document uses, checked for real (a calendar date that exists,
  // an RFC 3339 timestamp) rather than ignored.
  ajv.addFormat('date', (s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addSchema({ $id: ROOT, components: doc.components });
  return { doc, ajv, templates: templates(doc), validators: new Map() };
}

function validator(c, key, schema) {
  let v = c.validators.get(key);
  if (!v) {
    const text = JSON.stringify(schema).replaceAll('"#/components/', `"${ROOT}#/components/`);
    v = c.ajv.compile(JSON.parse(text));
    c.validators.set(key, v);
  }
  return v;
}

const baseType = (t) => (t || '').split(';')[0].trim().toLowerCase();

/* The request body a test sent, parsed when it is JSON: undefined when there was none,
 * NOT_JSON when it was something else. */
const NOT_JSON = Symbol('not JSON');
function sentJson(request) {
  if (!request || request.body === undefined || request.body === null) return undefined;
  if (typeof request.body !== 'string' && !Buffer.isBuffer(request.body)) return request.body;
  const type = baseType(request.contentType);
  if (type && type !== 'application/json') return NOT_JSON;
  try { return JSON.parse(String(request.body)); } catch { return NOT_JSON; }
}

/* An accepted request's body against the operation's requestBody. */
function checkRequest(c, t, method, op, request, fail) {
  const sent = sentJson(request);
  if (sent === undefined || sent === NOT_JSON) return;
  // An operation that declares no body reads none: what was sent was ignored.
  const content = op.requestBody?.content;
  if (!content) return;
  const k = Object.keys(content).find((m) => baseType(m) === 'application/json');
  if (!k) return; // a CSV or text body: its schema is a string
  const schema = content[k].schema;
  if (!schema) return;
  const v = validator(c, `${t.path} ${method} request`, schema);
  if (!v(sent)) {
    fail(`the server accepted a request body the document refuses: ${explain(c.ajv, v.errors)}\nrequest: ${JSON.stringify(sent).slice(0, 400)}`);
  }
}

/**
 * Check one response against the document served at base. Throws on a mismatch.
 * `json` is the parsed body (undefined when it is not JSON); `request` is what was sent,
 * {body, contentType} (body an object, or the raw text), when the test sent a body.
 */
export async function checkContract(base, method, url, status, headers, text, json, request) {
  if (!CONTRACT || method === 'HEAD') return;
  if (!servers.has(base)) servers.set(base, load(base).catch((e) => { servers.delete(base); throw e; }));
  const c = await servers.get(base);
  if (!c) { servers.delete(base); return; }
  const path = url.split('?')[0].split('#')[0];
  const where = `${method} ${path}`;
  const fail = (msg) => {
    throw new Error(`contract: ${where} answered ${status}: ${msg}\nbody: ${text.slice(0, 400)}`);
  };
  const t = templateOf(c, path);
  let schema, media;
  if (!t) {
    if (!path.startsWith('/api/')) return; // the web app's files are not the API
    if (status !== 404) fail('an unknown /api/ path must answer 404');
    schema = { $ref: '#/components/schemas/Error' };
    media = ['application/json'];
  } else {
    const op = c.doc.paths[t.path][method.toLowerCase()];
    if (!op) {
      if (status !== 405) fail(`the document has no ${method} for ${t.path}: expected 405`);
      if (!headers.get('allow')) fail('a 405 must carry an Allow header');
      schema = { $ref: '#/components/schemas/Error' };
      media = ['application/json'];
    } else {
      // A query parameter the server read (an error names it) is one the operation lists.
      // (Unread ones are ignored by the server, and the route walk sends ?q= to every list.)
      const listed = new Set((op.parameters || []).filter((p) => p.in === 'query').map((p) => p.name));
      const field = json?.error?.field;
      if (status >= 400 && field && !listed.has(field) && new URL(url, base).searchParams.has(field)) {
        fail(`query parameter '${field}' is read but not in the document for ${t.path}`);
      }
      // KAZI_CONTRACT_LOG=file records what the suites reach, to measure the coverage.
      if (process.env.KAZI_CONTRACT_LOG) appendFileSync(process.env.KAZI_CONTRACT_LOG, `${method} ${t.path} ${status}\n`);
      const resp = op.responses[String(status)];
      if (!resp) fail(`${t.path} lists only ${Object.keys(op.responses).join(', ')}`);
      if (status >= 200 && status < 300) checkRequest(c, t, method, op, request, fail);
      if (!resp.content) {
        if (text !== '') fail(`${t.path} ${status} has no body in the document`);
        return;
      }
      media = Object.keys(resp.content);
      const got = baseType(headers.get('content-type'));
      const k = media.find((m) => baseType(m) === got);
      if (!k) fail(`content type ${got || '(none)'} is not ${media.join(' or ')}`);
      if (baseType(k) !== 'application/json') return;
      schema = resp.content[k].schema;
      media = [k];
      if (!schema) return;
      const v = validator(c, `${t.path} ${method} ${status}`, schema);
      if (json === undefined) fail('the body is not JSON');
      if (!v(json)) fail(`body does not match the schema: ${explain(c.ajv, v.errors)}`);
      return;
    }
  }
  const got = baseType(headers.get('content-type'));
  if (got !== 'application/json') fail(`content type ${got || '(none)'} is not application/json`);
  const v = validator(c, 'Error', schema);
  if (json === undefined || !v(json)) fail(`not the Error body: ${explain(c.ajv, v.errors)}`);
}

/**
 * checkContract for a suite's own HTTP client: `res` is {status, headers, text, json?}
 * with headers a plain object (node:http, a hand-parsed head) or a Headers; `request`
 * as for checkContract. A reply without a complete body (the socket closed early) is the
 * caller's to judge and is not passed here.
 */
export async function checkReply(base, method, path, res, request) {
  if (!CONTRACT) return;
  const headers = res.headers instanceof Headers ? res.headers : new Headers(
    Object.entries(res.headers || {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
  let json = res.json;
  if (json === undefined && res.text) { try { json = JSON.parse(res.text); } catch { json = undefined; } }
  await checkContract(base, method, path, res.status, headers, res.text ?? '', json, request);
}

/* A whole HTTP/1.1 response as read from a socket: {status, headers, text} (text
 * unpacked when gzipped), or null when it is not complete (Content-Length or chunked). */
export function parseResponse(raw) {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1');
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = buf.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] || '')) {
    const parts = [];
    for (let at = 0; ;) {
      const eol = body.indexOf('\r\n', at);
      if (eol < 0) return null;
      const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (Number.isNaN(size)) return null;
      if (size === 0) break;
      if (body.length < eol + 2 + size) return null;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (headers['content-length'] !== undefined) {
    const len = Number(headers['content-length']);
    if (body.length < len) return null;
    body = body.subarray(0, len);
  }
  // A gzipped reply (http/compress.c) is checked as the client reads it: unpacked.
  if (headers['content-encoding'] === 'gzip') body = gunzipSync(body);
  return { status, headers, text: body.toString('utf8') };
}

/** checkReply for the bytes a socket received; fails when they are not a whole response. */
export async function checkRawReply(base, method, path, raw, request) {
  if (!CONTRACT) return;
  const res = parseResponse(raw);
  if (!res) throw new Error(`contract: ${method} ${path}: the reply is not a complete HTTP response: ${String(raw).slice(0, 200)}`);
  await checkReply(base, method, path, res, request);
}
