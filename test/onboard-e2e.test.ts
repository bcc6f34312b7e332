// The wizard end to end, as a person meets it: the built CLI in a real
// terminal (tmux, 80×30), keys typed at the prompts, against the local
// OpenAI-like issuer. Paths: browser (Chromium is the BROWSER), headless paste,
// setup-token, and Ctrl-C in the middle. Screens at key steps are kept as text
// snapshots in snapshots/onboard-*.txt (variable parts scrubbed).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserBridge, haveChromium, launchChromium, signInWithBrowser, startBrowserBridge } from './helpers/browser';
import { builtCli } from './helpers/built-cli';
import { tempHome } from './helpers/fixture-home';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';
import { hasTmux, startTerminal, type Terminal } from './helpers/tmux';
import { fakeSecret } from './helpers/tokens';
import { freePort } from './helpers/net';

const cli = builtCli();
let issuer: TestIssuer;
let port: number;
const terminals: Terminal[] = [];


beforeAll(async () => {
  port = await freePort();
  // Two-hour access tokens, so a fresh sign-in reads "valid" (under an hour is "expiring").
  issuer = await startTestIssuer({ redirectUris: [`http://localhost:${port}/auth/callback`], accessTtlSeconds: 7200 });
}, 60_000);

afterAll(async () => {
  for (const t of terminals) t.kill();
  await issuer?.stop();
});

/**
 * Not headless on any test machine: a set BROWSER wins over the container and
 * display checks (CI runs in a container), so these screens are the same everywhere.
 */
const DESKTOP = { DISPLAY: ':0', BROWSER: '/bin/false' };

/** A bare environment: no tools on PATH but node, colour off, the test issuer. */
function wizardEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    TERM: 'xterm-256color',
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
    AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer,
    AUTH_WIZARD_CALLBACK_PORT: String(port),
    ...extra,
  };
}

function open(home: string, args: string[], extra: Record<string, string> = {}): Terminal {
  const t = startTerminal([process.execPath, cli, 'onboard', ...args], { env: wizardEnv(home, extra), cols: 80, rows: 30 });
  terminals.push(t);
  return t;
}

/** Variable parts of a screen: temp paths, ports, URLs' random values, times. */
function scrub(screen: string, home: string): string {
  return screen
    .split(home)
    .join('<home>')
    .replace(/^__AW_EXIT_aw-[0-9a-f]+__\d+\n?/gm, '')
    .replace(/\n+$/, '\n')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/localhost:\d+/g, 'localhost:<port>')
    .replace(/-L \d+:/g, '-L <port>:')
    .replace(/(state|code_challenge|code)=[A-Za-z0-9_-]+/g, '$1=<…>')
    .replace(/in \d+(mo|y|m|h|d|s)( \d+m)?/g, 'in <t>')
    .replace(/localhost%3A\d+/g, 'localhost%3A<port>')
    .replace(/\d{2}:\d{2} UTC/g, '<hh:mm> UTC')
    // The wait's spinner and countdown.
    .replace(/[◒◐◓◑] Waiting/g, '◒ Waiting')
    .replace(/[◒◐◓◑] Paste/g, '◒ Paste')
    .replace(/\(\d+:\d{2} left\)/g, '(<m:ss> left)')
    // Box widths follow their content: fold rules and padding so a changed time does not move them.
    .replace(/─+/g, '─')
    .replace(/ {2,}│$/gm, ' │');
}

/** The end of the wizard from the final "Now" note on: the part that is the same every run. */
function ending(screen: string): string {
  const i = screen.indexOf('◇  Now');
  return i < 0 ? screen : screen.slice(i);
}

async function status(home: string): Promise<Array<Record<string, unknown>>> {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [cli, 'status', '--json'], { env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8' });
  return (JSON.parse(r.stdout) as { credentials: Array<Record<string, unknown>> }).credentials;
}

describe.skipIf(!hasTmux())('onboard in a real terminal', () => {
  it('headless: paste the address the browser ended on', async () => {
    const home = tempHome();
    const t = open(home, ['--provider', 'openai'], { SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22' });
    const first = await t.waitFor('How should OpenAI be signed in?');
    expect(first).toContain('No browser here can reach this machine (this is an SSH session)');
    await expect(scrub(first, home)).toMatchFileSnapshot('../snapshots/onboard-headless-method.txt');
    t.press('Enter'); // "Sign in with ChatGPT on another device" is first
    await t.waitFor('Which tool should this ChatGPT sign-in belong to?');
    t.press('Down', 'Enter'); // OpenCode
    await t.waitFor('Paste the address the browser ended on');
    // The countdown beside the prompt runs while it waits.
    const secondsLeft = () => {
      const m = /\((\d+):(\d{2}) left\)/.exec(t.screen());
      return m === null ? NaN : Number(m[1]) * 60 + Number(m[2]);
    };
    const startLeft = secondsLeft();
    expect(startLeft).toBeGreaterThan(500); // about ten minutes
    const until = Date.now() + 5_000;
    while (!(secondsLeft() < startLeft) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(secondsLeft()).toBeLessThan(startLeft);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)/.exec(t.screen({ joined: true }))?.[1];
    expect(url).toBeDefined();
    // The user signs in on another device; the address bar ends on the callback.
    const callback = await issuer.authorizeViaHttp(url!, { email: 'ssh-user@example.test' });
    t.type(callback);
    t.press('Enter');
    await t.waitFor(/└  Done\./, 20_000);
    expect(await t.exitCode()).toBe(0);
    const done = t.screen();
    expect(done).toMatch(/✓ opencode: ssh-user@example\.test \(plus\), valid/);
    await expect(scrub(ending(done), home)).toMatchFileSnapshot('../snapshots/onboard-headless-done.txt');
    // The pasted address stays visible as typed (its code is single-use, already
    // spent, and useless without the PKCE verifier); no token is ever shown.
    expect(done).not.toMatch(/eyJ[\w-]{20,}/);
    const creds = await status(home);
    expect(creds).toEqual([expect.objectContaining({ provider: 'openai', source: 'opencode', email: 'ssh-user@example.test', usable: true })]);
  }, 60_000);

  it('setup-token: hidden input, stored as a token profile, explained how Claude Code uses it', async () => {
    const home = tempHome();
    const token = fakeSecret('sk-ant-oat01-', 72);
    const t = open(home, ['--provider', 'anthropic'], DESKTOP);
    const methods = await t.waitFor('How should Anthropic be signed in?');
    // Claude Code is not installed here, so the setup-token comes first.
    expect(methods).toMatch(/●\s+Paste a token from `claude setup-token`/);
    t.press('Enter');
    await t.waitFor('setup-token:');
    t.type(token);
    const typed = t.screen();
    expect(typed).not.toContain(token.slice(13, 30)); // hidden input: never echoed
    t.press('Enter');
    await t.waitFor(/└  Done\./, 20_000);
    expect(await t.exitCode()).toBe(0);
    const done = t.screen();
    expect(done).toContain('eval "$(auth-wizard env)"');
    expect(done).not.toContain(token.slice(13, 30));
    await expect(scrub(ending(done), home)).toMatchFileSnapshot('../snapshots/onboard-setup-token-done.txt');
    const creds = await status(home);
    expect(creds).toEqual([expect.objectContaining({ provider: 'anthropic', source: 'auth-wizard', kind: 'token', usable: true })]);
    expect(JSON.parse(readFileSync(join(home, '.config/auth-wizard/auth-profiles.json'), 'utf8')).profiles['anthropic:default'].token).toBe(token);
  }, 60_000);

  it('Ctrl-C in the middle: exit 2, says what was saved, leaves no file', async () => {
    const home = tempHome();
    const t = open(home, [], DESKTOP);
    const providers = await t.waitFor('Which providers should be signed in?');
    await expect(scrub(providers, home)).toMatchFileSnapshot('../snapshots/onboard-providers.txt');
    t.press('Enter'); // both pre-selected: nothing is installed
    await t.waitFor('How should OpenAI be signed in?');
    t.press('C-c');
    expect(await t.exitCode()).toBe(2);
    const screen = t.screen();
    expect(screen).toContain('Cancelled. Nothing was saved.\nNot set up: OpenAI, Anthropic (no file was changed for them).');
    await expect(scrub(screen, home)).toMatchFileSnapshot('../snapshots/onboard-cancelled.txt');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(home)).toEqual([]);
  }, 60_000);

  describe.skipIf(!haveChromium)('with a real browser', () => {
    let browser: Browser;
    let bridge: BrowserBridge;

    beforeAll(async () => {
      browser = await launchChromium();
      // The BROWSER the wizard launches hands the URL to this test, which drives Chromium.
      bridge = await startBrowserBridge();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await bridge?.close();
    });

    it('browser sign-in: pick providers, method and target with the keyboard; Chromium signs in', async () => {
      const home = tempHome();
      const opened = bridge.nextUrl();
      const t = open(home, [], { DISPLAY: ':0', BROWSER: bridge.command });
      await t.waitFor('Which providers should be signed in?');
      t.press('Down', 'Space', 'Enter'); // leave only OpenAI selected
      const methods = await t.waitFor('How should OpenAI be signed in?');
      await expect(scrub(methods, home)).toMatchFileSnapshot('../snapshots/onboard-browser-method.txt');
      t.press('Enter'); // "Sign in with ChatGPT in a browser" is first on a desktop
      await t.waitFor('Which tool should this ChatGPT sign-in belong to?');
      t.press('Enter'); // Codex CLI
      // While the browser works: the address, a spinner with the time left, and the paste prompt beside it.
      await t.waitFor(/Waiting for the browser \(\d+:\d{2} left\)/);
      // Joined: the long address wraps, and its random parts must be scrubbed whole.
      const waiting = t.screen({ joined: true });
      expect(waiting).toContain('http://127.0.0.1:');
      await expect(scrub(waiting, home)).toMatchFileSnapshot('../snapshots/onboard-browser-waiting.txt');
      const page = await signInWithBrowser(browser, await opened, { login: 'desk-user@example.test' });
      expect(page.title).toBe('auth-wizard: Signed in');
      const done = await t.waitFor(/└  Done\./, 20_000);
      expect(await t.exitCode()).toBe(0);
      expect(done).toMatch(/✓ codex: desk-user@example\.test \(plus\), valid/);
      await expect(scrub(ending(done), home)).toMatchFileSnapshot('../snapshots/onboard-browser-done.txt');
      const creds = await status(home);
      expect(creds).toEqual([expect.objectContaining({ provider: 'openai', source: 'codex', email: 'desk-user@example.test', usedBy: ['codex'] })]);
    }, 90_000);
  });
});
