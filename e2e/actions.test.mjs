// Action items from suggestion to done, clicked through as people do it: a chair logs in,
// confirms an item the minutes suggested and assigns it with a due date; its owner logs in, finds
// it under "My action items", marks it done; the minutes page shows the item's history. Once with
// JavaScript (server functions, no page loads) and once without (plain form posts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, shots, startQuorum, launchChromium } from './lib.mjs';

const MINUTES = '/minutes/2026-10-22-minutes-of-the-code-signing-certificate-working-group';
const ITEM_TEXT = 'Carla will endorse CSC-31';
const PASSWORD = 'correct horse battery';

let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
});

after(async () => { await browser?.close(); });

async function withPeople() {
  const quorum = await startQuorum(join(root, 'content'));
  quorum.addUser({ email: 'chair@example.org', name: 'Dean Chair', role: 'chair', wg: ['cscwg'], password: PASSWORD });
  quorum.addUser({ email: 'carla@example.org', name: 'Carla Mendes', role: 'member', password: PASSWORD });
  return quorum;
}

async function logIn(context, base, email, { js }) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(`${base}/login?next=${encodeURIComponent(MINUTES)}`);
  if (js) await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  await page.fill('#login-email', email);
  await page.fill('#login-password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}${MINUTES}`), page.click('form.login button[type=submit]')]);
  if (js) await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  return { page, errors };
}

const item = page => page.locator('li.action', { hasText: ITEM_TEXT });

/** Waits until the stylesheet applies (a screenshot taken earlier shows a bare page). */
const styled = page => page.waitForFunction(() =>
  getComputedStyle(document.querySelector('.site-header')).backgroundColor !== 'rgba(0, 0, 0, 0)');

async function flow({ js }) {
  const quorum = await withPeople();
  const { base } = quorum;
  const tag = js ? 'js' : 'nojs';
  try {
    // The chair confirms the suggested item, then assigns it with a due date.
    const chairContext = await browser.newContext({ javaScriptEnabled: js });
    const { page: chair, errors: chairErrors } = await logIn(chairContext, base, 'chair@example.org', { js });
    assert.equal(await item(chair).getAttribute('data-state'), 'suggested');
    if (js) await chair.evaluate(() => { window.__sameDocument = true; });
    await item(chair).locator('button', { hasText: 'Confirm' }).click();
    await chair.waitForFunction(text => [...document.querySelectorAll('li.action')]
      .some(li => li.textContent.includes(text) && li.dataset.state === 'open'), ITEM_TEXT);
    await item(chair).locator('summary', { hasText: 'Edit' }).click();
    await item(chair).locator('input[name=owner]').fill('Carla Mendes');
    await item(chair).locator('input[name=due]').fill('2026-12-01');
    await item(chair).locator('button', { hasText: 'Save' }).click();
    await chair.waitForFunction(text => [...document.querySelectorAll('li.action')]
      .some(li => li.textContent.includes(text) && li.textContent.includes('2026-12-01')), ITEM_TEXT);
    if (js) assert.equal(await chair.evaluate(() => window.__sameDocument), true, 'changes were made without page loads');
    await styled(chair);
    await chair.screenshot({ path: join(shots, `actions-chair-${tag}.png`), fullPage: true });
    assert.deepEqual(chairErrors, []);

    // The owner sees it on her home page and marks it done.
    const carlaContext = await browser.newContext({ javaScriptEnabled: js });
    const { page: carla, errors: carlaErrors } = await logIn(carlaContext, base, 'carla@example.org', { js });
    await carla.goto(`${base}/`);
    const mine = carla.locator('section.mine');
    await mine.waitFor();
    assert.match(await mine.textContent(), /Carla will endorse CSC-31/);
    await styled(carla);
    await carla.screenshot({ path: join(shots, `actions-my-items-${tag}.png`), fullPage: true });
    await carla.goto(`${base}${MINUTES}`);
    if (js) await carla.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
    assert.equal(await item(carla).locator('summary', { hasText: 'Edit' }).count(), 0, 'an owner may not edit');
    await item(carla).locator('input[name=note]').fill('Endorsed on the list');
    await item(carla).locator('button', { hasText: 'Mark done' }).click();
    await carla.waitForFunction(text => [...document.querySelectorAll('li.action')]
      .some(li => li.textContent.includes(text) && li.dataset.state === 'done'), ITEM_TEXT);

    // The item tells its own story, and the minutes page the whole record's.
    assert.match(await item(carla).locator('details.history').textContent(), /History of this item.*marked it done/s);
    await carla.locator('aside.panel > details.history > summary').click();
    const history = await carla.locator('aside.panel > details.history').textContent();
    for (const line of ['confirmed the item', 'assigned it to Carla Mendes', 'set the due date to 2026-12-01',
      'marked it done: Endorsed on the list', 'chair@example.org', 'carla@example.org']) {
      assert.ok(history.includes(line), `history shows "${line}"`);
    }
    await styled(carla);
    await carla.locator('aside.panel > details.history').scrollIntoViewIfNeeded();
    await carla.locator('aside.panel').screenshot({ path: join(shots, `actions-done-history-${tag}.png`) });
    assert.deepEqual(carlaErrors, []);
    await chairContext.close();
    await carlaContext.close();
  } finally {
    quorum.stop();
  }
}

test('a chair confirms and assigns a suggested item and its owner marks it done (JavaScript on)', async () => {
  await flow({ js: true });
});

test('the same flow works with JavaScript off, through plain form posts', async () => {
  await flow({ js: false });
});

test('a refused change is explained on the page (JavaScript off)', async () => {
  const quorum = await withPeople();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await logIn(context, quorum.base, 'carla@example.org', { js: false });
    // Carla may not dismiss an item she does not chair: the form is not offered, so post it by hand.
    const id = await page.locator('li.action').first().getAttribute('data-item');
    const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
    // The page offers Carla no such form; post one as a hand-made form would (the browser context
    // sends her session cookie).
    const response = await context.request.post(`${quorum.base}/_fn/item_action`, {
      form: { id, op: 'dismiss', csrf },
      headers: { Origin: quorum.base, Referer: `${quorum.base}${MINUTES}`, Accept: 'text/html' },
      maxRedirects: 0,
    });
    assert.equal(response.status(), 302);
    await page.goto(response.headers().location);
    const alert = await page.locator('p.form-error').textContent();
    assert.match(alert, /Only a chair of the Code Signing Certificate Working Group/);
    await styled(page);
    await page.screenshot({ path: join(shots, 'actions-refused-nojs.png'), fullPage: true });
    await context.close();
  } finally {
    quorum.stop();
  }
});
