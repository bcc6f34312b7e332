// onboard's questions (src/commands/onboard.ts): which providers, which way to
// sign in to each, where a ChatGPT sign-in goes, and each provider's sign-in
// with retry / another way / skip. Each answer is its flag when given.
import type { Deps } from '../deps';
import { isAppError } from '../errors';
import { addAccountChoice, ANTHROPIC_METHODS, inUse, methodChoices, OPENAI_METHODS, PROVIDERS, recommendedMethod, recommendedProviders, targetChoices, toolHint, unattendedMethod, type ToolOffer, type Method, type Provider, type Situation, type WizardMethod } from '../onboard/plan';
import { OPENAI_TARGETS, type OpenAiTarget } from '../stores/targets';
import type { OptionValues } from '../specs/common';
import type { onboardSpec } from '../specs/onboard';
import { type Choice, needsTty, type Prompter } from '../ui/prompter';
import type { LoginOptions } from './login';
import { addAccount } from './onboard-account';

/** From onboard's flags; the repeatable --provider and --method arrive as `providers` (undefined when none) and `methods`. */
export type OnboardOptions = Omit<OptionValues<typeof onboardSpec.options>, 'provider' | 'method' | 'host' | 'add-account' | 'addAccount'> & {
  /** --add-account: where a tool already has a sign-in, sign in one more account beside it (with --name). */
  addAccount?: boolean | undefined;
  /** --host values: the sign-ins are for that machine (src/onboard/host.ts). */
  hosts?: string[] | undefined;
  /** openai/anthropic, and providers a tool signs in to through its own CLI (google, kimi, …). */
  providers?: string[] | undefined;
  /** --method values; each goes to the provider it belongs to (api-key/keep to any). */
  methods: Method[];
};

/** Runs one sign-in; `login` itself, or a recording stand-in in tests of the wizard's steps. */
export type LoginRunner = (opts: LoginOptions, deps: Deps) => Promise<void>;

export type Result = { provider: Provider; outcome: 'signed-in' | 'kept' | 'skipped'; method?: WizardMethod; target?: OpenAiTarget | undefined };

const PROVIDER_NAMES: Record<Provider, string> = { openai: 'OpenAI (Codex CLI, OpenCode)', anthropic: 'Anthropic (Claude Code)' };
export const SHORT: Record<Provider, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };

/** How long work may take before a spinner is worth drawing. */
const SPINNER_AFTER_MS = 80;

/**
 * A spinner for work that is slow enough to watch (the macOS Keychain can take
 * seconds); work done sooner — reading a few files, the usual case — just
 * reports its result, without a spinner flashing for a frame.
 */
export async function withSpinner<T>(p: Prompter, message: string, work: Promise<T>, done: (t: T) => string): Promise<T> {
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

export async function chooseProviders(opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation, offers: readonly ToolOffer[]): Promise<string[]> {
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

export async function chooseMethod(provider: Provider, given: WizardMethod | undefined, opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation, exclude?: WizardMethod): Promise<WizardMethod> {
  const add = addAccountChoice(provider, s);
  // --add-account answers this question where there is an account to add to; elsewhere the other flags do.
  if (opts.addAccount === true && add !== undefined) return 'add-account';
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
  const all: Choice<WizardMethod>[] = methodChoices(provider, s);
  // After "keep" (first whenever this is offered), so the default stays what it was.
  if (add !== undefined) all.splice(1, 0, add);
  const options = all.filter((c) => c.value !== exclude);
  return p.select<WizardMethod>({ message: `How should ${SHORT[provider]} be signed in?`, options, initialValue: options[0]?.value });
}

export async function chooseTarget(opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation): Promise<OpenAiTarget> {
  if (opts.target !== undefined) return opts.target;
  const choices = targetChoices(s);
  if (opts.yes) return choices[0]!.value;
  if (!deps.interactive) throw needsTty('auth-wizard onboard needs to know where the ChatGPT sign-in goes', `--target ${OPENAI_TARGETS.join('|')} (or --yes)`);
  return p.select<OpenAiTarget>({ message: 'Which tool should this ChatGPT sign-in belong to? (one sign-in per tool)', options: choices, initialValue: choices[0]!.value });
}

/** One provider: pick a method, sign in, and on failure offer retry / another method / skip. */
export async function setUp(provider: Provider, given: WizardMethod | undefined, opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation, login: LoginRunner): Promise<Result> {
  let method = await chooseMethod(provider, given, opts, deps, p, s);
  for (;;) {
    if (method === 'keep') {
      p.log.info(`${SHORT[provider]}: keeping what is there.`);
      return { provider, outcome: 'kept', method };
    }
    const m = method;
    if (m === 'add-account') {
      try {
        return { provider, outcome: 'signed-in', method: m, target: await addAccount(provider, opts, deps, p, s, login) };
      } catch (e) {
        const next = await afterFailure(e, provider, m, opts, deps, p, s);
        if (next === 'skip') return { provider, outcome: 'skipped', method: m };
        method = next;
        continue;
      }
    }
    const target = provider === 'openai' && m !== 'api-key' ? await chooseTarget(opts, deps, p, s) : provider === 'openai' ? opts.target : undefined;
    p.log.step(`${SHORT[provider]}: ${methodChoices(provider, s).find((c) => c.value === m)?.label ?? m}`);
    try {
      await login(
        {
          provider,
          method: m,
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
      return { provider, outcome: 'signed-in', method: m, target };
    } catch (e) {
      const next = await afterFailure(e, provider, m, opts, deps, p, s);
      if (next === 'skip') return { provider, outcome: 'skipped', method: m };
      method = next;
    }
  }
}

/** A failed sign-in: retry (the same method), another way (not that one), or skip. */
async function afterFailure(e: unknown, provider: Provider, method: WizardMethod, opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation): Promise<WizardMethod | 'skip'> {
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
  if (next === 'skip') return 'skip';
  // Asked again without --add-account, which would answer it the same way.
  return next === 'other' ? chooseMethod(provider, undefined, { ...opts, yes: false, addAccount: false }, deps, p, s, method) : method;
}
