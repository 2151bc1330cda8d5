// Certificates and careers in a real browser against the real API (issue 7): a
// para social worker's eligibility says in plain words what is missing, passes once
// the Level 2 result is recorded, a certificate is issued and checked publicly by its
// number, and she is promoted up the Tanzania ladder — her old post is shown vacant
// and flagged for a trained replacement. The lattice is drawn as a graph with the
// moves also listed as text, and each move ranks its candidates.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertAccessible, screenshot, PHONE, DESKTOP } from './lib/browser.mjs';
import { careersServer, signIn, assertFits } from './lib/fixtures.mjs';
import { api } from '../api/lib/server.mjs';

describe('certificates and careers', () => {
  let S, browser, halima, baraka, pswPost, supPost, level2, certNumber;
  before(async () => {
    S = await careersServer();
    const V1 = S.u['R1-D1-W1-V1'];
    // Halima: a PSW in Kaloleni Village since 2020, 48 supervised hours, Level 1 and the
    // supervisor course passed, enrolled in Level 2 without a result yet.
    halima = await S.person({ given_name: 'Halima', family_name: 'Nyerere' });
    pswPost = await S.place(halima, { title: 'PSW Kaloleni Village' });
    const sup = await S.person({ given_name: 'Sophia', family_name: 'Supervisor' });
    await S.place(sup, { title: 'PSW supervisor (existing)', cadre: 'psw-supervisor' }, '2019-01-01');
    await S.call('POST', '/api/v1/supervisions', { person_id: halima.id, supervisor_person_id: sup.id, type: 'individual', start_date: '2020-02-01' });
    for (const day of ['2024-01-10', '2024-01-11']) {
      await S.call('POST', '/api/v1/supervision-sessions', { person_id: halima.id, supervisor_person_id: sup.id, session_date: day, duration_minutes: 1440, mode: 'field_visit' });
    }
    const l1 = await S.event('psw-level-1', { start_date: '2020-02-01', end_date: '2020-02-20' });
    await S.enrol(l1, halima); await S.pass(l1, halima);
    const sc = await S.event('psw-supervisor-course', { start_date: '2022-03-01', end_date: '2022-03-05' });
    await S.enrol(sc, halima); await S.pass(sc, halima);
    level2 = await S.event('psw-level-2', { start_date: '2025-06-02', end_date: '2025-06-13', title: 'Practicum 2025' });
    await S.enrol(level2, halima);
    // Baraka: another PSW in the district, far from ready.
    baraka = await S.person({ given_name: 'Baraka', family_name: 'Mwakyusa', birth_date: '1999-05-05' });
    await S.place(baraka, { title: 'PSW Kaloleni 2' }, '2025-09-01');
    // The vacant post Halima will be promoted into.
    supPost = await S.position({ title: 'PSW supervisor Kaloleni ward', cadre: 'psw-supervisor', org_unit_id: S.u['R1-D1-W1'], level: 'ward' });
    assert.ok(V1);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await S?.srv.stop(), 0, 'server exits cleanly');
  });

  test('eligibility says what is missing, passes after the result, a certificate is issued and verified publicly', async () => {
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/people/${halima.id}/career`);
    await page.getByRole('heading', { level: 1, name: 'Halima Nyerere' }).waitFor();
    const psw = page.locator('.eligibility > li', { has: page.getByRole('heading', { name: 'Certified para social worker', exact: true }) });
    await psw.getByText('Not yet').waitFor();
    assert.deepEqual(await psw.locator('.missing li').allTextContents(), ['complete the course: Para Social Worker Level 2 (practicum)']);
    assert.equal(await psw.getByRole('button', { name: /Issue the certificate/ }).count(), 0, 'no issue button while not eligible');
    // Training history lists what was passed and what is still open.
    const history = page.locator('section[aria-labelledby="pc-training"]');
    await history.getByText('Para Social Worker Level 2 (practicum)').waitFor();
    assert.match(await history.textContent(), /Para Social Worker Level 1.*Passed, completed 20 February 2020/s);
    await assertAccessible(page, 'career page, not yet eligible');
    await screenshot(page, 'person-career-before-desktop');

    // The Level 2 result, recorded on the event page.
    await history.getByRole('link', { name: 'Para Social Worker Level 2 (practicum)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Para Social Worker Level 2 (practicum) — Practicum 2025' }).waitFor();
    const row = page.locator('.trainee', { hasText: 'Halima Nyerere' });
    await page.getByLabel('Passed: Halima Nyerere').check();
    await page.getByRole('button', { name: 'Save the changed rows (1)' }).click();
    await row.getByText('Attended · passed · completed 13 June 2025').waitFor();

    await row.getByRole('link', { name: 'Halima Nyerere' }).click();
    await page.getByRole('heading', { level: 1, name: 'Halima Nyerere' }).waitFor();
    await psw.getByText('Eligible', { exact: true }).waitFor();
    assert.equal(await psw.locator('.missing li').count(), 0, 'nothing is missing any more');
    await psw.getByRole('button', { name: 'Issue the certificate: Certified para social worker' }).click();
    await psw.getByLabel('Note for the record (optional)').fill('Level 2 practicum report seen');
    await psw.getByRole('button', { name: 'Issue the certificate' }).click();
    const certRow = page.locator('table.certs tbody tr', { hasText: 'Certified para social worker' });
    await certRow.waitFor();
    certNumber = (await certRow.locator('.cert-number').textContent()).trim();
    assert.match(certNumber, /^PSW-CERTIFICATE-\d{4}-\d{6}-[0-9A-Z]{8}$/);
    const issued = (await S.national.call('GET', `/api/v1/people/${halima.id}/certificates`)).body.items.find((c) => c.number === certNumber);
    assert.equal(issued.evidence.note, 'Level 2 practicum report seen');
    assert.equal(issued.evidence.eligible, true);
    assert.match(await certRow.textContent(), new RegExp(issued.config_id.slice(0, 10)), 'the configuration version is shown');
    assert.match(await certRow.textContent(), /Valid/);
    await psw.getByText('Holds a valid certificate of this kind.').waitFor();
    await assertAccessible(page, 'career page, certified');
    await screenshot(page, 'person-career-certified-desktop');

    // Anyone can check the number: valid, for whom, until when.
    await page.getByRole('link', { name: 'Certificates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    await page.getByLabel('Certificate number', { exact: true }).fill(certNumber);
    await page.getByRole('button', { name: 'Check' }).click();
    const answer = page.locator('.answer');
    await answer.getByText('Valid', { exact: true }).waitFor();
    assert.match(await answer.textContent(), /Halima Nyerere/);
    const v = await api(S.srv.url, 'GET', `/api/v1/verify/certificates/${certNumber}`);
    const until = new Date(`${v.body.valid_until}T00:00:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
    assert.match(await answer.textContent(), new RegExp(`Valid until${until}`));
    await page.getByLabel('Certificate number', { exact: true }).fill('PSW-CERTIFICATE-2026-999999');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('No certificate has the number PSW-CERTIFICATE-2026-999999.').waitFor();

    // It expires in three years: the five-year list shows it; the 90-day list does not.
    const expiring = page.locator('section[aria-labelledby="expiring-title"]');
    await expiring.getByText('No certificate expires in the next 90 days in this area.').waitFor();
    await page.getByLabel('Expiring within').selectOption('1825');
    await expiring.locator('tbody tr', { hasText: certNumber }).waitFor();
    await assertAccessible(page, 'certificates');
    await screenshot(page, 'certificates-verified-desktop');
    await page.setViewportSize(PHONE);
    await assertFits(page, 'certificates at 360 px');
    await screenshot(page, 'certificates-verified-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('promotion up the ladder ends the old post, which is shown vacant and awaiting a trained replacement', async () => {
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/people/${halima.id}/career`);
    await page.getByRole('heading', { level: 1, name: 'Halima Nyerere' }).waitFor();
    await page.getByText('Holds now: Para social worker.').waitFor();
    const ready = page.locator('.moves-now > li', { hasText: 'Para social worker supervisor' });
    await ready.getByText('Ready now').waitFor();
    // The other moves say what they still need.
    await page.getByText(/Other moves and what they still need/).click();
    const lateral = page.locator('.moves-later > li', { hasText: 'Sideways: Para social worker → Para community development worker' });
    assert.match(await lateral.textContent(), /Bridging course: Bridging: from para social work or child care to community development/);
    assert.match(await lateral.locator('.missing').textContent(), /complete the course: Bridging to community development/);

    await ready.getByRole('button', { name: 'Record the promotion: Up the ladder: Para social worker → Para social worker supervisor' }).click();
    await ready.getByLabel('New post (vacant)').selectOption(String(supPost.id));
    await ready.getByLabel('Date of the move').fill('2026-01-05');
    await assertAccessible(page, 'promotion form');
    await ready.getByRole('button', { name: 'Record the promotion' }).click();

    const result = page.locator('.move-result');
    await result.getByText('Recorded: Para social worker → Para social worker supervisor on 5 January 2026.').waitFor();
    await result.getByText('Now holds the post PSW supervisor Kaloleni ward from 5 January 2026.').waitFor();
    await result.getByText('The post PSW Kaloleni Village ended on 5 January 2026 (promotion).').waitFor();
    const oldPost = result.locator('.old-post');
    await oldPost.getByText('vacant', { exact: true }).waitFor();
    await oldPost.getByText('Replacement needed: someone must be trained for it').waitFor();
    await page.getByText('Holds now: Para social worker supervisor.').waitFor();
    assert.equal((await S.national.call('GET', `/api/v1/positions/${pswPost.id}`)).body.vacant, true, 'the server agrees: the old post is vacant');
    await page.locator('section[aria-labelledby="pc-moves"]').getByText(/5 January 2026 · Up the ladder: Para social worker → Para social worker supervisor · success/).waitFor();
    await assertAccessible(page, 'after the promotion');
    await screenshot(page, 'person-career-promoted-desktop');
    await page.setViewportSize(PHONE);
    await assertFits(page, 'career page at 360 px');
    await assertAccessible(page, 'career page at 360 px');
    await screenshot(page, 'person-career-promoted-360px');
    // In Swahili: the interface and the rules' own words change language.
    await page.setViewportSize(DESKTOP);
    await page.getByLabel('Language').selectOption('sw');
    await page.getByRole('heading', { level: 2, name: 'Kazi, mafunzo na vyeti' }).waitFor();
    await page.getByText('Kwa sasa ni: Msimamizi wa wahudumu wa ustawi wa jamii.').waitFor();
    await page.locator('.eligibility').getByText('kumaliza mafunzo: Cheti cha Ustawi wa Jamii').first().waitFor();
    await screenshot(page, 'person-career-sw-desktop');
    await page.getByLabel('Lugha').selectOption('en');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('the lattice is drawn as a graph with the moves as text, candidates per move and replacements', async () => {
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.getByRole('link', { name: 'Career lattice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Career lattice' }).waitFor();
    // The drawing: a canvas inside an image with a name; the library came in its own chunk.
    await page.locator('.lattice-box canvas').first().waitFor();
    assert.match(await page.locator('.lattice-box').getAttribute('aria-label'), /6 cadres, 3 moves up the ladder and 6 sideways moves/);
    const lattice = (await S.national.call('GET', '/api/v1/careers/lattice')).body;
    const rows = page.locator('table.moves tbody tr');
    assert.equal(await rows.count(), lattice.edges.length, 'the text alternative lists every move');
    const text = await page.locator('table.moves').textContent();
    for (const m of ['Para social worker → Para social worker supervisor', 'Para social worker supervisor → Social welfare assistant',
      'Social welfare assistant → Social welfare officer', 'Para social worker → Auxiliary child and youth care worker']) assert.ok(text.includes(m), m);
    assert.match(await rows.filter({ hasText: 'Para social worker → Para community development worker' }).textContent(), /Sideways.*Bridging: from para social work/);
    // The graph is really drawn: the canvas has coloured pixels of the nodes.
    const painted = await page.evaluate(() => [...document.querySelectorAll('.lattice-box canvas')].some((c) => {
      const ctx = c.getContext('2d'); if (!ctx || !c.width) return false;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 1] > d[i] + 30) return true; // green nodes
      return false;
    }));
    assert.ok(painted, 'the nodes are painted on the canvas');

    // The replacement Halima's promotion left behind.
    const repl = page.locator('section[aria-labelledby="replacements-title"]');
    const replRow = repl.locator('tbody tr', { hasText: 'PSW Kaloleni Village' });
    await replRow.waitFor();
    assert.match(await replRow.textContent(), /Para social worker.*Kaloleni Village.*5 January 2026.*Halima Nyerere/);

    // Candidates for the first rung: Baraka (still a PSW) with what he lacks.
    await page.getByRole('button', { name: 'Show candidates: Para social worker → Para social worker supervisor' }).click();
    const cands = page.locator('section.candidates');
    await cands.getByRole('heading', { name: 'Candidates for Para social worker → Para social worker supervisor' }).waitFor();
    const baraka1 = cands.locator('.ranked > li', { hasText: 'Baraka Mwakyusa' });
    await baraka1.waitFor();
    assert.match(await baraka1.textContent(), /still missing.*hold a valid para social worker certificate/s);
    assert.equal(await baraka1.getByRole('link').getAttribute('href'), `/people/${baraka.id}/career`);
    assert.equal(await page.getByRole('button', { name: 'Show candidates: Para social worker → Para social worker supervisor' }).getAttribute('aria-pressed'), 'true');
    await assertAccessible(page, 'career lattice');
    await screenshot(page, 'lattice-desktop');

    // The same at 360 px, and in Swahili the cadre names come from the configuration.
    await page.setViewportSize(PHONE);
    await page.locator('.lattice-box canvas').first().waitFor();
    await assertFits(page, 'lattice at 360 px');
    await assertAccessible(page, 'career lattice at 360 px');
    await screenshot(page, 'lattice-360px');
    await page.setViewportSize(DESKTOP);
    await page.getByLabel('Language').selectOption('sw');
    await page.getByRole('heading', { level: 1, name: 'Njia za kupanda cheo' }).waitFor();
    await page.locator('table.moves').getByText('Mhudumu wa ustawi wa jamii wa kijiji → Msimamizi wa wahudumu wa ustawi wa jamii').waitFor();
    await page.locator('.lattice-box canvas').first().waitFor();
    await screenshot(page, 'lattice-sw-desktop');
    await page.getByLabel('Lugha').selectOption('en');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('prior learning with an equivalent course counts in the rules; an administrator may issue despite the rule, with a reason', async () => {
    const zuhura = await S.person({ given_name: 'Zuhura', family_name: 'Mollel' });
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/people/${zuhura.id}/career`);
    await page.getByRole('heading', { level: 1, name: 'Zuhura Mollel' }).waitFor();
    const psw = page.locator('.eligibility > li', { has: page.getByRole('heading', { name: 'Certified para social worker', exact: true }) });
    await psw.locator('.missing').getByText('complete the course: Para Social Worker Level 1').waitFor();
    assert.equal(await page.getByText('Issue anyway (administrator)').count(), 0, 'an HR officer has no override');
    await page.getByText('Record prior learning').click();
    await page.getByLabel('Kind of credit').selectOption('training');
    await page.getByLabel('What was learnt or done').fill('Caregiver course, Kiota project 2011');
    await page.getByLabel('Evidence seen').fill('Certificate WV-2009-113 seen');
    await page.getByLabel('Counts as the course (optional)').selectOption('psw-level-1');
    await page.getByLabel('Hours of credit').fill('100');
    await page.getByLabel('Approved by').fill('DSWO Arusha');
    await page.getByRole('button', { name: 'Save the prior learning' }).click();
    const prior = page.locator('section[aria-labelledby="pc-prior"]');
    await prior.locator('.history').getByText('Caregiver course, Kiota project 2011').waitFor();
    assert.match(await prior.locator('.history').textContent(), /Counts as Para Social Worker Level 1 · 100 hours · approved by DSWO Arusha/);
    // The rule now counts the credited course: Level 1 is no longer missing.
    await psw.locator('.missing').getByText('complete the course: Para Social Worker Level 2 (practicum)').waitFor();
    assert.doesNotMatch(await psw.locator('.missing').textContent(), /Level 1/);
    await page.close();

    // The administrator sees the override, must give a reason, and the reason is kept.
    const admin = await openPage(browser.context);
    await signIn(admin, S.srv.url, 'admin', 'first admin password');
    await admin.goto(`${S.srv.url}/people/${zuhura.id}/career`);
    const apsw = admin.locator('.eligibility > li', { has: admin.getByRole('heading', { name: 'Certified para social worker', exact: true }) });
    await apsw.getByText('Issue anyway (administrator)').click();
    await apsw.getByRole('button', { name: 'Issue anyway, with this reason' }).click();
    await apsw.getByText('Fill in this field.').waitFor();
    await apsw.getByLabel('Why issue although the rule says no?').fill('Level 2 records kept on paper by the DSWO');
    await apsw.getByRole('button', { name: 'Issue anyway, with this reason' }).click();
    const row = admin.locator('table.certs tbody tr', { hasText: 'Certified para social worker' });
    await row.getByText('(issued by override: Level 2 records kept on paper by the DSWO)').waitFor();
    const certs = (await S.national.call('GET', `/api/v1/people/${zuhura.id}/certificates`)).body.items;
    assert.equal(certs[0].override_reason, 'Level 2 records kept on paper by the DSWO');
    await assertAccessible(admin, 'administrator override');
    assert.deepEqual(admin.problems, []);
    await admin.close();
  });

  test('a certificate is revoked with a reason, and the public check then says so', async () => {
    const page = await openPage(browser.context);
    await signIn(page, S.srv.url);
    await page.goto(`${S.srv.url}/certificates`);
    await page.getByLabel('Expiring within').selectOption('1825');
    const row = page.locator('section[aria-labelledby="expiring-title"] tbody tr', { hasText: certNumber });
    await row.getByRole('button', { name: `Revoke: ${certNumber}` }).click();
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Fill in this field.').waitFor();
    await row.getByLabel('Why is it revoked?').fill('Issued on the wrong practicum report');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Certificate number', { exact: true }).fill(certNumber);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.locator('.answer').getByText('Revoked', { exact: true }).waitFor();
    const c = (await S.national.call('GET', `/api/v1/people/${halima.id}/certificates`)).body.items.find((x) => x.number === certNumber);
    assert.deepEqual([c.status, c.revoked_reason], ['revoked', 'Issued on the wrong practicum report']);
    await page.goto(`${S.srv.url}/people/${halima.id}/career`);
    await page.locator('table.certs tbody tr', { hasText: certNumber }).getByText(/Revoked .*: Issued on the wrong practicum report/).waitFor();
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
