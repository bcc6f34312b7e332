// Device-code sign-in as Codex CLI does it (`codex login --device-auth`,
// docs/providers.md §2). These endpoints are OpenAI-specific, not RFC 8628's,
// and their shape has changed before, so everything that knows it lives in
// this one module: the request builders, the lenient response parsers, and the
// polling loop (interval, +5 s on slow_down, give up at expiry or 15 minutes —
// RFC 8628 §3.5 semantics applied to Codex's endpoints).
//
// Flow: POST usercode {client_id} → {device_auth_id, user_code, interval};
// the user types user_code at {issuer}/codex/device; poll POST token
// {device_auth_id, user_code} (403/404 = still pending) → {authorization_code,
// code_challenge, code_verifier}; the caller exchanges that code at /oauth/token
// with redirect_uri {issuer}/deviceauth/callback.
import { createHash } from 'node:crypto';
import { isRecord, num, str } from '../core/guards';
import { printable } from '../core/terminal-safe';
import { AppError } from '../errors';
import { NO_REDIRECT, refuseRedirect } from './no-redirect';
import type { OpenAIEndpoints } from './openai-endpoints';
import { scrubSecrets, serverText } from './redact';

/** RFC 8628 §3.2: the default polling interval when the server names none. */
export const DEFAULT_INTERVAL_MS = 5_000;
/** RFC 8628 §3.5: slow_down adds 5 seconds to the interval, for good. */
export const SLOW_DOWN_STEP_MS = 5_000;
/** Codex gives up after 15 minutes. */
export const MAX_WAIT_MS = 15 * 60_000;
const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 60_000;

export interface DeviceCode {
  deviceAuthId: string;
  userCode: string;
  /** Where the user types the code. */
  verificationUrl: string;
  intervalMs: number;
  /** Epoch ms after which polling stops (the server's expiry or 15 minutes, whichever comes first). */
  expiresAt: number;
}

export interface DeviceGrant {
  authorizationCode: string;
  /** The PKCE verifier the server generated for this code (sent with the exchange). */
  codeVerifier: string;
}

export type PollOutcome =
  | { kind: 'pending' }
  | { kind: 'slow_down' }
  | { kind: 'approved'; grant: DeviceGrant }
  | { kind: 'expired' }
  | { kind: 'denied'; detail: string }
  | { kind: 'error'; error: AppError };

type Fetch = (url: string, init: RequestInit & { timeoutMs?: number }) => Promise<Response>;

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const BROWSER_INSTEAD = 'sign in with the browser instead (`auth-wizard login --provider openai --no-browser`)';

export function buildUserCodeRequest(endpoints: Pick<OpenAIEndpoints, 'deviceUserCode'>, clientId: string): { url: string; init: RequestInit } {
  return { url: endpoints.deviceUserCode, init: { method: 'POST', ...NO_REDIRECT, headers: JSON_HEADERS, body: JSON.stringify({ client_id: clientId }) } };
}

export function buildPollRequest(endpoints: Pick<OpenAIEndpoints, 'deviceToken'>, code: Pick<DeviceCode, 'deviceAuthId' | 'userCode'>): { url: string; init: RequestInit } {
  return { url: endpoints.deviceToken, init: { method: 'POST', ...NO_REDIRECT, headers: JSON_HEADERS, body: JSON.stringify({ device_auth_id: code.deviceAuthId, user_code: code.userCode }) } };
}

/** Seconds as a number or a numeric string ("5"); Codex's server has sent both. */
function seconds(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : num(v);
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function parseBody(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The error code of an error body: RFC 6749 `{error}` or OpenAI's `{error: {code|type}}`; shown redacted (redact.ts). */
function errorCode(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (isRecord(body.error)) return serverText(str(body.error.code) ?? str(body.error.type), 60);
  return serverText(str(body.error), 60);
}

export function parseUserCodeResponse(status: number, text: string, endpoints: Pick<OpenAIEndpoints, 'deviceVerify'>, now: number): DeviceCode {
  const body = parseBody(text);
  if (status === 404) {
    throw new AppError(
      'oauth',
      `Device-code sign-in is not available (HTTP 404): it must be turned on for the account ("device code login" in ChatGPT's security settings), or the endpoint has moved. Turn it on, or ${BROWSER_INSTEAD}.`,
    );
  }
  if (status >= 500 || status === 429) throw new AppError('network', `The sign-in server is unavailable (HTTP ${status}); try again in a moment, or ${BROWSER_INSTEAD}.`);
  if (status < 200 || status >= 300) {
    const code = errorCode(body);
    throw new AppError('oauth', `The sign-in server refused to start a device-code sign-in (${code ?? `HTTP ${status}`}); ${BROWSER_INSTEAD}.`);
  }
  if (!isRecord(body)) throw new AppError('oauth', `The device-code endpoint answered HTTP ${status} without a JSON object; ${BROWSER_INSTEAD}.`);
  const deviceAuthId = str(body.device_auth_id);
  // Seen as `user_code` and as `usercode`.
  const userCode = str(body.user_code) ?? str(body.usercode);
  if (deviceAuthId === undefined || deviceAuthId === '' || userCode === undefined || userCode === '') {
    throw new AppError('oauth', `The device-code answer lacks device_auth_id or user_code (the endpoint may have changed); ${BROWSER_INSTEAD}.`);
  }
  const interval = seconds(body.interval);
  const intervalMs = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, interval !== undefined ? interval * 1000 : DEFAULT_INTERVAL_MS));
  const expiresIn = seconds(body.expires_in);
  const expiresAtRaw = str(body.expires_at) !== undefined ? Date.parse(str(body.expires_at)!) : undefined;
  const candidates = [now + MAX_WAIT_MS];
  if (expiresIn !== undefined) candidates.push(now + expiresIn * 1000);
  if (expiresAtRaw !== undefined && Number.isFinite(expiresAtRaw)) candidates.push(expiresAtRaw);
  return { deviceAuthId, userCode: printable(userCode, 40), verificationUrl: endpoints.deviceVerify, intervalMs, expiresAt: Math.min(...candidates) };
}

export function classifyPollResponse(status: number, text: string): PollOutcome {
  const body = parseBody(text);
  const code = errorCode(body);
  if (status >= 200 && status < 300) {
    if (!isRecord(body)) return { kind: 'error', error: new AppError('oauth', `The device-code endpoint answered HTTP ${status} without a JSON object.`) };
    const authorizationCode = str(body.authorization_code);
    const codeVerifier = str(body.code_verifier);
    if (authorizationCode === undefined || authorizationCode === '' || codeVerifier === undefined || codeVerifier === '') {
      return { kind: 'error', error: new AppError('oauth', 'The device-code approval lacks authorization_code or code_verifier (the endpoint may have changed).') };
    }
    // The server made the PKCE pair; a challenge that does not match its verifier
    // would only fail later at the token endpoint, less clearly.
    const challenge = str(body.code_challenge);
    if (challenge !== undefined && createHash('sha256').update(codeVerifier, 'ascii').digest('base64url') !== challenge) {
      return { kind: 'error', error: new AppError('oauth', 'The device-code approval carries a code_verifier that does not match its code_challenge.') };
    }
    return { kind: 'approved', grant: { authorizationCode, codeVerifier } };
  }
  // RFC 8628 §3.5 error codes, whatever the status.
  if (code === 'slow_down' || status === 429) return { kind: 'slow_down' };
  if (code === 'authorization_pending') return { kind: 'pending' };
  if (code === 'expired_token' || code === 'device_code_expired') return { kind: 'expired' };
  if (code === 'access_denied') return { kind: 'denied', detail: code };
  // Codex's endpoint answers 403/404 while the user has not approved yet.
  if (status === 403 || status === 404) return { kind: 'pending' };
  if (status >= 500) return { kind: 'error', error: new AppError('network', `The sign-in server failed while waiting for approval (HTTP ${status}). Nothing was written; run the command again.`) };
  return { kind: 'error', error: new AppError('oauth', `The sign-in server stopped the device-code sign-in (${code ?? `HTTP ${status}`}). Nothing was written.`) };
}

async function send(fetch: Fetch, req: { url: string; init: RequestInit }): Promise<{ status: number; text: string }> {
  let res: Response;
  try {
    res = await fetch(req.url, { ...req.init, timeoutMs: 30_000 });
  } catch (e) {
    throw new AppError('network', `Could not reach the sign-in server (${new URL(req.url).host}): ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
  refuseRedirect(res, 'device-code endpoint', req.url);
  return { status: res.status, text: await res.text().catch(() => '') };
}

export async function requestDeviceCode(o: { fetch: Fetch; endpoints: OpenAIEndpoints; clientId: string; now: () => number }): Promise<DeviceCode> {
  const { status, text } = await send(o.fetch, buildUserCodeRequest(o.endpoints, o.clientId));
  return parseUserCodeResponse(status, text, o.endpoints, o.now());
}

export interface PollOptions {
  fetch: Fetch;
  endpoints: OpenAIEndpoints;
  device: DeviceCode;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal | undefined;
  /** Told each time the interval grows after slow_down. */
  onSlowDown?: ((intervalMs: number) => void) | undefined;
}

/** Polls until approved; every other outcome (expiry, denial, any error) ends it with an AppError. */
export async function pollDeviceAuthorization(o: PollOptions): Promise<DeviceGrant> {
  try {
    return await poll(o);
  } catch (e) {
    // device_auth_id (with the user code) is what fetches the authorization code.
    throw scrubSecrets(e, [o.device.deviceAuthId]);
  }
}

async function poll(o: PollOptions): Promise<DeviceGrant> {
  let interval = o.device.intervalMs;
  const expired = () =>
    new AppError('network', `The device code expired before it was approved (${Math.round((o.device.expiresAt - startedAt) / 60_000) || 1} min). Nothing was written; run the command again for a new code.`);
  const startedAt = o.now();
  for (;;) {
    // Wait first: the user cannot have typed the code yet (RFC 8628 §3.4).
    if (o.now() + interval > o.device.expiresAt) throw expired();
    await o.sleep(interval);
    if (o.signal?.aborted) throw new AppError('cancelled', 'The device-code sign-in was cancelled.');
    const { status, text } = await send(o.fetch, buildPollRequest(o.endpoints, o.device));
    const outcome = classifyPollResponse(status, text);
    switch (outcome.kind) {
      case 'approved':
        return outcome.grant;
      case 'pending':
        continue;
      case 'slow_down':
        interval = Math.min(MAX_INTERVAL_MS * 2, interval + SLOW_DOWN_STEP_MS);
        o.onSlowDown?.(interval);
        continue;
      case 'expired':
        throw expired();
      case 'denied':
        throw new AppError('oauth', 'The device-code sign-in was refused (access_denied). Nothing was written.');
      case 'error':
        throw outcome.error;
    }
  }
}
