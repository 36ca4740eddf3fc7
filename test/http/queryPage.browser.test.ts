// The query page in a real browser (headless Chromium): YASGUI loads from our assets, shows the example queries
// as tabs, and runs one against the endpoint.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type TestServer } from '../serverHelpers.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const skip = available || process.env.CI ? false : `no browser at ${CHROMIUM} (set CHROMIUM, or install Debian's chromium; CI does)`;
// The flags a locked-down machine needs: no sandbox as root, and no background calls to the network.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

describe('the query page in a browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    if (!available) throw new Error(`CI is set but there is no browser at ${CHROMIUM}`);
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the example queries as tabs and runs the first one', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.url}/sparql`);
    await page.waitForSelector('.yasqe', { timeout: 20_000 });
    const tabs = await page.$$eval('.tab', (elements) => elements.map((element) => element.textContent?.trim() ?? ''));
    assert.ok(tabs.some((tab) => tab.startsWith('Works by an author')), tabs.join(' | '));
    assert.ok(tabs.length >= 8, tabs.join(' | '));
    await page.click('.yasqe_queryButton');
    // The answer's one row: the sample record's work, by the author the query names.
    await page.locator('.yasr').getByText('Defying America').first().waitFor({ timeout: 20_000 });
    assert.match(await page.textContent('.yasr') ?? '', /1 result/);
    assert.deepEqual(failures, []);
  });
});
