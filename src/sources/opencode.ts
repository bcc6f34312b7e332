// OpenCode: $XDG_DATA_HOME/opencode/auth.json (default ~/.local/share/opencode/auth.json),
// keyed by provider id: {type: "oauth"|"api"|"wellknown", ...}. OPENCODE_AUTH_CONTENT
// carries the same JSON inline and overrides the file.
import type { Credential, SourceId } from '../core/credential';
import { expiryMs } from '../core/expiry';
import { isRecord, str } from '../core/guards';
import { opencodeAuthFile } from '../fs/paths';
import { parseJson, readCredentialFile } from '../fs/read-file';
import { mistypedField, notAJwt, type SourceContext, type SourceResult, unreadable } from './context';
import { mergedOpenAiClaims } from '../core/openai-claims';

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

export async function discoverOpencode(ctx: SourceContext): Promise<SourceResult> {
  const credentials: Credential[] = [];
  const inline = ctx.env.OPENCODE_AUTH_CONTENT;
  if (inline !== undefined && inline.trim() !== '') credentials.push(...parseOpencodeAuth(inline, '$OPENCODE_AUTH_CONTENT', 'env'));
  const path = opencodeAuthFile(ctx);
  const file = await readCredentialFile(path);
  if (file.kind === 'unreadable') credentials.push(unreadable({ id: 'opencode', provider: 'opencode', source: 'opencode', path }, file.reason));
  if (file.kind === 'ok') credentials.push(...parseOpencodeAuth(file.text, path).map((c) => ({ ...c, fileMode: file.mode, symlink: file.symlink })));
  return { credentials, notes: [] };
}
