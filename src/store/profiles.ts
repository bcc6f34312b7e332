// auth-wizard's own profile store, in the OpenClaw model (protocols.md §3):
// {version: 1, profiles: {"provider:name": {...}}, order: {provider: [ids]}}.
// One grant per profile: a sign-in never shares its refresh token with another store.
import { isRecord } from '../core/guards';
import { authWizardProfilesFile, type PathEnv } from '../fs/paths';
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

/** Adds or replaces a profile; it becomes the provider's first choice. */
export async function upsertProfile(p: PathEnv, id: string, profile: Profile, opts: UpdateOptions): Promise<void> {
  await updateJsonFile(
    profilesPath(p),
    (doc) => {
      const profiles = isRecord(doc.profiles) ? { ...doc.profiles } : {};
      profiles[id] = JSON.parse(JSON.stringify(profile)) as unknown; // drops undefined members
      const order = orderOf(doc);
      order[profile.provider] = [id, ...(order[profile.provider] ?? []).filter((x) => x !== id)];
      return { version: PROFILE_STORE_VERSION, profiles, order };
    },
    opts,
  );
}

/** Returns false when there was no such profile. */
export async function removeProfile(p: PathEnv, id: string, opts: UpdateOptions): Promise<boolean> {
  let removed = false;
  await updateJsonFile(
    profilesPath(p),
    (doc) => {
      if (!isRecord(doc.profiles) || !Object.hasOwn(doc.profiles, id)) return undefined;
      removed = true;
      const profiles = { ...doc.profiles };
      delete profiles[id];
      const order = orderOf(doc);
      for (const k of Object.keys(order)) order[k] = order[k]!.filter((x) => x !== id);
      return { profiles, order };
    },
    opts,
  );
  return removed;
}

/** The raw profile object, for refresh (which re-reads it under the lock). */
export async function readProfileRaw(p: PathEnv, id: string): Promise<Record<string, unknown> | undefined> {
  const doc = await readJsonObject(profilesPath(p));
  const profiles = doc !== undefined && isRecord(doc.profiles) ? doc.profiles : undefined;
  const v = profiles?.[id];
  return isRecord(v) ? v : undefined;
}
