// Supervision, pay and support in the browser over a demo register: coverage equal
// to the API's, a supervisor the configuration does not allow refused with the
// rule's reason next to the supervisor, a qualified one recorded, a session that
// counts as supervised hours, a payment and a debriefing recorded.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, focused, PHONE } from './lib/browser.mjs';
import { demoServer, get, signIn, num, viewShot, A } from './lib/fixtures.mjs';

// The form shows the server's message in plain words: the field's code at its start
// becomes the field's label ("period must be ..." → "Month must be ...").
const plainWords = (message) => new RegExp(message.replace(/^period /, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');

const nid = (p) => p.identifiers.find((i) => i.type === 'national_id').value;
const fullName = (p) => [p.given_name, p.other_names, p.family_name].filter(Boolean).join(' ');

// Choose a person in the record picker ID (labelled LABEL) by national ID: Search
// finds the one match and chooses it (a previous choice is changed first).
async function findPerson(page, id, label, text) {
  const change = page.locator(`#${id}-change`);
  if (await change.count()) await change.click();
  await page.locator(`input#${id}`).fill(text);
  await page.getByRole('button', { name: `Search: ${label}`, exact: true }).click();
  await change.waitFor();
}

describe('supervision, pay and support', () => {
  let srv, admin, browser;
  before(async () => {
    ({ srv, admin } = await demoServer({ people: 150 }));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('an officer gives a worker a qualified supervisor after an unqualified one is refused with the reason, and records a session', async () => {
    // The demo register is believable: most workers already have a supervisor, so the
    // worker is one who has none yet (about one in twenty).
    const psws = (await get(admin, '/api/v1/people?status=active&cadre=psw&limit=200')).items;
    let worker;
    for (const p of psws) {
      if (!(await get(admin, `/api/v1/supervisions?person_id=${p.id}`)).items.length) { worker = p; break; }
    }
    assert.ok(worker, 'the demo has a para social worker without a supervisor');
    const peer = psws.find((p) => p.id !== worker.id);
    const [boss, boss2] = (await get(admin, '/api/v1/people?status=active&cadre=psw-supervisor&limit=2')).items;
    const before = (await get(admin, '/api/v1/figures/supervision')).total;

    const page = await openPage(browser.context);
    await signIn(page, srv.url, A.ADMIN, A.ADMIN_PW, '/supervision');
    await page.getByRole('heading', { level: 1, name: 'Supervision, pay and support' }).waitFor();
    const coverage = page.locator('#coverage-table tr.total');
    await coverage.waitFor();
    assert.equal((await coverage.locator('td').nth(1).textContent()).trim(), num(before.without_supervisor));
    assert.equal((await coverage.locator('td').nth(0).textContent()).trim(), num(before.workers));

    // Choose the worker by their national ID.
    const section = (name) => page.locator('.section-nav').getByRole('button', { name }).click();
    await section('Supervisors');
    await findPerson(page, 'worker-picker', 'Worker', nid(worker));
    await page.locator('#worker-picker').getByText(`${fullName(worker)}`).waitFor();
    await page.getByText('This worker has no supervisor recorded.').waitFor();

    // A fellow para social worker may not supervise: the rule's reason is shown next to the supervisor.
    await findPerson(page, 'supervisor-picker', 'Supervisor', nid(peer));
    await page.locator('#supervisor-picker').getByText(`${fullName(peer)}`).waitFor();
    await page.getByRole('button', { name: 'Record the supervisor' }).click();
    const refusal = page.locator('#supervisor-picker-error');
    await refusal.waitFor();
    const api = await admin.call('POST', '/api/v1/supervisions', { body: { person_id: worker.id, supervisor_person_id: peer.id,
      type: 'individual', start_date: '2026-01-01' } });
    assert.equal(api.status, 422);
    assert.equal(await refusal.textContent(), api.body.error.message);
    assert.match(await refusal.textContent(), /must be supervised by/);
    assert.equal(await page.locator('#supervisor-picker').getAttribute('aria-describedby'), 'supervisor-picker-error');
    await page.getByText('The supervisor was not recorded: see why, with the supervisor above.').waitFor();
    assert.equal((await focused(page)).id, 'supervisor-picker', 'focus moves to the supervisor and its reason');
    await assertAccessible(page, 'supervision, refused');
    await screenshot(page, 'supervision-refused-desktop');
    await page.locator('#sec-relationships').scrollIntoViewIfNeeded();
    await viewShot(page, 'readme-supervision');
    assert.equal((await get(admin, `/api/v1/supervisions?person_id=${worker.id}`)).items.length, 0);

    // A para social worker supervisor may.
    await findPerson(page, 'supervisor-picker', 'Supervisor', nid(boss));
    await page.locator('#supervisor-picker').getByText(`${fullName(boss)}`).waitFor();
    assert.equal(await refusal.count(), 0, 'the old refusal goes once another supervisor is chosen');
    await page.getByRole('button', { name: 'Record the supervisor' }).click();
    await page.locator('#supervisions-table', { hasText: `${fullName(boss)}` }).waitFor();
    const sup = (await get(admin, `/api/v1/supervisions?person_id=${worker.id}`)).items;
    assert.deepEqual(sup.map((s) => [s.supervisor_person_id, s.end_date]), [[boss.id, null]]);

    // A second supervisor at the same time: warned beforehand, recorded only after a yes.
    await page.locator('#second-supervisor-warning', { hasText: `${fullName(worker)} already has a current supervisor` }).waitFor();
    await findPerson(page, 'supervisor-picker', 'Supervisor', nid(boss2));
    await page.getByRole('button', { name: 'Record the supervisor' }).click();
    const ask = page.getByRole('group', { name: `${fullName(worker)} already has a current supervisor. Record ${fullName(boss2)} as a second supervisor at the same time?` });
    await ask.waitFor();
    assert.equal((await get(admin, `/api/v1/supervisions?person_id=${worker.id}`)).items.length, 1, 'nothing recorded before the yes');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal((await get(admin, `/api/v1/supervisions?person_id=${worker.id}`)).items.length, 1, 'Cancel records nothing');
    await page.getByRole('button', { name: 'Record the supervisor' }).click();
    await ask.getByRole('button', { name: 'Yes, add a second supervisor' }).click();
    await page.locator('#supervisions-table', { hasText: `${fullName(boss2)}` }).waitFor();
    assert.deepEqual((await get(admin, `/api/v1/supervisions?person_id=${worker.id}`)).items.map((s) => s.supervisor_person_id).sort(),
      [boss.id, boss2.id].sort());

    // A 90-minute session with that supervisor counts as supervised practice.
    await section('Supervision sessions');
    await page.locator('#worker-picker').getByText(`${fullName(worker)}`).waitFor();
    await page.getByText('Record a supervision session').click();
    const form = page.locator('#add-session');
    // Two current supervisors now: the session says with which.
    await form.getByLabel(/^Supervisor/).selectOption(String(boss.id));
    await form.getByLabel('Length (minutes)').fill('90');
    await form.getByLabel('Topics discussed').fill('Home visit planning');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Supervised practice so far: 1.5 hours').waitFor();
    await page.locator('#sessions-table', { hasText: 'Home visit planning' }).waitFor();
    assert.equal((await get(admin, `/api/v1/supervision-sessions?person_id=${worker.id}`)).supervised_minutes, 90);

    // A payment and a debriefing for the same worker.
    await section('Pay');
    await page.getByText('Record a payment').click();
    const pay = page.locator('#add-payment');
    await pay.getByLabel('Amount').fill('30000');
    // The server's 422 is shown next to the field it names.
    await pay.getByLabel('Month paid for (YYYY-MM)').fill('11/2026');
    await pay.getByRole('button', { name: 'Save' }).click();
    const bad = await admin.call('POST', '/api/v1/payments', { body: { person_id: worker.id, kind: 'stipend', period: '11/2026', amount: 30000, currency: 'TZS' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'period');
    await pay.locator('#add-payment-period-error', { hasText: plainWords(bad.body.error.message) }).waitFor();
    assert.equal(await pay.getByLabel('Month paid for (YYYY-MM)').getAttribute('aria-invalid'), 'true');
    await pay.getByLabel('Month paid for (YYYY-MM)').fill(new Date().toISOString().slice(0, 7));
    await pay.getByRole('button', { name: 'Save' }).click();
    await page.locator('#payments-table', { hasText: '30,000 TZS' }).waitFor();
    // The payment says what it was held against when recorded (the PSW minimum).
    await page.locator('#payments-table', { hasText: 'Meets the minimum of 30,000 TZS a month' }).waitFor();
    await section('Support and self-care');
    await page.getByText('Record a support activity').click();
    const support = page.locator('#add-support');
    await support.getByLabel('Note').fill('After a difficult case');
    await support.getByRole('button', { name: 'Save' }).click();
    await page.locator('#support-list', { hasText: 'Debriefing · After a difficult case' }).waitFor();
    const [payment] = (await get(admin, `/api/v1/payments?person_id=${worker.id}`)).items;
    assert.deepEqual([payment.kind, payment.amount, payment.currency], ['stipend', 30000, 'TZS']);
    assert.equal((await get(admin, `/api/v1/support-activities?person_id=${worker.id}`)).items[0].kind, 'debriefing');

    // Coverage follows: one fewer worker without a supervisor.
    await section('Coverage and ratios');
    assert.match(page.url(), /\/supervision\?section=coverage$/);
    await page.reload();
    await coverage.waitFor();
    const now = (await get(admin, '/api/v1/figures/supervision')).total;
    assert.equal(now.without_supervisor, before.without_supervisor - 1);
    assert.equal((await coverage.locator('td').nth(1).textContent()).trim(), num(now.without_supervisor));
    // The supervision ends: the worker is without a supervisor again.
    await section('Supervisors');
    await findPerson(page, 'worker-picker', 'Worker', nid(worker));
    for (const b of [boss, boss2]) { // both supervisors the worker has at once
      const row = page.locator('#supervisions-table tr', { hasText: `${fullName(b)}` });
      await row.getByRole('button', { name: 'End' }).click();
      await page.locator('#end-supervision').getByLabel('Reason').fill('Supervisor transferred');
      await page.getByRole('button', { name: 'End this supervision' }).click();
      await row.getByText('(Supervisor transferred)').waitFor();
    }
    const ended = (await get(admin, `/api/v1/supervisions?person_id=${worker.id}`)).items;
    assert.ok(ended.every((x) => x.end_date), 'ended');
    assert.equal((await get(admin, '/api/v1/figures/supervision')).total.without_supervisor, before.without_supervisor);
    await section('Coverage and ratios');
    await coverage.waitFor();
    await assertAccessible(page, 'supervision');
    await screenshot(page, 'supervision-coverage-desktop');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'supervision-coverage-360px');
    await section('Pay');
    await page.locator('#pay-table').waitFor();
    await page.locator('#minimum-table', { hasText: 'Para social worker' }).waitFor();
    await assertAccessible(page, 'supervision, pay');
    await screenshot(page, 'supervision-pay-360px');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'supervision-pay-desktop');
    // In Swahili every word of the screen is translated (no key shows through).
    await page.getByLabel('Language').selectOption('sw');
    await page.getByRole('heading', { level: 1, name: 'Usimamizi, malipo na msaada' }).waitFor();
    for (const name of ['Hali ya usimamizi na uwiano', 'Wasimamizi', 'Vikao vya usimamizi', 'Malipo', 'Msaada na kujitunza', 'Taarifa za shughuli za kila mwezi', 'Jumla ya shughuli na kubaki kazini']) {
      await page.locator('.section-nav').getByRole('button', { name }).click();
      await page.getByRole('heading', { level: 2, name }).waitFor();
      assert.doesNotMatch(await page.locator('main').textContent(), /\b(supervision|picker|form|error)\.[a-zA-Z]/, name);
    }
    await assertAccessible(page, 'supervision in Swahili');
    await screenshot(page, 'supervision-swahili-desktop');
    await page.getByLabel('Lugha').selectOption('en');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('an officer enters a worker\'s monthly activity return, corrects it, and the bad month is refused next to its field', async () => {
    // a worker with no monthly return yet (the demo gives most workers three months)
    const psws = (await get(admin, '/api/v1/people?status=active&cadre=psw&limit=200')).items;
    let worker;
    for (const p of psws) {
      if (!(await get(admin, `/api/v1/activity-returns?person_id=${p.id}`)).items.length) { worker = p; break; }
    }
    assert.ok(worker, 'the demo has a para social worker without returns');
    const activities = (await get(admin, '/api/v1/catalogue')).activities;
    assert.ok(activities.length >= 2, 'the configuration declares activities');
    const [first, second] = activities;
    await browser.context.clearCookies(); // a fresh sign-in, whatever ran before
    const page = await openPage(browser.context);
    await signIn(page, srv.url, A.ADMIN, A.ADMIN_PW, '/supervision?section=returns');
    await page.getByRole('heading', { level: 2, name: 'Monthly activity returns' }).waitFor();
    await page.getByText('Find and choose a worker above to see and record their details.').waitFor();
    await findPerson(page, 'worker-picker', 'Worker', nid(worker));
    await page.getByText('No monthly returns have been entered for this worker yet.').waitFor();

    await page.getByText('Enter or correct a month').click();
    const form = page.locator('#add-return');
    await form.getByLabel(/^Month/).fill('10/2026');
    await form.getByLabel(first.name.en).fill('12');
    await form.getByRole('button', { name: 'Save the return' }).click();
    const bad = await admin.call('PUT', '/api/v1/activity-returns', { body: { person_id: worker.id, period: '10/2026', counts: { [first.id]: 12 } } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'period');
    await form.locator('#add-return-period-error', { hasText: plainWords(bad.body.error.message) }).waitFor();
    assert.equal((await get(admin, `/api/v1/activity-returns?person_id=${worker.id}`)).items.length, 0, 'nothing was stored');

    await form.getByLabel(/^Month/).fill('2026-10');
    await form.getByLabel(second.name.en).fill('3');
    await form.getByRole('button', { name: 'Save the return' }).click();
    await page.getByText('The return for 2026-10 is saved.').waitFor();
    const row = page.locator('#returns-table tbody tr', { hasText: '2026-10' });
    await row.waitFor();
    const cells = async () => (await row.locator('td').allTextContents()).map((x) => x.trim());
    const col = (id) => activities.findIndex((a) => a.id === id);
    assert.equal((await cells())[col(first.id)], '12');
    assert.equal((await cells())[col(second.id)], '3');
    const stored = (await get(admin, `/api/v1/activity-returns?person_id=${worker.id}`)).items;
    assert.deepEqual(Object.fromEntries(stored.map((r) => [r.activity, r.count])), { [first.id]: 12, [second.id]: 3 });

    // Re-entering the month replaces its counts.
    await form.getByLabel(first.name.en).fill('15');
    await form.getByRole('button', { name: 'Save the return' }).click();
    await row.locator('td', { hasText: '15' }).waitFor();
    const again = (await get(admin, `/api/v1/activity-returns?person_id=${worker.id}&period=2026-10`)).items;
    assert.equal(again.find((r) => r.activity === first.id).count, 15);
    await assertAccessible(page, 'activity returns');
    await screenshot(page, 'supervision-returns-desktop');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'supervision-returns-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
