// The fetch wrapper: CSRF on changes, the server's error shape, 401 handling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, setCsrfToken, setUnauthorizedHandler, ApiError } from '../src/api.js';
import { addStrings, setLanguage } from '../src/i18n.js';

function fakeFetch(status, body) {
  const calls = [];
  const fn = async (path, init) => {
    calls.push({ path, init });
    return { ok: status >= 200 && status < 300, status, text: async () => (body === undefined ? '' : JSON.stringify(body)) };
  };
  fn.calls = calls;
  return fn;
}

test('api: the CSRF token goes on changes and never on reads', async () => {
  setCsrfToken('tok123');
  const f = fakeFetch(200, { ok: true });
  await request('GET', '/api/v1/x', undefined, { fetch: f });
  await request('POST', '/api/v1/x', { a: 1 }, { fetch: f });
  await request('DELETE', '/api/v1/x', undefined, { fetch: f });
  assert.equal(f.calls[0].init.headers['x-csrf-token'], undefined);
  assert.equal(f.calls[1].init.headers['x-csrf-token'], 'tok123');
  assert.equal(f.calls[1].init.body, '{"a":1}');
  assert.equal(f.calls[1].init.headers['content-type'], 'application/json');
  assert.equal(f.calls[2].init.headers['x-csrf-token'], 'tok123');
  assert.equal(f.calls[1].init.credentials, 'same-origin');
  setCsrfToken(null);
});

test('api: every request says the chosen language, so the server answers in it', async () => {
  addStrings('sw', { 'app.name': 'Kazi' });
  const f = fakeFetch(200, { ok: true });
  await request('GET', '/api/v1/x', undefined, { fetch: f });
  assert.equal(await setLanguage('sw', { remember: false }), true);
  await request('POST', '/api/v1/x', { a: 1 }, { fetch: f });
  await request('GET', '/api/v1/x', undefined, { fetch: f, headers: { 'if-none-match': '"e"' } });
  assert.deepEqual(f.calls.map((c) => c.init.headers['accept-language']), ['en', 'sw', 'sw']);
  await setLanguage('en', { remember: false });
});

test('api: a 422 becomes an ApiError naming the field', async () => {
  const f = fakeFetch(422, { error: { code: 'invalid_field', message: 'too long', field: 'given_name' } });
  await assert.rejects(request('POST', '/api/v1/people', {}, { fetch: f }), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 422);
    assert.equal(e.code, 'invalid_field');
    assert.equal(e.field, 'given_name');
    assert.equal(e.message, 'too long');
    return true;
  });
});

test('api: 401 calls the sign-out handler unless told to stay quiet', async () => {
  let seen = 0;
  setUnauthorizedHandler(() => { seen++; });
  const f = fakeFetch(401, { error: { code: 'unauthenticated', message: 'session expired' } });
  await assert.rejects(request('GET', '/api/v1/people', undefined, { fetch: f }));
  assert.equal(seen, 1);
  await assert.rejects(request('GET', '/api/v1/auth/me', undefined, { fetch: f, quiet401: true }));
  assert.equal(seen, 1);
  setUnauthorizedHandler(null);
});

test('api: an unreachable server and a non-JSON error are still ApiErrors', async () => {
  const down = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(request('GET', '/healthz', undefined, { fetch: down }), (e) => e.status === 0 && e.code === 'network');
  const html = async () => ({ ok: false, status: 502, text: async () => '<html>bad gateway</html>' });
  await assert.rejects(request('GET', '/healthz', undefined, { fetch: html }), (e) => e.status === 502 && e.code === 'http_502');
});

test('api: look-ups are kept with their ETag; a 304 stands for the kept answer; sign-out forgets them', async () => {
  const { getKept, forgetKept, setKeptOwner } = await import('../src/api.js');
  const store = new Map();
  const ls = { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, v),
    removeItem: (k) => store.delete(k), key: (i) => [...store.keys()][i], get length() { return store.size; } };
  const calls = [];
  let status = 200;
  const f = async (path, init) => {
    calls.push(init.headers);
    return { ok: status === 200, status, headers: { get: (h) => (h === 'etag' ? '"abc-1"' : null) },
      text: async () => (status === 304 ? '' : JSON.stringify({ cadres: ['psw'] })) };
  };
  setKeptOwner('neema');
  assert.deepEqual(await getKept('/api/v1/catalogue', { fetch: f, store: ls }), { cadres: ['psw'] });
  assert.equal(calls[0]['if-none-match'], undefined, 'nothing kept yet');
  status = 304;
  assert.deepEqual(await getKept('/api/v1/catalogue', { fetch: f, store: ls }), { cadres: ['psw'] }, 'the kept answer');
  assert.equal(calls[1]['if-none-match'], '"abc-1"');
  setKeptOwner('juma');
  status = 200;
  await getKept('/api/v1/catalogue', { fetch: f, store: ls });
  assert.equal(calls[2]['if-none-match'], undefined, 'another user\'s copy is not used');
  ls.setItem('kazi.lang', 'sw');
  forgetKept(ls);
  assert.deepEqual([...store.keys()], ['kazi.lang'], 'only the kept copies are forgotten');
  setKeptOwner('');
});
