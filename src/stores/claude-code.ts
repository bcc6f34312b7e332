// Claude Code: $CLAUDE_CONFIG_DIR/.credentials.json or ~/.claude/.credentials.json,
// on macOS the login Keychain instead; account details in .claude.json.
// Read-only by policy (docs/security.md): auth-wizard never writes or refreshes these.
import { join } from 'node:path';
import type { Credential } from '../core/credential';
import { expiryMs } from '../core/expiry';
import { isRecord, str, strList } from '../core/guards';
import { scanFileObjectMember, scanTextObjectMember } from '../fs/json-member-scan';
import { tildify, toolDir, type PathEnv } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { mistypedField, type SourceContext, type SourceResult, unreadable } from './context';
import type { Store } from './types';

export function claudeConfigDir(p: PathEnv): string {
  return toolDir(p, 'CLAUDE_CONFIG_DIR') ?? join(p.home, '.claude');
}

/** Claude Code keeps `.claude.json` in the home directory unless CLAUDE_CONFIG_DIR is set. */
export function claudeAccountFile(p: PathEnv): string {
  const dir = toolDir(p, 'CLAUDE_CONFIG_DIR');
  return dir !== undefined ? join(dir, '.claude.json') : join(p.home, '.claude.json');
}

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
  if (mistyped !== undefined) return unreadable(base, `claudeAiOauth: ${mistyped}`, 'oauth', str(oauth.refreshToken));
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

/** The account object is a few hundred bytes; one this large is not Claude Code's. */
const MAX_ACCOUNT_OBJECT_BYTES = 64 * 1024;

/** Account details from .claude.json text (the file itself is scanned, not read whole: see readClaudeAccount). */
export function parseClaudeAccount(text: string): ClaudeAccount {
  const r = scanTextObjectMember(text, 'oauthAccount', MAX_ACCOUNT_OBJECT_BYTES);
  return (r.kind === 'found' ? accountOf(r.value) : undefined) ?? {};
}

/**
 * .claude.json also holds every project's history and reaches tens of MB:
 * `oauthAccount` is found by scanning its bytes in chunks (fs/json-member-scan.ts),
 * so any size costs one chunk of memory and no decoding. A note says when the
 * account could not be read.
 */
export function readClaudeAccount(path: string, home: string): { account: ClaudeAccount; notes: string[] } {
  const r = scanFileObjectMember(path, 'oauthAccount', MAX_ACCOUNT_OBJECT_BYTES);
  if (r.kind === 'found') return { account: accountOf(r.value) ?? {}, notes: [] };
  if (r.kind === 'too-large' || r.kind === 'unreadable') {
    return { account: {}, notes: [`Claude Code's account details (email, organization) are not shown: ${tildify(path, home)}: ${r.reason}.`] };
  }
  return { account: {}, notes: [] };
}

/** Keychain service name; a custom config dir gets a suffix of sha256(dir). */
export async function keychainService(ctx: SourceContext): Promise<string> {
  const dir = ctx.env.CLAUDE_CONFIG_DIR;
  if (dir === undefined || dir.trim() === '') return 'Claude Code-credentials';
  // Loaded here: only macOS with a custom config dir needs it.
  const { createHash } = await import('node:crypto');
  return `Claude Code-credentials-${createHash('sha256').update(dir).digest('hex').slice(0, 8)}`;
}

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
 * (docs/stores.md). Project-level settings depend on the directory Claude Code
 * runs in and are not read.
 */
export function parseApiKeyHelper(text: string, path: string): Credential | undefined {
  const json = parseJson(text);
  if (!json.ok || !isRecord(json.value)) return undefined;
  const helper = str(json.value.apiKeyHelper);
  if (helper === undefined) return undefined;
  return { id: 'claude-code:apiKeyHelper', provider: 'anthropic', source: 'claude-code', kind: 'api_key', path, entry: 'apiKeyHelper', expiresAt: null, canRefresh: false, secrets: {} };
}

export function discoverClaudeCode(ctx: SourceContext): SourceResult | Promise<SourceResult> {
  const settingsPath = join(claudeConfigDir(ctx), 'settings.json');
  const settings = readCredentialFileSync(settingsPath);
  const helper = settings.kind === 'ok' ? parseApiKeyHelper(settings.text, settingsPath) : undefined;
  const withHelper = (stored: SourceResult): SourceResult => ({ credentials: [...(helper !== undefined ? [helper] : []), ...stored.credentials], notes: stored.notes });
  // On macOS the sign-in is in the Keychain, read through `security` (a child
  // process): the one case where this store has anything to wait for.
  if (ctx.platform === 'darwin') return fromKeychain(ctx).then((k) => withHelper(storedSignIn(ctx, k)));
  return withHelper(storedSignIn(ctx, undefined));
}

/** The stored sign-in: the Keychain's item when there was one, else .credentials.json, with the account beside it. */
function storedSignIn(ctx: SourceContext, fromKeychain: Credential | undefined): SourceResult {
  const path = join(claudeConfigDir(ctx), '.credentials.json');
  const base = { id: 'claude-code', provider: 'anthropic', source: 'claude-code' as const, path };
  const found: Credential[] = fromKeychain === undefined ? [] : [fromKeychain];
  if (found.length === 0) {
    const file = readCredentialFileSync(path);
    if (file.kind === 'unreadable') found.push(unreadable(base, file.reason));
    if (file.kind === 'ok') found.push({ ...parseClaudeOauth(file.text, base), fileMode: file.mode, symlink: file.symlink });
  }
  if (found.length === 0) return { credentials: [], notes: [] };
  const { account, notes } = readClaudeAccount(claudeAccountFile(ctx), ctx.home);
  return { credentials: found.map((c) => ({ ...account, ...c })), notes };
}

const CLOUD_VARS = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'];

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export const claudeCodeStore: Store = {
  id: 'claude-code',
  name: 'Claude Code',
  tools: ['claude-code'],
  providers: ['anthropic'],
  bins: ['claude'],
  discover: discoverClaudeCode,
  // Claude Code's order (docs/stores.md): the env token and key, the apiKeyHelper
  // setting, CLAUDE_CODE_OAUTH_TOKEN, then its stored sign-in; a cloud-provider
  // setting means none of them.
  choices(_creds, env) {
    const cloud = CLOUD_VARS.find((v) => truthy(env[v]));
    return [
      {
        tool: 'claude-code',
        provider: 'anthropic',
        order: ['env:ANTHROPIC_AUTH_TOKEN', 'env:ANTHROPIC_API_KEY', 'claude-code:apiKeyHelper', 'env:CLAUDE_CODE_OAUTH_TOKEN', 'claude-code'],
        disabledBy: cloud !== undefined ? `Claude Code is set to use a cloud provider (${cloud}), so it uses none of the Anthropic credentials below.` : undefined,
      },
    ];
  },
  unreadableEffect: 'Claude Code treats it as signed out.',
  readOnly: "auth-wizard never writes Claude Code's files. To sign Claude Code out, run `claude auth logout`.",
  signOut: 'claude auth logout',
  signIn: { bin: 'claude', args: ['auth', 'login'] },
  fix: () => 'auth-wizard login --provider anthropic --method claude-cli',
  folders: (p) => [claudeConfigDir(p)],
};
