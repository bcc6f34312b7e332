// Runs every store's discovery (src/stores/index.ts), assesses each credential and works out precedence: the
// one report model that status, info, doctor and onboard all read.
import type { AssessedCredential } from '../core/credential';
import type { SourceContext } from '../stores/context';
import { SOURCE_ORDER, STORES } from '../stores/index';
import type { Discovered } from '../stores/types';
import { assess } from './assess';
import { applyPrecedence } from './precedence';

export interface Report {
  /** Epoch ms the report was made at (the injected clock). */
  now: number;
  credentials: AssessedCredential[];
  notes: string[];
  /** The provider asked for (--provider), and the providers found that it left out. */
  filter?: { provider: string; others: string[] } | undefined;
}


// Not localeCompare: bringing up ICU's collator costs ~10 ms of start-up.
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function providerRank(p: string): number {
  return p === 'anthropic' ? 0 : p === 'openai' ? 1 : 2;
}

export async function discover(ctx: SourceContext, now: number, opts: { provider?: string | undefined } = {}): Promise<Report> {
  const found = STORES.map((s) => s.discover(ctx));
  // A store answers with a promise only when its tool keeps the secret in a keyring (Store.discover): only then is there anything to wait for.
  const results = found.some((r) => r instanceof Promise) ? await Promise.all(found) : (found as Discovered[]);
  const credentials = results.flatMap((r, i) => r.credentials.map((c) => assess(c, now, STORES[i])));
  const facts = new Map(STORES.map((s, i) => [s.id, results[i]?.facts]));
  const notes = [...results.flatMap((r) => r.notes), ...applyPrecedence(credentials, ctx.env, facts)];
  credentials.sort(
    (a, b) =>
      providerRank(a.provider) - providerRank(b.provider) ||
      compareAscii(a.provider, b.provider) ||
      SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source),
  );
  const wanted = opts.provider;
  if (wanted === undefined) return { now, credentials, notes };
  const others = [...new Set(credentials.filter((c) => c.provider !== wanted).map((c) => c.provider))];
  return { now, credentials: credentials.filter((c) => c.provider === wanted), notes, filter: { provider: wanted, others } };
}
