// Requests that carry a code, a verifier or a token never follow a redirect
// (docs/security.md, "Sign-in"). fetch follows 3xx by default and re-sends the
// body on 307/308, so a redirecting (hostile or misconfigured) token endpoint
// would receive the refresh token and pass it to any origin, plain http
// included, once per retry. Every such request is sent with `redirect:
// 'manual'`, and a 3xx answer is an error of its own that is never retried.
// ('error' is not used: fetch reports it as a TypeError that reads like a
// network failure, which the retry policy would try again.)
import { AppError } from '../errors';
import { serverText } from './redact';

export const NO_REDIRECT = { redirect: 'manual' } as const satisfies RequestInit;

/** "host/path" of a request URL, for messages: never its query. */
export function endpointLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'unknown URL';
  }
}

/**
 * Throws when `res` is a redirect (or a fetch followed one anyway). Only the
 * Location's host is named: its path or query may hold something secret.
 */
export function refuseRedirect(res: Response, what: string, url: string): void {
  if (!(res.status >= 300 && res.status < 400) && !res.redirected) return;
  void res.body?.cancel().catch(() => {});
  let to = '';
  const location = res.headers.get('location');
  if (location !== null) {
    try {
      to = `, a redirect to ${serverText(new URL(location, url).host, 100) ?? 'an unnamed host'}`;
    } catch {
      to = ', a redirect';
    }
  }
  const answered = res.redirected ? 'was redirected, and its answer was not used' : `answered HTTP ${res.status}${to}. auth-wizard does not follow redirects on sign-in requests, so nothing was sent there`;
  throw new AppError('oauth', `The sign-in server's ${what} (${endpointLabel(url)}) ${answered}; check the issuer (AUTH_WIZARD_OPENAI_ISSUER) and any proxy or gateway in front of it.`);
}
