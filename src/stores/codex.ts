// Codex CLI: $CODEX_HOME/auth.json (default ~/.codex/auth.json); docs/stores.md.
// The write half is codex.write.ts (loaded with import(): it brings the lock).
// Shape: {auth_mode?, OPENAI_API_KEY?, tokens?: {id_token, access_token, refresh_token, account_id}, last_refresh?}
import { join } from 'node:path';
import type { Credential } from '../core/credential';
import { isRecord, str } from '../core/guards';
import { decodeJwt, secondsToMs } from '../core/jwt';

import { type PathEnv, toolDir } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { mistypedField, notAJwt, type SourceContext, type SourceResult, unreadable } from './context';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { codexLock } from '../fs/tool-locks';
import { type GrantRead, isoMs, withClaims } from './grant';
import type { Store } from './types';

export function codexHome(p: PathEnv): string {
  return toolDir(p, 'CODEX_HOME') ?? join(p.home, '.codex');
}

export function codexAuthFile(p: PathEnv): string {
  return join(codexHome(p), 'auth.json');
}

/** Parses auth.json text into one credential; never throws. */
export function parseCodexAuth(text: string, path: string): Credential {
  const base = { id: 'codex', provider: 'openai', source: 'codex' as const, path };
  const json = parseJson(text);
  if (!json.ok) return unreadable(base, json.reason);
  const doc = json.value;
  if (!isRecord(doc)) return unreadable(base, 'is not a JSON object');
  const tokens = doc.tokens;
  if (tokens !== undefined && tokens !== null && !isRecord(tokens)) return unreadable(base, '"tokens" is not an object');
  const mistyped =
    mistypedField(doc, { auth_mode: 'string', OPENAI_API_KEY: 'string', last_refresh: 'string' }) ??
    (isRecord(tokens) ? mistypedField(tokens, { id_token: 'string', access_token: 'string', refresh_token: 'string', account_id: 'string' }) : undefined);
  if (mistyped !== undefined) return unreadable(base, mistyped, null, isRecord(tokens) ? str(tokens.refresh_token) : undefined);
  const apiKey = str(doc.OPENAI_API_KEY);
  const mode = str(doc.auth_mode)?.toLowerCase();
  // Codex: without auth_mode, an API key means API-key mode; otherwise ChatGPT.
  const useApiKey = mode === 'apikey' || mode === 'api_key' || (mode === undefined && apiKey !== undefined);
  if (useApiKey) {
    if (apiKey === undefined) return { ...base, kind: 'api_key', expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'auth_mode is "apikey" but OPENAI_API_KEY is empty', secrets: {} };
    return { ...base, kind: 'api_key', expiresAt: null, canRefresh: false, secrets: { apiKey } };
  }
  const access = isRecord(tokens) ? str(tokens.access_token) : undefined;
  const refresh = isRecord(tokens) ? str(tokens.refresh_token) : undefined;
  const idToken = isRecord(tokens) ? str(tokens.id_token) : undefined;
  if (access === undefined && refresh === undefined) {
    // Newer Codex keeps other sign-ins here (docs/stores.md, Codex): a personal
    // access token (`at-…`, opaque) or an Agent Identity (an object, or a JWT).
    const pat = str(doc.personal_access_token);
    if (pat !== undefined) return { ...base, kind: 'token', expiresAt: null, canRefresh: false, entry: 'personal_access_token', secrets: { access: pat } };
    const agent = doc.agent_identity;
    if (typeof agent === 'string' || isRecord(agent)) {
      const jwt = typeof agent === 'string' ? decodeJwt(agent) : undefined;
      const exp = jwt?.ok === true ? secondsToMs(jwt.jwt.payload.exp) : undefined;
      const workspace = isRecord(agent) ? str(agent.workspace_id) : undefined;
      return { ...base, kind: 'token', entry: 'agent_identity', accountId: workspace, expiresAt: exp ?? null, canRefresh: false, secrets: typeof agent === 'string' ? { access: agent } : {} };
    }
    return { ...base, kind: 'oauth', expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'no ChatGPT tokens in the file', secrets: {} };
  }
  // Codex itself refuses a file whose id_token does not parse (docs/stores.md).
  const notJwt = notAJwt({ id_token: idToken, access_token: access });
  if (notJwt !== undefined) return unreadable(base, notJwt, 'oauth', refresh);
  const claims = mergedOpenAiClaims(idToken, access);
  const lastRefresh = Date.parse(str(doc.last_refresh) ?? '');
  return {
    ...base,
    kind: 'oauth',
    accountId: (isRecord(tokens) ? str(tokens.account_id) : undefined) ?? claims.accountId,
    email: claims.email,
    userId: claims.userId,
    plan: claims.plan,
    orgId: claims.orgId,
    orgName: claims.orgName,
    scopes: claims.scopes,
    expiresAt: claims.expiresAt ?? null,
    lastRefresh: Number.isFinite(lastRefresh) ? lastRefresh : undefined,
    canRefresh: refresh !== undefined,
    secrets: { access, refresh, idToken },
  };
}

/**
 * The raw value of `cli_auth_credentials_store` in config.toml (a one-line TOML
 * read; top-level keys end at the first table). Observed with codex-cli 0.169
 * (docs/stores.md): "file" and "auto" read auth.json; "keyring" and
 * "ephemeral" ignore it entirely.
 */
export function codexCredentialsStore(configToml: string): string | undefined {
  for (const line of configToml.split(/\r?\n/)) {
    if (/^\s*\[/.test(line)) return undefined;
    const m = /^\s*cli_auth_credentials_store\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line);
    if (m !== null) return m[1] ?? m[2] ?? '';
  }
  return undefined;
}

/** True when Codex is set to ignore auth.json. */
export function codexIgnoresAuthFile(store: string | undefined): boolean {
  return store === 'keyring' || store === 'ephemeral';
}

export function discoverCodex(ctx: SourceContext): SourceResult | Promise<SourceResult> {
  const path = codexAuthFile(ctx);
  const file = readCredentialFileSync(path);
  const config = readCredentialFileSync(join(codexHome(ctx), 'config.toml'));
  const store = config.kind === 'ok' ? codexCredentialsStore(config.text) : undefined;
  const ignored = codexIgnoresAuthFile(store);
  const setting = `cli_auth_credentials_store = "${store ?? ''}"`;
  // Keyring hook: in "keyring"/"auto" mode read Codex's keyring item (loaded only then; src/stores/keyring-items.ts).
  if (store === 'keyring' || store === 'auto') return import('./keyring-items').then((k) => k.discoverCodexKeyring(ctx, store, codexHome(ctx), path, file, parseCodexAuth));
  if (file.kind === 'missing') return { credentials: [], notes: [] };
  const cred =
    file.kind === 'unreadable' ? unreadable({ id: 'codex', provider: 'openai', source: 'codex', path }, file.reason) : { ...parseCodexAuth(file.text, path), fileMode: file.mode, symlink: file.symlink };
  if (!ignored) return { credentials: [cred], notes: [] };
  return {
    credentials: [{ ...cred, inactive: `Codex is set to ${setting} and does not read this file` }],
    notes: [`Codex ignores ${path} because of ${setting} in its config.toml; it uses the OS keyring${store === 'ephemeral' ? ' (ephemeral: nothing is kept)' : ''}.`],
  };
}

const LOGIN = 'auth-wizard login --provider openai --target codex';

/** The grant in auth.json (`tokens`), the way refresh and logout read it. */
export function extractCodexGrant(doc: Record<string, unknown>): GrantRead {
  const mode = str(doc.auth_mode)?.toLowerCase();
  if (mode === 'apikey' || mode === 'api_key' || (mode === undefined && str(doc.OPENAI_API_KEY) !== undefined)) {
    return { kind: 'unusable', reason: 'Codex is set up with an API key, not a ChatGPT sign-in: there is nothing to refresh' };
  }
  const t = doc.tokens;
  if (!isRecord(t) || (str(t.access_token) === undefined && str(t.refresh_token) === undefined)) return { kind: 'missing', reason: 'it holds no ChatGPT tokens' };
  return { kind: 'ok', grant: withClaims({ access: str(t.access_token), refresh: str(t.refresh_token), idToken: str(t.id_token), accountId: str(t.account_id), lastRefresh: isoMs(doc.last_refresh) }, undefined) };
}

export const codexStore: Store = {
  id: 'codex',
  name: 'Codex CLI',
  tools: ['codex'],
  providers: ['openai'],
  bins: ['codex'],
  discover: discoverCodex,
  // Codex's environment order (docs/stores.md, Codex): CODEX_API_KEY (for
  // `codex exec`), then an Agent Identity, then CODEX_ACCESS_TOKEN, before the
  // stored sign-in; OPENAI_API_KEY only without one. Taken from Codex's public
  // docs and source notes; the last three places are unconfirmed.
  choices: () => [{ tool: 'codex', provider: 'openai', order: ['env:CODEX_API_KEY', 'env:CODEX_AGENT_IDENTITY', 'env:CODEX_ACCESS_TOKEN', 'codex', 'env:OPENAI_API_KEY'] }],
  unreadableEffect: 'Codex refuses the whole file and reports that it cannot load its sign-in.',
  fix: () => LOGIN,
  folders: (p) => [codexHome(p)],
  grant: {
    file: codexAuthFile,
    entry: () => 'tokens',
    label: (where) => `Codex's sign-in (${where})`,
    loginCommand: () => LOGIN,
    extract: extractCodexGrant,
    // `codex logout` deletes the whole file: whatever is in it is the sign-in.
    has: () => true,
    refuseProvider: (provider) => (provider !== 'openai' ? 'Codex keeps OpenAI credentials only; use --provider openai with --source codex.' : undefined),
    isOpenAi: () => true,
    toolLock: codexLock,
  },
  write: async () => (await import('./codex.write')).codexWriter,
};
