// The built CLI under contention, against the real OpenAI-like issuer:
// 8 `auth-wizard token` processes started at once on an expiring credential
// send exactly one refresh and print the same new token; and a lock holder
// killed with SIGKILL is taken over after the stale time. The two tests run side
// by side (the second mostly waits for the lock to go stale), each against its
// own issuer so the refresh counts stay per test.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { saveOpenAiGrant } from '../src/stores/sign-in';
import { cliHomeEnv, type PrivateCli, privateCli } from './helpers/private-cli';
import { tempHome } from './helpers/fixture-home';
import { startTestIssuer, type TestIssuer, type TokenResponse, untilDue } from './helpers/oidc-server';
import { bundleForChild } from './helpers/bundle';

let op: TestIssuer;
let opStale: TestIssuer;
let pc: PrivateCli;
let work: string;

beforeAll(async () => {
  // A private copy of the build: another test file rebuilding dist/ meanwhile cannot pull it from under us.
  pc = privateCli('token-test');
  work = pc.dir;
  // A lock holder for the SIGKILL test: withLock from the source, bundled.
  await bundleForChild('src/fs/lock.ts', join(work, 'lock.mjs'));
  writeFileSync(
    join(work, 'holder.mjs'),
    `import { withLock } from './lock.mjs';
const [target, staleMs] = process.argv.slice(2);
// A process's first lock is dated up to 1 s ahead (proper-lockfile's precision
// probe); a throwaway lock first, so the real one goes stale staleMs after now.
await withLock(target + '.probe', async () => {});
await withLock(target, async () => { process.stdout.write('L'); await new Promise(() => setInterval(() => {}, 1000)); }, { staleMs: Number(staleMs) });\n`,
  );
  [op, opStale] = await Promise.all([startTestIssuer(), startTestIssuer()]);
}, 120_000);

afterAll(async () => {
  await op?.stop();
  await opStale?.stop();
  pc?.dispose();
});

const homeEnv = (home: string, issuer: TestIssuer, extra: Record<string, string> = {}) => cliHomeEnv(home, issuer.issuer, extra);
const runCli = (args: string[], env: Record<string, string>) => pc.run(args, env);

async function expiringHome(issuer: TestIssuer, email: string): Promise<{ home: string; first: TokenResponse; file: string }> {
  const home = tempHome('aw-conc-');
  // A 1 s token, then inside its refresh margin: every process wants to refresh. (A
  // longer one would sit outside the margin, which is bounded by half its lifetime.)
  const first = await issuer.signIn({ email, accessTtlSeconds: 1 });
  await saveOpenAiGrant({ home, env: {} }, 'auth-wizard', { idToken: first.id_token, accessToken: first.access_token, refreshToken: first.refresh_token, expiresIn: first.expires_in }, { now: Date.now() });
  await untilDue(first.access_token);
  return { home, first, file: join(home, '.config/auth-wizard/auth-profiles.json') };
}

const stored = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { profiles: Record<string, { access: string; refresh: string }> }).profiles['openai:default']!;

describe.concurrent('auth-wizard token, built, under contention', () => {
  it('8 processes at once: exactly one refresh reaches the server; all print the same new token; no lock left', async ({ expect }) => {
    // One refreshing process alone, for scale.
    const solo = await expiringHome(op, 'solo@example.test');
    op.resetCounts();
    const one = await runCli(['token', '--provider', 'openai'], homeEnv(solo.home, op));
    expect(one).toMatchObject({ code: 0, stderr: '' });
    expect(op.counts.refresh).toBe(1);

    const { home, first, file } = await expiringHome(op, 'eight@example.test');
    op.resetCounts();
    const t0 = performance.now();
    const runs = await Promise.all(Array.from({ length: 8 }, () => runCli(['token', '--provider', 'openai'], homeEnv(home, op))));
    const wall = performance.now() - t0;

    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(op.counts.refresh).toBe(1);
    const printed = new Set(runs.map((r) => r.stdout));
    expect(printed.size).toBe(1);
    const now = stored(file);
    expect([...printed][0]).toBe(`${now.access}\n`);
    expect(now.access).not.toBe(first.access_token);
    expect(now.refresh).not.toBe(first.refresh_token);
    expect(readdirSync(join(home, '.config/auth-wizard')).sort()).toEqual(['auth-profiles.json']);
    expect(existsSync(`${file}.lock`)).toBe(false);

    console.log(
      `[token-concurrency] 8 processes: ${op.counts.refresh} refresh request(s), wall ${wall.toFixed(0)} ms ` +
        `(slowest ${Math.max(...runs.map((r) => r.ms)).toFixed(0)} ms); one refreshing process alone: ${one.ms.toFixed(0)} ms; ratio ${(wall / one.ms).toFixed(2)}`,
    );
    expect(wall).toBeLessThan(15_000);
  });

  it('a lock holder killed with SIGKILL: the waiting process takes over after the stale time and refreshes', async ({ expect }) => {
    const op = opStale;
    const { home, first, file } = await expiringHome(op, 'stale@example.test');
    op.resetCounts();
    const holder: ChildProcess = spawn(process.execPath, [join(work, 'holder.mjs'), file, '2000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res, rej) => {
      holder.stdout?.once('data', () => res());
      holder.once('exit', () => rej(new Error('holder exited before taking the lock')));
    });
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    expect(existsSync(`${file}.lock`)).toBe(true); // SIGKILL: nothing cleaned up
    const lastTouched = statSync(`${file}.lock`).mtimeMs; // stale = untouched for 2 s since then

    const r = await runCli(['token', '--provider', 'openai'], homeEnv(home, op, { AUTH_WIZARD_LOCK_STALE_MS: '2000' }));
    const endedAt = Date.now();
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`${stored(file).access}\n`);
    expect(r.stdout).not.toBe(`${first.access_token}\n`);
    expect(op.counts.refresh).toBe(1);
    expect(endedAt - lastTouched).toBeGreaterThanOrEqual(2000); // it waited for the lock to go stale…
    expect(r.ms).toBeLessThan(10_000); // …and no longer than it had to
    expect(existsSync(`${file}.lock`)).toBe(false);
    console.log(`[token-concurrency] takeover after SIGKILL with AUTH_WIZARD_LOCK_STALE_MS=2000: ${r.ms.toFixed(0)} ms`);
  });
});
