// The one way the UI talks to the server. Sends cookies (same origin), the CSRF
// token on every state-changing request, and turns every failure into an ApiError
// with the server's {code, message, field}. Responses are data: callers render them
// as text (Preact escapes), never as HTML. Every request says the chosen interface
// language (Accept-Language), so the server's messages come back in it.
import { language, t } from './i18n.js';

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

/** The message to show for an ApiError that is not about one field. */
export function errorText(e) {
  if (e && e.userMessage) return e.userMessage;
  if (!(e instanceof ApiError)) return t('error.server', { code: 'client' });
  if (e.status === 0) return t('error.network');
  if (e.status === 403) return t('error.forbidden');
  return e.message && e.code !== `http_${e.status}` ? e.message : t('error.server', { code: e.status });
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
  const headers = { accept: 'application/json', 'accept-language': language(), ...(opts.headers || {}) };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res;
  // The same request already on its way from public/early.js (taken once).
  const early = method === 'GET' && !opts.fetch && !opts.headers && globalThis.kaziEarly?.[path];
  if (early) delete globalThis.kaziEarly[path];
  try {
    res = await (early || (opts.fetch || globalThis.fetch)(path, init));
  } catch (e) {
    throw new ApiError(0, 'network', e && e.message);
  }
  // A kept copy the server says is current (getKept below): no body came.
  if (res.status === 304 && opts.kept) return opts.kept.data;
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (res.ok) {
    if (opts.keep) opts.keep(data, res.headers?.get?.('etag'));
    return data;
  }
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

// ---- Look-ups kept across pages and visits (issue 18, slow links) ----------------
// The catalogue and org units change rarely. Their answers are kept in localStorage
// with the server's ETag; the next read sends If-None-Match and a 304 (a few hundred
// bytes) stands for the whole answer. Copies belong to the signed-in user (their scope
// decides what they see) and are all forgotten on sign-out.
const KEPT = 'kazi.kept.';
let keptOwner = '';

/** Copies made from now on belong to USERNAME. */
export function setKeptOwner(username) { keptOwner = username || ''; }

/** Forget every kept copy (sign-out). */
export function forgetKept(store = globalThis.localStorage) {
  if (!store) return;
  for (let i = store.length - 1; i >= 0; i--) {
    const k = store.key(i);
    if (k && k.startsWith(KEPT)) store.removeItem(k);
  }
}

/** GET PATH, revalidating the kept copy with its ETag; keeps the new answer. */
export async function getKept(path, opts = {}) {
  const store = opts.store || globalThis.localStorage;
  const key = `${KEPT}${keptOwner}:${path}`;
  let kept = null;
  try { kept = JSON.parse(store?.getItem(key) || 'null'); } catch { kept = null; }
  const keep = (data, etag) => {
    if (!etag || !store) return;
    try { store.setItem(key, JSON.stringify({ etag, data })); } catch { /* full: read again next time */ }
  };
  return request('GET', path, undefined, { ...opts, kept: kept?.etag ? kept : null, keep,
    headers: kept?.etag ? { 'if-none-match': kept.etag } : {} });
}
