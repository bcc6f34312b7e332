// onboard's steps for the tools that sign in through their own CLI (Gemini
// CLI, Kimi CLI, …): keep or sign in again, and their lines in the summary.
import type { Deps } from '../deps';
import { isAppError } from '../errors';
import type { Report } from '../report/discover';
import { formatExpiry } from '../report/format';
import type { ToolOffer } from '../onboard/plan';
import type { Prompter } from '../ui/prompter';
import { TOOL_LOGIN_METHOD } from '../core/providers';
import type { LoginRunner, OnboardOptions } from './onboard-ask';

export type ToolResult = { offer: ToolOffer; outcome: 'signed-in' | 'kept' | 'skipped' };

/** One tool: keep its sign-in, or run its own CLI through `login` (which hands the terminal over and reads back). */
export async function setUpTool(offer: ToolOffer, opts: OnboardOptions, deps: Deps, p: Prompter, login: LoginRunner): Promise<ToolResult> {
  const name = offer.store.name;
  const given = opts.providers?.includes(offer.provider) === true;
  if (offer.signedIn !== undefined) {
    if (!deps.interactive || opts.yes) {
      p.log.info(`${name}: keeping what is there.`);
      return { offer, outcome: 'kept' };
    }
    const again = await p.select<'keep' | 'cli'>({
      message: `How should ${name} be signed in?`,
      options: [
        { value: 'keep', label: 'Keep what is there', hint: `${offer.signedIn.email ?? offer.signedIn.accountId ?? offer.signedIn.source}, ${offer.signedIn.state}` },
        { value: 'cli', label: `Sign in again with \`${offer.store.signIn.bin}\``, hint: 'runs its own CLI' },
      ],
      initialValue: 'keep',
    });
    if (again === 'keep') {
      p.log.info(`${name}: keeping what is there.`);
      return { offer, outcome: 'kept' };
    }
  } else if (!deps.interactive && !given) {
    // --yes without a terminal: a tool's own sign-in needs one; say so rather than fail the others.
    p.log.warn(`${name}: its sign-in (\`${offer.store.signIn.bin}\`) needs a terminal; skipped. Run \`auth-wizard login --provider ${offer.provider}\` in one.`);
    return { offer, outcome: 'skipped' };
  }
  for (;;) {
    p.log.step(`${name}: its own sign-in`);
    try {
      await login({ provider: offer.provider, method: TOOL_LOGIN_METHOD, target: undefined, profile: undefined, noBrowser: opts.noBrowser, device: false, printUrl: false, complete: undefined, timeout: undefined, force: false, console: false }, deps);
      return { offer, outcome: 'signed-in' };
    } catch (e) {
      if (isAppError(e) && (e.code === 'cancelled' || e.code === 'usage')) throw e;
      if (!deps.interactive) throw e;
      p.log.error(isAppError(e) ? `${e.message}${e.hint !== undefined ? `\n→ ${e.hint}` : ''}` : String(e));
      const next = await p.select<'retry' | 'skip'>({
        message: `${name} is not signed in. What now?`,
        options: [
          { value: 'retry', label: 'Try again' },
          { value: 'skip', label: `Skip ${name} for now` },
        ],
      });
      if (next === 'skip') return { offer, outcome: 'skipped' };
    }
  }
}

export function toolFinalLines(report: Report, tools: readonly ToolOffer[], results: readonly ToolResult[], now: number): string[] {
  return tools.map((o) => {
    const c = report.credentials.find((x) => x.source === o.store.id && x.usable && o.store.tools.some((t) => x.usedBy.includes(t)));
    if (c === undefined) return `${o.store.name}: not signed in${results.find((r) => r.offer === o)?.outcome === 'skipped' ? ' (skipped)' : ''}`;
    return `✓ ${c.usedBy.join(', ')}: ${c.email ?? c.accountId ?? c.kind ?? ''}, ${c.state}, expires ${formatExpiry(c.expiresAt, now)}`;
  });
}
