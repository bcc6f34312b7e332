// Which stores sign in through their tool's own CLI, and for which providers:
// `login --provider google|kimi|…`, onboard's tool list and doctor's tool
// checks read them from here, so a store plugs in through its `signIn` and
// `bins` fields alone (src/stores/types.ts), never by its id.
//
import { PROVIDERS } from '../core/providers';
import { STORES } from './index';
import type { CliSignIn, Store } from './types';

/**
 * The stores whose tools auth-wizard signs in through their own CLI (and checks
 * in doctor/tools.ts): those with a `signIn` that hold a provider besides
 * openai and anthropic, whose sign-ins have flows of their own here (Claude
 * Code's `claude auth login` among them).
 */
export function toolStores(): readonly Store[] {
  return STORES.filter((s) => s.signIn !== undefined && s.providers.some((p) => !PROVIDERS.some((q) => q === p)));
}

export type SignInStore = Store & { signIn: CliSignIn };

export function cliSignInStores(stores: readonly Store[] = toolStores()): SignInStore[] {
  return stores.filter((s): s is SignInStore => s.signIn !== undefined);
}

/** One provider a tool's CLI signs in to, and every store that offers it (first one first). */
export interface ToolProvider {
  provider: string;
  stores: SignInStore[];
}

/**
 * The providers `login --provider` takes beyond openai and anthropic, each
 * with the stores that sign in to it. openai and anthropic keep their own
 * sign-ins even where a tool (e.g. Crush) also holds their keys.
 */
export function toolProviders(stores: readonly Store[] = toolStores()): ToolProvider[] {
  const out: ToolProvider[] = [];
  for (const store of cliSignInStores(stores)) {
    for (const provider of store.providers) {
      if (PROVIDERS.some((p) => p === provider)) continue;
      const entry = out.find((e) => e.provider === provider);
      if (entry === undefined) out.push({ provider, stores: [store] });
      else entry.stores.push(store);
    }
  }
  return out;
}

/** The arguments that sign `store`'s CLI in to `provider`. */
export function signInArgs(store: SignInStore, provider: string): readonly string[] {
  return store.signIn.providerArgs?.[provider] ?? store.signIn.args;
}

/** The command as a person types it, e.g. `kimi login` or `gemini`. */
export function signInCommand(store: SignInStore, provider: string): string {
  return [store.signIn.bin, ...signInArgs(store, provider)].join(' ');
}
