// The wizard's decisions, as pure functions of what was found: which providers
// to pre-select, which methods to offer (recommended first, worded for a
// headless host), which store a ChatGPT sign-in goes to, and the summary of
// what is already there. No I/O here, so every branch is a table test.
import { type AssessedCredential, inEnvironment } from '../core/credential';
import { familyChecks } from '../doctor/families';
import type { CheckContext } from '../doctor/finding';
import type { Report } from '../report/discover';
import type { OpenAiTarget } from '../stores/sign-in';
import { tildify } from '../fs/paths';
import type { Choice } from '../ui/prompter';
import { type SignInStore, type ToolProvider, toolProviders } from '../stores/tool-sign-in';

import { ANTHROPIC_LOGIN_METHODS, OPENAI_LOGIN_METHODS, PROVIDERS, type AnthropicLoginMethod, type Method, type OpenAiLoginMethod, type Provider } from '../core/providers';

export { PROVIDERS, type Method, type Provider };
export type OpenAiMethod = OpenAiLoginMethod | 'keep';
export type AnthropicMethod = AnthropicLoginMethod | 'keep';

/** Each provider's methods in the wizard: login's, and keeping what is there. */
export const OPENAI_METHODS: readonly OpenAiMethod[] = [...OPENAI_LOGIN_METHODS, 'keep'];
export const ANTHROPIC_METHODS: readonly AnthropicMethod[] = [...ANTHROPIC_LOGIN_METHODS, 'keep'];

/** A method question's answers: the sign-in methods, and (with a sign-in there) one more account beside it. */
export type WizardMethod = Method | 'add-account';

/**
 * Where the provider's tool already has a usable sign-in: signing in one more
 * account (`accounts add`) that is saved beside it, not over it. Listed after
 * "keep", which stays the default.
 */
export function addAccountChoice(provider: Provider, s: Situation): Choice<WizardMethod> | undefined {
  if (s.remote === true || inUse(s.report, provider) === undefined) return undefined;
  return { value: 'add-account', label: 'Add another account', hint: provider === 'openai' ? "saved in auth-wizard's store; `auth-wizard switch` makes it the default" : 'its own CLAUDE_CONFIG_DIR; the one in use stays' };
}

/** Which tools are installed: executable name (a store's `bins`) → on PATH. */
export type Installed = Readonly<Record<string, boolean>>;

export interface Situation {
  report: Report;
  installed: Installed;
  headless: boolean;
  /** The sign-ins are for another machine (--host): accounts kept here are not offered. */
  remote?: boolean | undefined;
}

const TOOL_FOR: Record<Provider, string> = { openai: 'codex', anthropic: 'claude-code' };

/** The credential the provider's main tool uses now, if it is usable. */
export function inUse(report: Report, provider: Provider): AssessedCredential | undefined {
  return report.credentials.find((c) => c.provider === provider && c.usable && c.usedBy.includes(TOOL_FOR[provider]));
}

/** Pre-selected providers: those whose tools are installed or that already have a credential; both when nothing is known. */
export function recommendedProviders(s: Situation): Provider[] {
  const out = PROVIDERS.filter((p) =>
    p === 'openai' ? s.installed.codex === true || s.installed.opencode === true || s.report.credentials.some((c) => c.provider === 'openai') : s.installed.claude === true || s.report.credentials.some((c) => c.provider === 'anthropic'),
  );
  return out.length > 0 ? out : [...PROVIDERS];
}

export function methodChoices(provider: Provider, s: Situation): Choice<Method>[] {
  const keep = inUse(s.report, provider);
  const keepChoice: Choice<Method> | undefined = keep === undefined ? undefined : { value: 'keep', label: 'Keep what is there', hint: `${keep.email ?? keep.accountId ?? keep.source}, ${keep.state}` };
  let choices: Choice<Method>[];
  if (provider === 'openai') {
    const browser: Choice<Method> = { value: 'browser', label: 'Sign in with ChatGPT in a browser', hint: 'opens your browser on this machine' };
    const paste: Choice<Method> = {
      value: 'paste',
      label: s.headless ? 'Sign in with ChatGPT on another device' : 'Sign in, then paste the address the browser ends on',
      hint: s.headless ? 'open the link anywhere, paste back the address it ends on' : 'for when the browser cannot reach this machine',
    };
    const device: Choice<Method> = { value: 'device', label: 'Sign in with a device code', hint: 'type a code at auth.openai.com; needs device login enabled in ChatGPT' };
    const key: Choice<Method> = { value: 'api-key', label: 'Use an OpenAI API key', hint: 'pay as you go, no subscription' };
    choices = s.headless ? [paste, device, browser, key] : [browser, paste, device, key];
  } else {
    const cli: Choice<Method> = { value: 'claude-cli', label: 'Sign in with Claude Code (claude auth login)', hint: s.installed.claude === true ? 'runs the official CLI' : 'needs Claude Code installed' };
    const token: Choice<Method> = { value: 'setup-token', label: 'Paste a token from `claude setup-token`', hint: s.headless ? 'make it on any machine with a browser; lasts a year' : 'lasts a year, inference only' };
    const key: Choice<Method> = { value: 'api-key', label: 'Use an Anthropic API key', hint: 'pay as you go, no subscription' };
    choices = s.installed.claude === true && !s.headless ? [cli, token, key] : s.installed.claude === true ? [token, cli, key] : [token, cli, key];
  }
  return keepChoice === undefined ? choices : [keepChoice, ...choices];
}

export function recommendedMethod(provider: Provider, s: Situation): Method {
  return methodChoices(provider, s)[0]!.value;
}

/** Methods that read nothing from the terminal: a browser callback, a device code poll, or nothing at all. */
const NEEDS_NO_INPUT: readonly Method[] = ['keep', 'browser', 'device'];

/**
 * What `--yes` picks with no terminal: the first recommended method that needs
 * no typed input (a paste, a token, a key) and no terminal handed over (`claude
 * auth login`), since nothing could answer them; undefined when there is none.
 */
export function unattendedMethod(provider: Provider, s: Situation): Method | undefined {
  return methodChoices(provider, s).find((c) => NEEDS_NO_INPUT.includes(c.value))?.value;
}

/** Where a ChatGPT sign-in goes: the tool that is installed (Codex first), else Codex. */
export function targetChoices(s: Situation): Choice<OpenAiTarget>[] {
  const codex: Choice<OpenAiTarget> = { value: 'codex', label: 'Codex CLI', hint: s.installed.codex === true ? '~/.codex/auth.json' : 'not installed yet; `codex` will find it' };
  const opencode: Choice<OpenAiTarget> = { value: 'opencode', label: 'OpenCode', hint: s.installed.opencode === true ? 'its auth.json' : 'not installed yet' };
  const own: Choice<OpenAiTarget> = { value: 'auth-wizard', label: "auth-wizard's own store", hint: 'for `auth-wizard token` in scripts' };
  return !s.installed.codex === true && s.installed.opencode === true ? [opencode, codex, own] : [codex, opencode, own];
}

/** Which provider a --method value belongs to; `api-key` and `keep` fit both. */
export function methodFits(provider: Provider, method: Method): boolean {
  return provider === 'openai' ? OPENAI_METHODS.some((m) => m === method) : ANTHROPIC_METHODS.some((m) => m === method);
}

/** Assigns the --method values to providers: a provider-specific method wins over `api-key`/`keep`. */
export function methodsByProvider(methods: readonly Method[], providers: readonly Provider[]): Partial<Record<Provider, Method>> {
  const out: Partial<Record<Provider, Method>> = {};
  for (const p of providers) {
    const specific = methods.find((m) => m !== 'api-key' && m !== 'keep' && methodFits(p, m));
    const shared = methods.find((m) => m === 'api-key' || m === 'keep');
    const pick = specific ?? shared;
    if (pick !== undefined) out[p] = pick;
  }
  return out;
}

export interface DetectionSummary {
  lines: string[];
  problems: string[];
}

/** What is there, one line per tool, and what is broken (the status model, not a second one). */
export function summarize(ctx: CheckContext): DetectionSummary {
  const report = ctx.report;
  const lines: string[] = [];
  for (const [tool, label] of [['claude-code', 'Claude Code'], ['codex', 'Codex CLI'], ['opencode', 'OpenCode']] as const) {
    const used = report.credentials.filter((c) => c.usedBy.includes(tool));
    if (used.length === 0) {
      lines.push(`${label}: not signed in`);
      continue;
    }
    for (const c of used) lines.push(`${label}${tool === 'opencode' ? ` (${c.provider})` : ''}: ${c.email ?? c.accountId ?? c.kind ?? ''}${c.plan !== undefined ? `, ${c.plan}` : ''} — ${c.state} (${inEnvironment(c) ? c.path : c.source})`);
  }
  const problems: string[] = [];
  for (const c of report.credentials) {
    const where = inEnvironment(c) ? c.path : `${c.source} (${tildify(c.path, ctx.deps.home)}${c.entry !== undefined ? ` [${c.entry}]` : ''})`;
    if (c.state === 'unreadable') problems.push(`${where} is unreadable: ${c.reason ?? 'unknown reason'}`);
    else if (!c.usable && (c.usedBy.length > 0 || !inEnvironment(c))) problems.push(`${where} is ${c.state}${c.fix !== undefined ? ` — ${c.fix}` : ''}`);
    for (const s of c.shadowedBy) if (s.by.startsWith('env:')) problems.push(`${s.tool} ignores ${where}: $${s.by.slice(4).split(':')[0]} comes first`);
  }
  // Shared refresh tokens: the doctor's check, not a second implementation.
  for (const f of familyChecks(ctx)) problems.push(`${f.title} In: ${f.paths.map((p) => tildify(p, ctx.deps.home)).join(', ')}. \`auth-wizard doctor\` says which to keep.`);
  return { lines, problems };
}

/** A tool that signs in through its own CLI (src/stores/sign-in.ts), as the wizard offers it. */
export interface ToolOffer {
  provider: string;
  store: SignInStore;
  /** Why it is pre-selected: its CLI is on PATH, or a credential of its store was found; undefined: only available. */
  found: 'on PATH' | 'on disk' | undefined;
  /** The usable credential of its store that its tool uses now, if any. */
  signedIn: AssessedCredential | undefined;
}

/**
 * One offer per tool provider: the store whose CLI is installed (else the
 * first), found on PATH (`bins`) or on disk (a credential of that store).
 */
export function toolOffers(report: Report, onPath: (bin: string) => boolean, providers: readonly ToolProvider[] = toolProviders()): ToolOffer[] {
  return providers.map(({ provider, stores }) => {
    const store = stores.find((s) => [s.signIn.bin, ...(s.bins ?? [])].some(onPath)) ?? stores[0]!;
    const onDisk = report.credentials.some((c) => c.source === store.id);
    const installed = [store.signIn.bin, ...(store.bins ?? [])].some(onPath);
    const signedIn = report.credentials.find((c) => c.source === store.id && c.usable && store.tools.some((t) => c.usedBy.includes(t)));
    return { provider, store, found: installed ? 'on PATH' : onDisk ? 'on disk' : undefined, signedIn };
  });
}

/** The tool offers' hint in the provider question. */
export function toolHint(o: ToolOffer): string {
  if (o.signedIn !== undefined) return 'signed in';
  if (o.found === 'on PATH') return `\`${o.store.signIn.bin}\` is installed`;
  if (o.found === 'on disk') return 'a sign-in was found';
  return `not installed (${o.store.signIn.install ?? `install ${o.store.name}`})`;
}

/** One line per found tool for "What is here" (nothing when none is found, so that screen stays as it was). */
export function toolSummaryLines(offers: readonly ToolOffer[]): string[] {
  return offers
    .filter((o) => o.found !== undefined)
    .map((o) => {
      const c = o.signedIn;
      return c === undefined ? `${o.store.name}: not signed in` : `${o.store.name}: ${c.email ?? c.accountId ?? c.kind ?? ''} — ${c.state} (${c.source === 'env' ? c.path : c.source})`;
    });
}
