// Picking profiles out of auth-wizard's own store for `token`, `env`, `logout`
// and refresh. Read-only and light (no lock, no network), so `token` with a
// still-valid credential stays near Node's start-up time: nothing here may
// import the writers (they load proper-lockfile).
import type { Credential } from '../core/credential';
import { AppError } from '../errors';
import { parseProfileStore } from '../sources/profile-store';
import { authWizardProfilesFile, type PathEnv } from '../fs/paths';
import { readCredentialFile } from '../fs/read-file';

export interface ProfileStoreView {
  path: string;
  /** Every profile, parsed leniently (secrets kept apart, as discovery does). */
  profiles: Credential[];
  order: Record<string, string[]>;
}

/** Reads the store; a missing file is an empty store, an unreadable one an error naming it. */
export async function readProfileStore(p: PathEnv): Promise<ProfileStoreView> {
  const path = authWizardProfilesFile(p);
  const file = await readCredentialFile(path);
  if (file.kind === 'missing') return { path, profiles: [], order: {} };
  if (file.kind === 'unreadable') throw new AppError('corrupt_file', `auth-wizard's profile store ${path} ${file.reason}.`, { hint: 'auth-wizard status' });
  const parsed = parseProfileStore(file.text, path, 'auth-wizard', 'auth-wizard');
  const broken = parsed.credentials.find((c) => c.entry === undefined && c.fixedState === 'unreadable');
  if (broken !== undefined) throw new AppError('corrupt_file', `auth-wizard's profile store ${path} ${broken.reason ?? 'could not be read'}.`, { hint: 'auth-wizard status' });
  return { path, profiles: parsed.credentials, order: parsed.order };
}

/** `work` → `openai:work`; a full id is kept as given. */
export function normalizeProfileId(provider: string, id: string): string {
  return id.includes(':') ? id : `${provider}:${id}`;
}

/** The provider's profiles in the store's preference order: `order[provider]` first, then the rest as written. */
export function profilesInOrder(store: ProfileStoreView, provider: string): Credential[] {
  const mine = store.profiles.filter((c) => c.provider === provider && c.entry !== undefined);
  const order = store.order[provider] ?? [];
  const rank = (c: Credential) => {
    const i = order.indexOf(c.entry ?? '');
    return i === -1 ? order.length : i;
  };
  return mine.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}

/** One named profile of the provider, or not_found naming the ones that exist. */
export function findProfile(store: ProfileStoreView, provider: string, id: string): Credential {
  const want = normalizeProfileId(provider, id);
  const hit = store.profiles.find((c) => c.entry === want);
  if (hit === undefined || hit.provider !== provider) {
    const ids = profilesInOrder(store, provider).map((c) => c.entry);
    throw new AppError('not_found', `auth-wizard has no ${provider} profile "${want}"${ids.length > 0 ? ` (it has: ${ids.join(', ')})` : ''}.`, { hint: 'auth-wizard status' });
  }
  return hit;
}
