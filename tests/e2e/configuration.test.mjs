// Configuration versions in the browser against the real config API (issue 5):
// history, changes, checking, making a version live with a reason, rolling back.
// Skipped, saying why, on a server without that API.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, startKazi, assertAccessible, screenshot, PHONE } from './lib/browser.mjs';
import { installAuthStandIn, PASSWORD } from './lib/auth-standin.mjs';
import { api, kazi, tempDir } from '../api/lib/server.mjs';

const share = process.env.KAZI_SHARE_DIR || join(import.meta.dirname, '../..');

describe('configuration versions', () => {
  let srv, browser, have, liveBefore, liveNow, propose;
  before(async () => {
    // Signed in through the stand-in (lib/auth-standin.mjs); with the access API in
    // the tree it is backed by a real administrator's session.
    const accessLib = new URL('../api/lib/access.mjs', import.meta.url);
    let real = null, call = (method, p) => api(srv.url, method, p);
    if (existsSync(accessLib)) {
      const A = await import(accessLib);
      srv = await startKazi({ data: A.initWithAdmin(), args: ['--admin-totp', 'optional'] });
      real = { username: A.ADMIN, password: A.ADMIN_PW };
      const session = await A.mustLogin(srv, A.ADMIN, A.ADMIN_PW);
      call = (method, p) => session.call(method, p);
    } else {
      srv = await startKazi();
    }
    have = (await call('GET', '/api/v1/config/versions')).status === 200;
    if (!have) return;
    browser = await launch();
    await installAuthStandIn(browser.context, { real });
    liveNow = async () => (await call('GET', '/api/v1/config/live')).body.live;
    liveBefore = await liveNow();
    // A new version, proposed the way a ministry's developers do: a folder
    // imported with the CLI (or a git push).
    propose = (message, edit) => {
      const dir = join(tempDir(), 'config');
      cpSync(join(share, 'country-config/tanzania'), dir, { recursive: true });
      edit(dir);
      const r = kazi(['config', 'import', '--data', srv.data, dir, '-m', message]);
      assert.equal(r.status, 0, r.stderr);
    };
    propose('Swahili first: default language stays sw\n\nAsked for by the ministry.', (dir) => {
      const f = join(dir, 'country.lua');
      writeFileSync(f, readFileSync(f, 'utf8').replace('-- Tanzania: the country this configuration describes.',
        '-- Tanzania: the country this configuration describes (reviewed 2026).'));
    });
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('an officer checks a new version, sees its changes, makes it live with a reason and rolls back', async (t) => {
    if (!have) return t.skip('the configuration API (issue 5) is not in this tree yet');
    const page = await openPage(browser.context);
    await page.goto(`${srv.url}/signin?next=%2Fconfiguration`);
    await page.getByLabel('Username').fill('asha');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Configuration' }).waitFor();
    await page.getByText(`Live now: ${liveBefore.slice(0, 8)}`).waitFor();
    const item = (text) => page.locator('li.version', { hasText: text });
    const good = item('Swahili first');
    const newCommit = (await good.locator('.commit').textContent()).trim();
    assert.match(await good.textContent(), /Not checked yet/);
    assert.equal(await good.getByRole('button', { name: /^Make live/ }).count(), 0, 'not offered before it is checked');

    await good.getByRole('button', { name: `Changes ${newCommit}` }).click();
    await good.locator('.patch .add', { hasText: 'reviewed 2026' }).waitFor();
    assert.equal(await good.locator('.patch .del').count(), 1);

    await good.getByRole('button', { name: `Check ${newCommit}` }).click();
    await good.getByText('Checked: no problems').waitFor();
    await good.getByRole('button', { name: `Make live ${newCommit}` }).click();
    await good.getByRole('button', { name: 'Make it live' }).click();
    await good.getByText('Fill in this field.').waitFor(); // a reason is required
    await good.getByLabel(/^Reason/).fill('Ministerial circular 12/2026');
    await assertAccessible(page, 'configuration, activating');
    await screenshot(page, 'configuration-activate-desktop');
    await good.getByRole('button', { name: 'Make it live' }).click();
    await page.getByText(`Live now: ${newCommit}`).waitFor();
    assert.equal((await liveNow()).slice(0, 8), newCommit);
    await page.locator('table.list', { hasText: 'Ministerial circular 12/2026' }).waitFor();

    const first = page.locator('li.version', { has: page.locator('.commit', { hasText: liveBefore.slice(0, 8) }) });
    assert.match(await first.textContent(), /Was live before/);
    await first.getByRole('button', { name: /^Roll back to this/ }).click();
    await first.getByLabel(/^Reason/).fill('Circular withdrawn');
    await first.getByRole('button', { name: 'Roll back now' }).click();
    await page.getByText(`Live now: ${liveBefore.slice(0, 8)}`).waitFor();
    assert.equal(await liveNow(), liveBefore);
    const history = await page.locator('table.list tbody').textContent();
    assert.match(history, /Ministerial circular 12\/2026/);
    assert.match(history, /Circular withdrawn/);
    await assertAccessible(page, 'configuration');
    await screenshot(page, 'configuration-desktop');
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'configuration-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('"Changes" of a version not live compares it with the live version, not with its parent', async (t) => {
    if (!have) return t.skip('the configuration API (issue 5) is not in this tree yet');
    // A second version on top of "Swahili first", which is not live: against the live
    // version it changes country.lua (from the first) and courses.lua (its own).
    propose('Courses reviewed', (dir) => {
      const f = join(dir, 'country.lua');
      writeFileSync(f, readFileSync(f, 'utf8').replace('-- Tanzania: the country this configuration describes.',
        '-- Tanzania: the country this configuration describes (reviewed 2026).'));
      const c = join(dir, 'courses.lua');
      writeFileSync(c, `-- courses reviewed 2026\n${readFileSync(c, 'utf8')}`);
    });
    const page = await openPage(browser.context);
    await page.goto(`${srv.url}/configuration`);
    await page.getByRole('heading', { level: 1, name: 'Configuration' }).waitFor();
    const v = page.locator('li.version', { hasText: 'Courses reviewed' });
    const commit = (await v.locator('.commit').textContent()).trim();
    await v.getByRole('button', { name: `Changes ${commit}` }).click();
    await v.getByText(`Compared with the live version ${liveBefore.slice(0, 8)}`, { exact: false }).waitFor();
    await v.locator('.patch .add', { hasText: 'courses reviewed 2026' }).waitFor();
    await v.locator('.patch .add', { hasText: 'reviewed 2026).' }).waitFor();
    assert.deepEqual((await v.locator('.file h4 code').allTextContents()).sort(), ['country.lua', 'courses.lua']);
    // The live version's own "Changes" are what it changed from the version before it.
    const live = page.locator('li.version.is-live');
    const liveCommit = (await live.locator('.commit').textContent()).trim();
    await live.getByRole('button', { name: `Changes ${liveCommit}` }).click();
    await live.locator('.changes-box').waitFor();
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});

// The impact preview over a demo register (`kazi demo-data`), signed in as the real
// administrator: a candidate that adds a certification for workers aged 40 and over
// and one that also makes a custom field required. The counts the panel shows are
// computed here from the people the API lists; then the first candidate is made live
// with a reason and rolled back.
describe('configuration impact preview', () => {
  let srv, admin, browser, F;
  before(async () => {
    F = await import('./lib/fixtures.mjs');
    ({ srv, admin } = await F.demoServer({ people: 120 }));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await srv?.stop(), 0, 'server exits cleanly');
  });

  test('an officer previews who gains and loses under a candidate, then makes it live and rolls back', async () => {
    const AGE = `local D = require "dossier"
local W = require "words"
kazi.certification {
  id = "impact-age", course = "psw-level-1", cadre = "psw",
  name = { en = "Senior community worker", sw = "Mhudumu mkongwe" },
  rule = function(d)
    local gap = D.gap()
    gap:need(D.age(d) >= 40, W.say("be at least 40", "miaka 40"))
    return gap:result()
  end,
}
`;
    const dir = join(tempDir(), 'config');
    cpSync(join(share, 'country-config/tanzania'), dir, { recursive: true });
    writeFileSync(join(dir, 'age.lua'), AGE);
    let r = kazi(['config', 'import', '--data', srv.data, dir, '-m', 'Senior community worker certificate']);
    assert.equal(r.status, 0, r.stderr);
    const fields = join(dir, 'fields.lua');
    writeFileSync(fields, readFileSync(fields, 'utf8').replace('id = "village_council_letter", applies_to = "person", type = "boolean",',
      'id = "village_council_letter", applies_to = "person", type = "boolean", required = true,'));
    assert.match(readFileSync(fields, 'utf8'), /required = true/);
    r = kazi(['config', 'import', '--data', srv.data, dir, '-m', 'Village council letter required']);
    assert.equal(r.status, 0, r.stderr);
    const live = (await F.get(admin, '/api/v1/config/live')).live;

    // What the register says, computed here from the API's people.
    const active = await F.allPeople(admin, 'status=active');
    const seniors = active.filter((p) => F.ageOf(p.birth_date) >= 40);
    const noLetter = active.filter((p) => p.custom?.village_council_letter === undefined || p.custom?.village_council_letter === null);
    assert.ok(seniors.length > 5 && noLetter.length > 0, 'the register exercises the counts');

    const page = await openPage(browser.context);
    await F.signIn(page, srv.url, F.A.ADMIN, F.A.ADMIN_PW, '/configuration');
    await page.getByRole('heading', { level: 1, name: 'Configuration' }).waitFor();
    const item = (text) => page.locator('li.version', { hasText: text });
    const cert = item('Senior community worker certificate');
    const commit = (await cert.locator('.commit').textContent()).trim();
    await cert.getByRole('button', { name: `Preview the impact ${commit}` }).click();
    await cert.getByText(`If this version were live (${F.num(active.length)} active workers checked)`).waitFor();
    const row = cert.locator(`#impact-certs-${commit} tr[data-id="impact-age"]`);
    assert.deepEqual(await row.locator('th, td').evaluateAll((c) => c.slice(0, 4).map((x) => x.textContent)),
      ['Senior community worker', 'new', F.num(seniors.length), '0']);
    const links = await row.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    assert.equal(links.length, 5);
    for (const [href, name] of links) {
      const p = seniors.find((s) => `/people/${s.id}` === href);
      assert.ok(p, `${href} gains the certificate`);
      assert.equal(name, `${p.given_name} ${p.family_name}`);
    }
    await row.getByText(`and ${F.num(seniors.length - 5)} more`).waitFor();
    // Nothing else changes for anyone, and no field becomes required.
    assert.equal(await cert.locator(`#impact-certs-${commit} tbody tr`).count(), 1, 'only the rule that changes is listed first');
    await cert.getByText(/^Show the \d+ rules that change nothing$/).first().click();
    const others = await cert.locator('.impact-table tbody tr:not([data-id="impact-age"])').evaluateAll((trs) =>
      trs.map((tr) => [tr.cells[2].textContent, tr.cells[3].textContent]));
    const catalogue = await F.get(admin, '/api/v1/catalogue');
    assert.equal(others.length, catalogue.certifications.length, 'every live certification is listed as unchanged');
    assert.deepEqual(others.filter(([g, l]) => g !== '0' || l !== '0'), []);
    await cert.getByText(`No change for anyone under any of these ${catalogue.moves.length} rules.`).waitFor();
    await cert.getByText('No field becomes required.').waitFor();

    const req = item('Village council letter required');
    const reqCommit = (await req.locator('.commit').textContent()).trim();
    await req.getByRole('button', { name: `Preview the impact ${reqCommit}` }).click();
    await req.getByText(`Recommended by the village council (people): ${F.num(noLetter.length)} existing records have no value and would need one at their next edit`).waitFor();
    await assertAccessible(page, 'configuration impact');
    await screenshot(page, 'configuration-impact-desktop');
    await req.locator('.impact-panel').scrollIntoViewIfNeeded();
    await F.viewShot(page, 'readme-impact');

    // Make the certificate version live with a reason, then roll back.
    await cert.getByRole('button', { name: `Check ${commit}` }).click();
    await cert.getByText('Checked: no problems').waitFor();
    await cert.getByRole('button', { name: `Make live ${commit}` }).click();
    await cert.getByLabel(/^Reason/).fill('Recognise senior community workers');
    await cert.getByRole('button', { name: 'Make it live' }).click();
    await page.getByText(`Live now: ${commit}`).waitFor();
    assert.equal((await F.get(admin, '/api/v1/config/live')).live.slice(0, 8), commit);
    const first = page.locator('li.version', { has: page.locator('.commit', { hasText: live.slice(0, 8) }) });
    await first.getByRole('button', { name: /^Roll back to this/ }).click();
    await first.getByLabel(/^Reason/).fill('Wait for the ministry circular');
    await first.getByRole('button', { name: 'Roll back now' }).click();
    await page.getByText(`Live now: ${live.slice(0, 8)}`).waitFor();
    assert.equal((await F.get(admin, '/api/v1/config/live')).live, live);
    const rollouts = (await F.get(admin, '/api/v1/config/rollouts')).rollouts.map((x) => x.reason);
    assert.deepEqual(rollouts.slice(0, 2).sort(), ['Recognise senior community workers', 'Wait for the ministry circular']);
    await page.setViewportSize(PHONE);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= innerWidth);
    await screenshot(page, 'configuration-impact-360px');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
