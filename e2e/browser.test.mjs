// Browser tests: Debian's chromium driven by playwright-core, against the real `quorum` binary
// serving the sample content on a temporary database. Run by scripts/test after scripts/build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, shots, startQuorum, launchChromium, hydratedPage as open } from './lib.mjs';

let quorum, browser, base;

before(async () => {
  mkdirSync(shots, { recursive: true });
  quorum = await startQuorum(join(root, 'content'));
  base = quorum.base;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  quorum?.stop();
});

const hydratedPage = path => open(browser, base, path);

test('the home page hydrates and its working-group filter reacts without a page load', async () => {
  const { page, errors } = await hydratedPage('/');
  // A marker on window survives only if the click does not load a new document.
  await page.evaluate(() => { window.__sameDocument = true; });
  const before = await page.locator('#recent-list li.post-row').count();
  assert.ok(before > 3, `expected several recent posts, saw ${before}`);

  await page.click('button.chip[data-wg="cscwg"]');
  await page.waitForFunction(() => document.querySelector('button.chip[data-wg="cscwg"]').getAttribute('aria-pressed') === 'true');
  const wgs = await page.locator('#recent-list li.post-row').evaluateAll(rows => rows.map(r => r.dataset.wg));
  assert.ok(wgs.length > 0 && wgs.length < before, `filter should narrow the list (${before} -> ${wgs.length})`);
  assert.deepEqual([...new Set(wgs)], ['cscwg']);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the click reloaded the page');

  await page.screenshot({ path: join(shots, 'home-filtered.png'), fullPage: true });
  assert.deepEqual(errors, [], `browser errors: ${errors.join('\n')}`);
  await page.close();
});

test('navigation links switch pages in place once hydrated', async () => {
  const { page } = await hydratedPage('/');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('nav a[href="/minutes"]');
  await page.waitForURL(`${base}/minutes`);
  await page.waitForSelector('h1:text("Minutes")');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'navigation reloaded the page');
  await page.close();
});

test('pages read fine with JavaScript turned off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const res = await page.goto(`${base}/minutes`);
  assert.equal(res.status(), 200);
  const rows = await page.locator('table.minutes-list tbody tr').count();
  assert.ok(rows >= 7, `expected the sample minutes without JavaScript, saw ${rows}`);
  await page.screenshot({ path: join(shots, 'minutes-no-js.png'), fullPage: true });
  await context.close();
});

test('the minutes filters narrow the list in place and the URL can be shared', async () => {
  const { page, errors } = await hydratedPage('/minutes');
  await page.evaluate(() => { window.__sameDocument = true; });
  const all = await page.locator('table.minutes-list tbody tr').count();
  await page.click('nav.filters a.chip:text-is("CSCWG")');
  await page.waitForURL(/\/minutes\?wg=cscwg$/);
  await page.waitForFunction(n => document.querySelectorAll('table.minutes-list tbody tr').length < n, all);
  const wgs = await page.locator('table.minutes-list tbody tr').evaluateAll(rows => rows.map(r => r.dataset.wg));
  assert.deepEqual([...new Set(wgs)], ['cscwg']);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'filtering reloaded the page');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a minutes page links each referenced ballot to the ballot, which lists where it was discussed', async () => {
  const { page } = await hydratedPage('/minutes/2026-10-22-minutes-of-the-code-signing-certificate-working-group');
  assert.equal(await page.locator('.facts dd').nth(2).textContent(), 'Sofia Alvarez');
  await page.click('.panel a.ballot-id:text-is("CSC-31")');
  await page.waitForURL(`${base}/ballots/CSC-31`);
  await page.waitForSelector('ul.mentions li');
  const meetings = await page.locator('ul.mentions > li time').allTextContents();
  assert.deepEqual(meetings, ['2026-10-22', '2026-11-12']);
  await page.screenshot({ path: join(shots, 'ballot-mentions.png'), fullPage: true });
  await page.close();
});

test('the ballots page filters by group and opens a ballot with its votes and tally', async () => {
  const { page, errors } = await hydratedPage('/ballots');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('nav.filters a.chip:text-is("CSCWG")');
  await page.waitForURL(/\/ballots\?wg=cscwg$/);
  await page.waitForFunction(() => [...document.querySelectorAll('table.ballots-list tbody tr')].every(r => r.dataset.wg === 'cscwg'));
  await page.click('a.ballot-id:text-is("CSC-30")');
  await page.waitForURL(`${base}/ballots/CSC-30`);
  await page.waitForSelector('table.votes-table');
  const issuerYes = await page.locator('tr[data-category="issuer"] td').first().getAttribute('data-count');
  assert.equal(issuerYes, '4');
  assert.match(await page.locator('p.outcome').textContent(), /PASSED|passed/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'navigation reloaded the page');
  await page.screenshot({ path: join(shots, 'ballot-csc-30.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
