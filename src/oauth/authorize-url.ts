// The authorization request (RFC 6749 §4.1.1 + RFC 7636 §4.3) with the extra
// parameters Codex CLI sends (docs/providers.md §2). Pure: no randomness here.
import { AppError } from '../errors.js';
import type { OpenAIEndpoints } from './openai-endpoints.js';

export interface AuthorizeUrlInput {
  endpoints: Pick<OpenAIEndpoints, 'authorize'>;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  codeChallenge: string;
  originator: string;
}

/** An S256 challenge is always 43 base64url characters (BASE64URL of 32 bytes, RFC 7636 §4.2). */
const S256_CHALLENGE_RE = /^[A-Za-z0-9_-]{43}$/;

export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  if (!S256_CHALLENGE_RE.test(input.codeChallenge)) {
    throw new AppError('internal', 'The code_challenge is not an S256 challenge (RFC 7636 §4.2).');
  }
  if (input.state === '') throw new AppError('internal', 'The authorization request needs a state (RFC 9700 §2.1).');
  // Same order as Codex; always S256, never `plain` (RFC 9700 §2.1.1).
  const params: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', input.clientId],
    ['redirect_uri', input.redirectUri],
    ['scope', input.scope],
    ['code_challenge', input.codeChallenge],
    ['code_challenge_method', 'S256'],
    ['id_token_add_organizations', 'true'],
    ['codex_cli_simplified_flow', 'true'],
    ['state', input.state],
    ['originator', input.originator],
  ];
  // Percent-encoding (spaces as %20, as Codex sends them) rather than URLSearchParams' `+`.
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${input.endpoints.authorize}?${query}`;
}

/** Parameters whose names contain "token" but carry no secret. */
const NOT_SECRET = new Set(['id_token_add_organizations', 'token_type_hint']);

function isSecretParam(rawName: string): boolean {
  let name: string;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    name = rawName.toLowerCase();
  }
  if (NOT_SECRET.has(name)) return false;
  return name === 'code' || name === 'state' || name === 'code_verifier' || name.includes('token');
}

/**
 * The URL with the values of `code`, `state`, `code_verifier` and any `*token*`
 * parameter (query or fragment) replaced by REDACTED, for logs (docs/security.md, Output).
 * Works on the raw text, so the rest of the URL stays exactly as it was and a
 * string that is not a valid URL is still scrubbed.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&#])([^=&#\s]+)=([^&#\s]*)/g, (whole, sep: string, name: string) =>
      isSecretParam(name) ? `${sep}${name}=REDACTED` : whole,
    )
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@\s]*?:)[^/@\s]*@/i, '$1REDACTED@');
}
