// The one check of an authorization response (RFC 6749 §4.1.2), shared by the
// loopback callback server and the pasted-redirect parser, so both reject the
// same things in the same words.
import { createHash, timingSafeEqual } from 'node:crypto';
import { printable } from '../core/terminal-safe.js';
import { AppError } from '../errors.js';

const NOTHING_USED = 'Its code was not sent anywhere and nothing was written.';

/**
 * Constant-time comparison of two states. Hashing first gives timingSafeEqual
 * equal-length buffers whatever was received, so not even the length leaks.
 */
export function statesMatch(expected: string, received: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(received, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Validates the parameters of an authorization response against the state this
 * attempt sent and returns the code. Order matters:
 * 1. a response must carry `code` or `error`, each parameter at most once;
 * 2. the state must be present and equal — before anything else is believed,
 *    including `error` (RFC 6749 §10.12, RFC 9700 §4.7: a forged `error=` must
 *    not end a sign-in);
 * 3. then `error` ends the attempt with the server's own words, or `code` is returned.
 * Messages never contain the code or either state.
 */
export function checkCallbackParams(params: URLSearchParams, expectedState: string): { code: string } {
  if (expectedState === '') throw new AppError('internal', 'No state was recorded for this sign-in attempt.');

  for (const name of ['code', 'state', 'error', 'error_description']) {
    // RFC 6749 §3.1: parameters must not be repeated; a repeated one is ambiguous.
    if (params.getAll(name).length > 1) {
      throw new AppError('usage', `The sign-in response repeats the "${name}" parameter, so it was not used. ${NOTHING_USED}`);
    }
  }
  const code = params.get('code');
  const error = params.get('error');
  if (code === null && error === null) {
    throw new AppError('usage', 'The sign-in response has neither a code nor an error.');
  }

  const state = params.get('state');
  if (state === null || state === '') {
    throw new AppError(
      'state_mismatch',
      `The sign-in response has no state, so it cannot be matched to this sign-in attempt. ${NOTHING_USED}`,
    );
  }
  if (!statesMatch(expectedState, state)) {
    throw new AppError(
      'state_mismatch',
      `The sign-in response belongs to a different sign-in attempt (its state does not match; it may come from an older browser tab, or be forged). ${NOTHING_USED}`,
    );
  }

  if (error !== null) {
    const description = params.get('error_description');
    const detail = description === null || description === '' ? '' : ` (${printable(description)})`;
    throw new AppError('oauth', `The sign-in was refused: ${printable(error) || 'unknown error'}${detail}`);
  }
  if (code === null || code === '') throw new AppError('usage', 'The sign-in response has an empty code.');
  return { code };
}
