// CSV over the API: uploads (a CSV body, not JSON) and downloads (a Blob saved
// through a temporary link). Same CSRF and error handling as api.js.
import { ApiError, csrfTokenValue } from './api.js';

async function fail(res) {
  let err = {};
  try { err = (await res.json()).error || {}; } catch { /* not JSON */ }
  const e = new ApiError(res.status, err.code || `http_${res.status}`, err.message, err.field);
  if (Array.isArray(err.rows)) e.rows = err.rows; // an import's row-numbered report
  return e;
}

/** POST (or PUT) TEXT as text/csv to PATH; resolves to the JSON answer. */
export async function sendCsv(path, text, method = 'POST') {
  const headers = { 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' };
  const token = csrfTokenValue();
  if (token) headers['x-csrf-token'] = token;
  let res;
  try {
    res = await fetch(path, { method, headers, body: text, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) { throw new ApiError(0, 'network', e && e.message); }
  if (!res.ok) throw await fail(res);
  return res.json();
}

/**
 * Fetch PATH as CSV (GET, or POST with the JSON BODY) and return {blob, text}.
 * The caller offers it with saveBlob().
 */
export async function fetchCsv(path, body) {
  const headers = { accept: 'text/csv' };
  const init = { method: body === undefined ? 'GET' : 'POST', headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    const token = csrfTokenValue();
    if (token) headers['x-csrf-token'] = token;
    init.body = JSON.stringify(body);
  }
  let res;
  try { res = await fetch(path, init); } catch (e) { throw new ApiError(0, 'network', e && e.message); }
  if (!res.ok) throw await fail(res);
  const text = await res.text();
  return { text, blob: new Blob([text], { type: 'text/csv;charset=utf-8' }) };
}

/** Offer BLOB as a file called NAME (a temporary object URL clicked once). */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
