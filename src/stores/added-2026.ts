// The stores added in 2026 that are wired in beside the older sources until
// they move into STORES (src/stores/index.ts): precedence and fixes look them
// up here, so neither switches on their ids.
import type { AssessedCredential } from '../core/credential';
import { copilotStore } from './copilot';
import { crushStore } from './crush';
import { cursorStore } from './cursor';
import type { Store } from './types';

export const ADDED_STORES: readonly Store[] = [copilotStore, crushStore, cursorStore];

/** The first of these stores' fixes for a credential it owns (env credentials included), if any. */
export function addedStoreFix(c: AssessedCredential): string | undefined {
  for (const s of ADDED_STORES) {
    const f = s.fix?.(c);
    if (f !== undefined) return f;
  }
  return undefined;
}
