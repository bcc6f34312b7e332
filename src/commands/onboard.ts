// `auth-wizard onboard`: one guided path from nothing to signed in. It is a
// thin layer of questions over the other commands' parts: detection is the
// status model, each sign-in is `login`, the end is a fresh detection.
// Every question is `flag ?? ask`, so flags alone run it unattended; without a
// terminal a missing answer is an error naming the flag (it never waits).
import type { Deps } from '../deps';
import { AppError, isAppError, usageError } from '../errors';
import { discover } from '../report/discover';
import { displayHome, displayReport } from '../report/display';
import { installedTools } from '../onboard/installed';
import { callbackAddress } from '../oauth/openai-endpoints';
import { methodFits, methodsByProvider, summarize, toolOffers, toolSummaryLines, type Provider, type Situation, type WizardMethod } from '../onboard/plan';
import { safePrompter } from '../ui/safe-prompter';
import { sourceContext } from './context';
import { detectHeadless } from '../core/session';
import { isProvider } from '../core/providers';
import { chooseMethod, chooseProviders, chooseTarget, type LoginRunner, type OnboardOptions, type Result, setUp, withSpinner } from './onboard-ask';
import { chooseAccountName } from './onboard-account';
import { cancelSummary, finalLines } from './onboard-summary';
import { setUpTool, toolFinalLines, type ToolResult } from './onboard-tools';
import { chooseHost, hostDoneLines } from '../onboard/host';

export type { LoginRunner, OnboardOptions } from './onboard-ask';

const runLogin: LoginRunner = async (o, d) => (await import('./login')).run(o, d);

/** Each --method is a method (checked as it was parsed); here, whether it fits a provider chosen. */
function checkMethods(opts: OnboardOptions): void {
  if (opts.addAccount === true && opts.methods.includes('keep')) throw usageError('--add-account and --method keep contradict each other: choose one.', 'auth-wizard onboard --help');
  if (opts.name !== undefined && opts.addAccount !== true) throw usageError('--name names the account --add-account signs in; add --add-account.', 'auth-wizard onboard --help');
  for (const m of opts.methods) {
    const core = opts.providers?.filter(isProvider);
    if (core !== undefined && opts.providers?.length === core.length && !core.some((p) => methodFits(p, m))) {
      throw usageError(`--method ${m} does not fit --provider ${opts.providers.join(', ')}.`, 'auth-wizard onboard --help');
    }
  }
}

export async function run(opts: OnboardOptions, deps: Deps, loginHere: LoginRunner = runLogin): Promise<void> {
  checkMethods(opts);
  // Everything the wizard shows goes through the one Prompter (the one login gets too), made terminal-safe there.
  const p = safePrompter(await deps.prompter());
  const results: Result[] = [];
  const toolResults: ToolResult[] = [];
  let chosen: Provider[] = opts.providers?.filter(isProvider) ?? [];
  // Ctrl-C outside a prompt (e.g. while a device code is polled) still says what was saved.
  const unsubscribe = deps.onInterrupt?.(() => deps.stderr.write(`\n${cancelSummary(results, chosen, toolResults)}\n`));
  try {
    p.intro('auth-wizard — sign in your AI coding tools');
    const host = await chooseHost(opts.hosts, deps, p);
    const login: LoginRunner = host === undefined ? loginHere : (o, d) => loginHere({ ...o, host }, d);
    const headless = opts.noBrowser ? { headless: true, reason: '--no-browser was given' } : detectHeadless(deps.env, deps.platform, (path) => deps.exists(path));
    if (headless.headless) {
      const { port } = callbackAddress(deps.env);
      p.note(
        [`No browser here can reach this machine (${headless.reason}).`, 'ChatGPT sign-in will show a link to open on any device; you then paste', 'back the address the browser ends on. Or forward the port first:', `  ssh -L ${port}:localhost:${port} <this host>`].join('\n'),
        'Headless',
      );
    }
    // The wizard only shows and decides from the report: its text view (fields safe and bounded) serves both.
    const report = displayReport(await withSpinner(p, 'Looking for credentials already on this machine', discover(sourceContext(deps), deps.now()), (r) => `Found ${r.credentials.length} credential${r.credentials.length === 1 ? '' : 's'}`));
    const situation: Situation = { report, installed: installedTools((bin) => deps.onPath(bin)), headless: headless.headless, remote: host !== undefined };
    const summary = summarize({ deps: { ...deps, home: displayHome(deps.home) }, report });
    // The tools that sign in through their own CLI: shown and pre-selected when found (on PATH or on disk).
    // A tool's own CLI signs in on the machine it runs on: not offered for another one.
    const offers = host === undefined ? toolOffers(report, (bin) => deps.onPath(bin)) : [];
    p.note([...summary.lines, ...toolSummaryLines(offers)].join('\n'), 'What is here');
    for (const problem of summary.problems) p.log.warn(problem);

    const picked = await chooseProviders(opts, deps, p, situation, offers);
    const providers = picked.filter(isProvider);
    const tools = offers.filter((o) => picked.includes(o.provider));
    chosen = providers;
    if (providers.length === 0 && tools.length === 0) {
      p.outro('Nothing to set up.');
      return;
    }
    const byProvider: Partial<Record<Provider, WizardMethod>> = methodsByProvider(opts.methods, providers);
    const names: Partial<Record<Provider, string>> = {};
    let target = opts.target;
    if (!deps.interactive) {
      // Unattended, every answer is settled before the first sign-in: a missing
      // flag for the second provider must not surface after the first one waited
      // minutes for a browser.
      for (const provider of providers) {
        byProvider[provider] = await chooseMethod(provider, byProvider[provider], opts, deps, p, situation);
        if (byProvider[provider] === 'add-account') names[provider] = await chooseAccountName(provider, opts, deps, p);
      }
      if (providers.some((prov) => prov === 'openai' && byProvider[prov] !== 'keep' && byProvider[prov] !== 'api-key' && byProvider[prov] !== 'add-account')) target = await chooseTarget(opts, deps, p, situation);
    }
    for (const provider of providers) results.push(await setUp(provider, byProvider[provider], { ...opts, target, name: names[provider] ?? opts.name }, deps, p, situation, login));
    for (const offer of tools) toolResults.push(await setUpTool(offer, opts, deps, p, login));

    if (host !== undefined) {
      p.note(hostDoneLines(host, results).join('\n'), 'Now');
      p.outro('Done.');
      return;
    }
    const after = displayReport(await discover(sourceContext(deps), deps.now()));
    const end = finalLines(after, providers, results, deps.now());
    p.note([...end.lines, ...toolFinalLines(after, tools, toolResults, deps.now()), ...end.advice].join('\n'), 'Now');
    p.outro('Done.');
  } catch (e) {
    if (isAppError(e) && e.code === 'cancelled') {
      deps.stderr.write(`${cancelSummary(results, chosen, toolResults)}\n`);
      throw new AppError('cancelled', 'Onboarding cancelled.');
    }
    throw e;
  } finally {
    unsubscribe?.();
  }
}
