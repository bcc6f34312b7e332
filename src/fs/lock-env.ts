// Lock settings the environment may change. AUTH_WIZARD_LOCK_STALE_MS exists
// for tests (a SIGKILLed lock holder is taken over after this long instead of
// a minute); users have no reason to set it. Kept apart from lock.ts so reading
// it does not load proper-lockfile.
import { usageError } from '../errors';
import type { LockOptions } from './lock';

/** proper-lockfile refuses a stale time below 2 s. */
const MIN_STALE_MS = 2_000;

export function lockOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): LockOptions {
  const raw = env.AUTH_WIZARD_LOCK_STALE_MS?.trim();
  if (raw === undefined || raw === '') return {};
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < MIN_STALE_MS || ms > 3_600_000) {
    throw usageError(`AUTH_WIZARD_LOCK_STALE_MS must be a whole number of milliseconds between ${MIN_STALE_MS} and 3600000 (it is for tests; unset it).`);
  }
  return { staleMs: ms };
}
