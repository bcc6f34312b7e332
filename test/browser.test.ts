// The sign-in with a real browser: Chromium (playwright-core) is the BROWSER.
// 1. In-process: Deps.openBrowser hands it the authorize URL.
// 2. The built CLI (dist/) as a user runs it: BROWSER names a tiny launcher script
//    that passes the URL to the test, which drives Chromium — so the real
//    openBrowser (BROWSER honoured), undici fetch and process exit are covered.
// Skipped only when /usr/bin/chromium is missing (CI installs it).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps';
import { main } from '../src/main';
import { type BrowserBridge, type BrowserOutcome, haveChromium, launchChromium, signInWithBrowser, startBrowserBridge } from './helpers/browser';
import { builtCli } from './helpers/built-cli';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';
import { freePort, realFetch } from './helpers/net';

describe.skipIf(!haveChromium)('login with a real browser (Chromium via playwright-core)', () => {
  let browser: Browser;
  let issuer: TestIssuer;
  let port: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    port = await freePort();
    [browser, issuer] = await Promise.all([launchChromium(), startTestIssuer({ redirectUris: [`http://localhost:${port}/auth/callback`] })]);
    env = { AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer, AUTH_WIZARD_CALLBACK_PORT: String(port) };
  });
  afterAll(async () => {
    await browser?.close();
    await issuer?.stop();
  });

  it('in-process: openBrowser hands Chromium the URL; it signs in and lands on our listener; Codex gets the grant', async () => {
    const home = tempHome();
    let outcome: Promise<BrowserOutcome> | undefined;
    const deps = testDeps(home, {
      env,
      platform: 'darwin',
      fetch: realFetch,
      openBrowser: async (url) => {
        outcome = signInWithBrowser(browser, url, { login: 'chromium@example.test', plan: 'team' });
      },
    });
    const t0 = performance.now();
    const code = await main(['login', '--provider', 'openai'], deps);
    const wall = performance.now() - t0;
    expect(code, deps.err()).toBe(0);
    const page = await outcome!;
    expect(page.finalUrl).toMatch(new RegExp(`^http://localhost:${port}/auth/callback\\?code=`));
    expect(page.status).toBe(200);
    expect(page.title).toBe('auth-wizard: Signed in');
    expect(page.text).toContain('You can close this tab');
    expect(deps.out()).toContain('✓ Signed in to ChatGPT as chromium@example.test');
    expect(deps.out()).toContain('plan      team');

    const status = testDeps(home);
    await main(['status', '--json', '--provider', 'openai'], status);
    expect(JSON.parse(status.out()).credentials).toEqual([expect.objectContaining({ source: 'codex', email: 'chromium@example.test', plan: 'team', usable: true })]);
    console.info(`browser sign-in (in-process) wall time: ${Math.round(wall)} ms`);
  });

  it('in-process: Cancel at the consent page → our listener shows "Sign-in refused", exit 4, file byte-identical', async () => {
    const home = tempHome();
    const file = put(home, '.codex/auth.json', '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-test-keep-me-000000000000000"}\n');
    const before = readFileSync(file);
    let outcome: Promise<BrowserOutcome> | undefined;
    const deps = testDeps(home, { env, platform: 'darwin', fetch: realFetch, openBrowser: async (url) => void (outcome = signInWithBrowser(browser, url, { deny: true })) });
    expect(await main(['login', '--provider', 'openai'], deps)).toBe(4);
    const page = await outcome!;
    expect(page.title).toBe('auth-wizard: Sign-in refused');
    expect(deps.err()).toMatch(/access_denied/);
    expect(readFileSync(file)).toEqual(before);
  });

  describe('the bundled CLI with BROWSER set', () => {
    let bridge: BrowserBridge;
    // The CLI as built by `npm test` (dist/), run as a user runs it.
    const cliPath = builtCli();

    beforeAll(async () => {
      bridge = await startBrowserBridge();
    });
    afterAll(async () => {
      await bridge?.close();
    });

    function runCli(args: string[], home: string, extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((done) => {
        const child = spawn(process.execPath, [cliPath, ...args], {
          // A bare environment, as on a server with a user who set BROWSER.
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, BROWSER: bridge.command, ...env, ...extra },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += String(d)));
        child.stderr.on('data', (d) => (stderr += String(d)));
        child.on('close', (code) => done({ code, stdout, stderr }));
      });
    }

    it('BROWSER launches the "browser", Chromium signs in, the process exits 0 on its own; `status --json` sees it in OpenCode', async () => {
      const home = tempHome();
      const opened = bridge.nextUrl();
      const t0 = performance.now();
      const cli = runCli(['login', '--provider', 'openai', '--target', 'opencode'], home);
      const page = await signInWithBrowser(browser, await opened, { login: 'built-cli@example.test' });
      const r = await cli;
      const wall = performance.now() - t0;
      expect(r.code, r.stderr).toBe(0);
      expect(page.title).toBe('auth-wizard: Signed in');
      expect(r.stderr).toContain('Opening your browser to sign in to ChatGPT');
      expect(r.stdout).toContain('✓ Signed in to ChatGPT as built-cli@example.test');
      const oc = JSON.parse(readFileSync(join(home, '.local/share/opencode/auth.json'), 'utf8'));
      expect(r.stdout + r.stderr).not.toContain(oc.openai.refresh);
      expect(r.stdout + r.stderr).not.toContain(oc.openai.access);

      const status = await runCli(['status', '--json', '--provider', 'openai'], home);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout).credentials).toEqual([expect.objectContaining({ source: 'opencode', kind: 'oauth', email: 'built-cli@example.test', usable: true })]);
      console.info(`browser sign-in (built CLI, BROWSER) wall time: ${Math.round(wall)} ms`);
    });
  });
});
