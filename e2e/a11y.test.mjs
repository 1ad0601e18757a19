// Accessibility: axe-core runs on every page of the app, logged out and logged in (a chair, who sees
// the forms), after hydration. No serious or critical violation may remain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, startQuorum, launchChromium } from './lib.mjs';

const AXE = join(root, 'e2e/node_modules/axe-core/axe.min.js');
const PASSWORD = 'correct horse battery';
const PAGES = ['/', '/minutes', '/minutes?wg=cscwg', '/minutes/2026-10-22-minutes-of-the-code-signing-certificate-working-group',
  '/ballots', '/ballots?wg=scwg', '/ballots/CSC-30', '/ballots/SC-91', '/posts/about', '/actions', '/actions?state=all',
  '/feeds', '/login', '/no/such/page'];

let quorum, browser;

before(async () => {
  quorum = await startQuorum(join(root, 'content'));
  quorum.addUser({ email: 'chair@example.org', name: 'Dean Chair', role: 'chair', wg: ['cscwg'], password: PASSWORD });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  quorum?.stop();
});

/** The serious and critical violations axe finds on `path`, as readable lines. */
async function violations(context, path) {
  const page = await context.newPage();
  await page.goto(`${quorum.base}${path}`);
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 15000 });
  await page.waitForLoadState('networkidle');
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    // Open every <details> so what it hides is checked too.
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
  });
  await page.close();
  return found.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.join(', ')}`);
}

test('no page has a serious or critical accessibility violation for a reader', async () => {
  // Injecting axe needs the page's script policy out of the way; this context is only for axe.
  const context = await browser.newContext({ bypassCSP: true });
  const all = [];
  for (const path of PAGES) all.push(...await violations(context, path));
  await context.close();
  assert.deepEqual(all, []);
});

test('no page has a serious or critical accessibility violation for a logged-in chair', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${quorum.base}/login`);
  await page.fill('#login-email', 'chair@example.org');
  await page.fill('#login-password', PASSWORD);
  await Promise.all([page.waitForURL(`${quorum.base}/`), page.click('form.login button[type=submit]')]);
  await page.close();
  const all = [];
  for (const path of [...PAGES, '/account', '/minutes/new', '/minutes/new?wg=cscwg&meeting_date=2026-11-26&body=Ballot+CSC-30+was+discussed.',
    '/ballots/new', '/minutes/2026-10-22-minutes-of-the-code-signing-certificate-working-group/edit']) all.push(...await violations(context, path));
  await context.close();
  assert.deepEqual(all, []);
});
