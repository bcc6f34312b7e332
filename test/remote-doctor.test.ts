// doctor --host over a real OpenSSH (test/helpers/sshd.ts): the built CLI's
// `doctor --json` runs on each "remote" home, its findings come back under a
// heading per host, and a refresh token held both here and there (a copied
// ~/.codex/auth.json) is the warning refresh-token-on-two-machines — found
// by comparing fingerprints each side computed, no token crossing.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from './helpers/built-cli';
import { put, tempHome } from './helpers/fixture-home';
import { openAiTokens } from './helpers/tokens';
import { startSshd, type TestSshd } from './helpers/sshd';

const cli = builtCli();
let sshd: TestSshd;

beforeAll(async () => {
  sshd = await startSshd({ gpu: {}, cloud: {}, gone: { down: true }, bare: { authWizard: false } });
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
});

function run(args: string[], home: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home, AUTH_WIZARD_SSH_COMMAND: sshd.sshCommand }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  return new Promise((r) => child.on('close', (code) => r({ code, out, err })));
}

function codexAuth(email: string) {
  const t = openAiTokens({ email, plan: 'pro', expSec: Math.floor(Date.now() / 1000) + 9 * 24 * 3600 });
  return { auth: { OPENAI_API_KEY: null, tokens: { id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, account_id: t.accountId }, last_refresh: new Date().toISOString() }, refresh: t.refreshToken };
}

function clearRemote(alias: string): void {
  for (const e of readdirSync(sshd.home(alias))) rmSync(join(sshd.home(alias), e), { recursive: true, force: true });
}

type HostRow = { host: string; ok: boolean; exitCode: number; report?: { findings: { id: string; severity: string; detail: string; fix: string | null }[]; summary: Record<string, number>; refreshFingerprints: { fingerprint: string; source: string }[] }; state?: string; error?: string; fix?: string };

describe('doctor --host over ssh', () => {
  it('a Codex sign-in copied to gpu: refresh-token-on-two-machines there, not on cloud; a host that is down is a row with its fix', async () => {
    const copied = codexAuth('copied@example.test');
    clearRemote('gpu');
    clearRemote('cloud');
    put(sshd.home('gpu'), '.codex/auth.json', copied.auth);
    put(sshd.home('cloud'), '.codex/auth.json', codexAuth('own@example.test').auth);
    const home = tempHome();
    put(home, '.codex/auth.json', copied.auth);

    const r = await run(['doctor', '--host', 'gpu', '--host', 'cloud', '--host', 'gone'], home);
    // No host has an error finding; one could not be checked: 1.
    expect(r.code, r.err).toBe(1);
    const sections = r.out.split(/^── /m).filter((s) => s !== '');
    expect(sections.map((s) => s.split(' ')[0])).toEqual(['gpu', 'cloud', 'gone']);
    const [gpu, cloud, gone] = sections as [string, string, string];
    expect(gpu).toContain('[refresh-token-on-two-machines]');
    expect(gpu).toMatch(/same openai refresh token is on this machine and on gpu/);
    expect(gpu).toContain('Sign in again on one of them');
    expect(cloud).not.toContain('refresh-token-on-two-machines');
    expect(cloud).toMatch(/\d+ errors? · \d+ warnings? · \d+ info/);
    expect(gone).toMatch(/✗ Could not reach gone: [^]*Connection\s+refused/);
    expect(gone).toContain('Fix: check that `ssh gone true` works');
    expect(r.out + r.err).not.toContain(copied.refresh);
  }, 60_000);

  it('--json: one object per host with its findings, summary and fingerprints (never a token); --strict makes the warning exit 1', async () => {
    const copied = codexAuth('json@example.test');
    clearRemote('gpu');
    put(sshd.home('gpu'), '.codex/auth.json', copied.auth);
    const home = tempHome();
    put(home, '.codex/auth.json', copied.auth);

    const r = await run(['doctor', '--json', '--host', 'gpu', '--host', 'bare'], home);
    const doc = JSON.parse(r.out) as { hosts: HostRow[] };
    expect(Object.keys(doc)).toEqual(['generatedAt', 'hosts']);
    const [gpu, bare] = doc.hosts as [HostRow, HostRow];
    expect(Object.keys(gpu)).toEqual(['host', 'ok', 'exitCode', 'report']);
    expect(Object.keys(gpu.report!)).toEqual(['findings', 'summary', 'refreshFingerprints']);
    const two = gpu.report!.findings.find((f) => f.id === 'refresh-token-on-two-machines');
    expect(two).toMatchObject({ severity: 'warning' });
    expect(gpu.report!.summary.warning).toBe(gpu.report!.findings.filter((f) => f.severity === 'warning').length);
    const fp = gpu.report!.refreshFingerprints[0]!.fingerprint;
    expect(fp).toMatch(/^[0-9a-f]{12}$/);
    expect(two!.detail).toContain(fp);
    expect(bare).toMatchObject({ host: 'bare', ok: false, exitCode: 1, state: 'no auth-wizard' });
    expect(r.out).not.toContain(copied.refresh);

    const strict = await run(['doctor', '--json', '--strict', '--host', 'gpu'], home);
    expect(strict.code, strict.err).toBe(1);
    expect((JSON.parse(strict.out) as { hosts: HostRow[] }).hosts[0]!.exitCode).toBe(1);
    // Without the copy here, gpu's token is its own: no warning, exit 0 without --strict.
    const alone = await run(['doctor', '--json', '--host', 'gpu'], tempHome());
    expect((JSON.parse(alone.out) as { hosts: HostRow[] }).hosts[0]!.report!.findings.map((f) => f.id)).not.toContain('refresh-token-on-two-machines');
  }, 60_000);

  it('local doctor --json lists refreshFingerprints, not tokens', async () => {
    const a = codexAuth('local@example.test');
    const home = tempHome();
    put(home, '.codex/auth.json', a.auth);
    const r = await run(['doctor', '--json'], home);
    const doc = JSON.parse(r.out) as { refreshFingerprints: { fingerprint: string; provider: string; source: string; path: string; profile: string | null }[] };
    expect(doc.refreshFingerprints).toEqual([{ fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) as unknown as string, provider: 'openai', source: 'codex', path: join(home, '.codex/auth.json'), profile: null }]);
    expect(r.out).not.toContain(a.refresh);
  }, 30_000);

  it('a host that is an ssh option is refused before ssh runs; --fix does not go with --host', async () => {
    const r = await run(['doctor', '--host=-oProxyCommand=touch /tmp/aw-doctor-pwned'], tempHome());
    expect(r.code).toBe(3);
    expect(r.err).toContain('starts with "-", which ssh would read as an option; refused');
    const f = await run(['doctor', '--fix', '--host', 'gpu'], tempHome());
    expect(f.code).toBe(3);
    expect(f.err).toContain('--fix does not go with --host');
  }, 30_000);
});
