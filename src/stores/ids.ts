// The store ids and tool providers the command table names in its flags
// (`--source` choices, `login`/`onboard --provider`), derived from STORES.
// The specs import this module rather than STORES so that a spec bundle
// (dist/specs-token.js, …) does not carry a second copy of every store's
// parser: scripts/build.mjs evaluates this module once at build time and
// bundles its values as two literal arrays. A new store is still one module
// and one STORES line; the lists follow from it at the next build.
import { STORES } from './index';
import { toolProviders } from './tool-sign-in';

/** Every store's id, in STORES order. */
export const STORE_IDS: readonly string[] = STORES.map((s) => s.id);

/** The providers a tool signs in to through its own CLI (google, kimi, …), first store first. */
export const TOOL_PROVIDER_IDS: readonly string[] = toolProviders().map((t) => t.provider);
