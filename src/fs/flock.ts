// Another tool's own lock, taken the way that tool takes it: flock(2),
// exclusive, on regular files (for Codex: tool-locks.ts). Loaded only by a
// write into such a tool's file, never by `status`.
//
// How the flock(2) call is made. Node has no flock, and the native bindings on
// the registry do not fit (compared in Nov 2026, see README "Dependencies"):
// fs-native-extensions ships prebuilt binaries but locks with fcntl
// F_OFD_SETLK on Linux, which does not exclude flock(2) (checked: its tryLock
// succeeds while `flock -x` holds the file); os-lock uses fcntl F_SETLK and
// builds with node-gyp at install; fs-ext calls flock(2) but has no prebuilt
// binaries either (node-gyp at install, which npm 11 skips by default). So the
// call is made by a helper process on a descriptor we pass it: util-linux (or
// busybox) `flock -x 3`, else `perl`'s flock builtin (macOS ships perl, not
// flock(1)). A flock(2) lock belongs to the open file description, which the
// child shares with us through the inherited descriptor; it stays held after
// the child exits, until we close our descriptor (or this process dies: the
// kernel then releases it, so a crashed writer never leaves a stale lock).
//
// Without either helper, or on Windows (Codex there uses LockFileEx, which
// Node cannot call), withFlocks answers `unavailable` and the caller falls
// back to auth-wizard's own lock under a name of its own (lock.ts).
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, rmdir } from 'node:fs/promises';
import { AppError } from '../errors';
import type { ToolLock } from './tool-locks';

type Attempt = { kind: 'locked' } | { kind: 'timeout' } | { kind: 'missing' } | { kind: 'failed'; why: string };

/** Each helper calls flock(2) with LOCK_EX on descriptor 3, waits for it, and exits 0 once it is held. */
const HELPERS: readonly { cmd: string; args: readonly string[] }[] = [
  { cmd: 'flock', args: ['-x', '3'] },
  { cmd: 'perl', args: ['-MFcntl=:flock', '-e', 'open(my $f, "+<&=3") or exit 71; flock($f, LOCK_EX) or exit 71; exit 0'] },
];

function lockWith(helper: (typeof HELPERS)[number], fd: number, waitMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    let stderr = '';
    const done = (a: Attempt): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const child = spawn(helper.cmd, helper.args, { stdio: ['ignore', 'ignore', 'pipe', fd] });
    // Killed after the wait: if it got the lock in that instant, the lock is
    // released when we close our descriptor, as on every other way out.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, Math.max(0, waitMs));
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 400) stderr += d.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'failed', why: e.message }));
    child.on('close', (code, signal) => {
      if (timedOut) done({ kind: 'timeout' });
      else if (code === 0) done({ kind: 'locked' });
      else done({ kind: 'failed', why: stderr.trim().split('\n')[0] || `${helper.cmd} exited with ${code ?? signal}` });
    });
  });
}

/**
 * A leftover at the lock's path must not stop the write. A regular file (what
 * Codex leaves) is the lock itself. An empty directory is what auth-wizard
 * before this version made there (a proper-lockfile lock, same name): Codex
 * cannot even open its lock while it exists, and waiting for it to go stale
 * would stall every write for a minute, so it is removed at once. rmdir only
 * removes an empty directory, so nothing else can be lost; if an older
 * auth-wizard still held it, its next lock refresh fails and it drops its
 * write (it checks before writing). A directory with files in it is not a lock
 * of ours: say so, and leave it.
 */
async function clearLeftover(path: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await lstat(path)).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (!isDir) return;
  try {
    await rmdir(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw new AppError('io', `${path} is a directory with files in it, where a lock file belongs; auth-wizard will not remove it.`, { hint: `move ${path} out of the way and retry` });
    }
    throw e;
  }
}

export type FlockResult<T> = { ok: true; value: T } | { ok: false };

/**
 * Run `fn` while holding `lock`'s files with flock(2), taken in order, waiting
 * at most `timeoutMs` in all. `{ok: false}` (nothing run) when this system has
 * no way to make the call.
 */
export async function withFlocks<T>(lock: ToolLock, fn: () => Promise<T>, o: { timeoutMs: number }): Promise<FlockResult<T>> {
  if (process.platform === 'win32') return { ok: false };
  const deadline = Date.now() + o.timeoutMs;
  const held: FileHandle[] = [];
  try {
    for (const path of lock.files) {
      let handle: FileHandle;
      try {
        await clearLeftover(path);
        handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError('io', `Could not open ${lock.owner}'s lock file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
      }
      held.push(handle);
      let attempt: Attempt = { kind: 'missing' };
      for (const helper of HELPERS) {
        attempt = await lockWith(helper, handle.fd, deadline - Date.now());
        if (attempt.kind !== 'missing') break;
      }
      if (attempt.kind === 'missing') return { ok: false };
      if (attempt.kind === 'timeout') {
        throw new AppError('lock_timeout', `Timed out after ${o.timeoutMs / 1000}s waiting for ${lock.owner}'s lock ${path}, held by another process (${lock.owner} itself, or another auth-wizard).`, {
          hint: `let that process finish and retry`,
        });
      }
      if (attempt.kind === 'failed') throw new AppError('io', `Could not take ${lock.owner}'s lock ${path}: ${attempt.why}`);
    }
    return { ok: true, value: await fn() };
  } finally {
    // Closing our descriptor, the last one on that open file, releases the lock.
    for (const h of held.reverse()) await h.close().catch(() => {});
  }
}
