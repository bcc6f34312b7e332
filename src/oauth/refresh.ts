// The OpenAI refresh engine: rotation-safe across processes.
//
// Refresh tokens rotate and a replayed one revokes the whole grant (RFC 9700
// §4.14.2), so two processes refreshing the same grant log the user out. The
// sequence (docs/security.md "Refresh", docs/providers.md §4):
//   1. read the grant without a lock; still valid (outside the refresh margin:
//      5 minutes, or half the token's lifetime when that is shorter — see
//      refreshMarginMs) and not --force → done, no lock, no network;
//   2. take the cross-process lock on the file's REAL path (a symlink and its
//      target share one lock; the same `<file>.lock` the writers use);
//   3. re-read inside the lock: if another process rotated the tokens since
//      step 1 and they have not expired, adopt them — no network call;
//   4. otherwise POST the refresh (retry policy in http-retry.ts), store the new
//      tokens in the same store, keeping the old refresh token / id_token only
//      when none came back; release.
// A permanent answer (invalid_grant, refresh_token_reused/_expired/_invalidated)
// re-reads once more and adopts newer tokens if another writer put some there;
// else "sign in again" (exit 4) with the stored credential untouched.
import type { Deps } from '../deps';
import { AppError, isAppError } from '../errors';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { resolveWriteTarget } from '../fs/atomic-write';
import { updateJsonFile } from '../fs/json-file';
import { withLock } from '../fs/lock';
import { lockOptionsFromEnv } from '../fs/lock-env';
import { recoverLeftoverTemps } from '../fs/temp-recovery';
import { grantChanged, grantReadError, type GrantRef, extractGrant, needsRefresh, readGrant, REFRESH_SKEW_MS, type RotatedTokens, type StoredGrant, issuedAtOf, usableNow } from '../stores/grant';
import type { StoreWriter } from '../stores/types';
import { scrubSecrets, withRetries } from './http-retry';
import { OPENAI_CLIENT_ID, openaiEndpoints } from './openai-endpoints';
import { buildRefresh, processTokenResponse, TokenEndpointError, type TokenResponse } from './token-client';

/** Per request; three tries stay well inside the lock's stale time (60 s, kept fresh while held anyway). */
const REFRESH_TIMEOUT_MS = 20_000;

export type RefreshResult = 'valid' | 'refreshed' | 'adopted';

export interface RefreshOutcome {
  result: RefreshResult;
  ref: GrantRef;
  /** The grant as it is stored now. */
  grant: StoredGrant;
  /** `refreshed` only: the server sent a new refresh token (else the old one was kept). */
  refreshTokenRotated?: boolean;
}

export interface RefreshOptions {
  force?: boolean;
  skewMs?: number;
  /** The grant as already read by the caller (saves a read); re-read under the lock anyway. */
  snapshot?: StoredGrant;
}

export async function refreshOpenAiGrant(ref: GrantRef, deps: Deps, o: RefreshOptions = {}): Promise<RefreshOutcome> {
  const skew = o.skewMs ?? REFRESH_SKEW_MS;
  let before = o.snapshot;
  if (before === undefined) {
    const r = await readGrant(ref);
    if (r.kind !== 'ok') throw grantReadError(ref, r);
    before = r.grant;
  }
  if (o.force !== true && !needsRefresh(before, deps.now(), skew)) return { result: 'valid', ref, grant: before };

  const endpoints = openaiEndpoints(deps.env); // a bad AUTH_WIZARD_OPENAI_ISSUER fails before any lock
  // Waiters poll the lock every 20-50 ms (not withLock's default up to 1 s): a
  // refresh holds it for one round trip, and the processes queued behind it
  // (8 `token` calls started together) should adopt its result promptly.
  const lockOpts = { retryMinMs: 20, retryMaxMs: 50, ...lockOptionsFromEnv(deps.env), ...(ref.side.toolLock !== undefined ? { toolLock: ref.side.toolLock(ref.path) } : {}) };
  // The store's write half (it puts the rotated tokens back), loaded before the lock is taken.
  const writer = await ref.write();
  let real: string;
  try {
    real = await resolveWriteTarget(ref.path);
  } catch (e) {
    if (isAppError(e)) throw e; // another user's file: refused before the refresh token is spent
    throw new AppError('io', `Could not resolve ${ref.path}: ${(e as Error).message}`, { cause: e });
  }
  const seen = before;
  try {
    return await withLock(real, (lockLost) => refreshLocked(ref, real, seen, deps, { skew, tokenUrl: endpoints.token, lockLost, writer }), lockOpts);
  } catch (e) {
    throw scrubSecrets(e, [seen.refresh, seen.access, seen.idToken]);
  }
}

type LockedOptions = { skew: number; tokenUrl: string; lockLost: AbortSignal; writer: StoreWriter };

/** What the steps under the lock share: the grant, how to re-read it, and how to adopt what another process stored. */
interface Locked {
  ref: GrantRef;
  deps: Deps;
  o: LockedOptions;
  reread(): Promise<StoredGrant>;
  adopted(grant: StoredGrant): RefreshOutcome;
}

type Step = { kind: 'tokens'; tokens: TokenResponse } | { kind: 'adopted'; outcome: RefreshOutcome };

async function refreshLocked(ref: GrantRef, real: string, before: StoredGrant, deps: Deps, o: LockedOptions): Promise<RefreshOutcome> {
  const reread = async (): Promise<StoredGrant> => {
    const r = await readGrant(ref, real);
    if (r.kind !== 'ok') throw grantReadError(ref, r);
    return r.grant;
  };
  const adopted = (grant: StoredGrant): RefreshOutcome => ({ result: 'adopted', ref, grant });
  const l: Locked = { ref, deps, o, reread, adopted };

  // A refresh killed after writing its temp file but before the rename left
  // the rotated tokens there and a dead refresh token in the store: adopt
  // them before reading (they then count as "changed" below).
  await recoverLeftoverTemps(real, { accept: (doc) => extractGrant(ref, doc).kind === 'ok' });
  const base = await reread();
  // Another process refreshed (or signed in) while we waited for the lock: use
  // its tokens whenever they have not expired, even inside the margin — they
  // were issued a moment ago, and refreshing them again is the storm this
  // lock exists to prevent.
  if (grantChanged(before, base) && usableNow(base, deps.now())) return adopted(base);
  if (base.refresh === undefined) {
    throw new AppError('auth_needed', `${ref.label} has no refresh token, so it cannot be renewed; sign in again.`, { hint: ref.loginCommand });
  }

  const step = await requestTokens(l, base, base.refresh);
  if (step.kind === 'adopted') return step.outcome;
  return storeRotated(l, base, step.tokens);
}

/** POSTs the refresh (with retries); a permanent refusal adopts newer stored tokens if another writer put some there, else asks for a sign-in. */
async function requestTokens({ ref, deps, o, reread, adopted }: Locked, base: StoredGrant, refreshToken: string): Promise<Step> {
  const req = buildRefresh({ endpoints: { token: o.tokenUrl }, clientId: OPENAI_CLIENT_ID, refreshToken });
  let step: Step;
  try {
    step = await withRetries<Step>(
      deps,
      async () => {
        const res = await deps.fetch(req.url, { ...req.init, timeoutMs: REFRESH_TIMEOUT_MS });
        return { kind: 'tokens', tokens: await processTokenResponse(res, deps.now(), { url: req.url, expect: { grant: 'refresh_token', issuer: openaiEndpoints(deps.env).issuer, clientId: OPENAI_CLIENT_ID } }) };
      },
      {
        what: `Refreshing ${ref.label}`,
        origin: new URL(o.tokenUrl).origin,
        // A timeout after sending: the server may have rotated the token and
        // another writer may have stored the result. Look before trying again.
        afterAmbiguous: async () => {
          const cur = await reread();
          return grantChanged(base, cur) ? { done: { kind: 'adopted', outcome: adopted(cur) } } : undefined;
        },
      },
    );
  } catch (e) {
    if (e instanceof TokenEndpointError && e.kind === 'permanent') {
      const cur = await reread().catch(() => undefined);
      if (cur !== undefined && grantChanged(base, cur)) return { kind: 'adopted', outcome: adopted(cur) };
      throw new AppError('auth_needed', `The OpenAI sign-in in ${ref.label} is no longer valid (${e.oauthCode ?? `HTTP ${e.status}`}); sign in again. The stored credential was left as it was.`, {
        hint: ref.loginCommand,
        cause: e,
      });
    }
    // Other answers (a 4xx refusal, a 200 that is not a token response) are not retried; say what was being done.
    const err = isAppError(e) && !(e instanceof TokenEndpointError) && e.code === 'oauth' ? new AppError('oauth', `Refreshing ${ref.label} failed: ${e.message} The stored credential was left as it was.`, { cause: e }) : e;
    throw scrubSecrets(err, [base.refresh, base.access, base.idToken]);
  }
  return step;
}

/** Writes the new tokens back into the same store entry (unless the lock was lost and another process stored its own). */
async function storeRotated({ ref, deps, o, reread, adopted }: Locked, base: StoredGrant, tokens: TokenResponse): Promise<RefreshOutcome> {
  if (tokens.accessToken === undefined) {
    throw new AppError('oauth', `The token endpoint answered the refresh of ${ref.label} without an access token; the stored credential was left as it was.`);
  }
  const now = deps.now();
  const claims = mergedOpenAiClaims(undefined, tokens.accessToken);
  const rotated: RotatedTokens = {
    access: tokens.accessToken,
    // Always store a new refresh token; keep the old one only when none came back (codex manager.rs).
    refresh: tokens.refreshToken ?? base.refresh,
    idToken: tokens.idToken ?? base.idToken,
    expiresAt: claims.expiresAt ?? (tokens.expiresIn !== undefined ? now + tokens.expiresIn * 1000 : undefined),
  };
  // The lock went stale under us (a stalled event loop, a sleeping laptop) and
  // another process may have taken it and stored tokens of its own: look before
  // writing, and keep what is there if it changed.
  if (o.lockLost.aborted) {
    const cur = await reread();
    if (grantChanged(base, cur)) return adopted(cur);
  }
  let wrote = false;
  try {
    await updateJsonFile(
      ref.path,
      (doc) => {
        const updates = o.writer.applyRotated(doc, ref.entry, rotated, now);
        wrote = updates !== undefined;
        return updates;
      },
      { now, lockHeld: true, warn: (m) => deps.stderr.write(`auth-wizard: warning: ${m}\n`) },
    );
  } catch (e) {
    // The server has rotated: the refresh token on disk is dead now. Say so plainly.
    throw new AppError('io', `${ref.label} was refreshed, but the new tokens could not be saved (${e instanceof Error ? e.message : String(e)}); the stored refresh token is no longer valid, so sign in again.`, {
      hint: ref.loginCommand,
      cause: e,
    });
  }
  if (!wrote) throw new AppError('not_found', `${ref.label} disappeared during the refresh; nothing was saved.`, { hint: ref.loginCommand });

  const after = mergedOpenAiClaims(rotated.idToken, rotated.access);
  return {
    result: 'refreshed',
    ref,
    grant: { ...base, access: rotated.access, refresh: rotated.refresh, idToken: rotated.idToken, expiresAt: rotated.expiresAt, issuedAt: issuedAtOf(rotated.access), lastRefresh: now, accountId: base.accountId ?? after.accountId, email: after.email ?? base.email, plan: after.plan ?? base.plan },
    refreshTokenRotated: tokens.refreshToken !== undefined && tokens.refreshToken !== base.refresh,
  };
}
