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
  const [counter, n, startAt, useLock] = rest;
  await sleep(Number(startAt) - Date.now()); // start together, so the children really contend
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
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const startAt = Date.now() + 400;
  const kids = Array.from({ length: 4 }, () =>
    child(['count', join(dir, 'cred.json'), counter, '20', String(startAt), useLock ? '1' : '0']),
  );
  for (const k of kids) expect(await k.exited).toEqual({ code: 0, signal: null });
  return Number(readFileSync(counter, 'utf8'));
}

describe('withLock', () => {
  it('excludes across processes: 4 × 20 locked increments give exactly 80', async () => {
    expect(await countWith(true, join(work, 'mx'))).toBe(80);
    expect(existsSync(join(work, 'mx', 'cred.json.lock'))).toBe(false);
  });

  it('(control) the same increments without the lock lose updates', async () => {
    expect(await countWith(false, join(work, 'mx-control'))).toBeLessThan(80);
  });

  it('takes over a lock whose holder was SIGKILLed once it is older than staleMs', async () => {
    const target = join(work, 'stale', 'cred.json');
    const h = await holder(target, 2000, 60_000);
    h.proc.kill('SIGKILL');
    expect((await h.exited).signal).toBe('SIGKILL');
    expect(existsSync(`${target}.lock`)).toBe(true); // SIGKILL: no exit handler ran

    const t0 = Date.now();
    let ran = false;
    await withLock(target, async () => void (ran = true), { staleMs: 2000, retryMinMs: 50, retryMaxMs: 200, timeoutMs: 10_000 });
    const waited = Date.now() - t0;
    expect(ran).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(1000); // not before the lock went stale
    expect(waited).toBeLessThan(4000);
    expect(existsSync(`${target}.lock`)).toBe(false);
  });

  it('times out with lock_timeout against a live holder (kept fresh past staleMs) and never runs fn', async () => {
    const target = join(work, 'busy', 'cred.json');
    const h = await holder(target, 2000, 6000);
    let ran = false;
    const t0 = Date.now();
    // timeout > staleMs: only the holder's mtime updates keep the lock from looking stale.
    const err = await withLock(target, async () => void (ran = true), {
      staleMs: 2000,
      timeoutMs: 3500,
      retryMinMs: 50,
      retryMaxMs: 200,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'lock_timeout' });
    expect((err as AppError).message).toMatch(/Timed out after 3.5s waiting for the lock on .*cred\.json/);
    expect(ran).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3500);
    h.proc.kill('SIGKILL');
    await h.exited;
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

  it('a lock lost while held aborts the signal and rejects instead of crashing the process', async () => {
    const target = join(work, 'lost', 'cred.json');
    let aborted = false;
    const err = await withLock(
      target,
      async (signal) => {
        rmSync(`${target}.lock`, { recursive: true }); // someone broke our lock
        await new Promise((r) => setTimeout(r, 1600)); // the 1 s mtime update notices
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
