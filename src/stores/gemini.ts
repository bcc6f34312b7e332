// Gemini CLI (google-gemini/gemini-cli), read-only. Facts and their sources:
// docs/stores.md, "Gemini CLI".
//
// - `~/.gemini/` where `~` is $GEMINI_CLI_HOME when set (utils/paths.ts homedir()).
// - `oauth_creds.json`: google-auth-library `Credentials` as Gemini CLI writes
//   them (code_assist/oauth2.ts cacheCredentials): access_token, refresh_token,
//   scope, token_type, id_token, expiry_date in epoch milliseconds.
// - `google_accounts.json`: {active, old[]}, the signed-in email.
// - `settings.json` (and the system settings file, which overrides it):
//   `security.auth.selectedType` picks the auth method; without one, a
//   headless run picks it from the environment (core/contentGenerator.ts
//   getAuthTypeFromEnv, validateNonInterActiveAuth.ts).
// - With GEMINI_FORCE_ENCRYPTED_FILE_STORAGE=true the sign-in lives in the OS
//   keychain or an encrypted file instead (code_assist/oauth-credential-storage.ts).
//
// Keyring hook (not implemented here; the keyring work adds it): when the
// encrypted mode is on, discover() would call a `ctx.keyring?.read(service,
// account)` with service `gemini-cli-oauth`, account `main-account`, and parse
// the value `{serverName, token: {accessToken, refreshToken?, expiresAt (ms),
// tokenType, scope?}, updatedAt}` into the same `gemini` credential (path
// `keychain:gemini-cli-oauth`). The stored API key is service
// `gemini-cli-api-key`, account `default-api-key`. The encrypted-file fallback
// (`gemini-credentials.json`, AES-256-GCM keyed from the host and user name)
// is a Gemini CLI implementation detail auth-wizard should not decrypt.
// Until then the mode is reported as a note and nothing is guessed.
import { join } from 'node:path';
import type { AssessedCredential, Credential } from '../core/credential';
import { expiryMs } from '../core/expiry';
import { decodeJwt } from '../core/jwt';
import { isRecord, str, words } from '../core/guards';
import { mistypedField, unreadable } from './context';
import { tildify } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { parseAuthSettings, type SettingsRead } from './jsonc';
import { toolDir } from './tool-dir';
import type { Discovered, Store, StoreContext, ToolChoice } from './types';

const BASE = { id: 'gemini', provider: 'google', source: 'gemini' as const };

/** The auth types Gemini CLI accepts in security.auth.selectedType (core/contentGenerator.ts AuthType). */
export const GEMINI_AUTH_TYPES = ['oauth-personal', 'gemini-api-key', 'vertex-ai', 'compute-default-credentials', 'gateway', 'cloud-shell'] as const;

/** Gemini CLI's credential variables, as auth-wizard reports them (source `env`). */
export const GEMINI_ENV_CREDENTIALS = [
  { name: 'GEMINI_API_KEY', kind: 'api_key' },
  { name: 'GOOGLE_API_KEY', kind: 'api_key' },
  { name: 'GOOGLE_CLOUD_ACCESS_TOKEN', kind: 'token' },
] as const;

type Env = StoreContext['env'];

/** A token field: Gemini CLI (google-auth-library) treats an empty string as absent. */
function token(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined || s === '' ? undefined : s;
}

export function parseGeminiOauth(text: string, path: string, activeAccount?: string): Credential[] {
  const base = { ...BASE, path };
  const json = parseJson(text);
  if (!json.ok) return [unreadable(base, json.reason)];
  if (!isRecord(json.value)) return [unreadable(base, 'is not a JSON object')];
  const doc = json.value;
  const mistyped = mistypedField(doc, { access_token: 'string', refresh_token: 'string', id_token: 'string', token_type: 'string', scope: 'string', expiry_date: 'time' });
  if (mistyped !== undefined) return [unreadable(base, mistyped, 'oauth', token(doc.refresh_token))];
  const access = token(doc.access_token);
  const refresh = token(doc.refresh_token);
  const idToken = token(doc.id_token);
  if (access === undefined && refresh === undefined) return [{ ...base, kind: 'oauth', expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'no tokens in the file', secrets: {} }];
  // The id token is a Google JWT; its claims are display only (unverified).
  const id = decodeJwt(idToken);
  const claims = id.ok ? id.jwt.payload : {};
  const scope = str(doc.scope);
  const scopes = scope !== undefined ? words(scope) : undefined;
  return [
    {
      ...base,
      kind: 'oauth',
      email: str(claims.email) ?? activeAccount,
      userId: str(claims.sub),
      scopes: scopes !== undefined && scopes.length > 0 ? scopes : undefined,
      // No expiry_date: google-auth-library then uses the token until a request fails.
      // One in seconds reads as 1970, which is what the library does too: it refreshes.
      expiresAt: expiryMs(doc.expiry_date) ?? null,
      canRefresh: refresh !== undefined,
      secrets: { access, refresh, idToken },
    },
  ];
}

/** `google_accounts.json` → the active account's email, if the file says one. */
export function parseGoogleAccounts(text: string): string | undefined {
  const json = parseJson(text);
  return json.ok && isRecord(json.value) ? token(json.value.active) : undefined;
}

function readSettings(path: string): SettingsRead & { found: boolean } {
  const r = readCredentialFileSync(path);
  if (r.kind === 'missing') return { found: false };
  if (r.kind === 'unreadable') return { found: true, problem: r.reason };
  return { found: true, ...parseAuthSettings(r.text) };
}

/** Where Gemini CLI's system settings live (cli/config/settings.ts getSystemSettingsPath); they override the user's. */
export function geminiSystemSettingsPath(env: Env, platform: NodeJS.Platform): string {
  const override = env.GEMINI_CLI_SYSTEM_SETTINGS_PATH;
  if (override !== undefined && override !== '') return override;
  if (platform === 'darwin') return '/Library/Application Support/GeminiCli/settings.json';
  if (platform === 'win32') return 'C:\\ProgramData\\gemini-cli\\settings.json';
  return '/etc/gemini-cli/settings.json';
}

function isTrue(v: string | undefined): boolean {
  return v === 'true';
}

/**
 * The auth method Gemini CLI runs with: the settings' selectedType, else (as
 * gemini.tsx first writes compute-default-credentials into the settings on
 * Cloud Shell / with GEMINI_CLI_USE_COMPUTE_ADC) the environment in
 * getAuthTypeFromEnv's order. The legacy `cloud-shell` value counts as unset
 * for that first step, as gemini.tsx treats it.
 */
export function geminiAuthType(selected: string | undefined, env: Env): { type: string; from: 'settings' | 'env' } | undefined {
  if (selected !== undefined && selected !== 'cloud-shell') return { type: selected, from: 'settings' };
  if (isTrue(env.CLOUD_SHELL) || isTrue(env.GEMINI_CLI_USE_COMPUTE_ADC)) return { type: 'compute-default-credentials', from: 'env' };
  if (selected !== undefined) return { type: selected, from: 'settings' };
  if (isTrue(env.GOOGLE_GENAI_USE_GCA)) return { type: 'oauth-personal', from: 'env' };
  if (isTrue(env.GOOGLE_GENAI_USE_VERTEXAI)) return { type: 'vertex-ai', from: 'env' };
  if (nonEmpty(env.GOOGLE_GEMINI_BASE_URL)) return { type: 'gateway', from: 'env' };
  if (nonEmpty(env.GEMINI_API_KEY)) return { type: 'gemini-api-key', from: 'env' };
  return undefined;
}

function nonEmpty(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== '';
}

function envCredentials(env: Env): Credential[] {
  const out: Credential[] = [];
  for (const v of GEMINI_ENV_CREDENTIALS) {
    const value = env[v.name];
    if (value === undefined || value.trim() === '') continue;
    const secret = value.trim();
    out.push({ id: `env:${v.name}`, provider: 'google', source: 'env', kind: v.kind, path: `$${v.name}`, expiresAt: null, canRefresh: false, secrets: v.kind === 'api_key' ? { apiKey: secret } : { access: secret } });
  }
  return out;
}

const KEYCHAIN_NOTE = 'auth-wizard does not read it yet';

function discover(ctx: StoreContext): Discovered | Promise<Discovered> {
  const envCreds = envCredentials(ctx.env);
  const homeVar = toolDir(ctx.home, ctx.env, 'GEMINI_CLI_HOME');
  if (!homeVar.ok) return { credentials: [...envCreds, unreadable({ ...BASE, path: '$GEMINI_CLI_HOME' }, homeVar.reason)], notes: [], facts: { present: 'true' } };
  const dir = join(homeVar.dir ?? ctx.home, '.gemini');
  const show = (p: string) => tildify(p, ctx.home);
  const credsPath = join(dir, 'oauth_creds.json');
  const encryptedPath = join(dir, 'gemini-credentials.json');
  const creds = readCredentialFileSync(credsPath);
  const accounts = readCredentialFileSync(join(dir, 'google_accounts.json'));
  const userSettings = readSettings(join(dir, 'settings.json'));
  const systemSettings = readSettings(geminiSystemSettingsPath(ctx.env, ctx.platform));
  const encryptedFile = readCredentialFileSync(encryptedPath);
  const notes: string[] = [];
  const credentials: Credential[] = [...envCreds];
  const active = accounts.kind === 'ok' ? parseGoogleAccounts(accounts.text) : undefined;
  if (creds.kind === 'unreadable') credentials.push(unreadable({ ...BASE, path: credsPath }, creds.reason));
  if (creds.kind === 'ok') credentials.push(...parseGeminiOauth(creds.text, credsPath, active).map((c) => ({ ...c, fileMode: creds.mode, symlink: creds.symlink })));

  for (const [label, s] of [['settings.json', userSettings], ['system settings', systemSettings]] as const) {
    if (s.problem !== undefined) notes.push(`Gemini CLI's ${label} ${s.problem}; its auth method (security.auth.selectedType) could not be read from it.`);
  }
  // System settings override the user's (cli/config/settings.ts mergeSettings).
  const selected = systemSettings.selectedType ?? userSettings.selectedType;
  const auth = geminiAuthType(selected, ctx.env);
  const present = creds.kind !== 'missing' || accounts.kind !== 'missing' || userSettings.found || encryptedFile.kind !== 'missing';

  const encrypted = isTrue(ctx.env.GEMINI_FORCE_ENCRYPTED_FILE_STORAGE);
  const inFile = isTrue(ctx.env.GEMINI_FORCE_FILE_STORAGE) || encryptedFile.kind !== 'missing';
  // The rest of what the files say, given the keychain item when one was read.
  const finish = (fromKeychain: Discovered | undefined): Discovered => {
    if (encrypted) {
      if (fromKeychain !== undefined) {
        credentials.push(...fromKeychain.credentials);
        notes.push(...fromKeychain.notes);
      }
      if (fromKeychain === undefined || (fromKeychain.credentials.length === 0 && fromKeychain.notes.length === 0)) {
        const where = inFile
          ? `encrypted in ${show(encryptedPath)}`
          : `in the OS keychain (service gemini-cli-oauth, account main-account), or encrypted in ${show(encryptedPath)} when no keychain answers`;
        notes.push(`Gemini CLI keeps its Google sign-in ${where} (GEMINI_FORCE_ENCRYPTED_FILE_STORAGE=true); ${KEYCHAIN_NOTE}.`);
      }
      if (creds.kind !== 'missing') notes.push(`With that storage Gemini CLI reads ${show(credsPath)} only to move it there when the store is empty.`);
    }
    if (auth?.type === 'oauth-personal' && nonEmpty(ctx.env.GEMINI_API_KEY)) {
      notes.push("GEMINI_API_KEY is set, but Gemini CLI's settings select Google sign-in (oauth-personal): Gemini CLI ignores the key.");
      // Doctor's finding comes from this flag, not from the note's words.
      for (const c of credentials) if (c.id === 'env:GEMINI_API_KEY') c.flags = [...(c.flags ?? []), 'gemini-api-key-ignored'];
    }
    if (auth?.type === 'oauth-personal' && creds.kind === 'missing' && !encrypted && nonEmpty(ctx.env.GOOGLE_APPLICATION_CREDENTIALS))
      notes.push('Gemini CLI has no oauth_creds.json and falls back to the file in GOOGLE_APPLICATION_CREDENTIALS, which auth-wizard does not read.');
    if (auth?.type === 'gemini-api-key' && !nonEmpty(ctx.env.GEMINI_API_KEY))
      notes.push(`Gemini CLI is set to use a Gemini API key and GEMINI_API_KEY is not set: it uses the key it saved in the OS keychain (service gemini-cli-api-key) or in ${show(encryptedPath)}; ${KEYCHAIN_NOTE}.`);
    if (auth?.type === 'vertex-ai' && !nonEmpty(ctx.env.GOOGLE_API_KEY)) {
      notes.push(
        nonEmpty(ctx.env.GOOGLE_CLOUD_PROJECT) && nonEmpty(ctx.env.GOOGLE_CLOUD_LOCATION)
          ? 'Gemini CLI uses Vertex AI with Google Cloud application default credentials (GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION), which auth-wizard does not read.'
          : 'Gemini CLI is set to Vertex AI, which needs GOOGLE_API_KEY or both GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION; none is set, so Gemini CLI will not start.',
      );
    }
    const facts: Record<string, string> = {};
    if (present) facts.present = 'true';
    if (selected !== undefined) facts.selectedType = selected;
    return { credentials, notes, facts };
  };
  // Keychain mode: the item is read (never written or unlocked) only when the
  // configuration says it is there; the reader loads on first use.
  if (encrypted && !inFile) return import('./keyring-items').then((m) => m.readGeminiKeyring(ctx, BASE)).then(finish);
  return finish(undefined);
}

/**
 * Gemini CLI's order for the auth method it runs with. Each method reads one
 * credential: Google sign-in takes GOOGLE_CLOUD_ACCESS_TOKEN first when
 * GOOGLE_GENAI_USE_GCA is set (oauth2.ts initOauthClient), then its cached
 * credentials; the Gemini API (and the gateway) GEMINI_API_KEY before its
 * stored key; Vertex AI GOOGLE_API_KEY (express mode).
 */
function choices(creds: readonly Credential[], env: Env, facts?: Discovered['facts']): ToolChoice[] {
  const auth = geminiAuthType(facts?.selectedType, env);
  const present = facts?.present === 'true' || creds.some((c) => c.source === 'gemini');
  if (auth === undefined) {
    return present
      ? [{ tool: 'gemini', provider: 'google', order: [], disabledBy: 'Gemini CLI has no auth method selected (security.auth.selectedType in its settings.json) and no GEMINI_API_KEY, GOOGLE_GENAI_USE_VERTEXAI or GOOGLE_GENAI_USE_GCA: it asks at start, and exits 41 without a terminal.' }]
      : [];
  }
  const choice = (order: string[], disabledBy?: string): ToolChoice[] => [{ tool: 'gemini', provider: 'google', order, disabledBy }];
  switch (auth.type) {
    case 'oauth-personal':
      return choice([...(nonEmpty(env.GOOGLE_GENAI_USE_GCA) ? ['env:GOOGLE_CLOUD_ACCESS_TOKEN'] : []), 'gemini']);
    case 'gemini-api-key':
    case 'gateway':
      return choice(['env:GEMINI_API_KEY']);
    case 'vertex-ai':
      return choice(['env:GOOGLE_API_KEY']);
    case 'compute-default-credentials':
      return choice([], 'Gemini CLI is set to use the Google Cloud metadata server (compute-default-credentials), so it uses none of the Google credentials below.');
    default:
      return choice([], `Gemini CLI's settings select the auth method ${JSON.stringify(auth.type)}, which it does not accept ("Invalid auth method selected"): it uses none of the Google credentials below.`);
  }
}

export const GEMINI_SIGN_IN = 'gemini  (then /auth; without a browser: NO_BROWSER=true gemini)';

export const geminiStore: Store = {
  id: 'gemini',
  name: 'Gemini CLI',
  tools: ['gemini'],
  providers: ['google'],
  bins: ['gemini'],
  discover,
  choices,
  unreadableEffect: 'Gemini CLI ignores a credentials file it cannot parse, asks you to sign in again, and then overwrites it.',
  readOnly: "auth-wizard does not write Gemini CLI's credentials: sign in with `gemini` (then /auth).",
  // No `gemini auth` subcommand: the TUI opens its auth dialog when nothing is selected, or on /auth.
  signIn: { bin: 'gemini', args: [], headless: 'set NO_BROWSER=true: Gemini CLI prints a link and reads the code you paste back (it needs a terminal)', headlessEnv: { NO_BROWSER: 'true' }, install: 'npm install -g @google/gemini-cli' },
  fix: (c: AssessedCredential | Credential) => (c.source === 'gemini' ? GEMINI_SIGN_IN : undefined),
};
