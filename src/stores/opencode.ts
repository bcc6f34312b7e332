// OpenCode: $XDG_DATA_HOME/opencode/auth.json (default ~/.local/share/opencode/auth.json),
// keyed by provider id: {type: "oauth"|"api"|"wellknown", ...}. OPENCODE_AUTH_CONTENT
// carries the same JSON inline and overrides the file (docs/stores.md). The write
// half is opencode.write.ts.
import type { Credential, SourceId } from '../core/credential';
import { expiryMs } from '../core/expiry';
import { isRecord, str } from '../core/guards';

import { dirname, join } from 'node:path';
import { type PathEnv, xdgDataHome } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { mistypedField, notAJwt, type SourceContext, type SourceResult, unreadable } from './context';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { shellQuote } from '../core/shell-quote';
import { withClaims } from './grant';
import type { Store } from './types';

export function opencodeAuthFile(p: PathEnv): string {
  return join(xdgDataHome(p), 'opencode', 'auth.json');
}

function entryCredential(key: string, value: unknown, path: string, source: SourceId): Credential {
  const base = { id: `${source === 'env' ? 'env:OPENCODE_AUTH_CONTENT' : 'opencode'}:${key}`, provider: key, source, path, entry: key };
  if (!isRecord(value)) return unreadable(base, `entry "${key}" is not an object`);
  const type = str(value.type);
  const mistyped = mistypedField(value, { type: 'string', key: 'string', token: 'string', access: 'string', refresh: 'string', expires: 'time', accountId: 'string' });
  if (mistyped !== undefined) return unreadable(base, `entry "${key}": ${mistyped}`, null, str(value.refresh));
  if (type === 'api') {
    const key_ = str(value.key);
    return { ...base, kind: 'api_key', expiresAt: null, canRefresh: false, secrets: { apiKey: key_ }, ...(key_ === undefined ? { fixedState: 'signed-out' as const, reason: 'the API key is empty' } : {}) };
  }
  if (type === 'wellknown') {
    return { ...base, kind: 'token', expiresAt: null, canRefresh: false, secrets: { access: str(value.token) } };
  }
  if (type === 'oauth') {
    const access = str(value.access);
    const refresh = str(value.refresh);
    const notJwt = key === 'openai' ? notAJwt({ access }) : undefined;
    if (notJwt !== undefined) return unreadable(base, `entry "${key}": ${notJwt}`, 'oauth', refresh);
    const claims = key === 'openai' ? mergedOpenAiClaims(undefined, access) : {};
    return {
      ...base,
      kind: 'oauth',
      accountId: str(value.accountId) ?? claims.accountId,
      email: claims.email,
      userId: claims.userId,
      plan: claims.plan,
      scopes: claims.scopes,
      // The entry's own expiry is what OpenCode checks (an `expires` of 0 makes it refresh); the JWT's only without one.
      expiresAt: expiryMs(value.expires) ?? claims.expiresAt ?? null,
      canRefresh: refresh !== undefined,
      secrets: { access, refresh },
      ...(access === undefined && refresh === undefined ? { fixedState: 'signed-out' as const, reason: 'the entry has no tokens' } : {}),
    };
  }
  return unreadable(base, `entry "${key}" has an unknown type ${JSON.stringify(type ?? null)}`, null, str(value.refresh));
}

export function parseOpencodeAuth(text: string, path: string, source: SourceId = 'opencode'): Credential[] {
  const json = parseJson(text);
  const base = { id: source === 'env' ? 'env:OPENCODE_AUTH_CONTENT' : 'opencode', provider: 'opencode', source, path };
  if (!json.ok) return [unreadable(base, json.reason)];
  if (!isRecord(json.value)) return [unreadable(base, 'is not a JSON object')];
  return Object.entries(json.value).map(([k, v]) => entryCredential(k, v, path, source));
}

export function discoverOpencode(ctx: SourceContext): SourceResult {
  const credentials: Credential[] = [];
  const inline = ctx.env.OPENCODE_AUTH_CONTENT;
  if (inline !== undefined && inline.trim() !== '') credentials.push(...parseOpencodeAuth(inline, '$OPENCODE_AUTH_CONTENT', 'env'));
  const path = opencodeAuthFile(ctx);
  const file = readCredentialFileSync(path);
  if (file.kind === 'unreadable') credentials.push(unreadable({ id: 'opencode', provider: 'opencode', source: 'opencode', path }, file.reason));
  if (file.kind === 'ok') credentials.push(...parseOpencodeAuth(file.text, path).map((c) => ({ ...c, fileMode: file.mode, symlink: file.symlink })));
  return { credentials, notes: [] };
}

const OPENAI_LOGIN = 'auth-wizard login --provider openai --target opencode';

export const opencodeStore: Store = {
  id: 'opencode',
  name: 'OpenCode',
  tools: ['opencode'],
  providers: ['openai', 'anthropic'],
  bins: ['opencode'],
  discover: discoverOpencode,
  // Per provider: OPENCODE_AUTH_CONTENT replaces the whole file; the provider's env key is the fallback.
  choices(creds) {
    const inline = creds.some((c) => c.source === 'env' && c.path === '$OPENCODE_AUTH_CONTENT');
    const providers = new Set(creds.filter((c) => c.id.startsWith('opencode:') || c.id.startsWith('env:OPENCODE_AUTH_CONTENT:')).map((c) => c.provider));
    for (const p of ['openai', 'anthropic']) providers.add(p);
    return [...providers].sort().map((p) => {
      const envKey = p === 'openai' ? ['env:OPENAI_API_KEY'] : p === 'anthropic' ? ['env:ANTHROPIC_API_KEY'] : [];
      return { tool: 'opencode', provider: p, order: [inline ? `env:OPENCODE_AUTH_CONTENT:${p}` : `opencode:${p}`, ...envKey] };
    });
  },
  // With OPENCODE_AUTH_CONTENT set, OpenCode never reads its file at all.
  hidden(creds) {
    if (!creds.some((c) => c.id.startsWith('env:OPENCODE_AUTH_CONTENT'))) return [];
    return creds.filter((c) => c.source === 'opencode').map((c) => ({ id: c.id, tool: 'opencode', by: 'env:OPENCODE_AUTH_CONTENT' }));
  },
  unreadableEffect: 'OpenCode treats it as "0 credentials" without a warning, and its next login starts from an empty file.',
  fix: (c) => (c.provider === 'openai' ? OPENAI_LOGIN : `opencode auth login  (provider ${shellQuote(c.provider)})`),
  folders: (p) => [dirname(opencodeAuthFile(p))],
  grant: {
    file: opencodeAuthFile,
    entry: (provider) => provider,
    label: (where, entry) => `OpenCode's "${entry}" entry (${where})`,
    loginCommand: () => OPENAI_LOGIN,
    extract(doc, entry) {
      const e = doc[entry];
      if (e === undefined) return { kind: 'missing', reason: 'there is no such entry' };
      if (!isRecord(e) || str(e.type) !== 'oauth') return { kind: 'unusable', reason: `OpenCode's "${entry}" entry is not a ChatGPT sign-in` };
      return { kind: 'ok', grant: withClaims({ access: str(e.access), refresh: str(e.refresh), accountId: str(e.accountId) }, expiryMs(e.expires)) };
    },
    has: (doc, entry) => Object.hasOwn(doc, entry),
    isOpenAi: (entry) => entry === 'openai',
  },
  write: async () => (await import('./opencode.write')).opencodeWriter,
};
