// The chair's work, clicked through as a chair does it: publish minutes that mention a ballot and
// an action, see the ballot linked; open a ballot and run it from draft through discussion, voting
// (votes from several organisations) and the IPR review to adopted, with a step the bylaws refuse
// explained on the page, the tally shown and the announcements copied. Once with JavaScript (live
// preview, steps sent in the background) and once without (plain form posts). Screenshots go to
// target/screenshots/chair-*.png; axe-core checks the new pages along the way (JavaScript on: axe
// is a script).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, shots, startQuorum, launchChromium, axeViolations, copyOfContent } from './lib.mjs';

const PASSWORD = 'correct horse battery';
let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
});

after(async () => { await browser?.close(); });

const styled = page => page.waitForFunction(() =>
  getComputedStyle(document.querySelector('.site-header')).backgroundColor !== 'rgba(0, 0, 0, 0)');

/** `days` before now, as a datetime-local value in UTC. */
const daysAgo = days => new Date(Date.now() - days * 86400000).toISOString().slice(0, 16);

async function flow({ js }) {
  const tag = js ? 'js' : 'nojs';
  const content = copyOfContent(join(root, 'content'));
  const quorum = await startQuorum(content);
  quorum.addUser({ email: 'chair@example.org', name: 'Dean Chair', role: 'chair', wg: ['cscwg'], password: PASSWORD });
  const { base } = quorum;
  const context = await browser.newContext({ javaScriptEnabled: js, bypassCSP: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  const live = async () => { if (js) await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true'); };
  const a11y = [];
  try {
    await page.goto(`${base}/login?next=/minutes/new`);
    await live();
    await page.fill('#login-email', 'chair@example.org');
    await page.fill('#login-password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/minutes/new`), page.click('form.login button[type=submit]')]);
    await live();

    // Minutes: the form, the preview (live, or by the button), then publish.
    await page.selectOption('#m-wg', 'cscwg');
    await page.fill('#m-date', '2026-11-26');
    await page.fill('#m-attendees', 'Dean Chair (DigiCert)\nCarla Mendes (Acme CA)\nLucas Moreau (Initech Certs)');
    if (js) {
      // Someone seen at an earlier meeting, added with a click.
      await page.click('details.people summary');
      const person = page.locator('details.people li').filter({ hasText: 'Farid Haddad (Contoso)' });
      await person.locator('button.add-person').click();
      assert.match(await page.inputValue('#m-attendees'), /\nFarid Haddad \(Contoso\)$/);
    }
    await page.fill('#m-taker', 'Carla Mendes');
    await page.fill('#m-body', 'Ballot CSC-30 passed its IPR review.\n\nCarla will circulate the redline of CSC-31.\n\nNext call: December 10, 2026.');
    if (!js) await Promise.all([page.waitForURL(/\/minutes\/new\?/), page.click('button:has-text("Preview")')]);
    await page.locator('.preview-ballots a', { hasText: 'CSC-30' }).waitFor();
    assert.match(await page.locator('.preview-items').textContent(), /Carla/);
    assert.match(await page.locator('.preview-body').textContent(), /passed its IPR review/);
    await styled(page);
    await page.screenshot({ path: join(shots, `chair-minutes-preview-${tag}.png`), fullPage: true });
    if (js) a11y.push(...await axeViolations(page));
    await Promise.all([page.waitForURL(/\/minutes\/2026-11-26-minutes-of-the-code-signing/), page.click('button:has-text("Publish")')]);
    await live();
    const ballotLink = page.locator('ul.refs a', { hasText: 'CSC-30' });
    assert.equal(await ballotLink.getAttribute('href'), '/ballots/CSC-30');
    assert.equal(await page.locator('li.action').first().getAttribute('data-state'), 'suggested');
    const written = readFileSync(join(content, 'posts/2026/2026-11-26-minutes-of-the-code-signing-certificate-working-group.md'), 'utf8');
    assert.match(written, /^---\nauthor: 'Dean Chair'\n/);
    await styled(page);
    await page.screenshot({ path: join(shots, `chair-minutes-published-${tag}.png`), fullPage: true });

    // A ballot: the draft, then every step from its page.
    await page.goto(`${base}/ballots/new`);
    await live();
    await page.fill('#b-title', 'Signing service audit clarifications');
    await page.fill('#b-proposer', 'Lucas Moreau');
    await page.fill('#b-proposer-org', 'Initech Certs');
    await page.fill('#b-purpose', 'Clarify what the audit of a signing service covers.');
    await page.fill('#b-motion', 'Amend section 17 as in the redline.');
    if (js) a11y.push(...await axeViolations(page));
    await Promise.all([page.waitForURL(`${base}/ballots/CSC-31`), page.click('button:has-text("Create the draft ballot")')]);
    await live();

    const revision = async () => Number((await page.locator('.run-ballot p.muted').textContent()).match(/Revision (\d+)/)[1]);
    const step = async (op, fields = {}, at) => {
      const before = await revision();
      const form = page.locator(`form.step-${op}`);
      for (const [name, value] of Object.entries(fields)) {
        const field = form.locator(`[name=${name}]`);
        if (await field.evaluate(e => e.tagName) === 'SELECT') await field.selectOption(value);
        else await field.fill(value);
      }
      if (at) await form.locator('input[name=at]').fill(at);
      if (!js) {
        await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
        return;
      }
      await form.locator('button[type=submit]').click();
      await page.waitForFunction(([b, op]) => {
        const m = document.querySelector('.run-ballot p.muted')?.textContent.match(/Revision (\d+)/);
        return (m && Number(m[1]) > b) || document.querySelector('.run-ballot .form-error');
      }, [before, op]);
    };
    await step('endorse', { name: 'Carla Mendes', org: 'Acme CA' }, daysAgo(51));
    await step('start_discussion', {}, daysAgo(50));
    await step('endorse', { name: 'Farid Haddad', org: 'Contoso' }, daysAgo(50));
    // Too early: the bylaws refuse, and the page says why.
    await step('start_voting', {}, daysAgo(45));
    assert.match(await page.locator('.run-ballot .form-error').textContent(), /Voting cannot start: discussion ends no earlier than/);
    await styled(page);
    await page.screenshot({ path: join(shots, `chair-ballot-refused-${tag}.png`), fullPage: true });
    await step('start_voting', {}, daysAgo(42));
    for (const [org, category, vote] of [['Acme CA', 'issuer', 'yes'], ['Contoso', 'issuer', 'yes'],
      ['Umbrella Signing', 'issuer', 'abstain'], ['Initech Certs', 'issuer', 'no'], ['Microsoft', 'consumer', 'yes']]) {
      await step('vote', { org, category, vote }, daysAgo(41));
    }
    if (js) a11y.push(...await axeViolations(page));
    await step('close_voting', {}, daysAgo(35));
    assert.match(await page.locator('.tally .outcome').textContent(), /passed/);
    await step('start_review', { days: '30' }, daysAgo(35));
    await step('close_review', {}, daysAgo(1));
    assert.match(await page.locator('.ballot-head .meta').textContent(), /passed/i);
    assert.match(await page.locator('.run-ballot').textContent(), /nothing left to record/);
    const votes = await page.locator('.votes-table tr[data-category=issuer] td').evaluateAll(tds => tds.map(td => td.dataset.count));
    assert.deepEqual(votes, ['2', '1', '1']);

    // The announcements, and (JavaScript on) the copy button.
    const results = page.locator('article.announcement[data-key=results]');
    const text = await results.locator('textarea').inputValue();
    assert.match(text, /Bylaw 2\.3\(f\).*MET/s);
    assert.match(text, /Acme CA/);
    assert.equal(await page.locator('article.announcement').count(), 5);
    if (js) {
      await results.locator('button.copy').click();
      await page.waitForFunction(() => document.querySelector('article.announcement[data-key=results] button.copy').textContent === 'Copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, `Subject: ${await results.locator('.subject').textContent()}\n\n${text}`);
    }
    if (js) a11y.push(...await axeViolations(page));
    await styled(page);
    await page.screenshot({ path: join(shots, `chair-ballot-adopted-${tag}.png`), fullPage: true });
    const post = readFileSync(join(content, 'posts/2026', (await import('node:fs')).readdirSync(join(content, 'posts/2026')).find(f => f.includes('ballot-csc-31'))), 'utf8');
    assert.match(post, /Bylaw 2\.3\(f\)/);
    assert.deepEqual(a11y, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    quorum.stop();
    rmSync(content, { recursive: true, force: true });
  }
}

test('a chair publishes minutes and runs a ballot from draft to adopted (JavaScript on)', async () => {
  await flow({ js: true });
});

test('the same work is done with JavaScript off, through plain forms', async () => {
  await flow({ js: false });
});
