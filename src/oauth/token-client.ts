// Requests to the token and revocation endpoints, as builders plus response
// processors (oauth4webapi style): the builders are pure, the processors take
// a Response, so every answer shape is testable without a server.
import { AppError } from '../errors';
import { isRecord, num, str } from '../core/guards';
import { NO_REDIRECT, refuseRedirect } from './no-redirect';
import type { OpenAIEndpoints } from './openai-endpoints';
import { serverText } from './redact';
import { type TokenExpectations, validateTokenResponse } from './token-response';

export interface TokenResponse {
  idToken?: string | undefined;
  accessToken?: string | undefined;
  refreshToken?: string | undefined;
  /** Seconds. */
  expiresIn?: number | undefined;
}

export interface HttpRequest {
  url: string;
  /** Always `redirect: 'manual'`: a 3xx is refused, never followed (no-redirect.ts). */
  init: { method: 'POST'; headers: Record<string, string>; body: string; redirect: 'manual' };
}

/** Authorization-code exchange, form-encoded (RFC 6749 §4.1.3; PKCE RFC 7636 §4.5). */
export function buildCodeExchange(o: { endpoints: Pick<OpenAIEndpoints, 'token'>; clientId: string; code: string; codeVerifier: string; redirectUri: string }): HttpRequest {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: o.code, redirect_uri: o.redirectUri, client_id: o.clientId, code_verifier: o.codeVerifier });
  return { url: o.endpoints.token, init: { method: 'POST', ...NO_REDIRECT, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: body.toString() } };
}

/** Refresh, sent as JSON the way Codex sends it (docs/providers.md §2). */
export function buildRefresh(o: { endpoints: Pick<OpenAIEndpoints, 'token'>; clientId: string; refreshToken: string }): HttpRequest {
  const body = JSON.stringify({ client_id: o.clientId, grant_type: 'refresh_token', refresh_token: o.refreshToken });
  return { url: o.endpoints.token, init: { method: 'POST', ...NO_REDIRECT, headers: { 'content-type': 'application/json', accept: 'application/json' }, body } };
}

/** Token revocation (RFC 7009), form-encoded. */
export function buildRevoke(o: { endpoints: Pick<OpenAIEndpoints, 'revoke'>; clientId: string; token: string; hint: 'refresh_token' | 'access_token' }): HttpRequest {
  const body = new URLSearchParams({ token: o.token, token_type_hint: o.hint, client_id: o.clientId });
  return { url: o.endpoints.revoke, init: { method: 'POST', ...NO_REDIRECT, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: body.toString() } };
}

/** Refresh-token errors that mean "sign in again" (codex manager.rs; RFC 6749 §5.2 invalid_grant). */
const PERMANENT = new Set(['invalid_grant', 'refresh_token_expired', 'refresh_token_reused', 'refresh_token_invalidated']);

export type TokenErrorKind = 'permanent' | 'retryable' | 'other';

/** An error answer from the token endpoint, classified for the refresh logic. */
export class TokenEndpointError extends AppError {
  readonly status: number;
  readonly oauthCode: string | undefined;
  readonly kind: TokenErrorKind;
  /** From Retry-After, in ms, when the server sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(o: { status: number; oauthCode: string | undefined; description: string | undefined; kind: TokenErrorKind; retryAfterMs?: number | undefined }) {
    const what = o.oauthCode ?? `HTTP ${o.status}`;
    const message =
      o.kind === 'permanent'
        ? `The sign-in is no longer valid (${what}); sign in again.`
        : o.kind === 'retryable'
          ? `The sign-in server is unavailable (${what}).`
          : `The sign-in server refused the request (${what}${o.description !== undefined ? `: ${o.description}` : ''}).`;
    super(o.kind === 'permanent' ? 'auth_needed' : o.kind === 'retryable' ? 'network' : 'oauth', message);
    this.status = o.status;
    this.oauthCode = o.oauthCode;
    this.kind = o.kind;
    this.retryAfterMs = o.retryAfterMs;
  }
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), capped at a minute. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const secs = Number(value);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), 60_000) : undefined;
}

// Server text is shown through serverText (redact.ts): printable ASCII with nothing
// token-shaped, so a hostile server can neither paint the terminal nor have an echoed token shown.

function errorFields(body: unknown): { code: string | undefined; description: string | undefined } {
  if (!isRecord(body)) return { code: undefined, description: undefined };
  // RFC 6749 shape {error, error_description}, or OpenAI's {error: {code, message}}.
  if (isRecord(body.error)) return { code: serverText(str(body.error.code) ?? str(body.error.type), 60), description: serverText(str(body.error.message)) };
  return { code: serverText(str(body.error), 60), description: serverText(str(body.error_description)) };
}

export interface ProcessOptions {
  /** What was asked, for messages: "token endpoint" (default) or "revocation endpoint". */
  what?: string;
  /** The request URL (a Response made in a test has none of its own). */
  url?: string;
  /** Checks a successful answer before it is trusted (token-response.ts). */
  expect?: TokenExpectations;
}

export async function processTokenResponse(res: Response, now: number, o: ProcessOptions = {}): Promise<TokenResponse> {
  refuseRedirect(res, o.what ?? 'token endpoint', o.url ?? res.url);
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const { code, description } = errorFields(body);
    const kind: TokenErrorKind = code !== undefined && PERMANENT.has(code) ? 'permanent' : res.status >= 500 || res.status === 429 ? 'retryable' : 'other';
    throw new TokenEndpointError({ status: res.status, oauthCode: code, description, kind, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now) });
  }
  // Never echo the body: it holds tokens.
  if (!isRecord(body)) throw new AppError('oauth', `The token endpoint answered HTTP ${res.status} without a JSON object.`);
  if (o.expect !== undefined) validateTokenResponse(body, o.expect, now);
  return { idToken: str(body.id_token), accessToken: str(body.access_token), refreshToken: str(body.refresh_token), expiresIn: num(body.expires_in) };
}
