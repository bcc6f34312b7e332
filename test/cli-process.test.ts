// The built CLI as a process: it ends when its work is done even with stdin
// left open, and Ctrl-C (SIGINT) outside a prompt exits 2, not Node's 130.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from './helpers/built-cli';
import { tempHome } from './helpers/fixture-home';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';

const cli = builtCli();
let issuer: TestIssuer;
let port: number;
let bridge: Server;
let scratch: string;
let nextUrl: ((u: string) => void) | undefined;

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  issuer = await startTestIssuer({ redirectUris: [`http://localhost:${port}/auth/callback`] });
  bridge = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      res.end('ok');
      nextUrl?.(body);
    });
  });
  await new Promise<void>((r) => bridge.listen(0, '127.0.0.1', r));
  scratch = mkdtempSync(join(tmpdir(), 'aw-proc-'));
  writeFileSync(join(scratch, 'browser.mjs'), `await fetch('http://127.0.0.1:${(bridge.address() as AddressInfo).port}/', { method: 'POST', body: process.argv.at(-1) });\n`);
}, 60_000);

afterAll(async () => {
  bridge?.closeAllConnections();
  await new Promise<void>((r) => (bridge ? bridge.close(() => r()) : r()));
  await issuer?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function start(args: string[], home: string) {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, DISPLAY: ':0', BROWSER: `${process.execPath} ${join(scratch, 'browser.mjs')}`, AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer, AUTH_WIZARD_CALLBACK_PORT: String(port) },
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
    const opened = new Promise<string>((r) => (nextUrl = r));
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
