// withLock: exclusion across real processes, stale takeover after the holder is
// SIGKILLed, timeouts that never run fn, a lost lock reported (not crashing),
// and no lock dir left behind. Children run a bundled copy of src/fs/lock.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForChild } from './helpers/bundle';
import { AppError } from '../src/errors';
import { withLock } from '../src/fs/lock';

const CHILD = `
import { readFile, writeFile } from 'node:fs/promises';
import { withLock } from './lock.mjs';
const [cmd, target, ...rest] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
if (cmd === 'count') {
  const [counter, n, useLock] = rest;
  // Start together, so the children really contend: ready, then wait for the parent's go.
  process.stdout.write('R');
  await new Promise((r) => process.stdin.once('data', r));
  process.stdin.destroy();
  const bump = async () => {
    const v = Number(await readFile(counter, 'utf8'));
    await sleep(1); // widen the read-modify-write window
    await writeFile(counter, String(v + 1));
  };
  for (let i = 0; i < Number(n); i++) {
    if (useLock === '1') await withLock(target, bump, { retryMinMs: 2, retryMaxMs: 25, timeoutMs: 20000 });
    else await bump();
  }
} else if (cmd === 'hold') {
  const [staleMs, holdMs] = rest;
  // A process's first lock dates its dir up to 1 s ahead (proper-lockfile probes
  // the mtime precision with the next whole second); take a throwaway lock first
  // so the real one is dated now and goes stale staleMs after it, not up to 1 s later.
  await withLock(target + '.probe', async () => {});
  await withLock(target, async () => {
    process.stdout.write('L');
    await sleep(Number(holdMs));
  }, { staleMs: Number(staleMs) });
}
`;

let work: string;
let script: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'lock-test-'));
  await bundleForChild('src/fs/lock.ts', join(work, 'lock.mjs'));
  script = join(work, 'child.mjs');
  writeFileSync(script, CHILD);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function child(args: string[]): { proc: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }> } {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<{ code: number | null; signal: string | null }>((res, rej) => {
    proc.on('error', rej);
    proc.on('exit', (code, signal) => res({ code, signal }));
  });
  return { proc, exited };
}

/** Start a child that takes the lock and holds it; resolves once it holds it. */
async function holder(target: string, staleMs: number, holdMs: number) {
  const c = child(['hold', target, String(staleMs), String(holdMs)]);
  await new Promise<void>((res, rej) => {
    c.proc.stdout?.once('data', () => res());
    void c.exited.then(() => rej(new Error('holder exited before taking the lock')));
  });
  return c;
}

async function countWith(useLock: boolean, dir: string): Promise<number> {
  mkdirSync(dir);
  const counter = join(dir, 'counter');
  writeFileSync(counter, '0');
  const kids = Array.from({ length: 4 }, () => child(['count', join(dir, 'cred.json'), counter, '20', useLock ? '1' : '0']));
  // Every child is up and waiting before any starts counting.
  await Promise.all(
    kids.map(
      (k) =>
        new Promise<void>((res, rej) => {
          k.proc.stdout?.once('data', () => res());
          void k.exited.then((e) => rej(new Error(`counter exited before it was ready: ${JSON.stringify(e)}`)));
        }),
    ),
  );
  for (const k of kids) k.proc.stdin?.end('go');
  for (const k of kids) expect(await k.exited).toEqual({ code: 0, signal: null });
  return Number(readFileSync(counter, 'utf8'));
}

describe('withLock', () => {
  it('excludes across processes: 4 × 20 locked increments give exactly 80', async () => {
    expect(await countWith(true, join(work, 'mx'))).toBe(80);
    expect(existsSync(join(work, 'mx', 'cred.json.lock'))).toBe(false);
  });

  it('(control) the same increments without the lock do not give 80', async () => {
    // Not "fewer than 80": besides lost updates, two unlocked writes can
    // interleave in the file ("10" then "9" over it leaves "90"), and one CI run
    // counted 90. What the lock is shown to prevent is anything but exactly 80.
    expect(await countWith(false, join(work, 'mx-control'))).not.toBe(80);
  });

  it('leaves no .lock dir after success, creating a missing parent dir 0700', async () => {
    const dir = join(work, 'fresh', 'sub');
    const target = join(dir, 'cred.json');
    expect(await withLock(target, async () => 42)).toBe(42);
    expect(existsSync(`${target}.lock`)).toBe(false);
    if (process.platform !== 'win32') expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('leaves no .lock dir after fn throws, and rethrows fn`s error unchanged', async () => {
    const target = join(work, 'throws', 'cred.json');
    const boom = new Error('boom');
    await expect(withLock(target, async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(existsSync(`${target}.lock`)).toBe(false);
    // and the lock is immediately available again
    expect(await withLock(target, async () => 'again', { timeoutMs: 500 })).toBe('again');
  });

  it('serialises callers within one process too', async () => {
    const target = join(work, 'inproc', 'cred.json');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        withLock(
          target,
          async () => {
            maxInside = Math.max(maxInside, ++inside);
            await new Promise((r) => setTimeout(r, 10));
            inside--;
          },
          { retryMinMs: 2, retryMaxMs: 20 },
        ),
      ),
    );
    expect(maxInside).toBe(1);
  });
});

// These three mostly wait on proper-lockfile's clock (stale ≥ 2 s, updates every
// 1 s): side by side they take as long as the longest. They run after the
// counting children above, which would load the CPU and could delay a holder's
// mtime update.
describe.concurrent('withLock against the clock', () => {
  it('takes over a lock whose holder was SIGKILLed once it is older than staleMs', async ({ expect }) => {
    const target = join(work, 'stale', 'cred.json');
    const h = await holder(target, 2000, 60_000);
    h.proc.kill('SIGKILL');
    expect((await h.exited).signal).toBe('SIGKILL');
    expect(existsSync(`${target}.lock`)).toBe(true); // SIGKILL: no exit handler ran
    // The dead holder's last word: stale means "not touched for staleMs since then".
    const lastTouched = statSync(`${target}.lock`).mtimeMs;

    const t0 = Date.now();
    let ranAt = 0;
    await withLock(target, async () => void (ranAt = Date.now()), { staleMs: 2000, retryMinMs: 50, retryMaxMs: 200, timeoutMs: 10_000 });
    expect(ranAt).toBeGreaterThan(0);
    expect(ranAt - lastTouched).toBeGreaterThanOrEqual(2000); // not before the lock went stale
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(existsSync(`${target}.lock`)).toBe(false);
  });

  it('times out with lock_timeout against a live holder (kept fresh past staleMs) and never runs fn', async ({ expect }) => {
    const target = join(work, 'busy', 'cred.json');
    const h = await holder(target, 2000, 60_000);
    const touchedAtStart = statSync(`${target}.lock`).mtimeMs;
    let ran = false;
    const t0 = Date.now();
    // timeout > staleMs: only the holder's mtime updates keep the lock from looking stale.
    const err = await withLock(target, async () => void (ran = true), {
      staleMs: 2000,
      timeoutMs: 2500,
      retryMinMs: 50,
      retryMaxMs: 200,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'lock_timeout' });
    expect((err as AppError).message).toMatch(/Timed out after 2.5s waiting for the lock on .*cred\.json/);
    expect(ran).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2500);
    // …and it was those updates: the live holder touched the lock while we waited.
    expect(statSync(`${target}.lock`).mtimeMs).toBeGreaterThan(touchedAtStart);
    h.proc.kill('SIGKILL');
    await h.exited;
  });

  it('a lock lost while held aborts the signal and rejects instead of crashing the process', async ({ expect }) => {
    const target = join(work, 'lost', 'cred.json');
    let aborted = false;
    const err = await withLock(
      target,
      async (signal) => {
        rmSync(`${target}.lock`, { recursive: true }); // someone broke our lock
        // The next mtime update (1 s) notices; wait for that, not a fixed time (capped, so a miss fails rather than hangs).
        await new Promise<void>((r) => {
          const cap = setTimeout(r, 5000);
          signal.addEventListener('abort', () => (clearTimeout(cap), r()), { once: true });
        });
        aborted = signal.aborted;
        return 'done';
      },
      { staleMs: 2000 },
    ).catch((e: unknown) => e);
    expect(aborted).toBe(true);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/Lost the lock/);
    // A fresh lock on the same target works afterwards.
    expect(await withLock(target, async () => 1, { timeoutMs: 500 })).toBe(1);
  });
});
