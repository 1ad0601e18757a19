// Development helper: screenshot a page. Usage: node shot.mjs URL OUT.png [width] [--js]
import { chromium } from 'playwright-core';
const [url, out, width = '1280', js] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 }, javaScriptEnabled: js === '--js' });
const page = await context.newPage();
await page.goto(url);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
