// Hostile posts in a real browser: a post whose title, names and text carry markup and script
// hydrates, shows that text literally (tab and page, before and after hydration), runs none of
// it, and no page of the app fires a Content-Security-Policy violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, shots, startQuorum, launchChromium, hydratedPage } from './lib.mjs';

const TITLE = `x </title><script>alert(1)</script> & "quoted" 'single' <b>bold</b>`;
let hostile, sample, browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  hostile = await startQuorum(join(root, 'server/tests/fixtures/hostile'));
  sample = await startQuorum(join(root, 'content'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  hostile?.stop();
  sample?.stop();
});

/** Fails the test if the page ran any alert() or reported a CSP violation or error. */
async function watchDialogs(page) {
  const dialogs = [];
  page.on('dialog', d => { dialogs.push(d.message()); d.dismiss(); });
  return dialogs;
}

test('a post with a hostile title hydrates and shows the title as literal text', async () => {
  // Before hydration: the server's HTML as a browser without JavaScript reads it.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(`${hostile.base}/minutes/2026-11-02-hostile-minutes`);
  assert.equal(await plain.title(), `${TITLE} · Quorum`);
  assert.equal(await plain.locator('h1').textContent(), TITLE);
  await context.close();

  // After hydration.
  const { page, errors, cspViolations } = await hydratedPage(browser, hostile.base, '/minutes/2026-11-02-hostile-minutes');
  const dialogs = await watchDialogs(page);
  assert.equal(await page.title(), `${TITLE} · Quorum`);
  assert.equal(await page.locator('h1').textContent(), TITLE);
  assert.equal(await page.evaluate(() => document.querySelectorAll('script:not([nonce])').length), 0);
  assert.ok((await page.locator('.attendees').textContent()).includes('<img src=x onerror=alert(2)>') ||
    (await page.locator('.attendees').textContent()).includes('Eve'));
  await page.screenshot({ path: join(shots, 'hostile-minutes.png'), fullPage: true });
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await cspViolations(), []);
  // The post's own <img src=x> fails to load; nothing else may go wrong.
  assert.deepEqual(errors.filter(e => !e.startsWith('Failed to load resource')), []);

  // Client-side navigation to the ballot keeps its hostile title literal too.
  await page.click('.panel a.ballot-id:text-is("SC-999")');
  await page.waitForURL(`${hostile.base}/ballots/SC-999`);
  await page.waitForFunction(() => document.title.includes('Quoted'));
  assert.equal(await page.title(), `SC-999 — <script>alert('ballot')</script> </title> "Quoted" & <i>more</i> · Quorum`);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(await cspViolations(), []);
  await page.close();
});

test('no page of the app fires a securitypolicyviolation event', async () => {
  const pages = [
    [hostile, ['/', '/minutes', '/minutes/2026-11-02-hostile-minutes', '/posts/2026-11-02-hostile-minutes',
      '/ballots', '/ballots/SC-999', '/posts/2026-11-03-ballot-sc-999', '/actions', '/feeds', '/no/such/page']],
    [sample, ['/', '/minutes', '/minutes?wg=cscwg', '/minutes/2026-10-22-minutes-of-the-code-signing-certificate-working-group',
      '/ballots', '/ballots?wg=scwg', '/ballots/CSC-30', '/ballots/SC-91', '/actions', '/feeds', '/no/such/page']],
  ];
  for (const [server, paths] of pages) {
    for (const path of paths) {
      const { page, errors, cspViolations } = await hydratedPage(browser, server.base, path);
      const dialogs = await watchDialogs(page);
      // A client-side navigation from each page exercises server functions under the policy too.
      await page.click('nav a[href="/ballots"]');
      await page.waitForURL(`${server.base}/ballots`);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await cspViolations(), [], `${path}: CSP violations`);
      assert.deepEqual(dialogs, [], `${path}: a dialog opened`);
      assert.deepEqual(errors.filter(e => !e.includes('404')), [], `${path}: browser errors`);
      await page.close();
    }
  }
});
