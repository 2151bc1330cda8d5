// A rule error stays in its item, as a district officer sees it (issue 13, point 5):
// after a 90-minute supervision session (1.5 hours), a configuration rule that writes
// hours with %d fails for this person. The career page still shows every
// certification; the failing one says "Rule error" with the file and line, the
// country's own rule says what is missing with the fractional hours, and the failing
// move says so in its own place among the other moves.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot } from './lib/browser.mjs';
import { careersServer, signIn, A } from './lib/fixtures.mjs';
import { RUNTIME_HOSTILE, HOURS_LINE, MOVE_LINE } from '../api/lib/hostile.mjs';

describe('a rule error stays in its item', () => {
  let S, browser, neema;
  before(async () => {
    S = await careersServer();
    const live = (await S.admin.call('GET', '/api/v1/config/live')).body.live;
    const p = await S.admin.call('POST', '/api/v1/config/versions', { body: { message: 'whole hours', files: { 'zz_hostile.lua': RUNTIME_HOSTILE } } });
    assert.equal(p.status, 201, p.text);
    const v = await S.admin.call('POST', `/api/v1/config/versions/${p.body.commit}/validate`);
    assert.equal(v.body.ok, true, v.text);
    const a = await S.admin.call('POST', '/api/v1/config/activate', { body: { commit: p.body.commit, expected_live: live, reason: 'whole hours' } });
    assert.equal(a.status, 200, a.text);
    neema = await S.person({ given_name: 'Neema', family_name: 'Saa' });
    await S.place(neema, { title: 'PSW Kaloleni' });
    const sup = await S.person({ given_name: 'Sophia', family_name: 'Msimamizi' });
    await S.place(sup, { title: 'PSW supervisor', cadre: 'psw-supervisor' }, '2019-01-01');
    await S.call('POST', '/api/v1/supervisions', { person_id: neema.id, supervisor_person_id: sup.id, type: 'individual', start_date: '2020-02-01' });
    await S.call('POST', '/api/v1/supervision-sessions', { person_id: neema.id, supervisor_person_id: sup.id, session_date: '2024-01-10', duration_minutes: 90, mode: 'field_visit' });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await S?.srv.stop(), 0, 'server exits cleanly');
  });

  test('the failing certification and move show their own error; the others still answer', async () => {
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/people/${neema.id}/career`);
    await page.getByRole('heading', { level: 1, name: 'Neema Saa' }).waitFor();
    const item = (name) => page.locator('.eligibility > li', { has: page.getByRole('heading', { name, exact: true }) });
    const failed = item('Whole hours');
    await failed.getByText('Rule error').waitFor();
    const alert = failed.getByRole('alert');
    assert.match(await alert.textContent(), new RegExp(`zz_hostile\\.lua:${HOURS_LINE}\\).*zz_hostile\\.lua:${HOURS_LINE}: .*integer representation`, 's'));
    const psw = item('Certified para social worker');
    await psw.getByText('Not yet').waitFor();
    assert.ok((await psw.locator('.missing li').allTextContents()).includes('40 hours of supervised practice (has 1.5)'));
    assert.equal(await psw.getByRole('alert').count(), 0, 'the country rule answers');
    // the move whose rule failed, among the moves not yet open
    await page.locator('details.others > summary').click();
    const move = page.locator('.moves-later > li', { hasText: `zz_hostile.lua:${MOVE_LINE}` });
    await move.getByRole('alert').waitFor();
    assert.ok((await page.locator('.moves-later > li').count()) > 1, 'the other moves are listed');
    await assertAccessible(page, 'career page with a rule error');
    await screenshot(page, 'person-career-rule-error-desktop');
  });

  test('the impact preview counts the failing rule\'s workers and still answers', async () => {
    const p = await S.admin.call('POST', '/api/v1/config/versions',
      { body: { message: 'Whole hours again', files: { 'zz_hostile.lua': RUNTIME_HOSTILE + '-- v2\n' } } });
    assert.equal(p.status, 201, p.text);
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url, A.ADMIN, A.ADMIN_PW, '/configuration');
    const version = page.locator('li.version', { hasText: 'Whole hours again' });
    const commit = (await version.locator('.commit').textContent()).trim();
    await version.getByRole('button', { name: `Preview the impact ${commit}` }).click();
    const row = version.locator(`#impact-certs-${commit} tr[data-id="zz-hours"]`);
    await row.getByText(`This version’s rule fails (zz_hostile.lua:${HOURS_LINE}) for 1 of the workers checked`).waitFor();
    assert.deepEqual(await row.locator('a').evaluateAll((as) => as.map((a) => a.textContent)), ['Neema Saa']);
    await assertAccessible(page, 'impact preview with a rule error');
  });
});
