// Shared by the browser tests: start the real `quorum` binary on a temporary database, launch
// Debian's chromium through playwright-core, and open pages that have hydrated, collecting every
// browser error and Content-Security-Policy violation on the way.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..');
export const bin = resolve(process.env.QUORUM_BIN ?? join(root, 'target/debug/quorum'));
export const shots = join(root, 'target/screenshots');

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

async function waitForHealth(url, ms = 30000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/healthz`);
      // Up, and its start-up import (which runs beside the server) finished.
      if (r.ok && (await r.json()).import !== 'running') return;
    } catch { /* not up yet */ }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`quorum did not answer on ${url} within ${ms} ms`);
}

/** Serves `contentDir` from a fresh database; resolves to { base, stop }. */
export async function startQuorum(contentDir) {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const databaseUrl = `sqlite://${join(dataDir, 'e2e.db')}`;
  const server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--content-dir', contentDir,
    '--site-root', join(root, 'target/site'), '--database-url', databaseUrl],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  await waitForHealth(base);
  const health = await (await fetch(`${base}/healthz`)).json();
  if (health.hydration !== true) throw new Error('the browser bundle is missing: run scripts/build first');
  return {
    base,
    /** Adds a user with `quorum user add`, the password on standard input as a script would. */
    addUser({ email, name, role, wg = [], password, org = 'Example' }) {
      const args = ['user', 'add', email, '--name', name, '--org', org, '--role', role, '--database-url', databaseUrl];
      if (wg.length) args.push('--wg', wg.join(','));
      const r = spawnSync(bin, args, { cwd: root, input: `${password}\n`, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`quorum user add failed: ${r.stderr}`);
    },
    stop() { server.kill('SIGINT'); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Opens `base + path` and waits until it has hydrated. `errors` collects page errors and console
 * errors; `cspViolations()` reads the `securitypolicyviolation` events the page fired.
 */
export async function hydratedPage(browser, base, path) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  // Runs before any page script (and is not subject to the page's CSP).
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation',
      e => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 15000 });
  // The marker is set when the root has hydrated; data inside <Suspense> finishes a moment later.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(250);
  const cspViolations = () => page.evaluate(() => window.__cspViolations);
  return { page, errors, cspViolations };
}

/**
 * The serious and critical axe-core violations on the page as it is now (the page's context must
 * have been made with `bypassCSP: true`, so that axe can be injected), as readable lines.
 */
export async function axeViolations(page) {
  await page.addScriptTag({ path: join(root, 'e2e/node_modules/axe-core/axe.min.js') });
  const found = await page.evaluate(async () => {
    const open = [...document.querySelectorAll('details:not([open])')];
    open.forEach(d => { d.open = true; });
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    open.forEach(d => { d.open = false; });
    return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
  });
  const path = new URL(page.url()).pathname;
  return found.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.join(', ')}`);
}

/** A copy of `dir` in a temporary directory, for tests that write posts into the content tree. */
export function copyOfContent(dir) {
  const copy = mkdtempSync(join(tmpdir(), 'quorum-content-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}
