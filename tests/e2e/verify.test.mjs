// The public certificate check (issue 18, point 3), in a real browser: an employer
// follows the link on the sign-in page (or scans the QR code of a printed
// certificate), types the number in any case and learns valid or not, for whom and
// until when — without an account. Only the whole number names the holder. The
// printable certificate carries a QR code that decodes to the certificate's own
// /verify/<number> address, and prints without the app's header and menu.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { launch, openPage, assertAccessible, screenshot, PHONE, DESKTOP } from './lib/browser.mjs';
import { careersServer, signIn, assertFits } from './lib/fixtures.mjs';

/** Decode the QR code drawn by components/QrCode.jsx (an SVG path of 1x1 squares). */
async function decodeQr(svg) {
  const [box, d] = await Promise.all([svg.getAttribute('viewBox'), svg.locator('path').getAttribute('d')]);
  const n = Number(box.split(' ')[2]);
  const scale = 4, w = n * scale;
  const px = new Uint8ClampedArray(w * w * 4).fill(255);
  for (const m of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const x0 = Number(m[1]) * scale, y0 = Number(m[2]) * scale;
    for (let y = y0; y < y0 + scale; y++) for (let x = x0; x < x0 + scale; x++) px.fill(0, (y * w + x) * 4, (y * w + x) * 4 + 3);
  }
  return jsQR(px, w, w)?.data;
}

describe('public certificate check', () => {
  let S, browser, cert, holder;
  before(async () => {
    S = await careersServer();
    holder = await S.person({ given_name: 'Neema', family_name: 'Kahama' });
    await S.place(holder, { title: 'PSW Kaloleni Village' });
    cert = await S.call('POST', `/api/v1/people/${holder.id}/certificates`,
      { certification: 'psw-certificate', override_reason: 'fixture: paper records from 2019' }, S.admin);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await S?.srv.stop(), 0, 'server exits cleanly');
  });

  test('signed out: the sign-in page links to the check; a lower-case number is found and gets its own address', async () => {
    const page = await openPage(browser.context);
    await page.context().clearCookies();
    await page.goto(`${S.srv.url}/signin`);
    await page.getByRole('link', { name: 'Check a certificate without signing in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check a certificate' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/verify');
    await page.getByLabel('Certificate number', { exact: true }).fill(cert.number.toLowerCase());
    await page.getByRole('button', { name: 'Check' }).click();
    const answer = page.locator('.answer');
    await answer.getByText('Valid', { exact: true }).waitFor();
    assert.match(await answer.textContent(), /Neema Kahama/);
    assert.match(await answer.textContent(), new RegExp(cert.number));
    // The address is now the certificate's shareable one, in the number as issued.
    await page.waitForFunction((p) => location.pathname === p, `/verify/${cert.number}`);
    await assertAccessible(page, 'public check, desktop, English');
    await screenshot(page, 'verify-public-desktop');
    await page.setViewportSize(PHONE);
    await assertFits(page, 'public check at 360 px');
    await assertAccessible(page, 'public check, 360 px, English');
    await screenshot(page, 'verify-public-360px');
    await page.getByLabel('Language').selectOption('sw');
    await page.getByRole('heading', { level: 1, name: 'Hakiki cheti' }).waitFor();
    await assertAccessible(page, 'public check, 360 px, Swahili');
    await page.setViewportSize(DESKTOP);
    await assertAccessible(page, 'public check, desktop, Swahili');
    await page.getByLabel('Lugha').selectOption('en');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a shared link opens the answer at once; a partial number names nobody', async () => {
    const page = await openPage(browser.context);
    await page.context().clearCookies();
    await page.goto(`${S.srv.url}/verify/${encodeURIComponent(cert.number.toLowerCase())}`);
    await page.locator('.answer').getByText('Valid', { exact: true }).waitFor();
    assert.match(await page.locator('.answer').textContent(), /Neema Kahama/);
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).count(), 0, 'no sign-in asked');
    // The number without its random part: the guessable sequence alone finds nothing.
    const partial = cert.number.replace(/-[0-9A-Z]{8}$/, '');
    assert.notEqual(partial, cert.number);
    await page.getByLabel('Certificate number', { exact: true }).fill(partial);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText(`No certificate has the number ${partial}.`).waitFor();
    assert.ok(!(await page.locator('main').textContent()).includes('Neema'), 'the holder is not named');
    await page.getByRole('link', { name: 'Staff: sign in' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('the printable certificate has a QR code that opens its public check, and prints without the app around it', async () => {
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/people/${holder.id}/career`);
    await page.getByRole('heading', { level: 1, name: 'Neema Kahama' }).waitFor();
    await page.getByRole('link', { name: `Print: ${cert.number}` }).click();
    await page.getByRole('heading', { level: 1, name: 'Certified para social worker' }).waitFor();
    const sheet = page.locator('.certificate-sheet');
    assert.match(await sheet.textContent(), /This certifies thatNeema Kahama/);
    const qr = sheet.getByRole('img', { name: `QR code: opens the public check of certificate ${cert.number}` });
    await qr.waitFor();
    const target = await decodeQr(qr);
    assert.equal(target, `${S.srv.url}/verify/${cert.number}`, 'the QR code holds the certificate\'s public address');
    await assertAccessible(page, 'printable certificate');
    await screenshot(page, 'certificate-print-desktop');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.topbar').isVisible(), false, 'no app header on paper');
    assert.equal(await page.locator('#nav').isVisible(), false, 'no menu on paper');
    assert.equal(await page.getByRole('button', { name: 'Print this certificate' }).isVisible(), false);
    assert.ok(await qr.isVisible(), 'the QR code is printed');
    await screenshot(page, 'certificate-print-paper');
    await page.emulateMedia({ media: 'screen' });
    // Scanning it, signed out, shows the answer.
    await page.context().clearCookies();
    await page.goto(target);
    await page.locator('.answer').getByText('Valid', { exact: true }).waitFor();
    assert.match(await page.locator('.answer').textContent(), /Neema Kahama/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
