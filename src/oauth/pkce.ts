// PKCE (RFC 7636) and the OAuth `state` nonce. Randomness is injected
// (Deps.randomBytes) so tests can pin it; nothing is generated at import time.
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';

/** Random bytes behind each verifier and state: 256 bits, above RFC 7636 §7.1's and RFC 9700 §4.7's 128-bit floor. */
const ENTROPY_BYTES = 32;

/** RFC 7636 §4.1: code_verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~". */
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;

export type RandomBytes = (n: number) => Uint8Array;

export function isValidVerifier(verifier: string): boolean {
  return VERIFIER_RE.test(verifier);
}

/** A fresh code_verifier: 32 random bytes as unpadded base64url = 43 characters (RFC 7636 §4.1). */
export function createVerifier(randomBytes: RandomBytes): string {
  const verifier = randomToken(randomBytes);
  assertVerifier(verifier);
  return verifier;
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), the S256 method (RFC 7636 §4.2). We never use `plain`. */
export function challengeFor(verifier: string): string {
  assertVerifier(verifier);
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh `state` for one sign-in attempt (CSRF protection, RFC 6749 §10.12, RFC 9700 §2.1). */
export function createState(randomBytes: RandomBytes): string {
  return randomToken(randomBytes);
}

function randomToken(randomBytes: RandomBytes): string {
  const bytes = randomBytes(ENTROPY_BYTES);
  // An injected source that hands back fewer bytes would silently weaken every nonce.
  if (bytes.length !== ENTROPY_BYTES) {
    throw new AppError('internal', `The random source returned ${bytes.length} bytes instead of ${ENTROPY_BYTES}.`);
  }
  // Node's base64url is the unpadded alphabet of RFC 4648 §5, as RFC 7636 Appendix A requires.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

function assertVerifier(verifier: string): void {
  if (!isValidVerifier(verifier)) {
    throw new AppError('internal', 'A PKCE code_verifier must be 43–128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).');
  }
}
