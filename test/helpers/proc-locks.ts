// Waiting for a process to be blocked on a flock(2), as an event instead of a
// sleep: Linux lists every waiter in /proc/locks ("-> FLOCK ... <dev>:<inode>"),
// so a test can tell "it is waiting for the lock" the moment it is true,
// rather than guessing how long the waiter takes to get there.
import { readFileSync, statSync } from 'node:fs';

/** Whether some process is waiting for a flock on one of `paths` right now. */
export function flockWaiterOn(paths: readonly string[]): boolean {
  const inodes = paths.flatMap((p) => {
    try {
      return [String(statSync(p).ino)];
    } catch {
      return [];
    }
  });
  if (inodes.length === 0) return false;
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .some((line) => line.includes(' -> ') && inodes.includes(line.trim().split(/\s+/)[6]?.split(':')[2] ?? ''));
}

/** Resolves once a process waits for a flock on one of `paths`; rejects after `timeoutMs`. */
export async function untilFlockWaiter(paths: readonly string[], timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!flockWaiterOn(paths)) {
    if (Date.now() > until) throw new Error(`no process waited for a lock on ${paths.join(', ')} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
