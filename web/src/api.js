// The one way the UI talks to the server. Sends cookies (same origin), the CSRF
// token on every state-changing request, and turns every failure into an ApiError
// with the server's {code, message, field}. Responses are data: callers render them
// as text (Preact escapes), never as HTML.

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
let csrfToken = null;
let onUnauthorized = null;

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code);
    this.status = status;   // HTTP status, or 0 when the server was not reached
    this.code = code;       // the server's error code, e.g. "invalid_field"
    this.field = field || null;
  }
}

export function setCsrfToken(token) { csrfToken = token || null; }
export function csrfTokenValue() { return csrfToken; }

/** FN is called (with the error) whenever a request gets 401; the shell signs out. */
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

/**
 * Call the API. METHOD and PATH (starting with /api/ or /healthz); BODY is sent as
 * JSON. Resolves to the parsed JSON body (or null when empty); rejects with ApiError.
 * OPTS.quiet401: do not trigger the sign-out handler (used by the session check).
 */
export async function request(method, path, body, opts = {}) {
  const headers = { accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res;
  try {
    res = await (opts.fetch || globalThis.fetch)(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', e && e.message);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (res.ok) return data;
  const err = (data && typeof data.error === 'object' && data.error) || {};
  const e = new ApiError(res.status, err.code || `http_${res.status}`, err.message, err.field);
  if (Array.isArray(err.errors)) e.errors = err.errors; // every field error, when there are several
  if (res.status === 401 && !opts.quiet401 && onUnauthorized) onUnauthorized(e);
  throw e;
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body ?? {}, opts);
export const put = (path, body, opts) => request('PUT', path, body ?? {}, opts);
export const patch = (path, body, opts) => request('PATCH', path, body ?? {}, opts);
export const del = (path, opts) => request('DELETE', path, undefined, opts);
