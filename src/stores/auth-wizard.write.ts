// auth-wizard's own store, write half, in the OpenClaw model (docs/stores.md):
// {version: 1, profiles: {"provider:name": {...}}, order: {provider: [ids]}}.
// One grant per profile: a sign-in never shares its refresh token with another store.
import { isRecord } from '../core/guards';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { authWizardProfilesFile } from './auth-wizard';
import type { StoreWriter } from './types';
import { type PathEnv } from '../fs/paths';
import { readJsonObject, updateJsonFile, type UpdateOptions } from '../fs/json-file';

export const PROFILE_STORE_VERSION = 1;

export type Profile =
  | { type: 'oauth'; provider: string; access: string; refresh?: string | undefined; idToken?: string | undefined; expires?: number | undefined; accountId?: string | undefined; email?: string | undefined; plan?: string | undefined; lastRefresh?: string | undefined }
  | { type: 'token'; provider: string; token: string; expires?: number | undefined }
  | { type: 'api_key'; provider: string; key: string };

export function profilesPath(p: PathEnv): string {
  return authWizardProfilesFile(p);
}

export function profileId(provider: string, name: string): string {
  return `${provider}:${name}`;
}

function orderOf(doc: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (isRecord(doc.order)) for (const [k, v] of Object.entries(doc.order)) if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  return out;
}

const clean = (o: Record<string, unknown>) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>; // drops undefined members

/** The members that make `doc` hold `profile` under `id`, as the provider's first choice. */
export function withProfile(doc: Record<string, unknown>, id: string, profile: Profile): Record<string, unknown> {
  const profiles = isRecord(doc.profiles) ? { ...doc.profiles } : {};
  profiles[id] = clean(profile);
  const order = orderOf(doc);
  order[profile.provider] = [id, ...(order[profile.provider] ?? []).filter((x) => x !== id)];
  return { version: PROFILE_STORE_VERSION, profiles, order };
}

export const authWizardWriter: StoreWriter = {
  applyGrant: (doc, t, now, entry) =>
    withProfile(doc, entry, { type: 'oauth', provider: 'openai', access: t.accessToken, refresh: t.refreshToken, idToken: t.idToken, expires: t.expiresAt, accountId: t.accountId, email: t.email, plan: t.plan, lastRefresh: new Date(now).toISOString() }),
  applyRotated(doc, entry, t, now) {
    const profiles = isRecord(doc.profiles) ? doc.profiles : undefined;
    const old = profiles?.[entry];
    if (profiles === undefined || !isRecord(old)) return undefined;
    const claims = mergedOpenAiClaims(t.idToken, t.access);
    const next = clean({
      ...old,
      access: t.access,
      refresh: t.refresh ?? old.refresh,
      idToken: t.idToken ?? old.idToken,
      expires: t.expiresAt,
      accountId: claims.accountId ?? old.accountId,
      email: claims.email ?? old.email,
      plan: claims.plan ?? old.plan,
      lastRefresh: new Date(now).toISOString(),
    });
    return { profiles: { ...profiles, [entry]: next } };
  },
  remove(doc, id) {
    if (!isRecord(doc.profiles) || !Object.hasOwn(doc.profiles, id)) return undefined;
    const profiles = { ...doc.profiles };
    delete profiles[id];
    const order = orderOf(doc);
    for (const k of Object.keys(order)) order[k] = order[k]!.filter((x) => x !== id);
    return { profiles, order };
  },
};

/** Adds or replaces a profile; it becomes the provider's first choice. */
export async function upsertProfile(p: PathEnv, id: string, profile: Profile, opts: UpdateOptions): Promise<void> {
  await updateJsonFile(profilesPath(p), (doc) => withProfile(doc, id, profile), opts);
}

/** The raw profile object, for refresh (which re-reads it under the lock). */
export async function readProfileRaw(p: PathEnv, id: string): Promise<Record<string, unknown> | undefined> {
  const doc = await readJsonObject(profilesPath(p));
  const profiles = doc !== undefined && isRecord(doc.profiles) ? doc.profiles : undefined;
  const v = profiles?.[id];
  return isRecord(v) ? v : undefined;
}
