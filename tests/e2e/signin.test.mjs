// The sign-in page against a real kazi server: what an officer sees before
// signing in, the form's checks, the server's answers, the language choice.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, startKazi, assertAccessible, screenshot, focused, DESKTOP, PHONE } from './lib/browser.mjs';

describe('sign-in page', () => {
  let srv, browser;
  before(async () => { srv = await startKazi(); browser = await launch(); });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('opening Kazi without a session shows sign-in and remembers the page asked for', async () => {
    const page = await openPage(browser.context);
    await page.goto(`${srv.url}/people?q=asha`);
    await page.getByRole('heading', { name: 'Sign in to Kazi' }).waitFor();
    await page.waitForFunction(() => location.pathname === '/signin');
    const url = new URL(page.url());
    assert.equal(url.pathname, '/signin');
    assert.equal(url.searchParams.get('next'), '/people?q=asha');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.title(), 'Kazi');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['360px', PHONE]]) {
    test(`sign-in page passes axe and fits ${name}`, async () => {
      const page = await openPage(browser.context, viewport);
      await page.goto(`${srv.url}/`);
      await page.getByLabel('Username').waitFor();
      await assertAccessible(page, `sign-in ${name}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at ${viewport.width}px (overflow ${overflow}px)`);
      await screenshot(page, `signin-${name}`);
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }

  test('empty fields are named next to the field and focus goes to the first', async () => {
    const page = await openPage(browser.context);
    await page.goto(`${srv.url}/signin`);
    let requests = 0;
    page.on('request', (r) => { if (r.url().includes('/auth/login')) requests++; });
    await page.getByRole('button', { name: 'Sign in' }).click();
    const user = page.getByLabel('Username');
    await page.locator('#signin-username-error').waitFor();
    assert.equal(await page.textContent('#signin-username-error'), 'Fill in this field.');
    assert.equal(await page.textContent('#signin-password-error'), 'Fill in this field.');
    assert.equal(await user.getAttribute('aria-invalid'), 'true');
    assert.match(await user.getAttribute('aria-describedby'), /signin-username-error/);
    assert.match(await page.getByRole('alert').textContent(), /need attention/);
    assert.equal((await focused(page)).id, 'signin-username');
    assert.equal(requests, 0, 'nothing is sent while required fields are empty');
    await assertAccessible(page, 'sign-in with errors');
    await screenshot(page, 'signin-errors-desktop');
    // Typing clears the message for that field only.
    await user.fill('asha');
    assert.equal(await page.locator('#signin-username-error').count(), 0);
    assert.equal(await page.locator('#signin-password-error').count(), 1);
    await page.close();
  });

  test('the server\'s refusal is shown in words and the officer can try again', async () => {
    const page = await openPage(browser.context);
    await page.goto(`${srv.url}/signin`);
    await page.getByLabel('Username').fill('asha');
    await page.getByLabel('Password').fill('not-the-password');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const alert = page.getByRole('alert');
    // Before the access module exists the server answers 404; afterwards 401.
    const expected = res.status() === 401
      ? 'The username or password is not right. Check them and try again.'
      : 'This server does not offer sign-in yet. Ask your system administrator.';
    assert.ok([401, 404].includes(res.status()), `login answered ${res.status()}`);
    await page.getByText(expected).waitFor();
    assert.equal((await alert.textContent()).trim(), expected);
    assert.equal(new URL(page.url()).pathname, '/signin');
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).isEnabled(), true);
    await screenshot(page, 'signin-refused-desktop');
    await page.close();
  });

  test('Swahili can be chosen, is used everywhere on the page, and is remembered', async () => {
    const page = await openPage(browser.context);
    await page.goto(`${srv.url}/signin`);
    await page.getByLabel('Language').selectOption('sw');
    await page.getByRole('heading', { name: 'Ingia kwenye Kazi' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'sw');
    assert.equal(await page.getByLabel('Jina la mtumiaji').count(), 1);
    assert.equal(await page.getByLabel('Nenosiri').count(), 1);
    await page.getByRole('button', { name: 'Ingia' }).click();
    assert.equal(await page.textContent('#signin-password-error'), 'Jaza sehemu hii.');
    await assertAccessible(page, 'sign-in in Swahili');
    await screenshot(page, 'signin-swahili-360px-before');
    await page.reload();
    await page.getByRole('heading', { name: 'Ingia kwenye Kazi' }).waitFor();
    await page.setViewportSize(PHONE);
    await screenshot(page, 'signin-swahili-360px');
    await page.getByLabel('Lugha').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in to Kazi' }).waitFor();
    await page.close();
  });

  test('every control on the page is reachable by keyboard with a visible focus ring', async () => {
    const page = await openPage(browser.context);
    await page.goto(`${srv.url}/signin`);
    await page.getByLabel('Username').waitFor();
    const seen = [];
    for (let i = 0; i < 6 && !seen.includes('Sign in'); i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      seen.push(f.id || f.text);
      assert.ok(f.outline, `focus on ${f.tag}#${f.id} "${f.text}" is visible`);
    }
    for (const want of ['signin-lang', 'signin-username', 'signin-password', 'Sign in']) {
      assert.ok(seen.includes(want), `Tab reaches ${want} (saw ${seen.join(', ')})`);
    }
    // Enter in the password field submits the form.
    await page.getByLabel('Username').fill('asha');
    await page.getByLabel('Password').fill('x');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('alert').getByText(/.+/).waitFor();
    await page.close();
  });
});
