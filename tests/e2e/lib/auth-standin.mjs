// A stand-in for the access API (issue 3) answering in the browser, per its
// contract: POST /api/v1/auth/login {username,password} -> {user, roles, scope,
// csrf_token}; POST /api/v1/auth/logout (needs X-CSRF-Token); GET /api/v1/auth/me;
// 401 once the session has expired. Every other request goes to the real server.
// It exists only until the access branch lands on main; then the shell tests sign
// in against the real server instead (see docs/ui.md).

export const PASSWORD = 'correct horse battery staple';

//
// On a server that has the access API, pass REAL = {username, password} of a real
// administrator: the stand-in then signs that account in for real behind the scenes
// (so the browser holds a real session cookie and CSRF token and every other API
// call is authorised by the server), while the UI still sees the user, roles and
// scope the test chose, and the test can still end the session at will.
export async function installAuthStandIn(context, { user = { username: 'asha', display_name: 'Asha Mwakyusa' },
  roles = ['administrator'], scope = null, real = null } = {}) {
  const state = { signedIn: false, expired: false, token: null, logouts: [], user, roles, scope, logins: 0 };
  const body = () => JSON.stringify({ user: state.user, roles: state.roles, scope: state.scope, csrf_token: state.token });
  const err = (route, status, code, message, field) => route.fulfill({ status, contentType: 'application/json',
    body: JSON.stringify({ error: { code, message, ...(field ? { field } : {}) } }) });

  await context.route('**/api/v1/**', async (route) => {
    const req = route.request();
    const path = new URL(req.url()).pathname;
    const live = state.signedIn && !state.expired;
    if (path === '/api/v1/auth/login' && req.method() === 'POST') {
      const { username, password } = req.postDataJSON();
      if (/\s/.test(username)) return err(route, 422, 'invalid_field', 'A username has no spaces.', 'username');
      if (username !== state.user.username || password !== PASSWORD) {
        return err(route, 401, 'unauthenticated', 'wrong username or password');
      }
      state.signedIn = true; state.expired = false; state.logins++;
      if (real) {
        const response = await route.fetch({ postData: JSON.stringify(real) });
        if (response.status() !== 200) throw new Error(`real sign-in failed: ${response.status()} ${await response.text()}`);
        state.token = (await response.json()).csrf_token;
        return route.fulfill({ response, body: body() }); // keeps the real Set-Cookie
      }
      state.token = `csrf-${state.logins}-${Math.random().toString(16).slice(2)}`;
      return route.fulfill({ status: 200, contentType: 'application/json', body: body() });
    }
    if (path === '/api/v1/auth/me') {
      return live ? route.fulfill({ status: 200, contentType: 'application/json', body: body() })
        : err(route, 401, 'unauthenticated', 'no session');
    }
    if (path === '/api/v1/auth/logout' && req.method() === 'POST') {
      state.logouts.push(req.headers()['x-csrf-token'] || null);
      if (req.headers()['x-csrf-token'] !== state.token) return err(route, 403, 'forbidden', 'CSRF token missing');
      state.signedIn = false;
      if (real) return route.fulfill({ response: await route.fetch() });
      return route.fulfill({ status: 204, body: '' });
    }
    if (!live) return err(route, 401, 'unauthenticated', 'no session');
    return route.continue();
  });
  return state;
}
