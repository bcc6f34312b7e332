// The keyring items of the tools that keep their sign-in there, read through
// ctx.keyring (src/adapters/keyring.ts; read only, never an unlock prompt).
// Each function is called by its store only when the tool's own configuration
// says the secret is in the keyring, so `status` loads no keyring otherwise.
// The names below are verified in docs/stores.md ("Keyrings").
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import type { Credential, CredentialFlag } from '../core/credential';
import { isRecord, str } from '../core/guards';
import type { KeyringReader, KeyringResult } from '../deps';
import { mistypedField, type SourceContext, type SourceResult, unreadable } from './context';
import type { ReadResult } from '../fs/read-file';

type Base = Pick<Credential, 'id' | 'provider' | 'source'>;

/** What a read gives when no reader was injected (a test without one). */
/** Doctor's keyring-unreadable: set on every row whose keyring could not be read. */
const KEYRING_UNREADABLE: readonly CredentialFlag[] = ['keyring-unreadable'];

const NO_READER: KeyringResult = { kind: 'unavailable', reason: 'no keyring reader' };

async function read(keyring: KeyringReader | undefined, service: string, account: string): Promise<KeyringResult> {
  return keyring === undefined ? NO_READER : keyring.get(service, account);
}

/** A sentence for a keyring that could not be read. */
export function keyringProblem(r: KeyringResult): string | undefined {
  if (r.kind === 'locked') return 'the OS keyring is locked; auth-wizard does not unlock it (unlock your login keyring, e.g. by signing in to the desktop, and run auth-wizard again)';
  if (r.kind === 'unavailable') return `the OS keyring cannot be read: ${r.reason}`;
  return undefined;
}

// ---------------------------------------------------------------- Codex

export const CODEX_KEYRING_SERVICE = 'Codex Auth';

/**
 * Codex's account name for a CODEX_HOME (codex-rs/login/src/auth/storage.rs,
 * compute_store_key): `cli|` + the first 16 hex digits of the SHA-256 of the
 * canonicalised home (realpath; the path as given when it does not exist).
 * Rust's canonicalize on Windows gives a verbatim `\\?\` path, hashed as such.
 */
export function codexKeyringAccount(codexHome: string, platform: NodeJS.Platform): string {
  let canonical = codexHome;
  try {
    canonical = realpathSync.native(codexHome);
    if (platform === 'win32' && !canonical.startsWith('\\\\?\\')) canonical = canonical.startsWith('\\\\') ? `\\\\?\\UNC\\${canonical.slice(2)}` : `\\\\?\\${canonical}`;
  } catch {
    // Codex hashes the path as given when it cannot canonicalise it.
  }
  return `cli|${createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 16)}`;
}

function fileCredential(file: ReadResult, base: Base, authPath: string, parseCodexAuth: (text: string, path: string) => Credential): Credential {
  if (file.kind === 'ok') return { ...parseCodexAuth(file.text, authPath), fileMode: file.mode, symlink: file.symlink };
  return unreadable({ ...base, path: authPath }, file.kind === 'unreadable' ? file.reason : 'missing');
}

/**
 * Codex with `cli_auth_credentials_store = "keyring"` or `"auto"`: the whole
 * auth.json document is the secret of `Codex Auth` / `cli|<hash>`. "keyring"
 * reads only the keyring; "auto" reads the keyring first and falls back to
 * auth.json when the item is missing or the keyring fails (storage.rs,
 * AutoAuthStorage). `file` is auth.json as read by the caller.
 */
/**
 * `parseCodexAuth` is the Codex store's own parser, handed in (the keyring item
 * is the whole auth.json document), so this module does not import the store
 * that loads it.
 */
export async function discoverCodexKeyring(
  ctx: SourceContext,
  mode: 'keyring' | 'auto',
  codexHome: string,
  authPath: string,
  file: ReadResult,
  parseCodexAuth: (text: string, path: string) => Credential,
): Promise<SourceResult> {
  const account = codexKeyringAccount(codexHome, ctx.platform);
  const where = `keyring:${CODEX_KEYRING_SERVICE}/${account}`;
  const setting = `cli_auth_credentials_store = "${mode}"`;
  const base = { id: 'codex', provider: 'openai', source: 'codex' as const, path: where };
  if (ctx.keyring === undefined) {
    // A run given no keyring reader (tests of other parts): say where the sign-in is, as a note.
    const fileResult = file.kind === 'missing' ? [] : [{ ...fileCredential(file, base, authPath, parseCodexAuth), ...(mode === 'keyring' ? { inactive: `Codex is set to ${setting} and does not read this file` } : {}) }];
    const ignores = mode === 'keyring' && file.kind !== 'missing' ? [`Codex ignores ${authPath} because of ${setting} in its config.toml; it uses the OS keyring.`] : [];
    return { credentials: fileResult, notes: [...ignores, `Codex keeps its sign-in in the OS keyring (${setting}), which this run does not read: no auth.json does not mean signed out.`] };
  }
  const r = await read(ctx.keyring, CODEX_KEYRING_SERVICE, account);
  const fileCred = (): Credential => fileCredential(file, base, authPath, parseCodexAuth);
  const hasFile = file.kind !== 'missing';
  if (r.kind === 'found') {
    const cred = parseCodexAuth(r.secret, where);
    if (!hasFile) return { credentials: [cred], notes: [] };
    return {
      // Both are id "codex"; precedence looks ids up in a Map, where the last wins: the keyring's.
      credentials: [{ ...fileCred(), inactive: `Codex reads its sign-in from the OS keyring (${setting}), not this file` }, cred],
      notes: [`Codex ignores ${authPath}: with ${setting} its sign-in is in the OS keyring (${CODEX_KEYRING_SERVICE}).`],
    };
  }
  const found = keyringProblem(r);
  const problem = found === undefined ? undefined : `Codex keeps its sign-in in the OS keyring (${setting}), but ${found}`;
  if (mode === 'auto') {
    // Codex falls back to auth.json, whatever the keyring said.
    if (hasFile) return { credentials: [fileCred()], notes: found === undefined ? [] : [`Codex (${setting}) could not read the keyring and uses ${authPath}: ${found}.`] };
    if (problem === undefined) return { credentials: [], notes: [] };
    return { credentials: [{ ...unreadable(base, problem), flags: KEYRING_UNREADABLE }], notes: [] };
  }
  const credentials: Credential[] = [];
  const notes: string[] = [];
  if (problem !== undefined) credentials.push({ ...unreadable(base, problem), flags: KEYRING_UNREADABLE });
  else notes.push(`Codex keeps its sign-in in the OS keyring (${setting}) and there is none there (${CODEX_KEYRING_SERVICE}, ${account}): Codex is not signed in.`);
  if (hasFile) {
    credentials.push({ ...fileCred(), inactive: `Codex is set to ${setting} and does not read this file` });
    notes.push(`Codex ignores ${authPath} because of ${setting} in its config.toml; it uses the OS keyring.`);
  }
  return { credentials, notes };
}

// ---------------------------------------------------------------- Gemini CLI

export const GEMINI_KEYRING_SERVICE = 'gemini-cli-oauth';
export const GEMINI_KEYRING_ACCOUNT = 'main-account';

/**
 * True when Gemini CLI keeps its Google sign-in in the keychain: only with
 * GEMINI_FORCE_ENCRYPTED_FILE_STORAGE=true, and not when
 * GEMINI_FORCE_FILE_STORAGE=true sends it to the encrypted file instead.
 */
export function geminiUsesKeychain(env: SourceContext['env']): boolean {
  return env.GEMINI_FORCE_ENCRYPTED_FILE_STORAGE === 'true' && env.GEMINI_FORCE_FILE_STORAGE !== 'true';
}

/** Gemini CLI's keychain value: {serverName, token: {accessToken, refreshToken?, expiresAt (ms), tokenType, scope?}, updatedAt}. */
export function parseGeminiKeychainItem(text: string, base: Base, path: string): Credential {
  const b = { ...base, path };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return unreadable(b, 'the keychain item is not JSON');
  }
  if (!isRecord(doc) || !isRecord(doc.token)) return unreadable(b, 'the keychain item has no "token" object');
  const t = doc.token;
  const mistyped = mistypedField(t, { accessToken: 'string', refreshToken: 'string', expiresAt: 'time', tokenType: 'string', scope: 'string' });
  if (mistyped !== undefined) return unreadable(b, mistyped, 'oauth', str(t.refreshToken));
  const access = str(t.accessToken);
  const refresh = str(t.refreshToken);
  if (access === undefined) return { ...b, kind: 'oauth', expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'the keychain item holds no access token', secrets: {} };
  const expiresAt = typeof t.expiresAt === 'number' ? t.expiresAt : null;
  const scope = str(t.scope);
  return { ...b, kind: 'oauth', expiresAt, canRefresh: refresh !== undefined, scopes: scope?.split(' ').filter((s) => s !== ''), secrets: { access, refresh } };
}

/**
 * Gemini CLI's keychain sign-in, or a note when the keychain cannot be read
 * (Gemini then falls back to ~/.gemini/gemini-credentials.json, which its
 * store reads). Nothing when the keychain is not configured or holds nothing.
 */
export async function readGeminiKeyring(ctx: SourceContext, base: Base): Promise<SourceResult> {
  if (!geminiUsesKeychain(ctx.env)) return { credentials: [], notes: [] };
  const r = await read(ctx.keyring, GEMINI_KEYRING_SERVICE, GEMINI_KEYRING_ACCOUNT);
  if (r.kind === 'found') return { credentials: [parseGeminiKeychainItem(r.secret, base, `keyring:${GEMINI_KEYRING_SERVICE}/${GEMINI_KEYRING_ACCOUNT}`)], notes: [] };
  const problem = keyringProblem(r);
  return { credentials: [], notes: problem === undefined ? [] : [`Gemini CLI keeps its sign-in in the keychain (GEMINI_FORCE_ENCRYPTED_FILE_STORAGE=true), but ${problem}; Gemini CLI then uses its encrypted file instead.`] };
}

// ---------------------------------------------------------------- Copilot CLI

export const COPILOT_KEYRING_SERVICE = 'copilot-cli';

/**
 * Copilot CLI's keychain logins: every item of service `copilot-cli` (the
 * account name is not published, so the service is enumerated), one token
 * credential per item with the account as its entry. The secret is taken as
 * the token itself; unverified against the closed-source CLI (docs/stores.md).
 * The Copilot store calls this only when its configuration points to the
 * keychain, and classifies the tokens (gho_, github_pat_, ghp_…) itself.
 */
export async function readCopilotKeyring(ctx: SourceContext, base: Base): Promise<SourceResult> {
  const r = ctx.keyring === undefined ? NO_READER : await ctx.keyring.find(COPILOT_KEYRING_SERVICE);
  const path = `keyring:${COPILOT_KEYRING_SERVICE}`;
  if (r.kind === 'found') {
    return {
      credentials: r.items.map((item) => ({ ...base, id: `${base.id}:${item.account}`, path, entry: item.account, kind: 'token' as const, expiresAt: null, canRefresh: false, secrets: { access: item.secret.trim() } })),
      notes: [],
    };
  }
  const problem = keyringProblem(r);
  return { credentials: problem === undefined ? [] : [{ ...unreadable({ ...base, path }, problem, 'token'), flags: KEYRING_UNREADABLE }], notes: [] };
}
