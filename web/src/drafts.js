// Drafts of forms (issue 18, slow links): what an officer types is kept in this
// browser until the form is sent, so a dropped link, an expired session or a
// navigation away loses nothing. One draft per form per address; passwords and codes
// are never kept; a successful send or a sign-out forgets the draft.
const PREFIX = 'kazi.draft.';
const SECRET = new Set(['password', 'new_password', 'current_password', 'totp', 'code', 'recovery_code']);

/** The draft's key for form FORMID on the current address. */
export function draftKey(formId, path = globalThis.location?.pathname || '') {
  return `${PREFIX}${path}#${formId}`;
}

/** The kept values of KEY, or null. */
export function readDraft(key, store = globalThis.localStorage) {
  try { return JSON.parse(store?.getItem(key) || 'null'); } catch { return null; }
}

/** Keep VALUES under KEY, without secrets (FIELDS: the form's {name, type}); nothing typed: no draft. */
export function saveDraft(key, values, fields = [], store = globalThis.localStorage) {
  if (!store) return;
  const secret = new Set(fields.filter((f) => f.type === 'password').map((f) => f.name));
  const kept = Object.fromEntries(Object.entries(values || {})
    .filter(([k, v]) => !secret.has(k) && !SECRET.has(k) && v !== '' && v !== null && v !== undefined && v !== false));
  try {
    if (Object.keys(kept).length) store.setItem(key, JSON.stringify(kept)); else store.removeItem(key);
  } catch { /* storage full: the form still works */ }
}

/** Forget the draft under KEY (the form was sent). */
export function dropDraft(key, store = globalThis.localStorage) {
  try { store?.removeItem(key); } catch { /* nothing to forget */ }
}

/** Forget every draft (sign-out on a shared computer). */
export function forgetDrafts(store = globalThis.localStorage) {
  if (!store) return;
  for (let i = store.length - 1; i >= 0; i--) {
    const k = store.key(i);
    if (k && k.startsWith(PREFIX)) store.removeItem(k);
  }
}
