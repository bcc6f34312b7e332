// The retry policy for requests to the token and revocation endpoints
// (docs/security.md "Refresh"):
// - a permanent answer (invalid_grant, refresh_token_reused/_expired/_invalidated)
//   or any other 4xx is never retried;
// - 5xx, 429 and network errors are tried at most `tries` times (3) with
//   exponential backoff and jitter, and never sooner than Retry-After says;
// - an error that may have happened after the request was sent (a timeout, a
//   reset connection) may mean the server already rotated the refresh token:
//   the caller's `afterAmbiguous` re-reads the store (under the lock) before
//   the next try, and can end the loop by adopting what it finds.
import type { Deps } from '../deps';
import { AppError, isAppError } from '../errors';
import { TokenEndpointError } from './token-client';

export const MAX_TRIES = 3;
const BASE_DELAY_MS = 500;
/** A Retry-After longer than this is not waited out while holding a credential lock. */
const MAX_WAIT_MS = 30_000;

/**
 * How a fetch failed: `before-send` (nothing reached the server: refused,
 * DNS, connect timeout), `after-send` (the request may have been processed:
 * timeouts, resets), `fatal` (retrying cannot help: TLS verification).
 * Undefined: not a network failure at all (a bug, or one of our AppErrors).
 */
export type FetchFailure = 'before-send' | 'after-send' | 'fatal';

const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
const AFTER_SEND = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED', 'UND_ERR_ABORTED']);
const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

function codesOf(e: unknown): string[] {
  const out: string[] = [];
  for (let cur = e, depth = 0; typeof cur === 'object' && cur !== null && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') out.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

export function classifyFetchError(e: unknown): FetchFailure | undefined {
  if (isAppError(e)) return undefined;
  const name = e instanceof Error ? e.name : typeof e === 'object' && e !== null ? String((e as { name?: unknown }).name) : '';
  if (name === 'TimeoutError' || name === 'AbortError') return 'after-send';
  const codes = codesOf(e);
  if (codes.some((c) => TLS.test(c))) return 'fatal';
  if (codes.some((c) => BEFORE_SEND.has(c))) return 'before-send';
  if (codes.some((c) => AFTER_SEND.has(c))) return 'after-send';
  // undici's fetch wraps every transport failure in TypeError('fetch failed').
  if (e instanceof TypeError && /fetch failed/i.test(e.message)) return 'after-send';
  return undefined;
}

/** A short, token-free sentence for a network failure. */
export function networkMessage(e: unknown, origin: string): string {
  const name = e instanceof Error ? e.name : '';
  const code = codesOf(e).find((c) => /^[A-Z_0-9]+$/.test(c));
  if (name === 'TimeoutError') return `no answer from ${origin} in time`;
  if (code !== undefined && TLS.test(code)) return `the TLS certificate of ${origin} was not accepted (${code}); behind a corporate proxy, set NODE_EXTRA_CA_CERTS`;
  return `could not reach ${origin}${code !== undefined ? ` (${code})` : ''}`;
}

const lcfirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Exponential backoff with jitter: ~500 ms, ~1 s, … each scaled into [½, 1] at random. */
export function backoffMs(attempt: number, random01: number): number {
  const base = BASE_DELAY_MS * 2 ** (attempt - 1);
  return Math.round(base / 2 + (base / 2) * random01);
}

export interface RetryOptions<T> {
  /** For messages, e.g. "Refreshing the OpenAI sign-in". */
  what: string;
  /** The server's origin, for messages (never a URL with parameters). */
  origin: string;
  tries?: number;
  /**
   * Called after a failure that may have happened after sending, before the
   * next try. Return `{ done }` to finish with that value instead of retrying.
   */
  afterAmbiguous?: () => Promise<{ done: T } | undefined>;
}

export async function withRetries<T>(deps: Pick<Deps, 'sleep' | 'randomBytes'>, attempt: (n: number) => Promise<T>, o: RetryOptions<T>): Promise<T> {
  const tries = o.tries ?? MAX_TRIES;
  let last: { reason: string; error: unknown } | undefined;
  for (let n = 1; n <= tries; n++) {
    let waitAtLeast = 0;
    try {
      return await attempt(n);
    } catch (e) {
      if (e instanceof TokenEndpointError) {
        if (e.kind !== 'retryable') throw e; // permanent or a plain refusal: never retried
        last = { reason: lcfirst(e.message.replace(/\.$/, '')), error: e };
        waitAtLeast = e.retryAfterMs ?? 0;
        if (waitAtLeast > MAX_WAIT_MS) {
          throw new AppError('network', `${o.what} failed: ${e.message.replace(/\.$/, '')}, and it asks to wait ${Math.ceil(waitAtLeast / 1000)}s. Try again later.`, { cause: e });
        }
      } else {
        const kind = classifyFetchError(e);
        if (kind === undefined) throw e;
        last = { reason: networkMessage(e, o.origin), error: e };
        if (kind === 'fatal') throw new AppError('network', `${o.what} failed: ${last.reason}.`, { cause: e });
        if (kind === 'after-send' && o.afterAmbiguous !== undefined) {
          const adopted = await o.afterAmbiguous();
          if (adopted !== undefined) return adopted.done;
        }
      }
    }
    if (n < tries) await deps.sleep(Math.max(waitAtLeast, backoffMs(n, (deps.randomBytes(1)[0] ?? 0) / 255)));
  }
  throw new AppError('network', `${o.what} failed after ${tries} tries: ${last?.reason ?? 'unknown error'}.`, { cause: last?.error });
}

// The redaction every OAuth error goes through lives in redact.ts; it is
// re-exported here for the callers that already take it from this module.
export { scrubSecrets } from './redact';
