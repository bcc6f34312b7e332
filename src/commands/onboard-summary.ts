// What onboard says at the end: what each tool uses now and what to run next,
// or, when cancelled, what was saved and what was not.
import type { Report } from '../report/discover';
import { formatExpiry } from '../report/format';
import type { Provider } from '../onboard/plan';
import { type Result, SHORT } from './onboard-ask';
import type { ToolResult } from './onboard-tools';

/** Whether this run saved the provider's sign-in to auth-wizard's own store, which no tool reads by itself. */
function savedToOwnStore(r: Result | undefined): boolean {
  if (r?.outcome !== 'signed-in') return false;
  // An API key or a setup-token goes to auth-wizard's store unless a target was given.
  return r.target === 'auth-wizard' || (r.target === undefined && (r.method === 'setup-token' || r.method === 'api-key'));
}

/** What each tool uses now, one line each, and the advice that follows (tools' own lines go between). */
export function finalLines(report: Report, providers: readonly Provider[], results: readonly Result[], now: number): { lines: string[]; advice: string[] } {
  const lines: string[] = [];
  const viaEnv: string[] = [];
  const viaToken: string[] = [];
  for (const provider of providers) {
    const r = results.find((x) => x.provider === provider);
    const own = savedToOwnStore(r);
    // What each tool will use, and what this run put in auth-wizard's store.
    const creds = report.credentials.filter((c) => c.provider === provider && (c.usedBy.length > 0 || (own && c.source === 'auth-wizard')));
    if (creds.length === 0) {
      lines.push(`${SHORT[provider]}: not signed in${r?.outcome === 'skipped' ? ' (skipped)' : ''}`);
      continue;
    }
    for (const c of creds) {
      const who = c.usedBy.length > 0 ? c.usedBy.join(', ') : `auth-wizard ${c.entry ?? ''}`.trim();
      if (c.usedBy.length === 0) (c.kind === 'oauth' ? viaToken : viaEnv).push(c.entry ?? provider);
      lines.push(`${c.usable ? '✓' : '✗'} ${who}: ${c.email ?? c.accountId ?? c.kind ?? ''}${c.plan !== undefined ? ` (${c.plan})` : ''}, ${c.state}${c.state === 'unreadable' || c.state === 'signed-out' ? '' : `, expires ${formatExpiry(c.expiresAt, now)}`}`);
    }
  }
  const advice: string[] = [];
  if (viaEnv.length > 0) advice.push('', 'Give tools what is in auth-wizard\'s store through the environment:', '  eval "$(auth-wizard env)"');
  if (viaToken.length > 0) advice.push('', 'Scripts get a fresh access token from auth-wizard\'s store with:', '  auth-wizard token --provider openai');
  advice.push(
    '',
    'Next:',
    '  auth-wizard status                  every sign-in and its tool',
    '  auth-wizard info --provider openai  one sign-in decoded in full',
    '  auth-wizard env                     export stored tokens and keys',
    '  auth-wizard doctor                  what could break, and the fix',
  );
  return { lines, advice };
}

/** What Ctrl-C leaves behind, said plainly: sign-ins are written whole or not at all. */
export function cancelSummary(results: readonly Result[], chosen: readonly Provider[], tools: readonly ToolResult[] = []): string {
  const saved = [
    ...results.filter((r) => r.outcome === 'signed-in').map((r) => `${SHORT[r.provider]}${r.target !== undefined ? ` → ${r.target}` : ''}`),
    // A tool's own CLI wrote its own files; auth-wizard only read them back.
    ...tools.filter((r) => r.outcome === 'signed-in').map((r) => r.offer.store.name),
  ];
  const done = new Set(results.map((r) => r.provider));
  const notDone = chosen.filter((p) => !done.has(p)).map((p) => SHORT[p]);
  // One sentence a line: an 80-column terminal would break a longer one mid-word.
  return [
    `Cancelled. ${saved.length > 0 ? `Saved: ${saved.join(', ')}.` : 'Nothing was saved.'}`,
    ...(notDone.length > 0 ? [`Not set up: ${notDone.join(', ')} (no file was changed for ${notDone.length === 1 ? 'it' : 'them'}).`] : []),
  ].join('\n');
}
