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
import { put, tempDir, tempHome } from './helpers/fixture-home';
import { openAiTokens } from './helpers/tokens';
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
  sshd = await startSshd({ gpu: {}, cloud: {}, bare: { authWizard: false }, gone: { down: true }, locked: { unauthorized: true } });
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
  url.catch(() => undefined); // only the tests that sign in wait for it
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

function seedCodex(alias: string, email: string): void {
  clearRemote(alias);
  const t = openAiTokens({ email, plan: 'pro', expSec: Math.floor(Date.now() / 1000) + 9 * 24 * 3600 + 3600 });
  put(sshd.home(alias), '.codex/auth.json', { OPENAI_API_KEY: null, tokens: { id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, account_id: t.accountId }, last_refresh: new Date().toISOString() });
}

describe('login --host: the other ways, and the errors before a sign-in starts', () => {
  it('a pasted setup-token goes into the remote auth-wizard store, not here', async () => {
    clearRemote('gpu');
    const home = tempHome();
    const token = `sk-ant-oat01-${'Ab3_'.repeat(20)}`;
    const p = start(['login', '--provider', 'anthropic', '--method', 'setup-token', '--host', 'gpu'], home);
    p.child.stdin.end(`${token}\n`);
    expect(await p.exit, p.err()).toBe(0);
    const store = JSON.parse(readFileSync(join(sshd.home('gpu'), '.config', 'auth-wizard', 'auth-profiles.json'), 'utf8')) as { profiles: Record<string, { type: string; token: string }> };
    expect(store.profiles['anthropic:default']).toMatchObject({ type: 'token', token });
    expect(p.out()).toContain('on gpu (nothing was written on this machine)');
    expect(p.out() + p.err()).not.toContain(token);
    expect(readdirSync(home)).toEqual([]);
  }, 60_000);

  it('a host without auth-wizard: the install command, before any sign-in link', async () => {
    const home = tempHome();
    issuer.resetCounts();
    const p = start(['login', '--provider', 'openai', '--method', 'paste', '--host', 'bare'], home);
    p.child.stdin.end();
    expect(await p.exit).toBe(1);
    expect(p.err()).toContain('auth-wizard is not installed on bare');
    expect(p.err()).toMatch(/→ in an auth-wizard checkout: npm pack && scp auth-wizard-\S+\.tgz bare: && ssh bare 'npm install -g/);
    expect(p.err()).not.toContain('/oauth/authorize');
    expect(issuer.requests.length).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  }, 30_000);

  it('a key the server refuses: a sentence about BatchMode, not a hanging password prompt', async () => {
    const p = start(['login', '--provider', 'openai', '--method', 'paste', '--host', 'locked'], tempHome());
    p.child.stdin.end();
    expect(await p.exit).toBe(1);
    expect(p.err()).toMatch(/ssh could not sign in to locked without asking \(.*Permission denied.*\); auth-wizard runs ssh with BatchMode/);
    expect(p.err()).toContain('→ make `ssh locked true` work without a prompt');
  }, 30_000);
});

describe('status --host over ssh', () => {
  it('one table with a HOST column; a host that is down and one without auth-wizard are rows with their fix; exit is the worst (1)', async () => {
    seedCodex('gpu', 'gpu-user@example.test');
    clearRemote('cloud');
    const t0 = Date.now();
    const p = start(['status', '--host', 'gpu', '--host', 'gone', '--host', 'bare', '--host', 'cloud'], tempHome());
    p.child.stdin.end();
    const code = await p.exit;
    const ms = Date.now() - t0;
    const out = p.out();
    expect(code, p.err()).toBe(1);
    const lines = out.split('\n');
    expect(lines[0], p.err()).toMatch(/^HOST +PROVIDER +SOURCE +ACCOUNT +EXPIRES +STATE +USED BY$/);
    expect(lines.find((l) => l.startsWith("gpu "))).toMatch(/^gpu +openai +codex +gpu-user@\S+ +in 9d +valid +codex$/);
    expect(lines.find((l) => l.startsWith('gone '))).toContain('✗ unreachable');
    expect(lines.find((l) => l.startsWith('bare '))).toContain('✗ no auth-wizard');
    expect(lines.find((l) => l.startsWith('cloud '))).toContain('none');
    expect(out).toMatch(/gone: Could not reach gone: .*Connection refused/);
    expect(out).toContain("  Fix: check that `ssh gone true` works");
    expect(out).toContain('bare: auth-wizard is not installed on bare');
    expect(out).toMatch(/  Fix: in an auth-wizard checkout: npm pack && scp auth-wizard-\S+\.tgz bare: && ssh bare 'npm install -g \.\/auth-wizard-\S+\.tgz'/);
    // Hosts are asked at once, not one after the other.
    console.log(`status over 4 hosts: ${ms} ms`);
  }, 60_000);

  it('--json: one object per host with its own report; exit 4 when the only host has nothing usable', async () => {
    seedCodex('gpu', 'gpu-json@example.test');
    clearRemote('cloud');
    const p = start(['status', '--json', '--host', 'gpu', '--host', 'cloud'], tempHome());
    p.child.stdin.end();
    expect(await p.exit, p.err()).toBe(4);
    const doc = JSON.parse(p.out()) as { hosts: { host: string; ok: boolean; exitCode: number; report: { credentials: { email: string }[] } }[] };
    expect(doc.hosts.map((h) => [h.host, h.ok, h.exitCode])).toEqual([['gpu', true, 0], ['cloud', true, 4]]);
    expect(doc.hosts[0]!.report.credentials[0]!.email).toBe('gpu-json@example.test');
  }, 60_000);
});

describe('accounts --host over ssh', () => {
  it("one table of each host's accounts with a HOST column; a host that is down is a row with its fix (exit 1); no token crosses", async () => {
    seedCodex('gpu', 'gpu-acct@example.test');
    const p = start(['accounts', '--host', 'gpu', '--host', 'gone'], tempHome());
    p.child.stdin.end();
    expect(await p.exit, p.err()).toBe(1);
    const lines = p.out().split('\n');
    expect(lines[0], p.err()).toMatch(/^HOST +TOOL +NAME +EMAIL +ACCOUNT ID +STATE$/);
    expect(lines.find((l) => l.startsWith('gpu ') && l.includes('codex'))).toMatch(/gpu-acct@example\.test/);
    expect(lines.find((l) => l.startsWith('gone '))).toContain('✗ unreachable');
    const remote = readFileSync(join(sshd.home('gpu'), '.codex/auth.json'), 'utf8');
    const refresh = (JSON.parse(remote) as { tokens: { refresh_token: string } }).tokens.refresh_token;
    expect(p.out() + p.err()).not.toContain(refresh);

    const j = start(['accounts', '--json', '--host', 'gpu'], tempHome());
    j.child.stdin.end();
    expect(await j.exit, j.err()).toBe(0);
    const doc = JSON.parse(j.out()) as { hosts: { host: string; ok: boolean; report: { accounts: { tool: string; email: string | null }[] } }[] };
    expect(doc.hosts[0]!.report.accounts.find((a) => a.tool === 'codex')?.email).toBe('gpu-acct@example.test');
  }, 60_000);
});

describe('a host that is an ssh option is refused before ssh runs', () => {
  const marker = () => join(tempDir('aw-pwn-'), 'pwned');
  it.each([
    ['login', ['login', '--provider', 'openai', '--method', 'paste']],
    ['status', ['status']],
  ])('%s --host=-oProxyCommand=…', async (_name, args) => {
    const pwned = marker();
    const sshRan = marker();
    // ssh itself is wrapped to leave a mark when it starts at all.
    const wrapped = `sh -c 'touch ${sshRan}; exec "$0" "$@"' ${sshd.sshCommand}`;
    const home = tempHome();
    const p = start([...args, `--host=-oProxyCommand=touch ${pwned}`], home, { AUTH_WIZARD_SSH_COMMAND: wrapped });
    p.child.stdin.end();
    expect(await p.exit).toBe(3);
    expect(p.err()).toContain('starts with "-", which ssh would read as an option; refused');
    expect(existsSync(pwned)).toBe(false);
    expect(existsSync(sshRan)).toBe(false);
    expect(readdirSync(home)).toEqual([]);
  }, 30_000);

  it('the ssh wrapper used above does run ssh (so the test above can fail)', async () => {
    seedCodex('gpu', 'wrap@example.test');
    const sshRan = marker();
    const p = start(['status', '--host', 'gpu'], tempHome(), { AUTH_WIZARD_SSH_COMMAND: `sh -c 'touch ${sshRan}; exec "$0" "$@"' ${sshd.sshCommand}` });
    p.child.stdin.end();
    expect(await p.exit, p.err()).toBe(0);
    expect(existsSync(sshRan)).toBe(true);
  }, 30_000);

  it('login --host refuses a name for this machine and writes nothing', async () => {
    const home = tempHome();
    const p = start(['login', '--provider', 'openai', '--method', 'paste', '--host', 'me@localhost'], home);
    p.child.stdin.end();
    expect(await p.exit).toBe(3);
    expect(p.err()).toContain('names this machine');
    expect(readdirSync(home)).toEqual([]);
  }, 30_000);
});
