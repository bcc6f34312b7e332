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
  unattendedMethod,
  type Method,
  type Provider,
  type Situation,
} from '../onboard/plan';
import { OPENAI_TARGETS, type OpenAiTarget } from '../stores/targets';
import type { OptionValues } from '../specs/common';
import type { onboardSpec } from '../specs/onboard';
import { safePrompter } from '../ui/safe-prompter';
import { needsTty, type Prompter } from '../ui/prompter';
import { sourceContext } from './context';
import { detectHeadless } from '../core/session';
import type { LoginOptions } from './login';

/** From onboard's flags; the repeatable --provider and --method arrive as `providers` (undefined when none) and `methods`. */
export type OnboardOptions = Omit<OptionValues<typeof onboardSpec.options>, 'provider' | 'method'> & {
  providers?: Provider[] | undefined;
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
    if (opts.providers !== undefined && !opts.providers.some((p) => methodFits(p, m))) {
      throw usageError(`--method ${m} does not fit --provider ${opts.providers.join(', ')}.`, 'auth-wizard onboard --help');
    }
  }
}

export async function run(opts: OnboardOptions, deps: Deps, login: LoginRunner = runLogin): Promise<void> {
  checkMethods(opts);
  // Everything the wizard shows goes through the one Prompter (the one login gets too), made terminal-safe there.
  const p = safePrompter(await deps.prompter());
  const results: Result[] = [];
  let chosen: Provider[] = opts.providers ?? [];
  // Ctrl-C outside a prompt (e.g. while a device code is polled) still says what was saved.
  const unsubscribe = deps.onInterrupt?.(() => deps.stderr.write(`\n${cancelSummary(results, chosen)}\n`));
  try {
    p.intro('auth-wizard — sign in your AI coding tools');
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
    p.note(summary.lines.join('\n'), 'What is here');
    for (const problem of summary.problems) p.log.warn(problem);

    const providers = await chooseProviders(opts, deps, p, situation);
    chosen = providers;
    if (providers.length === 0) {
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

    const after = displayReport(await discover(sourceContext(deps), deps.now()));
    p.note(finalLines(after, providers, results, deps.now()).join('\n'), 'Now');
    p.outro('Done.');
  } catch (e) {
    if (isAppError(e) && e.code === 'cancelled') {
      deps.stderr.write(`${cancelSummary(results, chosen)}\n`);
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

async function chooseProviders(opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation): Promise<Provider[]> {
  if (opts.providers !== undefined) return opts.providers;
  const recommended = recommendedProviders(s);
  if (opts.yes) return recommended;
  if (!deps.interactive) throw needsTty('auth-wizard onboard needs to know which providers to set up', '--provider openai and/or --provider anthropic (or --yes for the recommended ones)');
  return p.multiselect<Provider>({
    message: 'Which providers should be signed in? (space to toggle, enter to go on)',
    options: PROVIDERS.map((prov) => ({ value: prov, label: PROVIDER_NAMES[prov], hint: inUse(s.report, prov) !== undefined ? 'signed in' : undefined })),
    initialValues: recommended,
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

function finalLines(report: Report, providers: readonly Provider[], results: readonly Result[], now: number): string[] {
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
  if (viaEnv.length > 0) lines.push('', 'Give tools what is in auth-wizard\'s store through the environment:', '  eval "$(auth-wizard env)"');
  if (viaToken.length > 0) lines.push('', 'Scripts get a fresh access token from auth-wizard\'s store with:', '  auth-wizard token --provider openai');
  lines.push(
    '',
    'Next:',
    '  auth-wizard status                  every sign-in and its tool',
    '  auth-wizard info --provider openai  one sign-in decoded in full',
    '  auth-wizard env                     export stored tokens and keys',
    '  auth-wizard doctor                  what could break, and the fix',
  );
  return lines;
}

/** What Ctrl-C leaves behind, said plainly: sign-ins are written whole or not at all. */
function cancelSummary(results: readonly Result[], chosen: readonly Provider[]): string {
  const saved = results.filter((r) => r.outcome === 'signed-in').map((r) => `${SHORT[r.provider]}${r.target !== undefined ? ` → ${r.target}` : ''}`);
  const done = new Set(results.map((r) => r.provider));
  const notDone = chosen.filter((p) => !done.has(p)).map((p) => SHORT[p]);
  // One sentence a line: an 80-column terminal would break a longer one mid-word.
  return [
    `Cancelled. ${saved.length > 0 ? `Saved: ${saved.join(', ')}.` : 'Nothing was saved.'}`,
    ...(notDone.length > 0 ? [`Not set up: ${notDone.join(', ')} (no file was changed for ${notDone.length === 1 ? 'it' : 'them'}).`] : []),
  ].join('\n');
}
