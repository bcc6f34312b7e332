// Parses what the user pastes when the browser cannot reach our loopback
// listener (--no-browser, remote shells): the redirect URL from the address bar,
// its query string, or `code#state`. The state is always checked — a paste
// without one is refused, never waved through (docs/security.md, Sign-in).
import { AppError } from '../errors.js';
import { checkCallbackParams } from './callback-params.js';

const HOW =
  'Paste the whole address from the browser (http://localhost:1455/auth/callback?code=…&state=…), or code#state.';

/** What a bare authorization code plausibly looks like (opaque, URL-safe, not a sentence). */
const BARE_CODE_RE = /^[A-Za-z0-9._~+/=-]{10,}$/;

export function parsePastedRedirect(input: string, expectedState: string): { code: string } {
  return checkCallbackParams(pastedResponseParams(input), expectedState);
}

/**
 * The response parameters in a paste, not yet checked: for finding which
 * pending sign-in (`login --complete`) it answers. Always follow with
 * parsePastedRedirect / checkCallbackParams before using the code.
 */
export function pastedResponseParams(input: string): URLSearchParams {
  return toParams(input.trim().replace(/^[\s'"`<>]+|[\s'"`<>]+$/g, ''));
}

function toParams(text: string): URLSearchParams {
  if (text === '') throw new AppError('usage', `Nothing was pasted. ${HOW}`);
  if (/\s/.test(text)) throw junk();

  // A full URL, any host: the browser shows http://localhost:1455/… even when nothing listened there.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw junk();
    }
    if (hasResponse(url.searchParams)) return url.searchParams;
    // response_mode=fragment puts the response after `#` (OAuth 2.0 Multiple Response Type Encoding §5).
    const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
    if (hasResponse(fragment)) return fragment;
    throw junk();
  }

  // A query string, with or without `?`, or a path with one (`/auth/callback?code=…`).
  if (text.includes('=')) {
    const q = text.includes('?') ? text.slice(text.indexOf('?') + 1) : text.replace(/^#/, '');
    const params = new URLSearchParams(q.split('#')[0] ?? '');
    if (hasResponse(params)) return params;
    throw junk();
  }

  // `code#state`, the form some CLIs print for copy and paste.
  if (text.includes('#')) {
    const parts = text.split('#');
    const [code, state] = parts;
    if (parts.length !== 2 || code === undefined || state === undefined || code === '' || state === '') throw junk();
    return new URLSearchParams({ code, state });
  }

  // A bare code: refused for lack of a state rather than accepted unchecked.
  if (BARE_CODE_RE.test(text)) return new URLSearchParams({ code: text });
  throw junk();
}

function hasResponse(params: URLSearchParams): boolean {
  return params.has('code') || params.has('error');
}

function junk(): AppError {
  return new AppError('usage', `That does not look like a sign-in redirect. ${HOW}`);
}
