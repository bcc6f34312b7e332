// Kimi CLI (MoonshotAI/kimi-cli), read-only. Facts and their sources:
// docs/stores.md, "Kimi CLI".
//
// - The share dir is $KIMI_SHARE_DIR, else ~/.kimi (share.py get_share_dir),
//   taken literally (no ~ expansion).
// - The sign-in is `credentials/kimi-code.json` (auth/oauth.py, OAuthToken.to_dict):
//   access_token, refresh_token, expires_at (epoch SECONDS, a float),
//   scope, token_type, expires_in (seconds). Written atomically, 0600.
// - A loadable OAuth token wins over KIMI_API_KEY, which only replaces the
//   configured api_key (llm.py augment_provider_with_env_vars, oauth.py
//   resolve_api_key), so the key is the fallback.
// - Older versions kept the token in the OS keyring (service `kimi-code`,
//   account `oauth/kimi-code`); Kimi CLI moves it into the file on start.
//   Keyring hook: when the keyring work lands, discover() would read that item
//   only when config.toml still says `storage = "keyring"`.
import { join } from 'node:path';
import type { AssessedCredential, Credential } from '../core/credential';
import { EXPIRED_AT_NO_TIME, expiryMs } from '../core/expiry';
import { isRecord, str, words } from '../core/guards';
import { mistypedField, unreadable } from './context';
import { tildify } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { toolDir } from './tool-dir';
import type { Discovered, Store, StoreContext, ToolChoice } from './types';

// Provider id `kimi`: Kimi CLI's own name for the provider type it reads
// KIMI_API_KEY for (llm.py `case "kimi"`), and the login the issue names
// (`login --provider kimi`). `moonshot` would suggest the Moonshot Open
// Platform's keys, which are a different product from the Kimi Code sign-in.
const BASE = { id: 'kimi', provider: 'kimi', source: 'kimi' as const };

/**
 * No real epoch-seconds time is this large (it is the year 5138); a value
 * above it is milliseconds written where Kimi CLI expects seconds.
 */
const SECONDS_CEILING = 1e11;

/** `expires_at` as Kimi CLI reads it: Python's float() of the value, so a numeric string counts too. */
function seconds(v: unknown): number | undefined | 'mistyped' {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return 'mistyped';
}

function token(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined || s === '' ? undefined : s;
}

export const KIMI_MS_REASON = '"expires_at" is in milliseconds where Kimi CLI writes seconds, so Kimi CLI takes it for a time thousands of years away and will not refresh this token';

export function parseKimiCredentials(text: string, path: string): Credential[] {
  const base = { ...BASE, path };
  const json = parseJson(text);
  if (!json.ok) return [unreadable(base, json.reason)];
  if (!isRecord(json.value)) return [unreadable(base, 'is not a JSON object')];
  const doc = json.value;
  const mistyped = mistypedField(doc, { access_token: 'string', refresh_token: 'string', scope: 'string', token_type: 'string', expires_in: 'number' });
  if (mistyped !== undefined) return [unreadable(base, mistyped, 'oauth', token(doc.refresh_token))];
  const secs = seconds(doc.expires_at);
  if (secs === 'mistyped') return [unreadable(base, '"expires_at" is not a number of seconds', 'oauth', token(doc.refresh_token))];
  const access = token(doc.access_token);
  const refresh = token(doc.refresh_token);
  if (access === undefined && refresh === undefined) return [{ ...base, kind: 'oauth', expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'no tokens in the file', secrets: {} }];
  const scope = str(doc.scope);
  const scopes = scope !== undefined ? words(scope) : undefined;
  const common = { ...base, kind: 'oauth' as const, scopes: scopes !== undefined && scopes.length > 0 ? scopes : undefined, secrets: { access, refresh } };
  if (secs !== undefined && secs > SECONDS_CEILING) {
    // Shown at the time it evidently means, but not refreshable: Kimi CLI
    // refreshes only when it believes the token is about to expire.
    return [{ ...common, expiresAt: expiryMs(secs) ?? null, canRefresh: false, reason: KIMI_MS_REASON }];
  }
  // A missing expiry or an empty access token is 0.0 / "" to Kimi CLI
  // (OAuthToken.from_dict): expired, and refreshed when a refresh token is there.
  const expiresAt = access === undefined || secs === undefined ? EXPIRED_AT_NO_TIME : (expiryMs(secs * 1000) ?? EXPIRED_AT_NO_TIME);
  return [{ ...common, expiresAt, canRefresh: refresh !== undefined }];
}

type Env = StoreContext['env'];

function envCredentials(env: Env): Credential[] {
  const value = env.KIMI_API_KEY;
  if (value === undefined || value.trim() === '') return [];
  return [{ id: 'env:KIMI_API_KEY', provider: 'kimi', source: 'env', kind: 'api_key', path: '$KIMI_API_KEY', expiresAt: null, canRefresh: false, secrets: { apiKey: value.trim() } }];
}

function discover(ctx: StoreContext): Discovered {
  const credentials = envCredentials(ctx.env);
  const shareVar = toolDir(ctx.home, ctx.env, 'KIMI_SHARE_DIR');
  if (!shareVar.ok) return { credentials: [...credentials, unreadable({ ...BASE, path: '$KIMI_SHARE_DIR' }, shareVar.reason)], notes: [] };
  const share = shareVar.dir ?? join(ctx.home, '.kimi');
  const path = join(share, 'credentials', 'kimi-code.json');
  const notes: string[] = [];
  const r = readCredentialFileSync(path);
  if (r.kind === 'unreadable') credentials.push(unreadable({ ...BASE, path }, r.reason));
  if (r.kind === 'ok') {
    const parsed = parseKimiCredentials(r.text, path).map((c) => ({ ...c, fileMode: r.mode, symlink: r.symlink }));
    if (parsed.some((c) => c.reason === KIMI_MS_REASON)) notes.push(`Kimi CLI's ${tildify(path, ctx.home)} has "expires_at" in milliseconds; Kimi CLI reads seconds and will not refresh it: run \`kimi login\`.`);
    credentials.push(...parsed);
  }
  if (r.kind === 'missing') {
    // Only the legacy keyring storage leaves no file behind; config.toml says so.
    const config = readCredentialFileSync(join(share, 'config.toml'));
    if (config.kind === 'ok' && /storage\s*=\s*["']keyring["']/.test(config.text))
      notes.push('Kimi CLI\'s config.toml keeps its sign-in in the OS keyring (service kimi-code, account oauth/kimi-code); Kimi CLI moves it into credentials/kimi-code.json on its next start. auth-wizard does not read the keyring yet.');
  }
  return { credentials, notes };
}

function choices(creds: readonly Credential[]): ToolChoice[] {
  const relevant = creds.some((c) => c.provider === 'kimi' && (c.source === 'kimi' || c.id === 'env:KIMI_API_KEY'));
  return relevant ? [{ tool: 'kimi', provider: 'kimi', order: ['kimi', 'env:KIMI_API_KEY'] }] : [];
}

export const kimiStore: Store = {
  id: 'kimi',
  name: 'Kimi CLI',
  tools: ['kimi'],
  providers: ['kimi'],
  bins: ['kimi'],
  discover,
  choices,
  unreadableEffect: 'Kimi CLI treats a credentials file it cannot parse as no sign-in and falls back to its configured API key (or KIMI_API_KEY).',
  readOnly: "auth-wizard does not write Kimi CLI's credentials: sign in with `kimi login`.",
  signIn: { bin: 'kimi', args: ['login'], headless: 'kimi login shows a code and a link to open on any device (device flow); it needs no browser on this host', install: 'uv tool install --python 3.13 kimi-cli' },
  fix: (c: AssessedCredential | Credential) => (c.source === 'kimi' ? 'kimi login' : undefined),
};
