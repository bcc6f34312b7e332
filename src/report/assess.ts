// State, usability and the fixing command of one credential, at a given time.
import type { AssessedCredential, Credential, CredentialState } from '../core/credential';
import { storeById } from '../stores/index';
import type { Store } from '../stores/types';

export const EXPIRING_WINDOW_MS = 60 * 60 * 1000;

export function stateOf(c: Credential, now: number): CredentialState {
  if (c.fixedState !== undefined) return c.fixedState;
  if (c.expiresAt === null) return 'valid';
  // Past its access token's expiry and its refresh horizon too (Claude Code's
  // refreshTokenExpiresAt): nothing renews it; only a new sign-in does.
  if (c.expiresAt <= now) return c.canRefresh && c.refreshExpiresAt !== undefined && c.refreshExpiresAt !== null && c.refreshExpiresAt <= now ? 'signed-out' : 'expired';
  return c.expiresAt - now < EXPIRING_WINDOW_MS ? 'expiring' : 'valid';
}

/** The owning tool can make a request now: a live token, or an expired one it can refresh. */
export function isUsable(c: Credential, state: CredentialState, now: number): boolean {
  if (state === 'valid' || state === 'expiring') return true;
  if (state !== 'expired' || !c.canRefresh) return false;
  return c.refreshExpiresAt === undefined || c.refreshExpiresAt === null || c.refreshExpiresAt > now;
}

/** The exact command that makes a credential usable again (its store says; every value from data in it is shell-quoted). */
export function fixFor(c: Credential, foundBy?: Store): string {
  // An environment credential (GH_TOKEN, GEMINI_API_KEY, …) is found by the
  // store of the tool that reads it, which knows its fix best (a classic ghp_
  // token: Copilot CLI's wording); then the credential's own store.
  return foundBy?.fix?.(c) ?? storeById(c.source)?.fix?.(c) ?? 'auth-wizard status';
}

/** Every key of T present (an optional one may hold undefined): a literal of this type names them all. */
type EveryKey<T> = { [K in keyof Required<T>]: T[K] };

export function assess(c: Credential, now: number, foundBy?: Store): AssessedCredential {
  const state = stateOf(c, now);
  const usable = isUsable(c, state, now);
  // Signed out by the clock, not by the file: say which horizon passed.
  const reason = state === 'signed-out' && c.fixedState === undefined && c.reason === undefined ? 'the access token and its refresh token have both expired' : c.reason;
  // One literal with every field in one order, not a spread of what the store
  // built: each store's credentials come in shapes of their own (V8 hidden
  // classes), and every later reader (precedence, the display view, the
  // layout, doctor) would meet all of them at each property it reads. With one
  // shape those reads are monomorphic: -0.5 M instructions of `status` over
  // every store (README, Start-up budget). EveryKey makes a field added to
  // Credential a type error here until it is copied too.
  const out: EveryKey<AssessedCredential> = {
    id: c.id,
    provider: c.provider,
    source: c.source,
    kind: c.kind,
    path: c.path,
    entry: c.entry,
    accountId: c.accountId,
    email: c.email,
    userId: c.userId,
    orgId: c.orgId,
    orgName: c.orgName,
    plan: c.plan,
    rateLimitTier: c.rateLimitTier,
    scopes: c.scopes,
    expiresAt: c.expiresAt,
    refreshExpiresAt: c.refreshExpiresAt,
    lastRefresh: c.lastRefresh,
    canRefresh: c.canRefresh,
    fixedState: c.fixedState,
    reason,
    inactive: c.inactive,
    fileMode: c.fileMode,
    symlink: c.symlink,
    flags: c.flags,
    secrets: c.secrets,
    state,
    usable,
    usedBy: [],
    shadowedBy: [],
    fix: usable ? undefined : fixFor(c, foundBy),
  };
  return out;
}
