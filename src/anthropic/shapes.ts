// Shape checks for what a user pastes for Anthropic (docs/providers.md §1, §3).
// A check answers with a sentence for the user, never with the value: the
// value is a secret and must not reach the terminal or a log.

/** What `claude setup-token` prints: about one year, inference only, no refresh token. */
export const SETUP_TOKEN_PREFIX = 'sk-ant-oat01-';
export const API_KEY_PREFIX = 'sk-ant-api03-';
export const REFRESH_TOKEN_PREFIX = 'sk-ant-ort01-';
/** A setup-token is good for about a year; we record that as its expiry. */
export const SETUP_TOKEN_LIFETIME_MS = 365 * 24 * 3600_000;

const TOKEN_CHARS = /^[A-Za-z0-9_-]+$/;

/** Trims the line ends a paste brings along; what is left must be the token alone. */
export function cleanPaste(input: string): string {
  return input.trim().replace(/^["'`]+|["'`]+$/g, '');
}

function common(value: string, what: string, min: number, max: number): string | undefined {
  if (value === '') return `Nothing was entered. Paste the ${what}.`;
  if (/\s/.test(value)) return `The ${what} cannot contain spaces or line breaks; paste it as one piece.`;
  if (value.length < min) return `That is too short to be a ${what} (${value.length} characters; expected at least ${min}).`;
  if (value.length > max) return `That is too long to be a ${what} (${value.length} characters; expected at most ${max}).`;
  return undefined;
}

/** undefined when `value` looks like a setup-token, else why not. */
export function checkSetupToken(value: string): string | undefined {
  if (value.startsWith(API_KEY_PREFIX)) return 'That is an Anthropic API key, not a setup-token; use --method api-key for it.';
  if (value.startsWith(REFRESH_TOKEN_PREFIX)) return 'That is a refresh token, not a setup-token; paste the token `claude setup-token` printed.';
  const c = common(value, 'setup-token', SETUP_TOKEN_PREFIX.length + 40, 500);
  if (c !== undefined) return c;
  if (!value.startsWith(SETUP_TOKEN_PREFIX)) return `A setup-token starts with ${SETUP_TOKEN_PREFIX}; paste the token \`claude setup-token\` printed.`;
  if (!TOKEN_CHARS.test(value)) return 'That contains characters a setup-token does not have; paste it exactly as printed.';
  return undefined;
}

/** undefined when `value` looks like an Anthropic API key, else why not. */
export function checkAnthropicApiKey(value: string): string | undefined {
  if (value.startsWith(SETUP_TOKEN_PREFIX)) return 'That is a Claude subscription token (sk-ant-oat01-), not an API key; use --method setup-token for it.';
  if (value.startsWith(REFRESH_TOKEN_PREFIX)) return 'That is a refresh token, not an API key.';
  const c = common(value, 'API key', 30, 300);
  if (c !== undefined) return c;
  if (!value.startsWith('sk-ant-')) return `An Anthropic API key starts with sk-ant- (${API_KEY_PREFIX}…); create one at https://console.anthropic.com/settings/keys.`;
  if (!TOKEN_CHARS.test(value)) return 'That contains characters an API key does not have; paste it exactly as shown.';
  return undefined;
}
