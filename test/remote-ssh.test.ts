// --host end to end, over a real OpenSSH (test/helpers/sshd.ts): the sign-in
// runs here against the in-process issuer, the grant travels on ssh's stdin
// to the built CLI's `receive` on the "remote" side, and only that side's
// home holds it. Then `status --host` over several hosts, one of them down,
// and host names that are ssh options, refused before ssh runs.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from './helpers/built-cli';
import { tempHome } from './helpers/fixture-home';
import { freePort } from './helpers/net';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';
import { startSshd, type TestSshd } from './helpers/sshd';

const cli = builtCli();
let issuer: TestIssuer;
let port: number;
let sshd: TestSshd;

beforeAll(async () => {
  port = await freePort();
  issuer = await startTestIssuer({ redirectUris: [`http://localhost:${port}/auth/callback`] });
  sshd = await startSshd({ gpu: {}, cloud: {}, bare: { authWizard: false }, gone: { down: true } });
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  await issuer?.stop();
});

function start(args: string[], home: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, AUTH_WIZARD_SSH_COMMAND: sshd.sshCommand, AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer, AUTH_WIZARD_CALLBACK_PORT: String(port), ...extraEnv },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const url = (async () => {
    const re = new RegExp(`${issuer.issuer.replace(/[.]/g, '\\.')}/oauth/authorize\\?\\S+`);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const m = re.exec(err);
      if (m !== null) return m[0];
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no authorize URL; stderr: ${err}`);
  })();
  return { child, exit, url, out: () => out, err: () => err };
}

function clearRemote(alias: string): void {
  for (const e of readdirSync(sshd.home(alias))) rmSync(join(sshd.home(alias), e), { recursive: true, force: true });
}

describe('login --host over ssh', () => {
  it('by paste: the grant lands in the remote Codex auth.json (0600) and nothing is written here', async () => {
    clearRemote('gpu');
    const home = tempHome();
    const p = start(['login', '--provider', 'openai', '--method', 'paste', '--host', 'gpu'], home);
    const redirect = await issuer.authorizeViaHttp(await p.url, { email: 'remote-paste@example.test', plan: 'pro' });
    p.child.stdin.end(`${redirect}\n`);
    expect(await p.exit, p.err()).toBe(0);
    const file = join(sshd.home('gpu'), '.codex', 'auth.json');
    const auth = JSON.parse(readFileSync(file, 'utf8')) as { tokens: { refresh_token: string; access_token: string } };
    expect(auth.tokens.refresh_token.length).toBeGreaterThan(10);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(p.out()).toContain('✓ Signed in to ChatGPT as remote-paste@example.test');
    expect(p.out()).toContain('on gpu');
    expect(p.out() + p.err()).not.toContain(auth.tokens.refresh_token);
    expect(p.out() + p.err()).not.toContain(auth.tokens.access_token);
    expect(readdirSync(home)).toEqual([]);
  }, 60_000);

  it('by the browser callback, into the remote auth-wizard store: only the remote home holds it', async () => {
    clearRemote('cloud');
    const home = tempHome();
    const p = start(['login', '--provider', 'openai', '--no-browser', '--target', 'auth-wizard', '--host', 'cloud'], home);
    const callback = await issuer.authorizeViaHttp(await p.url, { email: 'remote-cb@example.test' });
    await fetch(callback);
    expect(await p.exit, p.err()).toBe(0);
    const store = JSON.parse(readFileSync(join(sshd.home('cloud'), '.config', 'auth-wizard', 'auth-profiles.json'), 'utf8')) as { profiles: Record<string, { type: string; email: string }> };
    expect(store.profiles['openai:default']).toMatchObject({ type: 'oauth', email: 'remote-cb@example.test' });
    expect(readdirSync(home)).toEqual([]);
    expect(existsSync(join(sshd.home('gpu'), '.config'))).toBe(false);
  }, 60_000);
});
