// Cross-process lock around read-modify-write of a credential file.
//
// Why: refresh tokens rotate, so two processes refreshing with the same token
// log each other out (docs/security.md). The refresh path re-reads the file
// inside this lock. The lock is a proper-lockfile directory `<target>.lock`
// next to the file — the same scheme Claude Code uses, so we exclude each
// other — kept fresh while held and taken over once older than `staleMs`
// (its holder died). Never run `fn` without the lock: a timeout is an error.
//
// A file that belongs to another tool is locked the way that tool locks it
// instead (`toolLock`, from tool-locks.ts: Codex flocks `auth.json.lock`, the
// very name our directory would take, so both cannot be used at once).
import lockfile from 'proper-lockfile';
import { dirname, resolve } from 'node:path';
import { AppError } from '../errors';
import { ensurePrivateDir } from './atomic-write';
import type { ToolLock } from './tool-locks';
import { errCode } from '../core/err-code';

export interface LockOptions {
  /** A lock not refreshed for this long is considered abandoned; default 60 s (proper-lockfile's floor is 2 s). */
  staleMs?: number;
  /** How often the held lock's mtime is refreshed; default staleMs / 2 (clamped to [1 s, staleMs / 2]). */
  updateMs?: number;
  /** Give up waiting after this long; default staleMs + 15 s. */
  timeoutMs?: number;
  /** First retry delay; doubles (with jitter) up to retryMaxMs. Default 50 ms. */
  retryMinMs?: number;
  /** Longest single retry delay; default 1 s. */
  retryMaxMs?: number;
  /**
   * The file belongs to another tool with a lock of its own: take that lock
   * (flock(2), waited for up to timeoutMs) in place of ours. Where the call
   * cannot be made (Windows, no helper), ours is taken under a name that is
   * not the tool's (`<file>.auth-wizard.lock`), so the tool is never blocked.
   */
  toolLock?: ToolLock | undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Run `fn` while holding the lock for `target` (which need not exist yet).
 * `fn` receives a signal that aborts if the lock is lost while held (e.g. the
 * event loop stalled past staleMs and another process took over): check it
 * before writing. A lost lock also makes withLock reject after `fn` settles.
 */
export async function withLock<T>(
  target: string,
  fn: (signal: AbortSignal) => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  const file = resolve(target);
  let lockDir = `${file}.lock`;
  const staleMs = opts.staleMs ?? 60_000;
  // Wait longer than the stale time, so a waiter outlives a dead holder's lock
  // and takes it over instead of failing.
  const timeoutMs = opts.timeoutMs ?? staleMs + 15_000;
  const retryMinMs = opts.retryMinMs ?? 50;
  const retryMaxMs = opts.retryMaxMs ?? 1_000;

  // The lock dir is created inside the credential's directory; a first
  // sign-in may find that directory missing.
  try {
    await ensurePrivateDir(dirname(file));
  } catch (e) {
    throw new AppError('io', `Could not create the directory for ${file}: ${(e as Error).message}`, { cause: e });
  }

  const compromise = new AbortController();
  if (opts.toolLock !== undefined) {
    const { withFlocks } = await import('./flock');
    // A kernel lock is never lost while held, so this signal never fires.
    const held = await withFlocks(opts.toolLock, () => fn(compromise.signal), { timeoutMs });
    if (held.ok) return held.value;
    lockDir = `${file}.auth-wizard.lock`;
  }
  const lockOpts: lockfile.LockOptions = {
    stale: staleMs,
    lockfilePath: lockDir,
    realpath: false, // target may not exist yet
    retries: 0, // we retry ourselves, to fail fast on non-ELOCKED errors and honour timeoutMs exactly
    // proper-lockfile's default throws from a timer → uncaught exception → crash.
    // Record it instead; withLock reports it.
    onCompromised: (err) => compromise.abort(err),
    ...(opts.updateMs === undefined ? {} : { update: opts.updateMs }),
  };

  const release = await acquire(file, lockDir, lockOpts, { staleMs, timeoutMs, retryMinMs, retryMaxMs });

  let result: T;
  try {
    result = await fn(compromise.signal);
  } finally {
    // After a compromise proper-lockfile has already dropped the lock and the
    // dir may now belong to someone else: release() then refuses (ERELEASED)
    // and must not remove it. Other release failures leave a dir that goes
    // stale on its own; they must not turn a finished operation into an error.
    await release().catch(() => {});
  }
  if (compromise.signal.aborted) {
    const why = compromise.signal.reason instanceof Error ? compromise.signal.reason.message : String(compromise.signal.reason);
    throw new AppError('io', `Lost the lock on ${file} while holding it (${why}); another process may have changed it.`, {
      cause: compromise.signal.reason,
    });
  }
  return result;
}

/** Takes our lock directory, retrying with backoff while another process holds it, until `timeoutMs`; returns its release. */
async function acquire(file: string, lockDir: string, lockOpts: lockfile.LockOptions, t: { staleMs: number; timeoutMs: number; retryMinMs: number; retryMaxMs: number }): Promise<() => Promise<void>> {
  const { staleMs, timeoutMs, retryMinMs, retryMaxMs } = t;
  const started = Date.now();
  let release: (() => Promise<void>) | undefined;
  for (let attempt = 0; release === undefined; attempt++) {
    try {
      release = await lockfile.lock(file, lockOpts);
    } catch (e) {
      if (errCode(e) !== 'ELOCKED') {
        throw new AppError('io', `Could not take the lock ${lockDir}: ${(e as Error).message}`, { cause: e });
      }
      const left = timeoutMs - (Date.now() - started);
      if (left <= 0) {
        throw new AppError(
          'lock_timeout',
          `Timed out after ${timeoutMs / 1000}s waiting for the lock on ${file} ` +
            `(${lockDir} is held by another process; a lock whose holder died is taken over after ${staleMs / 1000}s).`,
          { hint: `If no other process is using ${file}, remove ${lockDir}` },
        );
      }
      // Exponential backoff with jitter so waiting processes don't retry in lockstep.
      const base = Math.min(retryMaxMs, retryMinMs * 2 ** Math.min(attempt, 20));
      await sleep(Math.min(left, base / 2 + Math.random() * (base / 2)));
    }
  }
  return release;
}
