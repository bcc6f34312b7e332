// `auth-wizard token --provider P [--profile ID | --source codex|opencode]`:
// prints one usable credential and a newline to stdout, nothing else (like
// `gh auth token`), for scripts: `curl -H "Authorization: Bearer $(auth-wizard token --provider openai)"`.
// Errors go to stderr with an exit code (4: sign in again).
//
// OpenAI: the access token of a ChatGPT sign-in, refreshed first when it
// expires within the refresh margin (5 minutes, or half the token's lifetime
// when shorter: refreshMarginMs; src/oauth/refresh.ts is loaded only then, so a valid
// token costs little more than Node's start-up). An OpenAI API-key profile
// named with --profile prints the key.
// Anthropic: only what auth-wizard's own store holds, a `claude setup-token`
// token or an API key. Claude Code's own sign-in is never handed out or
// refreshed (docs/providers.md §1).
import type { Credential } from '../core/credential';
import { decodeJwt } from '../core/jwt';
import type { Deps } from '../deps';
import type { OptionValues } from '../specs/common';
import type { tokenSpec } from '../specs/token';
import { AppError, usageError } from '../errors';
import { formatAbsolute } from '../report/format';
import { grantReadError, needsRefresh, readGrant } from '../stores/grant';
import { resolveOpenAiGrant } from '../stores/resolve-grant';
import { findProfile, profilesInOrder, readProfileStore } from '../stores/auth-wizard';

export type TokenOptions = OptionValues<typeof tokenSpec.options>;

export const ANTHROPIC_POLICY =
  "auth-wizard does not hand out or refresh Claude Code's own sign-in (Anthropic's terms keep subscription sign-ins to Claude Code itself). " +
  'For other tools and CI, make a long-lived token with `claude setup-token` and store it in auth-wizard.';
export const SETUP_TOKEN_LOGIN = 'auth-wizard login --provider anthropic --method setup-token';

/** Printable secret of a stored Anthropic or OpenAI key/token profile; expired setup-tokens refused. */
export function secretOfProfile(c: Credential, now: number): string {
  if (c.kind === 'api_key' && c.secrets.apiKey !== undefined) return c.secrets.apiKey;
  if (c.kind === 'token' && c.secrets.access !== undefined) {
    if (c.expiresAt !== null && c.expiresAt <= now) {
      throw new AppError('auth_needed', `The token in auth-wizard profile ${c.entry} expired on ${formatAbsolute(c.expiresAt)}. Make a new one with \`claude setup-token\` and store it.`, { hint: SETUP_TOKEN_LOGIN });
    }
    return c.secrets.access;
  }
  throw new AppError('auth_needed', `auth-wizard profile ${c.entry} holds no usable ${c.kind === 'oauth' ? 'token to print (auth-wizard never refreshes Anthropic sign-ins)' : 'token or key'}.`, { hint: SETUP_TOKEN_LOGIN });
}

async function anthropicToken(opts: TokenOptions, deps: Deps): Promise<string> {
  if (opts.source !== undefined && opts.source !== 'auth-wizard') throw usageError(`${ANTHROPIC_POLICY} (--source ${opts.source} is not read here.)`, SETUP_TOKEN_LOGIN);
  const store = await readProfileStore({ home: deps.home, env: deps.env });
  const c = opts.profile !== undefined ? findProfile(store, 'anthropic', opts.profile) : profilesInOrder(store, 'anthropic').find((x) => x.kind === 'token' || x.kind === 'api_key');
  if (c === undefined) throw new AppError('not_found', `auth-wizard's store has no Anthropic setup-token or API key. ${ANTHROPIC_POLICY}`, { hint: SETUP_TOKEN_LOGIN });
  return secretOfProfile(c, deps.now());
}

async function openaiToken(opts: TokenOptions, deps: Deps): Promise<string> {
  const p = { home: deps.home, env: deps.env };
  if (opts.profile !== undefined && (opts.source === undefined || opts.source === 'auth-wizard')) {
    const c = findProfile(await readProfileStore(p), 'openai', opts.profile);
    if (c.kind === 'api_key') return secretOfProfile(c, deps.now());
  }
  const ref = await resolveOpenAiGrant(p, opts);
  const read = await readGrant(ref);
  if (read.kind !== 'ok') throw grantReadError(ref, read);
  let grant = read.grant;
  if (needsRefresh(grant, deps.now())) {
    const { refreshOpenAiGrant } = await import('../oauth/refresh');
    grant = (await refreshOpenAiGrant(ref, deps, { snapshot: grant })).grant;
  }
  if (grant.access === undefined) throw new AppError('auth_needed', `${ref.label} has no access token.`, { hint: ref.loginCommand });
  // OpenAI issues JWTs; anything else is what `status` calls unreadable, not a token to hand out.
  if (!decodeJwt(grant.access).ok) throw new AppError('auth_needed', `The access token in ${ref.label} is not a JWT, so it is not one OpenAI issued; sign in again.`, { hint: ref.loginCommand });
  return grant.access;
}

export async function run(opts: TokenOptions, deps: Deps): Promise<void> {
  const secret = opts.provider === 'anthropic' ? await anthropicToken(opts, deps) : await openaiToken(opts, deps);
  deps.stdout.write(`${secret}\n`);
}
