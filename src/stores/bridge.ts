// Temporary: runs the stores written against src/stores/types.ts inside the
// report's current SOURCES list until the restructure moves every store into
// STORES (then this file goes). A Store's discover becomes a source; after
// assessment its choices() decide USED BY, its disabledBy become notes and
// its fix() replaces the generic one.
import type { AssessedCredential } from '../core/credential';
import type { SourceContext, SourceResult } from '../sources/context';
import type { Discovered, Store } from './types';

export type BridgedSource = ((ctx: SourceContext) => Promise<SourceResult>) & { store?: Store };

export function fromStore(store: Store): BridgedSource {
  return Object.assign((ctx: SourceContext): Promise<SourceResult> => store.discover(ctx), { store });
}

/** Applies the bridged stores' precedence to the assessed credentials; returns their notes. */
export function applyStoreChoices(
  sources: readonly BridgedSource[],
  results: readonly (SourceResult & Pick<Discovered, 'facts'>)[],
  creds: AssessedCredential[],
  env: SourceContext['env'],
): string[] {
  const notes: string[] = [];
  const byId = new Map(creds.map((c) => [c.id, c]));
  sources.forEach((source, i) => {
    const store = source.store;
    if (store === undefined) return;
    for (const c of creds) if (c.source === store.id && !c.usable) c.fix = store.fix?.(c) ?? c.fix;
    for (const choice of store.choices?.(creds, env, results[i]?.facts) ?? []) {
      if (choice.disabledBy !== undefined) {
        notes.push(choice.disabledBy);
        continue;
      }
      const candidates = choice.order.map((id) => byId.get(id)).filter((c): c is AssessedCredential => c !== undefined);
      const winner = candidates.find((c) => c.state !== 'unreadable' && c.state !== 'signed-out' && c.inactive === undefined);
      if (winner === undefined) continue;
      winner.usedBy.push(choice.tool);
      for (const c of candidates.slice(candidates.indexOf(winner) + 1)) c.shadowedBy.push({ tool: choice.tool, by: winner.id });
    }
  });
  return notes;
}
