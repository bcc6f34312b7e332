// Claude Code: $CLAUDE_CONFIG_DIR/.credentials.json or ~/.claude/.credentials.json,
// on macOS the login Keychain instead; account details in .claude.json.
// Read-only by policy (protocols.md §0): auth-wizard never writes or refreshes these.
import { join } from 'node:path';
import type { Credential } from '../core/credential';
import { expiryMs } from '../core/expiry';
import { isRecord, str, strList } from '../core/jwt';
import { claudeAccountFile, claudeConfigDir } from '../store/paths';
import { parseJson, readCredentialFile } from '../store/read-file';
import { mistypedField, type SourceContext, type SourceResult, unreadable } from './context';

export interface ClaudeAccount {
  email?: string | undefined;
  accountId?: string | undefined;
  orgId?: string | undefined;
  orgName?: string | undefined;
}

/** Parses the `{claudeAiOauth: {...}}` document (Claude Code's and older ccproxy's shape). */
export function parseClaudeOauth(text: string, base: Pick<Credential, 'id' | 'provider' | 'source' | 'path'>): Credential {
  const json = parseJson(text);
  if (!json.ok) return unreadable(base, json.reason);
  if (!isRecord(json.value)) return unreadable(base, 'is not a JSON object');
  const oauth = json.value.claudeAiOauth;
  if (oauth === undefined || oauth === null) {
    return { ...base, kind: 'oauth', expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'no claudeAiOauth entry', secrets: {} };
  }
  if (!isRecord(oauth)) return unreadable(base, '"claudeAiOauth" is not an object');
  const mistyped = mistypedField(oauth, {
    accessToken: 'string',
    refreshToken: 'string',
    expiresAt: 'time',
    refreshTokenExpiresAt: 'time',
    subscriptionType: 'string',
    rateLimitTier: 'string',
    scopes: 'string[]',
  });
  if (mistyped !== undefined) return unreadable(base, `claudeAiOauth: ${mistyped}`, 'oauth');
  const access = str(oauth.accessToken);
  const refresh = str(oauth.refreshToken);
  const common = {
    ...base,
    kind: 'oauth' as const,
    plan: str(oauth.subscriptionType),
    rateLimitTier: str(oauth.rateLimitTier),
    scopes: strList(oauth.scopes),
    refreshExpiresAt: expiryMs(oauth.refreshTokenExpiresAt) ?? null,
  };
  // After a failed refresh Claude Code leaves empty tokens with expiresAt 0
  // (anthropics/claude-code#83464): that is "signed out", not corrupt.
  if (access === undefined && refresh === undefined) {
    return { ...common, expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'Claude Code left an empty sign-in (its last refresh failed)', secrets: {} };
  }
  // With a token left, expiresAt 0 is an expired sign-in (Claude Code refreshes it), not one that never expires.
  return { ...common, expiresAt: expiryMs(oauth.expiresAt) ?? null, canRefresh: refresh !== undefined, secrets: { access, refresh } };
}

function accountOf(a: unknown): ClaudeAccount | undefined {
  if (!isRecord(a)) return undefined;
  return { email: str(a.emailAddress), accountId: str(a.accountUuid), orgId: str(a.organizationUuid), orgName: str(a.organizationName) };
}

/**
 * The `"oauthAccount": {...}` member cut out of the text, without parsing the
 * rest: .claude.json also holds every project's history and grows to megabytes,
 * which JSON.parse would spend tens of milliseconds on for `status`.
 */
export function sliceOauthAccount(text: string): string | undefined {
  const m = /(^|[^\\])"oauthAccount"\s*:\s*\{/.exec(text);
  if (m === null) return undefined;
  const start = m.index + m[0].length - 1;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

export function parseClaudeAccount(text: string): ClaudeAccount {
  const slice = sliceOauthAccount(text);
  if (slice !== undefined) {
    const part = parseJson(slice);
    const fast = part.ok ? accountOf(part.value) : undefined;
    if (fast !== undefined) return fast;
  }
  // Not found where expected (or odd text): read it the slow, certain way.
  const json = parseJson(text);
  if (!json.ok || !isRecord(json.value)) return {};
  return accountOf(json.value.oauthAccount) ?? {};
}

/** Keychain service name; a custom config dir gets a suffix of sha256(dir). */
export async function keychainService(ctx: SourceContext): Promise<string> {
  const dir = ctx.env.CLAUDE_CONFIG_DIR;
  if (dir === undefined || dir.trim() === '') return 'Claude Code-credentials';
  // Loaded here: only macOS with a custom config dir needs it.
  const { createHash } = await import('node:crypto');
  return `Claude Code-credentials-${createHash('sha256').update(dir).digest('hex').slice(0, 8)}`;
}

/** `.claude.json` holds project history too and can grow large. */
const MAX_ACCOUNT_FILE_BYTES = 64 * 1024 * 1024;

async function fromKeychain(ctx: SourceContext): Promise<Credential | undefined> {
  const service = await keychainService(ctx);
  const path = `keychain:${service}`;
  const base = { id: 'claude-code', provider: 'anthropic', source: 'claude-code' as const, path };
  const r = await ctx.exec('security', ['find-generic-password', '-s', service, '-a', ctx.env.USER ?? '', '-w'], { timeoutMs: 3000 });
  if (r.notFound === true) return undefined;
  if (r.timedOut === true) return unreadable(base, 'the Keychain did not answer within 3 s (is it locked?)');
  if (r.code !== 0) return undefined; // no such item: not signed in through the Keychain
  return parseClaudeOauth(r.stdout.trim(), base);
}

/**
 * `apiKeyHelper` in Claude Code's user settings: a command whose output Claude
 * Code uses as its key, ahead of CLAUDE_CODE_OAUTH_TOKEN and the stored sign-in
 * (protocols.md §2). Project-level settings depend on the directory Claude Code
 * runs in and are not read.
 */
export function parseApiKeyHelper(text: string, path: string): Credential | undefined {
  const json = parseJson(text);
  if (!json.ok || !isRecord(json.value)) return undefined;
  const helper = str(json.value.apiKeyHelper);
  if (helper === undefined) return undefined;
  return { id: 'claude-code:apiKeyHelper', provider: 'anthropic', source: 'claude-code', kind: 'api_key', path, entry: 'apiKeyHelper', expiresAt: null, canRefresh: false, secrets: {} };
}

export async function discoverClaudeCode(ctx: SourceContext): Promise<SourceResult> {
  const settingsPath = join(claudeConfigDir(ctx), 'settings.json');
  const settings = await readCredentialFile(settingsPath);
  const helper = settings.kind === 'ok' ? parseApiKeyHelper(settings.text, settingsPath) : undefined;
  const stored = await discoverStoredSignIn(ctx);
  return { credentials: [...(helper !== undefined ? [helper] : []), ...stored], notes: [] };
}

async function discoverStoredSignIn(ctx: SourceContext): Promise<Credential[]> {
  const path = join(claudeConfigDir(ctx), '.credentials.json');
  const base = { id: 'claude-code', provider: 'anthropic', source: 'claude-code' as const, path };
  const found: Credential[] = [];
  if (ctx.platform === 'darwin') {
    const k = await fromKeychain(ctx);
    if (k !== undefined) found.push(k);
  }
  if (found.length === 0) {
    const file = await readCredentialFile(path);
    if (file.kind === 'unreadable') found.push(unreadable(base, file.reason));
    if (file.kind === 'ok') found.push({ ...parseClaudeOauth(file.text, base), fileMode: file.mode, symlink: file.symlink });
  }
  if (found.length === 0) return [];
  const accountFile = await readCredentialFile(claudeAccountFile(ctx), MAX_ACCOUNT_FILE_BYTES);
  const account = accountFile.kind === 'ok' ? parseClaudeAccount(accountFile.text) : {};
  return found.map((c) => ({ ...account, ...c }));
}
