// One OpenAI (ChatGPT) grant in one store, seen the way refresh needs it: where
// it lives, how to read its tokens out of the file's JSON, and how to put
// rotated tokens back without disturbing anything else in the file.
//
// Policy (issue 3): auth-wizard refreshes the OpenAI profiles of its own store.
// A Codex or OpenCode grant is refreshed only when the user names that store
// (`--source codex|opencode`), and the result goes back into the same file, so
// the tool that owns it keeps working and no second copy of the refresh token
// (a "family" that logs itself out, protocols.md §5) is ever created.
//
// Everything here is pure or read-only and light: `token` with a valid
// credential only needs this module.
import { decodeJwt, secondsToMs } from '../core/jwt';
import { isRecord, str } from '../core/guards';
import { expiryMs } from '../core/expiry';
import { shellQuote } from '../core/shell-quote';
import { AppError, usageError } from '../errors';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { codexAuthFile, opencodeAuthFile, type PathEnv, tildify } from '../fs/paths';
import { findProfile, profilesInOrder, readProfileStore } from './profile-select';
import { parseJson, readCredentialFile } from '../fs/read-file';

export const OPENAI_GRANT_SOURCES = ['auth-wizard', 'codex', 'opencode'] as const;
export type OpenAiGrantSource = (typeof OPENAI_GRANT_SOURCES)[number];

/**
 * Refresh when the access token expires within this window (clock from
 * deps.now()) — at most; a short-lived token gets a smaller one, see
 * refreshMarginMs.
 */
export const REFRESH_SKEW_MS = 5 * 60_000;
/** Without any expiry, Codex refreshes a grant last refreshed this long ago (codex manager.rs). */
const STALE_WITHOUT_EXPIRY_MS = 8 * 24 * 3600_000;

export interface GrantRef {
  source: OpenAiGrantSource;
  /** The file as configured; may be a symlink (writes go to its real path). */
  path: string;
  /** Profile id (auth-wizard), provider key (OpenCode), or `tokens` (Codex). */
  entry: string;
  /** For messages: `auth-wizard profile openai:default (~/.config/…)`. */
  label: string;
  /** The exact command that signs this store in again. */
  loginCommand: string;
}

export interface StoredGrant {
  access?: string | undefined;
  refresh?: string | undefined;
  idToken?: string | undefined;
  /** Epoch ms; undefined when neither the store nor the access token says. */
  expiresAt?: number | undefined;
  lastRefresh?: number | undefined;
  /** Epoch ms the access token was issued (its JWT `iat`), when it says. */
  issuedAt?: number | undefined;
  accountId?: string | undefined;
  email?: string | undefined;
  plan?: string | undefined;
}

export type GrantRead =
  | { kind: 'ok'; grant: StoredGrant }
  | { kind: 'missing'; reason: string }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'unusable'; reason: string };

function ref(p: PathEnv, source: OpenAiGrantSource, path: string, entry: string): GrantRef {
  const where = tildify(path, p.home);
  switch (source) {
    case 'auth-wizard': {
      const name = entry.startsWith('openai:') ? entry.slice('openai:'.length) : entry;
      return { source, path, entry, label: `auth-wizard profile ${entry} (${where})`, loginCommand: `auth-wizard login --provider openai --target auth-wizard --profile ${shellQuote(name)}` };
    }
    case 'codex':
      return { source, path, entry, label: `Codex's sign-in (${where})`, loginCommand: 'auth-wizard login --provider openai --target codex' };
    case 'opencode':
      return { source, path, entry, label: `OpenCode's "${entry}" entry (${where})`, loginCommand: 'auth-wizard login --provider openai --target opencode' };
  }
}

/**
 * Which grant `token`/`refresh` act on. Without --source: auth-wizard's own
 * store, the named profile or else the first OpenAI OAuth profile in the
 * store's order. Codex/OpenCode only when named.
 */
export async function resolveOpenAiGrant(p: PathEnv, o: { source?: string | undefined; profile?: string | undefined }): Promise<GrantRef> {
  const source = o.source ?? 'auth-wizard';
  if (source === 'codex' || source === 'opencode') {
    if (o.profile !== undefined) throw usageError(`--profile names a profile in auth-wizard's own store; it cannot be combined with --source ${source}.`);
    // Paths from paths.ts, not the writers: this module must not load proper-lockfile.
    return source === 'codex' ? ref(p, 'codex', codexAuthFile(p), 'tokens') : ref(p, 'opencode', opencodeAuthFile(p), 'openai');
  }
  if (source !== 'auth-wizard') {
    throw usageError(`auth-wizard refreshes OpenAI sign-ins in its own store, or in Codex's or OpenCode's file when you name it (--source codex|opencode); not in "${source}".`);
  }
  const store = await readProfileStore(p);
  if (o.profile !== undefined) {
    const c = findProfile(store, 'openai', o.profile);
    if (c.kind !== 'oauth') throw new AppError('not_found', `auth-wizard profile ${c.entry} is ${c.kind === 'api_key' ? 'an API key' : 'not a ChatGPT sign-in'}; it has no access token to refresh.`);
    return ref(p, 'auth-wizard', store.path, c.entry!);
  }
  const c = profilesInOrder(store, 'openai').find((x) => x.kind === 'oauth');
  if (c === undefined) {
    throw new AppError('not_found', `auth-wizard's store (${tildify(store.path, p.home)}) has no OpenAI sign-in. To use the one Codex or OpenCode keeps, name it with --source codex or --source opencode.`, {
      hint: 'auth-wizard login --provider openai --target auth-wizard',
    });
  }
  return ref(p, 'auth-wizard', store.path, c.entry!);
}

function withClaims(g: StoredGrant, storedExpires: number | undefined): StoredGrant {
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

function isoMs(v: unknown): number | undefined {
  const t = Date.parse(str(v) ?? '');
  return Number.isFinite(t) ? t : undefined;
}

/** The grant inside a parsed file, or why there is none. Never throws. */
export function extractGrant(r: Pick<GrantRef, 'source' | 'entry'>, doc: Record<string, unknown>): GrantRead {
  switch (r.source) {
    case 'codex': {
      const mode = str(doc.auth_mode)?.toLowerCase();
      if (mode === 'apikey' || mode === 'api_key' || (mode === undefined && str(doc.OPENAI_API_KEY) !== undefined)) {
        return { kind: 'unusable', reason: 'Codex is set up with an API key, not a ChatGPT sign-in: there is nothing to refresh' };
      }
      const t = doc.tokens;
      if (!isRecord(t) || (str(t.access_token) === undefined && str(t.refresh_token) === undefined)) return { kind: 'missing', reason: 'it holds no ChatGPT tokens' };
      return { kind: 'ok', grant: withClaims({ access: str(t.access_token), refresh: str(t.refresh_token), idToken: str(t.id_token), accountId: str(t.account_id), lastRefresh: isoMs(doc.last_refresh) }, undefined) };
    }
    case 'opencode': {
      const e = doc[r.entry];
      if (e === undefined) return { kind: 'missing', reason: 'there is no such entry' };
      if (!isRecord(e) || str(e.type) !== 'oauth') return { kind: 'unusable', reason: `OpenCode's "${r.entry}" entry is not a ChatGPT sign-in` };
      return { kind: 'ok', grant: withClaims({ access: str(e.access), refresh: str(e.refresh), accountId: str(e.accountId) }, expiryMs(e.expires)) };
    }
    case 'auth-wizard': {
      const profiles = doc.profiles;
      const e = isRecord(profiles) ? profiles[r.entry] : undefined;
      if (e === undefined) return { kind: 'missing', reason: 'the profile is gone' };
      if (!isRecord(e) || str(e.type) !== 'oauth') return { kind: 'unusable', reason: `the profile ${r.entry} is not a ChatGPT sign-in` };
      return {
        kind: 'ok',
        grant: withClaims({ access: str(e.access), refresh: str(e.refresh), idToken: str(e.idToken), accountId: str(e.accountId), email: str(e.email), plan: str(e.plan), lastRefresh: isoMs(e.lastRefresh) }, expiryMs(e.expires)),
      };
    }
  }
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

/** What a successful refresh leaves in the store. */
export interface RotatedTokens {
  access: string;
  refresh: string | undefined;
  idToken: string | undefined;
  expiresAt: number | undefined;
}

/**
 * The top-level members to rewrite so the grant holds `t`; every other member
 * (and every unknown field inside the entry) is kept. Undefined when the entry
 * is no longer there.
 */
export function applyRotated(r: Pick<GrantRef, 'source' | 'entry'>, doc: Record<string, unknown>, t: RotatedTokens, now: number): Record<string, unknown> | undefined {
  const claims = mergedOpenAiClaims(t.idToken, t.access);
  const clean = (o: Record<string, unknown>) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>; // drops undefined members
  switch (r.source) {
    case 'codex': {
      const old = isRecord(doc.tokens) ? doc.tokens : undefined;
      if (old === undefined) return undefined;
      // Codex requires id_token, access_token and refresh_token (docs/interop.md §3).
      return {
        tokens: clean({ ...old, id_token: t.idToken ?? old.id_token, access_token: t.access, refresh_token: t.refresh ?? old.refresh_token, account_id: str(old.account_id) ?? claims.accountId ?? null }),
        last_refresh: new Date(now).toISOString(),
      };
    }
    case 'opencode': {
      const old = doc[r.entry];
      if (!isRecord(old)) return undefined;
      // OpenCode's schema requires a numeric `expires`; OpenAI always sends expires_in, so the fallback is theoretical.
      return { [r.entry]: clean({ ...old, type: 'oauth', access: t.access, refresh: t.refresh ?? old.refresh, expires: t.expiresAt ?? now + 3600_000, accountId: str(old.accountId) ?? claims.accountId }) };
    }
    case 'auth-wizard': {
      const profiles = isRecord(doc.profiles) ? doc.profiles : undefined;
      const old = profiles?.[r.entry];
      if (profiles === undefined || !isRecord(old)) return undefined;
      const next = clean({
        ...old,
        access: t.access,
        refresh: t.refresh ?? old.refresh,
        idToken: t.idToken ?? old.idToken,
        expires: t.expiresAt,
        accountId: claims.accountId ?? old.accountId,
        email: claims.email ?? old.email,
        plan: claims.plan ?? old.plan,
        lastRefresh: new Date(now).toISOString(),
      });
      return { profiles: { ...profiles, [r.entry]: next } };
    }
  }
}
