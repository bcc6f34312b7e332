// The profile-store format shared by OpenClaw, CoderClaw and auth-wizard's own
// store (docs/stores.md): {version, profiles: {"provider:name": {...}}, order}.
import type { Credential, SourceId } from '../core/credential';
import { expiryMs } from '../core/expiry';
import { isRecord, str } from '../core/guards';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { mistypedField, notAJwt, unreadable } from './context';
import { mergedOpenAiClaims } from '../core/openai-claims';

/** OpenClaw calls the ChatGPT sign-in `openai-codex`; it is the same provider. */
function normalizeProvider(p: string): string {
  return p === 'openai-codex' ? 'openai' : p;
}

function profileCredential(profileId: string, value: unknown, path: string, source: SourceId, idPrefix: string): Credential {
  const fallbackProvider = normalizeProvider(profileId.split(':')[0] ?? profileId);
  const base = { id: `${idPrefix}:${profileId}`, provider: fallbackProvider, source, path, entry: profileId };
  if (!isRecord(value)) return unreadable(base, `profile "${profileId}" is not an object`);
  const provider = normalizeProvider(str(value.provider) ?? fallbackProvider);
  const type = str(value.type);
  const mistyped = mistypedField(value, {
    type: 'string',
    provider: 'string',
    key: 'string',
    token: 'string',
    access: 'string',
    refresh: 'string',
    idToken: 'string',
    expires: 'time',
    email: 'string',
    accountId: 'string',
    plan: 'string',
    lastRefresh: 'string',
  });
  if (mistyped !== undefined) return unreadable(base, `profile "${profileId}": ${mistyped}`, null, str(value.refresh));
  const expires = expiryMs(value.expires);
  const common = { ...base, provider, email: str(value.email), accountId: str(value.accountId) };
  if (type === 'api_key') {
    const apiKey = str(value.key);
    return { ...common, kind: 'api_key', expiresAt: null, canRefresh: false, secrets: { apiKey }, ...(apiKey === undefined ? { fixedState: 'signed-out' as const, reason: 'the API key is empty' } : {}) };
  }
  if (type === 'token') {
    const access = str(value.token);
    return { ...common, kind: 'token', plan: str(value.plan), expiresAt: expires ?? null, canRefresh: false, secrets: { access }, ...(access === undefined ? { fixedState: 'signed-out' as const, reason: 'the token is empty' } : {}) };
  }
  if (type === 'oauth') {
    const access = str(value.access);
    const refresh = str(value.refresh);
    const idToken = str(value.idToken);
    const notJwt = provider === 'openai' ? notAJwt({ access, idToken }) : undefined;
    if (notJwt !== undefined) return unreadable({ ...base, provider }, `profile "${profileId}": ${notJwt}`, 'oauth', refresh);
    const claims = provider === 'openai' ? mergedOpenAiClaims(idToken, access) : {};
    const lastRefresh = Date.parse(str(value.lastRefresh) ?? '');
    return {
      ...common,
      kind: 'oauth',
      email: common.email ?? claims.email,
      accountId: common.accountId ?? claims.accountId,
      userId: claims.userId,
      plan: str(value.plan) ?? claims.plan,
      orgId: claims.orgId,
      orgName: claims.orgName,
      scopes: claims.scopes,
      expiresAt: expires ?? claims.expiresAt ?? null,
      lastRefresh: Number.isFinite(lastRefresh) ? lastRefresh : undefined,
      canRefresh: refresh !== undefined,
      secrets: { access, refresh, idToken },
      ...(access === undefined && refresh === undefined ? { fixedState: 'signed-out' as const, reason: 'the profile has no tokens' } : {}),
    };
  }
  return unreadable(base, `profile "${profileId}" has an unknown type ${JSON.stringify(type ?? null)}`, null, str(value.refresh));
}

export interface ParsedProfileStore {
  credentials: Credential[];
  order: Record<string, string[]>;
}

export function parseProfileStore(text: string, path: string, source: SourceId, idPrefix: string): ParsedProfileStore {
  const base = { id: idPrefix, provider: source, source, path };
  const json = parseJson(text);
  if (!json.ok) return { credentials: [unreadable(base, json.reason)], order: {} };
  if (!isRecord(json.value)) return { credentials: [unreadable(base, 'is not a JSON object')], order: {} };
  const profiles = json.value.profiles;
  if (profiles !== undefined && !isRecord(profiles)) return { credentials: [unreadable(base, '"profiles" is not an object')], order: {} };
  const order: Record<string, string[]> = {};
  if (isRecord(json.value.order)) {
    for (const [p, ids] of Object.entries(json.value.order)) {
      if (Array.isArray(ids)) order[p] = ids.filter((x): x is string => typeof x === 'string');
    }
  }
  const credentials = Object.entries(profiles ?? {}).map(([id, v]) => profileCredential(id, v, path, source, idPrefix));
  return { credentials, order };
}

export function readStore(path: string, source: SourceId, idPrefix: string): Credential[] {
  const file = readCredentialFileSync(path);
  if (file.kind === 'missing') return [];
  if (file.kind === 'unreadable') return [unreadable({ id: idPrefix, provider: source, source, path }, file.reason)];
  return parseProfileStore(file.text, path, source, idPrefix).credentials.map((c) => ({ ...c, fileMode: file.mode, symlink: file.symlink }));
}
