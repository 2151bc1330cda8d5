// Posts and assignments in a real browser against a real server: create a post with
// the configuration's position fields, filter the list, place a worker found by
// name with start date, engagement and pay, see it on the person page, end the
// placement with a reason; a post left by a promotion is flagged for a trained
// replacement; a district officer sees only their district's posts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, PHONE, DESKTOP } from './lib/browser.mjs';
import { startRegistry, signInAt, person, position, assign, noSidewaysScroll } from './lib/fixtures.mjs';

const here = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };

async function pickUnit(page, fieldId, text, name) {
  await page.locator(`#${fieldId}`).fill(text);
  await page.getByRole('button', { name: new RegExp(`^Choose: ${name}`) }).click();
  await page.locator(`#${fieldId}-change`).waitFor();
}

describe('Posts and assignments', () => {
  let fx, browser;
  before(async () => {
    fx = await startRegistry();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await fx?.srv.stop(), 0, 'server exits cleanly');
  });

  test('create a post, place a worker in it, see it on their page, then end the placement', async () => {
    const worker = await person(fx.admin, fx.units['R1-D1-W1-V1'], { given_name: 'Zawadi', family_name: 'Mrema' });
    const page = await openPage(browser.context);
    await signInAt(page, fx.srv, '/positions', 'national');
    await page.getByRole('heading', { level: 1, name: 'Posts and assignments' }).waitFor();
    await page.getByRole('link', { name: 'New post' }).click();
    await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
    const form = page.locator('#position');
    await form.getByLabel(/^Title of the post/).fill('Para social worker, Kaloleni');
    await form.getByLabel(/^Post code/).fill('KAL-PSW-1');
    await form.getByLabel(/^Cadre/).selectOption({ label: 'Para social worker' });
    await form.getByLabel(/^Level/).selectOption({ label: 'Village' });
    await pickUnit(page, 'position-org_unit_id', 'Kaloleni Vil', 'Kaloleni Village');
    await form.getByLabel(/^Employer/).selectOption({ label: 'Kaloleni Care' });
    await form.getByLabel(/^Funded by/).fill('Arusha City Council');
    await form.getByLabel('Kind of funder').selectOption('council'); // a field of the configuration
    await assertAccessible(page, 'new post form');
    await screenshot(page, 'position-new-desktop');
    await page.setViewportSize(PHONE);
    assert.ok(await noSidewaysScroll(page), 'new post form: no sideways scrolling at 360 px');
    await screenshot(page, 'position-new-360px');
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'Create the post' }).click();
    await page.getByRole('heading', { level: 1, name: 'Para social worker, Kaloleni' }).waitFor();
    await page.getByText('The post has been created.').waitFor();
    const posId = Number(new URL(page.url()).pathname.split('/')[2]);
    const dl = await page.locator('dl.profile').textContent();
    assert.match(dl, /Cadre\s*Para social worker/);
    assert.match(dl, /Place\s*Arusha › Arusha City › Kaloleni › Kaloleni Village/);
    assert.match(dl, /Employer\s*Kaloleni Care/);
    assert.match(dl, /Kind of funder\s*council/);
    await page.locator('.title-row .badge', { hasText: 'Vacant' }).waitFor();
    await page.getByText('Nobody holds this post now.').waitFor();

    // Place the worker: find by name, then start date, engagement and pay.
    await page.getByLabel('Worker', { exact: true }).fill('mrema');
    await page.getByRole('button', { name: /^Choose: Zawadi Mrema/ }).click();
    await page.getByText('Placing Zawadi Mrema.').waitFor();
    const af = page.locator('#assign');
    await af.getByLabel(/^Start date/).fill('2025-03-01');
    await af.getByLabel(/^Engagement/).selectOption('stipend');
    // The configuration's minimum for the post's cadre and engagement is shown, and a pay
    // below it is warned about (not refused) before the worker is placed.
    await page.locator('#assign-pay_amount-help').getByText('The minimum for this cadre and engagement is 30,000 TZS per month.').waitFor();
    await af.getByLabel(/^Pay per month/).fill('20000');
    await page.getByText('This is below the minimum of 30,000 TZS. It can be recorded, and will show as below the minimum.').waitFor();
    assert.match(await af.getByLabel(/^Pay per month/).getAttribute('aria-describedby'), /assign-pay_amount-below/);
    await assertAccessible(page, 'placing below the minimum');
    await af.getByLabel(/^Pay per month/).fill('80000');
    await page.locator('#assign-pay_amount-below').waitFor({ state: 'detached' });
    assert.equal(await af.getByLabel(/^Currency/).inputValue(), 'TZS', 'the country\'s currency is proposed');
    await page.getByRole('button', { name: 'Place in the post' }).click();
    const holder = page.locator('section[aria-labelledby="holder-title"]');
    await holder.getByRole('link', { name: 'Zawadi Mrema' }).waitFor();
    assert.match(await holder.textContent(), /since 1 March 2025 · Stipend · TZS\s?80,000/);
    assert.equal(await page.locator('.title-row .badge', { hasText: 'Vacant' }).count(), 0);
    await assertAccessible(page, 'post with a holder');
    await screenshot(page, 'position-desktop');

    // The person page lists the post with employer, dates, engagement and pay.
    await holder.getByRole('link', { name: 'Zawadi Mrema' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zawadi Mrema' }).waitFor();
    const posts = page.locator('table.posts-list');
    await posts.getByRole('link', { name: 'Para social worker, Kaloleni' }).waitFor();
    assert.match(await posts.textContent(), /Kaloleni Care.*1 March 2025.*Current.*Stipend.*80,000/);
    await page.locator('.history li', { hasText: 'national placed the worker in the post “Para social worker, Kaloleni” from 1 March 2025.' }).waitFor();
    await assertAccessible(page, 'person page with a post');
    await screenshot(page, 'person-with-post-desktop');

    // End the placement with a reason; the post is vacant again and keeps its history.
    await posts.getByRole('link', { name: 'Para social worker, Kaloleni' }).click();
    await page.getByText('End this placement').click();
    const ef = page.locator('#end');
    await ef.getByLabel(/^Last day in the post/).fill('2025-02-01');
    await ef.getByLabel(/^Why the placement ends/).selectOption({ label: 'resignation' });
    await page.getByRole('button', { name: 'End the placement' }).click();
    await page.locator('#end-end_date-error').waitFor(); // before the start: the server says so by the field
    assert.match(await page.textContent('#end-end_date-error'), /before the start date/);
    await ef.getByLabel(/^Last day in the post/).fill('2025-09-30');
    await page.getByRole('button', { name: 'End the placement' }).click();
    await page.getByText('Nobody holds this post now.').waitFor();
    const hist = page.locator('section[aria-labelledby="history-title"] table');
    assert.match(await hist.textContent(), /Zawadi Mrema.*1 March 2025.*30 September 2025.*\(resignation\)/);
    await page.locator('.title-row .badge', { hasText: 'Vacant' }).waitFor();
    const a = (await fx.admin.call('GET', `/api/v1/assignments?position_id=${posId}`)).body.items[0];
    assert.equal(a.end_reason, 'resignation');
    assert.equal(a.pay_amount, 80000);
    assert.equal(worker.id, a.person_id);
    await page.setViewportSize(PHONE);
    assert.ok(await noSidewaysScroll(page), 'post page: no sideways scrolling at 360 px');
    await screenshot(page, 'position-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('filters (area, cadre, vacant, approved) live in the address, and a promoted worker\'s old post asks for a trained replacement', async () => {
    const V2 = fx.units['R1-D1-W1-V2'];
    const ngo = fx.orgs['NGO-IN'];
    const left = await position(fx.admin, V2, ngo, { title: 'PSW Changombe A', cadre: 'psw' });
    await position(fx.admin, V2, ngo, { title: 'PSW Changombe B', cadre: 'psw', approved: false });
    const up = await position(fx.admin, V2, ngo, { title: 'PSW supervisor Changombe', cadre: 'psw-supervisor' });
    const w = await person(fx.admin, V2, { given_name: 'Upendo', family_name: 'Lyimo' });
    await assign(fx.admin, w.id, left.id, '2020-01-01');
    const move = await fx.admin.call('POST', `/api/v1/people/${w.id}/moves`, { body: {
      move: 'psw->psw-supervisor', position_id: up.id, date: '2025-06-01', override_reason: 'browser test of the replacement flag' } });
    assert.equal(move.status, 201, move.text);

    const page = await openPage(browser.context);
    await signInAt(page, fx.srv, '/positions', 'national');
    await pickUnit(page, 'positions-org_unit', 'Chang', "Chang'ombe");
    await page.getByLabel('Cadre').selectOption({ label: 'Para social worker' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Showing 1–2 of 2').waitFor();
    assert.match(here(page), new RegExp(`org_unit=${V2}&cadre=psw`));
    const rowA = page.locator('table.positions-list tr', { hasText: 'PSW Changombe A' });
    await rowA.getByText('Replacement must be trained').waitFor();
    await rowA.getByText('Vacant').waitFor();
    await page.getByLabel('Approved in the scheme of service').selectOption('false');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Showing 1–1 of 1').waitFor();
    assert.match(await page.locator('table.positions-list tbody').textContent(), /PSW Changombe B/);
    await page.getByLabel('Approved in the scheme of service').selectOption('');
    await page.getByLabel('Cadre').selectOption('');
    await page.getByLabel('Vacant or filled').selectOption('false');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForFunction(() => location.search.includes('vacant=false'));
    await page.locator('table.positions-list tbody th', { hasText: 'PSW supervisor Changombe' }).waitFor();
    await page.getByText('Showing 1–1 of 1').waitFor();
    const filled = page.locator('table.positions-list tbody');
    await filled.getByRole('link', { name: 'Upendo Lyimo' }).waitFor(); // names arrive after the list
    assert.match(await filled.textContent(), /PSW supervisor Changombe.*Upendo Lyimo/);
    await page.getByLabel('Vacant or filled').selectOption('true');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Showing 1–2 of 2').waitFor();
    await assertAccessible(page, 'posts list');
    await screenshot(page, 'positions-list-desktop');
    await page.setViewportSize(PHONE);
    assert.ok(await noSidewaysScroll(page), 'posts list: no sideways scrolling at 360 px');
    await screenshot(page, 'positions-list-360px');
    await page.setViewportSize(DESKTOP);
    await rowA.getByRole('link', { name: 'PSW Changombe A' }).click();
    await page.getByText('The last holder was promoted or moved on. A replacement must be trained for this post.').waitFor();
    assert.match(await page.locator('section[aria-labelledby="history-title"] table').textContent(), /Upendo Lyimo.*\(promotion\)/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('a district officer sees only the posts of their district', async () => {
    const inside = await position(fx.admin, fx.units['R1-D1-W1-V1'], fx.orgs['NGO-IN'], { title: 'Inside post', cadre: 'acyc' });
    const outside = await position(fx.admin, fx.units['R2-D1-W1-V1'], fx.orgs['NGO-OUT'], { title: 'Outside post', cadre: 'acyc' });
    const page = await openPage(browser.context, PHONE);
    await signInAt(page, fx.srv, '/positions?cadre=acyc', 'district');
    await page.getByText('Showing 1–1 of 1').waitFor();
    assert.match(await page.locator('main').textContent(), /Inside post/);
    assert.doesNotMatch(await page.locator('main').textContent(), /Outside post/);
    await page.goto(`${fx.srv.url}/positions/${outside.id}`);
    await page.getByRole('heading', { level: 1, name: 'Post not found, or not in your area' }).waitFor();
    await page.goto(`${fx.srv.url}/positions/${inside.id}`);
    await page.getByRole('heading', { level: 1, name: 'Inside post' }).waitFor();
    await assertAccessible(page, 'post page for a district officer at 360 px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
