// Writes into Codex's auth.json take Codex's own lock, the way Codex takes it
// (flock(2) on $CODEX_HOME/auth.lock, then auth.json.lock: src/fs/tool-locks.ts),
// so the two programs exclude each other; and no leftover at that path — Codex's
// empty lock files, an older auth-wizard's lock directory — makes a command fail
// or wait. The other side is a real process: util-linux `flock`, and the real
// Codex CLI where it is installed (/opt/realclis; scripts/check-real-clis.sh
// checks the same outside vitest).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps';
import { main } from '../src/main';
import { writeCodexApiKey } from '../src/stores/codex.write';
import { withLock } from '../src/fs/lock';
import { codexLock } from '../src/fs/tool-locks';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { realFetch, freePort } from './helpers/net';
import { startTestIssuer, TEST_REDIRECT_URI, type TestIssuer, untilDue } from './helpers/oidc-server';
import { untilFlockWaiter } from './helpers/proc-locks';

const REAL_CODEX = join(process.env.REAL_CLIS_PREFIX ?? '/opt/realclis', 'bin/codex');
// Codex's bin/codex.js is a Node launcher for its native binary.
const CODEX_PATH = `${dirname(process.execPath)}:${dirname(REAL_CODEX)}:/usr/bin:/bin`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let op: TestIssuer;
let port: number;
beforeAll(async () => {
  port = await freePort();
  op = await startTestIssuer({ redirectUris: [`http://localhost:${port}/auth/callback`, TEST_REDIRECT_URI] });
});
afterAll(async () => {
  await op?.stop();
});

function liveDeps(home: string, extraEnv: Record<string, string> = {}): Deps & { out(): string; err(): string } {
  return testDeps(home, {
    env: { AUTH_WIZARD_OPENAI_ISSUER: op.issuer, AUTH_WIZARD_CALLBACK_PORT: String(port), ...extraEnv },
    platform: 'darwin', // no display/container heuristics from the machine running the tests
    now: () => Date.now(),
    fetch: realFetch,
  });
}

/**
 * `flock -x <path>` in another process, held until `release()` (its stdin
 * closes); resolves once it holds the lock.
 */
async function holdWithFlock(path: string, then = ''): Promise<{ child: ChildProcess; release(): number }> {
  const child = spawn('flock', ['-x', path, '-c', `read _ignored; ${then}`], { stdio: ['pipe', 'ignore', 'ignore'] });
  for (let i = 0; i < 200; i++) {
    // 1: the lock is taken
    if (spawnSync('flock', ['-n', path, '-c', 'true']).status === 1) return { child, release: () => (child.stdin!.end(), Date.now()) };
    await sleep(10);
  }
  throw new Error(`flock never took ${path}`);
}
const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null ? r() : c.once('exit', () => r())));

/** A grant issued by the test issuer, stored in Codex's shape. */
async function codexGrant(home: string, accessTtlSeconds = 60): Promise<{ path: string; refresh: string; access: string }> {
  const t = await op.signIn({ email: 'lock@example.test', accessTtlSeconds });
  const path = put(home, '.codex/auth.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, account_id: null }, last_refresh: new Date().toISOString() });
  return { path, refresh: t.refresh_token, access: t.access_token };
}

/** What Codex leaves in CODEX_HOME once it has run: two empty regular files. */
function codexLeftovers(home: string): void {
  put(home, '.codex/auth.json.lock', '');
  put(home, '.codex/auth.lock', '', 0o644);
}

describe("Codex's lock: another process holding it", () => {
  it('a write waits while `flock` holds auth.json.lock, then writes once it is released', async () => {
    const home = tempHome();
    put(home, '.codex/auth.json', '{"OPENAI_API_KEY": "sk-test-before-000000000000000000"}');
    const lockFile = join(home, '.codex/auth.json.lock');
    const holder = await holdWithFlock(lockFile);
    let finished = 0;
    const write = writeCodexApiKey({ home, env: {} }, 'sk-test-after-0000000000000000000', { now: FIXED_NOW }).then(() => (finished = Date.now()));
    // The event itself: our flock helper waits in the kernel for the holder.
    await untilFlockWaiter([lockFile]);
    expect(finished).toBe(0); // still waiting
    expect(readFileSync(join(home, '.codex/auth.json'), 'utf8')).toContain('sk-test-before');
    const releasedAt = holder.release();
    await exited(holder.child);
    await write;
    expect(finished).toBeGreaterThanOrEqual(releasedAt); // wrote only after the holder let go
    expect(finished - releasedAt).toBeLessThan(5_000);
    expect(JSON.parse(readFileSync(join(home, '.codex/auth.json'), 'utf8')).OPENAI_API_KEY).toBe('sk-test-after-0000000000000000000');
  });

  it('refresh --source codex waits on auth.lock too (Codex takes it first) and re-reads inside it: a grant rotated meanwhile is adopted', async () => {
    const home = tempHome();
    // A 2 s token is due once under half its lifetime is left (the margin is min(5 min, lifetime / 2)).
    const { path, access } = await codexGrant(home, 2);
    await untilDue(access);
    const rotated = await op.signIn({ email: 'lock@example.test', accessTtlSeconds: 3600 });
    const next = put(home, 'next.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: rotated.id_token, access_token: rotated.access_token, refresh_token: rotated.refresh_token, account_id: null }, last_refresh: new Date().toISOString() });
    op.resetCounts();
    // "Codex" holds auth.lock and, once let go, rotates the grant before it unlocks.
    const lockFile = join(home, '.codex/auth.lock');
    const holder = await holdWithFlock(lockFile, `cp ${next} ${path}`);
    const deps = liveDeps(home);
    let done = false;
    const code = main(['refresh', '--provider', 'openai', '--source', 'codex'], deps).finally(() => (done = true));
    await untilFlockWaiter([lockFile]);
    expect(done).toBe(false);
    holder.release();
    await exited(holder.child);
    expect(await code).toBe(0);
    expect(op.counts.refresh).toBe(0); // adopted what was written under the lock: no second refresh
    expect(JSON.parse(readFileSync(path, 'utf8')).tokens.refresh_token).toBe(rotated.refresh_token);
  });

  it.skipIf(!existsSync(REAL_CODEX))('the real `codex login --with-api-key` waits while auth-wizard holds the lock', async () => {
    const home = tempHome();
    put(home, '.codex/auth.json', '{"OPENAI_API_KEY": "sk-test-ours-00000000000000000000"}');
    const codexHome = join(home, '.codex');
    let codexDone = 0;
    let codex: Promise<number> | undefined;
    let releasedAt = Infinity;
    await withLock(
      join(codexHome, 'auth.json'),
      async () => {
        const child = spawn(REAL_CODEX, ['login', '--with-api-key'], { env: { PATH: CODEX_PATH, HOME: home, CODEX_HOME: codexHome }, stdio: ['pipe', 'ignore', 'ignore'] });
        child.stdin.end('sk-test-codex-0000000000000000000\n');
        codex = new Promise((r) => child.once('exit', (c) => ((codexDone = Date.now()), r(c ?? -1))));
        // The real Codex is blocked in flock(2) on one of its lock files.
        await untilFlockWaiter(codexLock(join(codexHome, 'auth.json')).files, 30_000);
        expect(codexDone).toBe(0);
        releasedAt = Date.now();
      },
      { toolLock: codexLock(join(codexHome, 'auth.json')) },
    );
    expect(await codex).toBe(0);
    expect(codexDone).toBeGreaterThanOrEqual(releasedAt); // it finished only after we let go
    expect(JSON.parse(readFileSync(join(codexHome, 'auth.json'), 'utf8')).OPENAI_API_KEY).toBe('sk-test-codex-0000000000000000000');
  });
});

describe('leftovers at the lock path never fail or stall a command', () => {
  it("with Codex's empty lock files: login --target codex, refresh --source codex and logout succeed at once", async () => {
    const home = tempHome();
    codexLeftovers(home);

    let t0 = Date.now();
    const first = liveDeps(home);
    expect(await main(['login', '--provider', 'openai', '--print-url', '--target', 'codex'], first)).toBe(0);
    const cb = await op.authorizeViaHttp(first.out().trim(), { email: 'left@example.test' });
    const login = liveDeps(home);
    expect(await main(['login', '--provider', 'openai', '--complete', cb], login)).toBe(0);
    expect(login.err()).not.toContain('lock');
    expect(Date.now() - t0).toBeLessThan(5_000);
    const stored = JSON.parse(readFileSync(join(home, '.codex/auth.json'), 'utf8'));
    expect(stored.tokens.refresh_token).toEqual(expect.any(String));

    t0 = Date.now();
    const refresh = liveDeps(home);
    expect(await main(['refresh', '--provider', 'openai', '--source', 'codex', '--force'], refresh)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(JSON.parse(readFileSync(join(home, '.codex/auth.json'), 'utf8')).tokens.refresh_token).not.toBe(stored.tokens.refresh_token);

    t0 = Date.now();
    const logout = liveDeps(home);
    expect(await main(['logout', '--provider', 'openai', '--source', 'codex', '--yes'], logout)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(readdirSync(join(home, '.codex')).sort()).toEqual(['auth.json.lock', 'auth.lock']);
    expect(statSync(join(home, '.codex/auth.json.lock')).isFile()).toBe(true);
  });

  it("an older auth-wizard's lock directory at auth.json.lock (fresh, empty) does not block; it becomes Codex's lock file", async () => {
    const home = tempHome();
    put(home, '.codex/auth.json', '{}');
    mkdirSync(join(home, '.codex/auth.json.lock')); // proper-lockfile's shape, mtime now: not stale
    const t0 = Date.now();
    await writeCodexApiKey({ home, env: {} }, 'sk-test-dir-00000000000000000000', { now: FIXED_NOW });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(statSync(join(home, '.codex/auth.json.lock')).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(join(home, '.codex/auth.json'), 'utf8')).OPENAI_API_KEY).toBe('sk-test-dir-00000000000000000000');
  });

  it('a directory with files in it at that path is left alone, with a sentence naming it', async () => {
    const home = tempHome();
    put(home, '.codex/auth.json', '{}');
    put(home, '.codex/auth.json.lock/keep.txt', 'not a lock');
    await expect(writeCodexApiKey({ home, env: {} }, 'sk-test-x-000000000000000000000000', { now: FIXED_NOW })).rejects.toThrow(/auth\.json\.lock is a directory with files in it.*will not remove it/);
    expect(readFileSync(join(home, '.codex/auth.json.lock/keep.txt'), 'utf8')).toBe('not a lock');
    expect(readFileSync(join(home, '.codex/auth.json'), 'utf8')).toBe('{}');
  });
});

describe.skipIf(!existsSync(REAL_CODEX))('the real Codex CLI reads what was written under its lock', () => {
  it('`codex login status` accepts a sign-in made beside its leftover lock files', async () => {
    const home = tempHome();
    codexLeftovers(home);
    const first = liveDeps(home);
    expect(await main(['login', '--provider', 'openai', '--print-url', '--target', 'codex'], first)).toBe(0);
    const cb = await op.authorizeViaHttp(first.out().trim(), { email: 'real@example.test' });
    expect(await main(['login', '--provider', 'openai', '--complete', cb], liveDeps(home))).toBe(0);
    const r = spawnSync(REAL_CODEX, ['login', 'status'], { env: { PATH: CODEX_PATH, HOME: home, CODEX_HOME: join(home, '.codex') }, encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toContain('Logged in using ChatGPT');
    expect(r.status).toBe(0);
  });
});
