// Runs every source, assesses each credential and works out precedence: the
// one report model that status, info, doctor and onboard all read.
import type { AssessedCredential, SourceId } from '../core/credential';
import { discoverCcproxy } from '../sources/ccproxy';
import { discoverClaudeCode } from '../sources/claude-code';
import { discoverCodex } from '../sources/codex';
import type { SourceContext, SourceResult } from '../sources/context';
import { discoverEnv } from '../sources/env';
import { discoverJcode } from '../sources/jcode';
import { discoverOpencode } from '../sources/opencode';
import { discoverAuthWizard, discoverOpenclaw } from '../sources/profile-store';
import { copilotStore } from '../stores/copilot';
import { crushStore } from '../stores/crush';
import { cursorStore } from '../stores/cursor';
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

const SOURCES: ReadonlyArray<(ctx: SourceContext) => Promise<SourceResult>> = [
  discoverEnv,
  discoverClaudeCode,
  discoverCodex,
  discoverOpencode,
  discoverAuthWizard,
  discoverOpenclaw,
  discoverJcode,
  discoverCcproxy,
  copilotStore.discover,
  crushStore.discover,
  cursorStore.discover,
];

const SOURCE_ORDER: SourceId[] = ['env', 'claude-code', 'codex', 'opencode', 'auth-wizard', 'openclaw', 'coderclaw', 'jcode', 'ccproxy', 'copilot', 'crush', 'cursor'];

// Not localeCompare: bringing up ICU's collator costs ~10 ms of start-up.
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function providerRank(p: string): number {
  return p === 'anthropic' ? 0 : p === 'openai' ? 1 : 2;
}

export async function discover(ctx: SourceContext, now: number, opts: { provider?: string | undefined } = {}): Promise<Report> {
  const results = await Promise.all(SOURCES.map((s) => s(ctx)));
  const credentials = results.flatMap((r) => r.credentials).map((c) => assess(c, now));
  const notes = [...results.flatMap((r) => r.notes), ...applyPrecedence(credentials, ctx.env)];
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
