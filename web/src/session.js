// Who is signed in. The session itself is the server's HttpOnly kazi_session cookie;
// this keeps what the server said about it (user, roles, scope, CSRF token) and
// where to go back to after signing in again.
import * as api from './api.js';
import { forgetDrafts } from './drafts.js';

const CSRF_KEY = 'kazi.csrf';
let state = { status: 'checking', user: null, roles: [], scope: null, mfaPending: false, notice: null };
const listeners = new Set();

function set(next) {
  state = { ...state, ...next };
  for (const fn of listeners) fn(state);
}

export function session() { return state; }
export function onSession(fn) { listeners.add(fn); return () => listeners.delete(fn); }

function accept(body) {
  const token = body.csrf_token || sessionStorage.getItem(CSRF_KEY);
  if (body.csrf_token) sessionStorage.setItem(CSRF_KEY, body.csrf_token);
  api.setCsrfToken(token);
  api.setKeptOwner(body.user?.username || body.name || '');
  set({ status: 'in', user: body.user || (body.name ? { username: body.name } : null), roles: body.roles || [],
    scope: body.scope ?? null, permissions: Array.isArray(body.permissions) ? body.permissions : null,
    mfaPending: !!body.mfa_pending, notice: null });
}

function clear(notice) {
  sessionStorage.removeItem(CSRF_KEY);
  api.setCsrfToken(null);
  set({ status: 'out', user: null, roles: [], scope: null, mfaPending: false, notice });
}

/** Ask the server whether the browser's cookie is still a session. */
export async function check() {
  try {
    accept(await api.get('/api/v1/auth/me', { quiet401: true }));
  } catch {
    clear(null);
  }
}

/** While signed in: ask again; a 401 goes through the usual expiry path. */
export async function recheck() {
  try { await api.get('/api/v1/auth/me'); } catch { /* 401 handled by api.js; others are not an expiry */ }
}

/** Sign in; resolves on success, rejects with the ApiError otherwise. */
export async function signIn(username, password, second = {}) {
  globalThis.kaziEarly = null; // answers public/early.js got before signing in are not this user's
  accept(await api.post('/api/v1/auth/login', { username, password, ...second }, { quiet401: true }));
}

export async function signOut() {
  try { await api.post('/api/v1/auth/logout', {}, { quiet401: true }); } catch { /* signed out either way */ }
  api.forgetKept(); // kept look-ups and form drafts stay with nobody on a shared computer
  forgetDrafts();
  clear('signedOut');
}

/** A request got 401 while signed in: the session expired or was ended elsewhere. */
export function expired() {
  if (state.status === 'in') clear('expired');
}

/** Two-step sign-in is now set up: the server lifts the restriction on this session. */
export async function refresh() {
  accept(await api.get('/api/v1/auth/me'));
}

export function hasRole(role) { return state.roles.includes(role); }

/**
 * Whether to offer something that needs PERMISSION. Uses the permissions the server
 * listed for this session ("*" = all); when it listed none, falls back to ROLE.
 * Only hides what would be refused: the server decides every request.
 */
export function can(permission, role) {
  if (state.permissions) return !permission || state.permissions.includes('*') || state.permissions.includes(permission);
  return !role || hasRole(role);
}

/** A display name for the signed-in user, whatever shape the server gives. */
export function displayName(user) {
  if (!user) return '';
  if (typeof user === 'string') return user;
  return user.display_name || user.name || user.full_name || user.username || '';
}
