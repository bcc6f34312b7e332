// State, usability and the fixing command of one credential, at a given time.
import type { AssessedCredential, Credential, CredentialState } from '../core/credential';
import { storeById } from '../stores/index';

export const EXPIRING_WINDOW_MS = 60 * 60 * 1000;

export function stateOf(c: Credential, now: number): CredentialState {
  if (c.fixedState !== undefined) return c.fixedState;
  if (c.expiresAt === null) return 'valid';
  if (c.expiresAt <= now) return 'expired';
  return c.expiresAt - now < EXPIRING_WINDOW_MS ? 'expiring' : 'valid';
}

/** The owning tool can make a request now: a live token, or an expired one it can refresh. */
export function isUsable(c: Credential, state: CredentialState, now: number): boolean {
  if (state === 'valid' || state === 'expiring') return true;
  if (state !== 'expired' || !c.canRefresh) return false;
  return c.refreshExpiresAt === undefined || c.refreshExpiresAt === null || c.refreshExpiresAt > now;
}

/** The exact command that makes a credential usable again (its store says; every value from data in it is shell-quoted). */
export function fixFor(c: Credential): string {
  return storeById(c.source)?.fix?.(c) ?? 'auth-wizard status';
}

export function assess(c: Credential, now: number): AssessedCredential {
  const state = stateOf(c, now);
  const usable = isUsable(c, state, now);
  return { ...c, state, usable, usedBy: [], shadowedBy: [], fix: usable ? undefined : fixFor(c) };
}
