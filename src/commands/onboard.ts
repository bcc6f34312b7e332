// `auth-wizard onboard`: one guided path from nothing to signed in. It is a
// thin layer of questions over the other commands' parts: detection is the
// status model, each sign-in is `login`, the end is a fresh detection.
// Every question is `flag ?? ask`, so flags alone run it unattended; without a
// terminal a missing answer is an error naming the flag (it never waits).
import type { Deps } from '../deps';
import { AppError, isAppError, usageError } from '../errors';
import { discover, type Report } from '../report/discover';
import { displayHome, displayReport } from '../report/display';
import { formatExpiry } from '../report/format';
import { installedTools } from '../onboard/installed';
import { callbackAddress } from '../oauth/openai-endpoints';
import {
  ANTHROPIC_METHODS,
  inUse,
  methodChoices,
  methodFits,
  methodsByProvider,
  OPENAI_METHODS,
  PROVIDERS,
  recommendedMethod,
  recommendedProviders,
  summarize,
  targetChoices,
  toolHint,
  toolOffers,
  toolSummaryLines,
  unattendedMethod,
  type ToolOffer,
  type Method,
  type Provider,
  type Situation,
} from '../onboard/plan';
import { OPENAI_TARGETS, type OpenAiTarget } from '../stores/targets';
import type { OptionValues } from '../specs/common';
import type { onboardSpec } from '../specs/onboard';
import { safePrompter } from '../ui/safe-prompter';
import { type Choice, needsTty, type Prompter } from '../ui/prompter';
import { sourceContext } from './context';
import { detectHeadless } from '../core/session';
import { isProvider, TOOL_LOGIN_METHOD } from '../core/providers';
import type { LoginOptions } from './login';
import { chooseHost, hostDoneLines } from '../onboard/host';

/** From onboard's flags; the repeatable --provider and --method arrive as `providers` (undefined when none) and `methods`. */
export type OnboardOptions = Omit<OptionValues<typeof onboardSpec.options>, 'provider' | 'method' | 'host'> & {
  /** --host values: the sign-ins are for that machine (src/onboard/host.ts). */
  hosts?: string[] | undefined;
  /** openai/anthropic, and providers a tool signs in to through its own CLI (google, kimi, …). */
  providers?: string[] | undefined;
  /** --method values; each goes to the provider it belongs to (api-key/keep to any). */
  methods: Method[];
};

/** Runs one sign-in; `login` itself, or a recording stand-in in tests of the wizard's steps. */
export type LoginRunner = (opts: LoginOptions, deps: Deps) => Promise<void>;

const runLogin: LoginRunner = async (o, d) => (await import('./login')).run(o, d);

type Result = { provider: Provider; outcome: 'signed-in' | 'kept' | 'skipped'; method?: Method; target?: OpenAiTarget | undefined };

const PROVIDER_NAMES: Record<Provider, string> = { openai: 'OpenAI (Codex CLI, OpenCode)', anthropic: 'Anthropic (Claude Code)' };
const SHORT: Record<Provider, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };

/** Each --method is a method (checked as it was parsed); here, whether it fits a provider chosen. */
function checkMethods(opts: OnboardOptions): void {
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
    const situation: Situation = { report, installed: installedTools((bin) => deps.onPath(bin)), headless: headless.headless };
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
    const byProvider: Partial<Record<Provider, Method>> = methodsByProvider(opts.methods, providers);
    let target = opts.target;
    if (!deps.interactive) {
      // Unattended, every answer is settled before the first sign-in: a missing
      // flag for the second provider must not surface after the first one waited
      // minutes for a browser.
      for (const provider of providers) byProvider[provider] = await chooseMethod(provider, byProvider[provider], opts, deps, p, situation);
      if (providers.some((prov) => prov === 'openai' && byProvider[prov] !== 'keep' && byProvider[prov] !== 'api-key')) target = await chooseTarget(opts, deps, p, situation);
    }
    for (const provider of providers) results.push(await setUp(provider, byProvider[provider], { ...opts, target }, deps, p, situation, login));
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

/** How long work may take before a spinner is worth drawing. */
const SPINNER_AFTER_MS = 80;

/**
 * A spinner for work that is slow enough to watch (the macOS Keychain can take
 * seconds); work done sooner — reading a few files, the usual case — just
 * reports its result, without a spinner flashing for a frame.
 */
async function withSpinner<T>(p: Prompter, message: string, work: Promise<T>, done: (t: T) => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), SPINNER_AFTER_MS)));
  const first = await Promise.race([work, slow]);
  clearTimeout(timer);
  if (first !== 'slow') {
    p.log.step(done(first));
    return first;
  }
  const spin = p.spinner();
  spin.start(message);
  try {
    const result = await work;
    spin.stop(done(result));
    return result;
  } catch (e) {
    spin.error(message);
    throw e;
  }
}

async function chooseProviders(opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation, offers: readonly ToolOffer[]): Promise<string[]> {
  if (opts.providers !== undefined) return opts.providers;
  const found = offers.filter((o) => o.found !== undefined);
  // With no tool of its own found, the question is the one it always was; else
  // the found tools are pre-selected and the others listed as available.
  const coreKnown = s.installed.codex || s.installed.opencode || s.installed.claude || s.report.credentials.some((c) => c.provider === 'openai' || c.provider === 'anthropic');
  const recommended: string[] = [...(found.length > 0 && !coreKnown ? [] : recommendedProviders(s)), ...found.map((o) => o.provider)];
  if (opts.yes) return recommended;
  if (!deps.interactive) throw needsTty('auth-wizard onboard needs to know which providers to set up', '--provider openai and/or --provider anthropic (or --yes for the recommended ones)');
  const core = PROVIDERS.map((prov): Choice<string> => ({ value: prov, label: PROVIDER_NAMES[prov], hint: inUse(s.report, prov) !== undefined ? 'signed in' : undefined }));
  const tools = found.length === 0 ? [] : [...found, ...offers.filter((o) => o.found === undefined)].map((o) => ({ value: o.provider, label: `${o.store.name} (${o.provider})`, hint: toolHint(o) }));
  return p.multiselect<string>({
    message: 'Which providers should be signed in? (space to toggle, enter to go on)',
    options: [...core, ...tools],
    initialValues: recommended,
  });
}

type ToolResult = { offer: ToolOffer; outcome: 'signed-in' | 'kept' | 'skipped' };

/** One tool: keep its sign-in, or run its own CLI through `login` (which hands the terminal over and reads back). */
async function setUpTool(offer: ToolOffer, opts: OnboardOptions, deps: Deps, p: Prompter, login: LoginRunner): Promise<ToolResult> {
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

function toolFinalLines(report: Report, tools: readonly ToolOffer[], results: readonly ToolResult[], now: number): string[] {
  return tools.map((o) => {
    const c = report.credentials.find((x) => x.source === o.store.id && x.usable && o.store.tools.some((t) => x.usedBy.includes(t)));
    if (c === undefined) return `${o.store.name}: not signed in${results.find((r) => r.offer === o)?.outcome === 'skipped' ? ' (skipped)' : ''}`;
    return `✓ ${c.usedBy.join(', ')}: ${c.email ?? c.accountId ?? c.kind ?? ''}, ${c.state}, expires ${formatExpiry(c.expiresAt, now)}`;
  });
}

async function chooseMethod(provider: Provider, given: Method | undefined, opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation, exclude?: Method): Promise<Method> {
  if (given !== undefined) return given;
  if (opts.yes && deps.interactive) return recommendedMethod(provider, s);
  if (opts.yes) {
    const method = unattendedMethod(provider, s);
    if (method !== undefined) return method;
    throw needsTty(
      `auth-wizard onboard --yes cannot sign in to ${SHORT[provider]} unattended: every way needs something typed (a token or key) or \`claude auth login\``,
      `--method ${(provider === 'openai' ? OPENAI_METHODS : ANTHROPIC_METHODS).join('|')} (a token or key then comes on stdin)`,
    );
  }
  if (!deps.interactive) throw needsTty(`auth-wizard onboard needs to know how to sign in to ${SHORT[provider]}`, `--method ${(provider === 'openai' ? OPENAI_METHODS : ANTHROPIC_METHODS).join('|')} (or --yes)`);
  const options = methodChoices(provider, s).filter((c) => c.value !== exclude);
  return p.select<Method>({ message: `How should ${SHORT[provider]} be signed in?`, options, initialValue: options[0]?.value });
}

async function chooseTarget(opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation): Promise<OpenAiTarget> {
  if (opts.target !== undefined) return opts.target;
  const choices = targetChoices(s);
  if (opts.yes) return choices[0]!.value;
  if (!deps.interactive) throw needsTty('auth-wizard onboard needs to know where the ChatGPT sign-in goes', `--target ${OPENAI_TARGETS.join('|')} (or --yes)`);
  return p.select<OpenAiTarget>({ message: 'Which tool should this ChatGPT sign-in belong to? (one sign-in per tool)', options: choices, initialValue: choices[0]!.value });
}

/** One provider: pick a method, sign in, and on failure offer retry / another method / skip. */
async function setUp(provider: Provider, given: Method | undefined, opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation, login: LoginRunner): Promise<Result> {
  let method = await chooseMethod(provider, given, opts, deps, p, s);
  for (;;) {
    if (method === 'keep') {
      p.log.info(`${SHORT[provider]}: keeping what is there.`);
      return { provider, outcome: 'kept', method };
    }
    const target = provider === 'openai' && method !== 'api-key' ? await chooseTarget(opts, deps, p, s) : provider === 'openai' ? opts.target : undefined;
    p.log.step(`${SHORT[provider]}: ${methodChoices(provider, s).find((c) => c.value === method)?.label ?? method}`);
    try {
      await login(
        {
          provider,
          method,
          target,
          profile: opts.profile,
          noBrowser: opts.noBrowser,
          device: false,
          printUrl: false,
          complete: undefined,
          timeout: undefined,
          force: opts.force,
          console: false,
        },
        deps,
      );
      return { provider, outcome: 'signed-in', method, target };
    } catch (e) {
      if (isAppError(e) && (e.code === 'cancelled' || e.code === 'usage')) throw e;
      if (!deps.interactive) throw e;
      p.log.error(isAppError(e) ? `${e.message}${e.hint !== undefined ? `\n→ ${e.hint}` : ''}` : String(e));
      const next = await p.select<'retry' | 'other' | 'skip'>({
        message: `${SHORT[provider]} is not signed in. What now?`,
        options: [
          { value: 'retry', label: 'Try again' },
          { value: 'other', label: 'Choose another way' },
          { value: 'skip', label: `Skip ${SHORT[provider]} for now` },
        ],
      });
      if (next === 'skip') return { provider, outcome: 'skipped', method };
      if (next === 'other') method = await chooseMethod(provider, undefined, { ...opts, yes: false }, deps, p, s, method);
    }
  }
}

/** Whether this run saved the provider's sign-in to auth-wizard's own store, which no tool reads by itself. */
function savedToOwnStore(r: Result | undefined): boolean {
  if (r?.outcome !== 'signed-in') return false;
  // An API key or a setup-token goes to auth-wizard's store unless a target was given.
  return r.target === 'auth-wizard' || (r.target === undefined && (r.method === 'setup-token' || r.method === 'api-key'));
}

/** What each tool uses now, one line each, and the advice that follows (tools' own lines go between). */
function finalLines(report: Report, providers: readonly Provider[], results: readonly Result[], now: number): { lines: string[]; advice: string[] } {
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
function cancelSummary(results: readonly Result[], chosen: readonly Provider[], tools: readonly ToolResult[] = []): string {
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
