// Which OpenAI grant `token` and `refresh` act on, looked up in STORES.
// Without --source: auth-wizard's own store, the named profile or else the
// first OpenAI OAuth profile in the store's order. Another tool's store only
// when named, and only a store with a grant side (docs/security.md: one grant,
// one store; refreshing another tool's grant writes it back into its file).
import { AppError, usageError } from '../errors';
import { type PathEnv, tildify } from '../fs/paths';
import { findProfile, profilesInOrder, readProfileStore } from './auth-wizard';
import type { GrantRef } from './grant';
import { STORES, storeById } from './index';
import type { Store } from './types';

function refOf(p: PathEnv, store: Store, path: string, entry: string): GrantRef {
  const side = store.grant!;
  return { source: store.id, path, entry, label: side.label(tildify(path, p.home), entry), loginCommand: side.loginCommand(entry), side, write: store.write! };
}

export async function resolveOpenAiGrant(p: PathEnv, o: { source?: string | undefined; profile?: string | undefined }): Promise<GrantRef> {
  const source = o.source ?? 'auth-wizard';
  const store = storeById(source);
  if (source !== 'auth-wizard') {
    if (store?.grant === undefined || store.write === undefined) {
      const others = STORES.filter((s) => s.grant !== undefined && s.id !== 'auth-wizard').map((s) => s.id);
      throw usageError(`auth-wizard refreshes OpenAI sign-ins in its own store, or in Codex's or OpenCode's file when you name it (--source ${others.join('|')}); not in "${source}".`);
    }
    if (o.profile !== undefined) throw usageError(`--profile names a profile in auth-wizard's own store; it cannot be combined with --source ${source}.`);
    return refOf(p, store, store.grant.file(p), store.grant.entry('openai'));
  }
  const own = storeById('auth-wizard')!;
  const profiles = await readProfileStore(p);
  if (o.profile !== undefined) {
    const c = findProfile(profiles, 'openai', o.profile);
    if (c.kind !== 'oauth') throw new AppError('not_found', `auth-wizard profile ${c.entry} is ${c.kind === 'api_key' ? 'an API key' : 'not a ChatGPT sign-in'}; it has no access token to refresh.`);
    return refOf(p, own, profiles.path, c.entry!);
  }
  const c = profilesInOrder(profiles, 'openai').find((x) => x.kind === 'oauth');
  if (c === undefined) {
    throw new AppError('not_found', `auth-wizard's store (${tildify(profiles.path, p.home)}) has no OpenAI sign-in. To use the one Codex or OpenCode keeps, name it with --source codex or --source opencode.`, {
      hint: 'auth-wizard login --provider openai --target auth-wizard',
    });
  }
  return refOf(p, own, profiles.path, c.entry!);
}
