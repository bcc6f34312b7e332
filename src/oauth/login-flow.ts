// The OpenAI sign-in, orchestrated: prepare PKCE + state + authorize URL, then
// wait for the code from whichever way delivers it first — the loopback
// listener (browser on this machine, or `ssh -L`) or a pasted redirect — and
// withdraw the other; then exchange the code. No terminal I/O here: the
// command supplies the paste source and the messages (src/commands/login.ts).
import { AppError, isAppError } from '../errors';
import type { OpenAiTokens } from '../stores/sign-in';
import { buildAuthorizeUrl } from './authorize-url';
import { startCallbackServer, type CallbackServer } from './callback-server';
import { type OpenAIEndpoints, OPENAI_CLIENT_ID, OPENAI_SCOPE, ORIGINATOR } from './openai-endpoints';
import { challengeFor, createState, createVerifier, type RandomBytes } from './pkce';
import { scrubSecrets } from './redact';
import { buildCodeExchange, processTokenResponse, TokenEndpointError } from './token-client';

/** How long a sign-in waits when --timeout is not given, in minutes. */
export const DEFAULT_SIGN_IN_TIMEOUT_MIN = 10;
export const DEFAULT_SIGN_IN_TIMEOUT_MS = DEFAULT_SIGN_IN_TIMEOUT_MIN * 60_000;

export interface Authorization {
  verifier: string;
  state: string;
  redirectUri: string;
  /** The authorize URL to open; carries the state and the S256 challenge, never the verifier. */
  url: string;
}

/** A fresh attempt: new verifier and state every time (RFC 7636 §4.1, RFC 9700 §2.1). */
export function prepareAuthorization(o: { endpoints: Pick<OpenAIEndpoints, 'authorize'>; redirectUri: string; randomBytes: RandomBytes }): Authorization {
  const verifier = createVerifier(o.randomBytes);
  const state = createState(o.randomBytes);
  const url = buildAuthorizeUrl({
    endpoints: o.endpoints,
    clientId: OPENAI_CLIENT_ID,
    redirectUri: o.redirectUri,
    scope: OPENAI_SCOPE,
    state,
    codeChallenge: challengeFor(verifier),
    originator: ORIGINATOR,
  });
  return { verifier, state, redirectUri: o.redirectUri, url };
}

/**
 * A pasted answer. Resolves with the code once a valid paste arrived, with
 * undefined when no paste will ever come (stdin ended), and rejects with an
 * AppError when the paste was refused for good or the question was withdrawn.
 */
export type PasteSource = (signal: AbortSignal) => Promise<{ code: string } | undefined>;

export interface WaitOptions {
  auth: Authorization;
  /** Listen on the loopback redirect; undefined = paste only (`--method paste`). */
  listen?: { port: number; bindAttempts?: number; bindRetryDelayMs?: number } | undefined;
  paste?: PasteSource | undefined;
  timeoutMs: number;
  /** The listener could not bind; the wait goes on with the paste alone. */
  onListenFailed?: ((error: AppError) => void) | undefined;
  onListening?: ((server: Pick<CallbackServer, 'port' | 'addresses'>) => void) | undefined;
  /** Another sign-in sent GET /cancel to our listener. */
  onCancelRequest?: (() => void) | undefined;
  /** Called once the listener is up (or failed): the moment to open the browser. */
  onReady?: (() => void | Promise<void>) | undefined;
}

export type CodeSource = 'callback' | 'paste';

const NOTHING = 'Nothing was written.';

function minutes(ms: number): string {
  const m = ms / 60_000;
  if (m >= 1 && Number.isInteger(m)) return `${m} minute${m === 1 ? '' : 's'}`;
  return `${Math.round(ms / 100) / 10} seconds`;
}

/** Waits for the first valid answer; the other way is withdrawn (AbortSignal) and the listener closed before returning. */
export async function waitForCode(o: WaitOptions): Promise<{ code: string; via: CodeSource }> {
  const controller = new AbortController();
  const timeoutError = new AppError(
    'network',
    `Timed out after ${minutes(o.timeoutMs)} waiting for the sign-in to finish. ${NOTHING} Run the command again (--timeout sets the wait in minutes).`,
  );
  let server: CallbackServer | undefined;
  let listenError: AppError | undefined;
  if (o.listen !== undefined) {
    try {
      server = await startCallbackServer({
        redirectUri: o.auth.redirectUri,
        expectedState: o.auth.state,
        // Our own timer below speaks first, with one message for both ways.
        timeoutMs: o.timeoutMs + 5_000,
        signal: controller.signal,
        port: o.listen.port,
        ...(o.listen.bindAttempts !== undefined ? { bindAttempts: o.listen.bindAttempts } : {}),
        ...(o.listen.bindRetryDelayMs !== undefined ? { bindRetryDelayMs: o.listen.bindRetryDelayMs } : {}),
        ...(o.onCancelRequest !== undefined ? { onCancelRequest: o.onCancelRequest } : {}),
      });
      o.onListening?.(server);
    } catch (e) {
      if (!isAppError(e) || o.paste === undefined) throw e;
      listenError = e;
      o.onListenFailed?.(e);
    }
  }
  if (server === undefined && o.paste === undefined) throw new AppError('internal', 'A sign-in needs a listener or a paste prompt.');
  try {
    await o.onReady?.();
  } catch (e) {
    await server?.close();
    throw e;
  }

  const timer = setTimeout(() => controller.abort(timeoutError), o.timeoutMs);
  try {
    return await new Promise<{ code: string; via: CodeSource }>((resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(isAppError(controller.signal.reason) ? controller.signal.reason : timeoutError), { once: true });
      server?.result.then((r) => resolve({ code: r.code, via: 'callback' }), reject);
      o.paste?.(controller.signal).then(
        (r) => {
          if (r !== undefined) resolve({ code: r.code, via: 'paste' });
          // No paste is coming: only the listener is left; without one, nothing can succeed.
          else if (server === undefined) reject(listenError ?? new AppError('usage', `Nothing was pasted. ${NOTHING}`));
        },
        reject,
      );
    });
  } finally {
    clearTimeout(timer);
    // Withdraw the loser (prompt or stdin read) and close the listener now.
    if (!controller.signal.aborted) controller.abort(new AppError('cancelled', 'The sign-in already finished another way.'));
    await server?.close();
  }
}

type Fetch = (url: string, init: RequestInit & { timeoutMs?: number }) => Promise<Response>;

/**
 * The authorization-code exchange (RFC 6749 §4.1.3 + PKCE). Never retried: a
 * code is single-use, a second try could only fail or, worse, race. Errors are
 * AppErrors whose messages never carry the code or a token.
 */
export async function exchangeCode(o: { fetch: Fetch; now: () => number; endpoints: Pick<OpenAIEndpoints, 'token' | 'issuer'>; code: string; verifier: string; redirectUri: string }): Promise<OpenAiTokens> {
  const issuer = o.endpoints.issuer;
  const req = buildCodeExchange({ endpoints: o.endpoints, clientId: OPENAI_CLIENT_ID, code: o.code, codeVerifier: o.verifier, redirectUri: o.redirectUri });
  let res: Response;
  try {
    res = await o.fetch(req.url, { ...req.init, timeoutMs: 30_000 });
  } catch (e) {
    const why = e instanceof Error ? (e.name === 'TimeoutError' || e.name === 'AbortError' ? 'no answer within 30 seconds' : e.message) : String(e);
    throw scrubSecrets(new AppError('network', `Could not reach the sign-in server (${new URL(req.url).host}): ${why}. ${NOTHING} Check the network (HTTPS_PROXY?) and sign in again.`, { cause: e }), [o.code, o.verifier]);
  }
  let tokens;
  try {
    tokens = await processTokenResponse(res, o.now(), { url: req.url, expect: { grant: 'authorization_code', issuer, clientId: OPENAI_CLIENT_ID } });
  } catch (e) {
    // The server's words may echo the code or the verifier it was sent.
    const err = e instanceof TokenEndpointError ? exchangeError(e) : isAppError(e) && e.code === 'oauth' ? new AppError('oauth', `${e.message} ${NOTHING}`) : e;
    throw scrubSecrets(err, [o.code, o.verifier]);
  }
  if (tokens.accessToken === undefined || tokens.accessToken === '') throw new AppError('oauth', `The sign-in server's answer has no access_token. ${NOTHING}`);
  if (tokens.refreshToken === undefined || tokens.refreshToken === '') {
    throw new AppError('oauth', `The sign-in server's answer has no refresh_token (was offline_access granted?). ${NOTHING}`);
  }
  return { idToken: tokens.idToken, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn };
}

function exchangeError(e: TokenEndpointError): AppError {
  const what = e.oauthCode ?? `HTTP ${e.status}`;
  if (e.kind === 'retryable') {
    return new AppError('network', `The sign-in server is unavailable (${what}). ${NOTHING} Try again in a moment.`, { cause: e });
  }
  if (e.kind === 'permanent') {
    return new AppError('oauth', `The sign-in server did not accept the authorization code (${what}): it expired, was already used, or belongs to another attempt. ${NOTHING} Sign in again.`, { cause: e });
  }
  return new AppError('oauth', `${e.message} ${NOTHING}`, { cause: e });
}
