// JWT decoding for display only. Signatures are not checked here (doctor --live
// does that with jose against the issuer's JWKS); callers label claims
// "unverified". Never throws: a non-JWT yields a typed failure.
import { isRecord, num } from './guards';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** Length of the signature segment; the signature itself is never kept. */
  signatureLength: number;
}

export type JwtResult = { ok: true; jwt: DecodedJwt } | { ok: false; reason: string };

function decodeSegment(seg: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(seg)) return undefined;
  try {
    // toString() is UTF-8 already; naming the encoding sends every call through Node's encoding lookup.
    const value: unknown = JSON.parse(Buffer.from(seg, 'base64url').toString());
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Tokens over this size are not JWTs we can show; refuse rather than decode megabytes. */
const MAX_JWT_LENGTH = 64 * 1024;

/**
 * Discovery looks at each token twice (is it a JWT? what does it claim?); the
 * answers for the tokens of one run are kept rather than decoded again.
 */
const decoded = new Map<string, JwtResult>();

export function decodeJwt(token: unknown): JwtResult {
  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'not a string' };
  const known = decoded.get(token);
  if (known !== undefined) return known;
  const result = decodeUncached(token);
  if (decoded.size < 64) decoded.set(token, result);
  return result;
}

function decodeUncached(token: string): JwtResult {
  if (token.length > MAX_JWT_LENGTH) return { ok: false, reason: 'too long to be a JWT' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT (expected three dot-separated parts)' };
  const header = decodeSegment(parts[0] ?? '');
  const payload = decodeSegment(parts[1] ?? '');
  if (header === undefined) return { ok: false, reason: 'JWT header is not base64url JSON' };
  if (payload === undefined) return { ok: false, reason: 'JWT payload is not base64url JSON' };
  return { ok: true, jwt: { header, payload, signatureLength: (parts[2] ?? '').length } };
}

/** JWT NumericDate (seconds) to epoch milliseconds. */
export function secondsToMs(v: unknown): number | undefined {
  const n = num(v);
  return n === undefined ? undefined : n * 1000;
}
