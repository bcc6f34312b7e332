// The one redaction for text built from a sign-in server's answer (exchange,
// device, refresh, revoke). A hostile or buggy server can echo what it was
// sent — the authorization code, the PKCE verifier, the refresh token — into
// its error text, and that text reaches the terminal. Two layers:
// - `serverText`: every fragment taken from an answer is made printable ASCII
//   and anything token-shaped (a JWT, a long opaque run) is replaced before it
//   is cut to length, so a cut never leaves the front half of a token;
// - `scrubSecrets`: the finished error loses every secret the caller holds
//   (and a JWT's signature part), wherever in the message it ended up.
import { printable } from '../core/terminal-safe';
import { AppError, isAppError } from '../errors';

export const REDACTED = '[redacted]';

// A JWT (its header always starts `eyJ`, base64url of `{"`), with or without its signature.
const JWT_RE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;
// A long opaque value: refresh tokens, codes and verifiers are 32+ characters of
// base64/base64url. Error codes (`refresh_token_invalidated`) and hosts stay shorter.
const OPAQUE_RE = /[A-Za-z0-9_~+-]{32,}={0,2}/g;

/** Replaces anything token-shaped in `text`. */
export function redactTokenShaped(text: string): string {
  return text.replace(JWT_RE, REDACTED).replace(OPAQUE_RE, REDACTED);
}

/**
 * A fragment of a server's answer (an error code, a description, a claim) as
 * it may be shown: printable ASCII only, nothing token-shaped, at most `max`
 * characters. Undefined when nothing is left.
 */
export function serverText(s: string | undefined, max = 200): string | undefined {
  if (s === undefined) return undefined;
  return printable(s, max, redactTokenShaped) || undefined;
}

function secretParts(secrets: ReadonlyArray<string | undefined>): string[] {
  const parts = new Set<string>();
  for (const s of secrets) {
    if (s === undefined) continue;
    for (const p of [s, encodeURIComponent(s), ...(s.split('.').length === 3 ? [s.split('.')[2]!] : [])]) if (p.length >= 8) parts.add(p);
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...parts].sort((a, b) => b.length - a.length);
}

/** `text` without any of `secrets` (each also URL-encoded, and a JWT's signature on its own). */
export function redactText(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secretParts(secrets)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * An error about to leave the OAuth layer, without any secret the caller
 * holds. Non-AppErrors pass through (they carry no server text).
 */
export function scrubSecrets(e: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (!isAppError(e)) return e;
  const message = redactText(e.message, secrets);
  const hint = e.hint === undefined ? undefined : redactText(e.hint, secrets);
  if (message === e.message && hint === e.hint) return e;
  // The cause may carry the same text: it is dropped on purpose.
  return new AppError(e.code, message, { exitCode: e.exitCode, ...(hint !== undefined ? { hint } : {}) });
}
