// The built CLI as a process: it ends when its work is done even with stdin
// left open, and Ctrl-C (SIGINT) outside a prompt exits 2, not Node's 130.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserBridge, startBrowserBridge } from './helpers/browser';
import { builtCli } from './helpers/built-cli';
import { tempHome } from './helpers/fixture-home';
import { freePort } from './helpers/net';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';

const cli = builtCli();
let issuer: TestIssuer;
let port: number;
let bridge: BrowserBridge;

beforeAll(async () => {
  port = await freePort();
  issuer = await startTestIssuer({ redirectUris: [`http://localhost:${port}/auth/callback`] });
  bridge = await startBrowserBridge();
}, 60_000);

afterAll(async () => {
  await bridge?.close();
  await issuer?.stop();
});

function start(args: string[], home: string) {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, DISPLAY: ':0', BROWSER: bridge.command, AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer, AUTH_WIZARD_CALLBACK_PORT: String(port) },
    stdio: ['pipe', 'pipe', 'pipe'], // stdin stays open: a script that never closes it
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, exit, out: () => out, err: () => err };
}

describe('the CLI process', () => {
  it('exits on its own after the browser callback wins, although stdin (the paste source) is still open', async () => {
    const home = tempHome();
    const opened = bridge.nextUrl();
    const p = start(['login', '--provider', 'openai', '--target', 'auth-wizard'], home);
    const callback = await issuer.authorizeViaHttp(await opened, { email: 'proc@example.test' });
    await fetch(callback);
    const t0 = Date.now();
    const code = await Promise.race([p.exit, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
    if (code === 'hung') p.child.kill('SIGKILL');
    expect(code, p.err()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(p.out()).toContain('✓ Signed in to ChatGPT as proc@example.test');
    expect(JSON.parse(readFileSync(join(home, '.config/auth-wizard/auth-profiles.json'), 'utf8')).profiles['openai:default'].type).toBe('oauth');
  }, 30_000);

  it('Ctrl-C while waiting (no prompt on screen) exits 2 and leaves no file', async () => {
    const home = tempHome();
    const p = start(['login', '--provider', 'openai', '--method', 'paste'], home);
    const deadline = Date.now() + 10_000;
    while (!p.err().includes('Waiting') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(2);
    expect(p.err()).toContain('auth-wizard: cancelled.');
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(home)).toEqual([]);
  }, 30_000);
});
