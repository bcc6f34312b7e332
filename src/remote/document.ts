// What `login --host` sends to `auth-wizard receive` on the other machine, on
// ssh's stdin: one JSON document, versioned and size-bounded. Both sides parse
// it with this module; anything else is refused (exit 3) before a file is
// touched. A change to the members below that an older receiver would
// misread raises GRANT_FORMAT, and both sides then refuse each other by name.
import { isRecord } from '../core/guards';
import { usageError } from '../errors';
import { OPENAI_TARGETS, type OpenAiTarget } from '../stores/targets';

export const GRANT_DOCUMENT = 'auth-wizard-grant';
export const GRANT_FORMAT = 1;
/** A grant is three JWTs of a few KiB; a document beyond this is not one of ours. */
export const GRANT_MAX_BYTES = 64 * 1024;
const PROFILE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export type GrantDocument =
  | {
      kind: 'openai-oauth';
      target: OpenAiTarget;
      profile?: string | undefined;
      force: boolean;
      tokens: { idToken?: string | undefined; accessToken: string; refreshToken?: string | undefined; expiresIn?: number | undefined };
    }
  | { kind: 'anthropic-setup-token'; profile?: string | undefined; force: boolean; token: string; expires: number };

export function encodeGrant(doc: GrantDocument): string {
  return JSON.stringify({ document: GRANT_DOCUMENT, format: GRANT_FORMAT, ...doc }) + '\n';
}

const bad = (what: string) => usageError(`receive: the document on stdin ${what}; nothing was written.`);

function optString(v: unknown, name: string, max = 16 * 1024): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '' || v.length > max) throw bad(`has a ${name} that is not a non-empty string`);
  return v;
}

function reqString(v: unknown, name: string): string {
  const s = optString(v, name);
  if (s === undefined) throw bad(`has no ${name}`);
  return s;
}

function optProfile(v: unknown): string | undefined {
  const p = optString(v, 'profile', 64);
  if (p !== undefined && !PROFILE_RE.test(p)) throw bad('has a profile name that is not letters, digits, ".", "_" or "-"');
  return p;
}

/** Parses what arrived on stdin; every refusal is a usage error (exit 3) that names what is wrong and shows no value. */
export function decodeGrant(bytes: Buffer): GrantDocument {
  if (bytes.length === 0) throw bad('is empty (receive is run by `auth-wizard login --host`, which sends the sign-in on stdin)');
  if (bytes.length > GRANT_MAX_BYTES) throw bad(`is larger than ${GRANT_MAX_BYTES / 1024} KiB`);
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw bad('is not JSON');
  }
  if (!isRecord(v) || v.document !== GRANT_DOCUMENT) throw bad(`is not an ${GRANT_DOCUMENT} document`);
  if (v.format !== GRANT_FORMAT) {
    throw usageError(`receive: the document is format ${typeof v.format === 'number' ? v.format : '?'} and this auth-wizard reads format ${GRANT_FORMAT}; nothing was written. Install the same version on both machines.`);
  }
  const force = v.force === true;
  if (v.kind === 'openai-oauth') {
    if (typeof v.target !== 'string' || !(OPENAI_TARGETS as readonly string[]).includes(v.target)) throw bad(`has a target that is not one of ${OPENAI_TARGETS.join(', ')}`);
    const t = v.tokens;
    if (!isRecord(t)) throw bad('has no tokens');
    const expiresIn = t.expiresIn;
    if (expiresIn !== undefined && expiresIn !== null && (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0)) throw bad('has an expiresIn that is not a number of seconds');
    return {
      kind: 'openai-oauth',
      target: v.target as OpenAiTarget,
      profile: optProfile(v.profile),
      force,
      tokens: { idToken: optString(t.idToken, 'id token'), accessToken: reqString(t.accessToken, 'access token'), refreshToken: optString(t.refreshToken, 'refresh token'), expiresIn: typeof expiresIn === 'number' ? expiresIn : undefined },
    };
  }
  if (v.kind === 'anthropic-setup-token') {
    if (typeof v.expires !== 'number' || !Number.isFinite(v.expires)) throw bad('has no expiry time');
    return { kind: 'anthropic-setup-token', profile: optProfile(v.profile), force, token: reqString(v.token, 'token'), expires: v.expires };
  }
  throw bad('is of a kind this auth-wizard does not know');
}

/** What `receive --check` and `receive` print: no secret, ever. */
export interface ReceiveAnswer {
  receive: number;
  version: string;
  host: string;
  /** Present after a write. */
  saved?: { target: string; entry: string; path: string; accountId?: string | undefined; email?: string | undefined; plan?: string | undefined; expiresAt?: string | undefined } | undefined;
  /** Present after --check: the target's file, which can be written. */
  checked?: { target: string; path: string } | undefined;
}

/** Reads the receiver's answer on the sending side; anything else is a sentence. */
export function parseAnswer(stdout: string): ReceiveAnswer | undefined {
  let v: unknown;
  try {
    v = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    return undefined;
  }
  if (!isRecord(v) || typeof v.receive !== 'number' || typeof v.version !== 'string' || typeof v.host !== 'string') return undefined;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const s = isRecord(v.saved) ? v.saved : undefined;
  const c = isRecord(v.checked) ? v.checked : undefined;
  return {
    receive: v.receive,
    version: v.version,
    host: v.host,
    saved: s !== undefined ? { target: str(s.target) ?? '?', entry: str(s.entry) ?? '?', path: str(s.path) ?? '?', accountId: str(s.accountId), email: str(s.email), plan: str(s.plan), expiresAt: str(s.expiresAt) } : undefined,
    checked: c !== undefined ? { target: str(c.target) ?? '?', path: str(c.path) ?? '?' } : undefined,
  };
}
