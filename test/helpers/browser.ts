// A real browser for sign-in tests: Debian's chromium driven by playwright-core
// (CI installs it with apt-get; tests skip only when the binary is missing).
// It plays the user: follows the authorize URL auth-wizard opened, fills the
// test issuer's login form, clicks "Continue" on the consent page, and lands on
// auth-wizard's loopback listener.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

export { CHROMIUM_ARGS, CHROMIUM_PATH };
export const haveChromium = existsSync(CHROMIUM_PATH);

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

export interface BrowserOutcome {
  /** The address the browser ended on (auth-wizard's callback, with code/state/iss). */
  finalUrl: string;
  title: string;
  text: string;
  /** HTTP status of the final page. */
  status: number | undefined;
}

/**
 * One sign-in in a fresh browser context (no cookies from earlier tests).
 * `deny` clicks Cancel at the consent page instead (→ error=access_denied).
 */
export async function signInWithBrowser(browser: Browser, authorizeUrl: string, o: { login?: string; plan?: string; deny?: boolean } = {}): Promise<BrowserOutcome> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(authorizeUrl);
    await page.fill('input[name=login]', o.login ?? 'browser-user@example.test');
    if (o.plan !== undefined) await page.fill('input[name=plan]', o.plan);
    await Promise.all([page.waitForURL(/\/interaction\//), page.click('form#login button[type=submit]')]);
    const final = page.waitForResponse((r) => /\/auth\/callback\?/.test(r.url()));
    if (o.deny === true) await page.click('a#abort');
    else await page.click('form#consent button:has-text("Continue")');
    const res = await final;
    await page.waitForLoadState('load');
    return { finalUrl: page.url(), title: await page.title(), text: (await page.textContent('body')) ?? '', status: res.status() };
  } finally {
    await context.close();
  }
}

export interface BrowserBridge {
  /** The value for BROWSER: a tiny script that hands the URL it is given to this test. */
  command: string;
  /** The next URL the CLI "opened". */
  nextUrl(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The "browser" a CLI process launches through BROWSER: a script that posts the
 * URL to a loopback server in the test and exits, so the test can drive
 * Chromium (or plain HTTP) through the sign-in.
 */
export async function startBrowserBridge(): Promise<BrowserBridge> {
  const { createServer } = await import('node:http');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  let waiting: ((url: string) => void) | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      res.end('ok');
      waiting?.(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'aw-browser-'));
  const shim = join(dir, 'browser.mjs');
  writeFileSync(shim, `await fetch('http://127.0.0.1:${port}/', { method: 'POST', body: process.argv.at(-1) });\n`);
  return {
    command: `${process.execPath} ${shim}`,
    nextUrl: () => new Promise<string>((r) => (waiting = r)),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
