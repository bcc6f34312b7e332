// The stores behind the tools whose grant a switch moves (Codex, OpenCode),
// looked up in STORES: where each keeps its ChatGPT grant, how to read it, its
// write half and its tool's lock all come from the store (src/stores/<id>.ts),
// so the accounts code names no store file or shape of its own.
import type { Credential } from '../core/credential';
import { storeById } from '../stores/index';
import type { GrantSide, Store } from '../stores/types';
import type { GrantTool } from './names';

export interface GrantStore {
  store: Store;
  side: GrantSide;
  /** The entry of the tool's file its ChatGPT sign-in is in (`tokens`, `openai`). */
  entry: string;
}

export function grantStore(tool: GrantTool): GrantStore {
  const store = storeById(tool);
  const side = store?.grant;
  if (store === undefined || side === undefined || store.write === undefined) throw new Error(`internal: the ${tool} store has no grant side and write half`);
  return { store, side, entry: side.entry('openai') };
}

/** The credential a tool signs in with by default: its store's ChatGPT grant entry (an API key there counts too). */
export function isToolGrant(c: Pick<Credential, 'source' | 'provider' | 'entry'>, tool: GrantTool): boolean {
  if (c.source !== tool || c.provider !== 'openai') return false;
  const { entry } = grantStore(tool);
  // Codex has one sign-in per file, so its credential names no entry.
  return c.entry === undefined || c.entry === entry;
}
