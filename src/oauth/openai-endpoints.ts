// The one place OpenAI's sign-in endpoints and client constants live
// (values from openai/codex codex-rs/login, see docs/providers.md §2).
// AUTH_WIZARD_OPENAI_ISSUER points everything at another issuer, e.g. a local
// test provider; the env is passed in, never read from process.env here.
import { AppError } from '../errors.js';

/** Codex CLI's public client (no secret: a native app cannot keep one, RFC 8252 §8.5). */
export const OPENAI_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
/** The loopback port of the redirect Codex's client registered (the real issuer accepts no other). */
export const OPENAI_CALLBACK_PORT = 1455;
const redirectUriFor = (port: number) => `http://localhost:${port}/auth/callback`;
/** Registered with the provider byte-for-byte; the token request must repeat it exactly (RFC 6749 §4.1.3). */
export const OPENAI_REDIRECT_URI = redirectUriFor(OPENAI_CALLBACK_PORT);
export const OPENAI_SCOPE = 'openid profile email offline_access';

export interface CallbackAddress {
  port: number;
  redirectUri: string;
}

/**
 * The loopback redirect a sign-in listens on. The string must be exactly the
 * one OpenAI registered; AUTH_WIZARD_CALLBACK_PORT moves it for tests and for
 * a test issuer that registered another port.
 */
export function callbackAddress(env: Readonly<Record<string, string | undefined>>): CallbackAddress {
  const raw = env.AUTH_WIZARD_CALLBACK_PORT?.trim();
  if (raw === undefined || raw === '') return { port: OPENAI_CALLBACK_PORT, redirectUri: OPENAI_REDIRECT_URI };
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new AppError('usage', `AUTH_WIZARD_CALLBACK_PORT must be a port number (1-65535); got "${raw}".`);
  return { port, redirectUri: redirectUriFor(port) };
}
/** Sent as `originator`; Codex sends `codex_cli_rs`. */
export const ORIGINATOR = 'auth_wizard';

export const DEFAULT_OPENAI_ISSUER = 'https://auth.openai.com';

export interface OpenAIEndpoints {
  issuer: string;
  authorize: string;
  token: string;
  revoke: string;
  jwks: string;
  /** Device sign-in (unconfirmed, Codex-specific): request a user code. */
  deviceUserCode: string;
  /** Device sign-in: poll for the authorization code. */
  deviceToken: string;
  /** Device sign-in: the page where the user types the code. */
  deviceVerify: string;
  /** Device sign-in: the redirect_uri to send with the code exchange. */
  deviceRedirectUri: string;
}

export function openaiEndpoints(env: Readonly<Record<string, string | undefined>>): OpenAIEndpoints {
  const issuer = issuerFrom(env.AUTH_WIZARD_OPENAI_ISSUER);
  return {
    issuer,
    authorize: `${issuer}/oauth/authorize`,
    token: `${issuer}/oauth/token`,
    revoke: `${issuer}/oauth/revoke`,
    jwks: `${issuer}/.well-known/jwks.json`,
    deviceUserCode: `${issuer}/api/accounts/deviceauth/usercode`,
    deviceToken: `${issuer}/api/accounts/deviceauth/token`,
    deviceVerify: `${issuer}/codex/device`,
    deviceRedirectUri: `${issuer}/deviceauth/callback`,
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function issuerFrom(raw: string | undefined): string {
  const value = raw?.trim() ?? '';
  if (value === '') return DEFAULT_OPENAI_ISSUER;
  const issuer = value.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw bad();
  }
  // Codes, verifiers and tokens travel to the issuer: TLS is required (RFC 6749 §3.1, §3.2),
  // except to a loopback test server, which never leaves the machine.
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') throw bad();
  return issuer;
}

// The value is not echoed: it might carry credentials in its userinfo part.
function bad(): AppError {
  return new AppError(
    'usage',
    'AUTH_WIZARD_OPENAI_ISSUER must be an https:// URL without query, fragment or credentials (http:// only on localhost).',
  );
}
