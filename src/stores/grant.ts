// One OpenAI (ChatGPT) grant in one store, seen the way token and refresh
// need it: the grant's shape, when it is due, and reading it out of a file.
// Which stores hold grants, and how each reads and writes its document, is
// each store's `grant` side and write half (types.ts); this module is the
// store-independent part.
//
// Policy (issue 3): auth-wizard refreshes the OpenAI profiles of its own store.
// A Codex or OpenCode grant is refreshed only when the user names that store
// (`--source codex|opencode`), and the result goes back into the same file, so
// the tool that owns it keeps working and no second copy of the refresh token
// (a "family" that logs itself out, docs/security.md) is ever created.
//
// Everything here is pure or read-only and light: `token` with a valid
// credential only needs this module.
import { decodeJwt, secondsToMs } from '../core/jwt';
import { str } from '../core/guards';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { AppError } from '../errors';
import { isRecord } from '../core/guards';
import { parseJson, readCredentialFile } from '../fs/read-file';
import type { GrantRead, GrantSide, StoredGrant, StoreWriter } from './types';

export type { GrantRead, OpenAiTokens, RotatedTokens, StoredGrant } from './types';

/**
 * Refresh when the access token expires within this window (clock from
 * deps.now()) — at most; a short-lived token gets a smaller one, see
 * refreshMarginMs.
 */
export const REFRESH_SKEW_MS = 5 * 60_000;
/** Without any expiry, Codex refreshes a grant last refreshed this long ago (codex manager.rs). */
const STALE_WITHOUT_EXPIRY_MS = 8 * 24 * 3600_000;

export interface GrantRef {
  /** The store's id. */
  source: string;
  /** The file as configured; may be a symlink (writes go to its real path). */
  path: string;
  /** Profile id (auth-wizard), provider key (OpenCode), or `tokens` (Codex). */
  entry: string;
  /** For messages: `auth-wizard profile openai:default (~/.config/…)`. */
  label: string;
  /** The exact command that signs this store in again. */
  loginCommand: string;
  /** How the store reads its document. */
  side: GrantSide;
  /** The store's write half (refresh writes the rotated tokens with it). */
  write: () => Promise<StoreWriter>;
}


export function withClaims(g: StoredGrant, storedExpires: number | undefined): StoredGrant {
  const claims = mergedOpenAiClaims(g.idToken, g.access);
  return {
    ...g,
    // The store's own expiry first (that is what its tool uses; 0 or another
    // non-time counts as expired, as status shows it: core/expiry.ts); else the access token's `exp`.
    expiresAt: storedExpires ?? claims.expiresAt,
    issuedAt: g.issuedAt ?? issuedAtOf(g.access),
    accountId: g.accountId ?? claims.accountId,
    email: g.email ?? claims.email,
    plan: g.plan ?? claims.plan,
  };
}

/** The access token's JWT `iat` in epoch ms, when it is a JWT that says. */
export function issuedAtOf(access: string | undefined): number | undefined {
  const d = decodeJwt(access);
  return d.ok ? secondsToMs(d.jwt.payload.iat) : undefined;
}

export function isoMs(v: unknown): number | undefined {
  const t = Date.parse(str(v) ?? '');
  return Number.isFinite(t) ? t : undefined;
}

/** The grant inside a parsed file, or why there is none. Never throws. */
export function extractGrant(r: Pick<GrantRef, 'side' | 'entry'>, doc: Record<string, unknown>): GrantRead {
  return r.side.extract(doc, r.entry);
}

/** Reads the file and the grant in it (no lock). */
export async function readGrant(r: GrantRef, path: string = r.path): Promise<GrantRead> {
  const file = await readCredentialFile(path);
  if (file.kind === 'missing') return { kind: 'missing', reason: 'the file does not exist' };
  if (file.kind === 'unreadable') return { kind: 'corrupt', reason: `${r.path} ${file.reason}` };
  const json = parseJson(file.text);
  if (!json.ok) return { kind: 'corrupt', reason: `${r.path} ${json.reason}` };
  if (!isRecord(json.value)) return { kind: 'corrupt', reason: `${r.path} is not a JSON object` };
  return extractGrant(r, json.value);
}

/** Turns a failed read into the error the user sees. */
export function grantReadError(r: GrantRef, read: Exclude<GrantRead, { kind: 'ok' }>): AppError {
  if (read.kind === 'corrupt') return new AppError('corrupt_file', `${read.reason}; auth-wizard will not touch it.`, { hint: 'auth-wizard status' });
  return new AppError(read.kind === 'missing' ? 'not_found' : 'auth_needed', `Cannot use ${r.label}: ${read.reason}.`, { hint: r.loginCommand });
}

/**
 * How long before its expiry a grant is refreshed: `maxMs` (5 minutes), but
 * never more than half the access token's own lifetime. A token that lives
 * less than the margin would otherwise count as "expiring" the moment it is
 * issued, and every call would refresh it again (8 `token` runs with
 * 2-minute tokens made 8 refreshes). With half the lifetime, a token just
 * issued is always outside its margin: each token is refreshed at most once,
 * no earlier than half-way through its life, by however many callers.
 * Lifetime = expiry − issue time: the access token's JWT `iat` (what the
 * issuer says), else the store's last refresh (written with the token, so its
 * expiry − that time is the `expires_in` it came with). Unknown → `maxMs`.
 */
export function refreshMarginMs(g: StoredGrant, maxMs = REFRESH_SKEW_MS): number {
  if (g.expiresAt === undefined) return maxMs;
  const issued = g.issuedAt ?? g.lastRefresh;
  const lifetime = issued !== undefined ? g.expiresAt - issued : NaN;
  return Number.isFinite(lifetime) && lifetime > 0 ? Math.min(maxMs, lifetime / 2) : maxMs;
}

/** Expiring within the refresh margin, or no way to tell and not refreshed for 8 days. */
export function needsRefresh(g: StoredGrant, now: number, skewMs = REFRESH_SKEW_MS): boolean {
  if (g.access === undefined) return true;
  if (g.expiresAt !== undefined) return g.expiresAt - now <= refreshMarginMs(g, skewMs);
  if (g.lastRefresh !== undefined) return now - g.lastRefresh > STALE_WITHOUT_EXPIRY_MS;
  return true;
}

/**
 * A grant another process just wrote is good to use as it is: it has an
 * access token that has not expired. Inside the lock this, not needsRefresh,
 * decides adoption — the writer refreshed a moment ago, and refreshing its
 * fresh tokens again would only rotate them once more for nothing.
 */
export function usableNow(g: StoredGrant, now: number): boolean {
  if (g.access === undefined) return false;
  if (g.expiresAt !== undefined) return g.expiresAt > now;
  return !needsRefresh(g, now);
}

/** Another writer changed the grant since `before` was read (it rotated the tokens, or signed in again). */
export function grantChanged(before: StoredGrant, now: StoredGrant): boolean {
  return before.refresh !== now.refresh || before.access !== now.access;
}
