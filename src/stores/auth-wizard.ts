// auth-wizard's own store, in the OpenClaw profile-store format
// (profile-store.ts, docs/stores.md): discovery, and picking profiles out of
// it for `token`, `env`, `logout` and refresh. Read-only and light (no lock,
// no network), so `token` with a still-valid credential stays near Node's
// start-up time: nothing here may import the write half
// (auth-wizard.write.ts; it loads proper-lockfile).
import { join } from 'node:path';
import type { Credential } from '../core/credential';
import { isRecord, str } from '../core/guards';
import { shellQuote } from '../core/shell-quote';
import { expiryMs } from '../core/expiry';
import { AppError } from '../errors';
import { type PathEnv, toolDir, xdgConfigHome } from '../fs/paths';
import { readCredentialFile } from '../fs/read-file';
import type { SourceContext, SourceResult } from './context';
import { isoMs, withClaims } from './grant';
import { parseProfileStore, readStore } from './profile-store';
import type { Store } from './types';

/** auth-wizard's own profile store: $AUTH_WIZARD_HOME, else $XDG_CONFIG_HOME/auth-wizard. */
export function authWizardHome(p: PathEnv): string {
  return toolDir(p, 'AUTH_WIZARD_HOME') ?? join(xdgConfigHome(p), 'auth-wizard');
}

export function authWizardProfilesFile(p: PathEnv): string {
  return join(authWizardHome(p), 'auth-profiles.json');
}

export function discoverAuthWizard(ctx: SourceContext): SourceResult {
  return { credentials: readStore(authWizardProfilesFile(ctx), 'auth-wizard', 'auth-wizard'), notes: [] };
}

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

export const authWizardStore: Store = {
  id: 'auth-wizard',
  name: "auth-wizard's store",
  tools: [],
  providers: ['openai', 'anthropic'],
  discover: discoverAuthWizard,
  fix: (c) => (c.provider === 'openai' || c.provider === 'anthropic' ? `auth-wizard login --provider ${c.provider}` : `auth-wizard logout --profile ${shellQuote(c.entry ?? '')}`),
  folders: (p) => [authWizardHome(p)],
  grant: {
    file: authWizardProfilesFile,
    entry: (provider, name) => `${provider}:${name ?? 'default'}`,
    label: (where, entry) => `auth-wizard profile ${entry} (${where})`,
    loginCommand: (entry) => `auth-wizard login --provider openai --target auth-wizard --profile ${shellQuote(entry.startsWith('openai:') ? entry.slice('openai:'.length) : entry)}`,
    extract(doc, entry) {
      const profiles = doc.profiles;
      const e = isRecord(profiles) ? profiles[entry] : undefined;
      if (e === undefined) return { kind: 'missing', reason: 'the profile is gone' };
      if (!isRecord(e) || str(e.type) !== 'oauth') return { kind: 'unusable', reason: `the profile ${entry} is not a ChatGPT sign-in` };
      return {
        kind: 'ok',
        grant: withClaims({ access: str(e.access), refresh: str(e.refresh), idToken: str(e.idToken), accountId: str(e.accountId), email: str(e.email), plan: str(e.plan), lastRefresh: isoMs(e.lastRefresh) }, expiryMs(e.expires)),
      };
    },
    has: (doc, entry) => isRecord(doc.profiles) && Object.hasOwn(doc.profiles, entry),
    isOpenAi: (entry) => entry.startsWith('openai:'),
  },
  write: async () => (await import('./auth-wizard.write')).authWizardWriter,
};
