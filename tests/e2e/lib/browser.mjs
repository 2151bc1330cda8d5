// Browser-test helpers: Debian's Chromium driven by playwright-core (no browser is
// ever downloaded), a real `kazi serve` with the built UI, axe-core checks and
// screenshots.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { startServer } from '../../api/lib/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
export const WEB_DIR = process.env.KAZI_WEB_DIR || join(repo, 'build/web');
export const SHOTS = process.env.KAZI_SCREENSHOT_DIR || join(repo, 'build/screenshots');
const CHROMIUM = process.env.KAZI_CHROMIUM || '/usr/bin/chromium';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

/** Start a kazi server serving the built UI; returns the server handle from server.mjs. */
export function startKazi(opts = {}) {
  return startServer({ ...opts, args: ['--web', WEB_DIR, ...(opts.args || [])] });
}

/**
 * Launch headless Chromium with a fresh profile. Returns {context, close()}.
 * Each page opened with openPage() records CSP violations and script errors.
 */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'kazi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    locale: 'en-GB',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    context,
    async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/**
 * A new page at VIEWPORT. page.problems collects what must never happen: CSP
 * violations (an inline script or style slipped in) and uncaught script errors.
 */
export async function openPage(context, viewport = DESKTOP) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) page.problems.push(m.text());
  });
  page.on('pageerror', (e) => page.problems.push(`script error: ${e.message}`));
  return page;
}

/** Fail on any axe-core violation of serious or critical impact on the page as it is now. */
export async function assertAccessible(page, label) {
  // page.evaluate runs through DevTools, outside the page's CSP, so the page's own
  // policy stays strict while axe is injected.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: accessibility violations\n${JSON.stringify(bad, null, 2)}`);
}

/** Save a full-page screenshot as build/screenshots/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The element that has keyboard focus, described for assertions. */
export function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return { tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(), name: el.getAttribute('name'),
      outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
  });
}
