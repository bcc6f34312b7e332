// The rules between login's flags. Each flag on its own (its choices, --timeout,
// --profile) is checked once, where it is parsed (specs/login.ts); what is left
// are combinations, some of which depend on the provider, which may only now
// have been asked for.
import { ANTHROPIC_LOGIN_METHODS, OPENAI_LOGIN_METHODS, type AnthropicLoginMethod, type LoginMethod, type OpenAiLoginMethod, type Provider } from '../core/providers';
import { usageError } from '../errors';
import type { LoginOptions } from './login-context';

/** The provider's method, when one was given; --device is --method device. */
export type CheckedMethod = { provider: 'openai'; method: OpenAiLoginMethod | undefined } | { provider: 'anthropic'; method: AnthropicLoginMethod | undefined };

function effectiveMethod(o: LoginOptions): LoginMethod | undefined {
  return o.device ? 'device' : o.method;
}

function twoPhaseChecks(o: LoginOptions, method: LoginMethod | undefined): void {
  if (o.device && o.method !== undefined && o.method !== 'device') throw usageError(`--device and --method ${o.method} ask for different sign-ins; give one.`);
  if (o.printUrl && o.complete !== undefined) throw usageError('--print-url starts a two-phase sign-in and --complete finishes it; give one of them.');
  if ((o.printUrl || o.complete !== undefined) && method !== undefined && method !== 'browser' && method !== 'paste') {
    throw usageError(`--${o.printUrl ? 'print-url' : 'complete'} is a browser sign-in; it does not go with --method ${method}.`);
  }
}

function anthropicChecks(o: LoginOptions, method: LoginMethod | undefined): AnthropicLoginMethod | undefined {
  for (const [flag, on] of [['device', o.device], ['print-url', o.printUrl], ['complete', o.complete !== undefined], ['no-browser', o.noBrowser], ['target', o.target !== undefined], ['timeout', o.timeout !== undefined]] as const) {
    if (on) throw usageError(`--${flag} is for --provider openai; Anthropic sign-in runs through Claude Code's own CLI (--method claude-cli), a setup-token or an API key.`);
  }
  if (method === undefined) return undefined;
  const m = ANTHROPIC_LOGIN_METHODS.find((x) => x === method);
  if (m === undefined) throw usageError(`--method ${method} is not an Anthropic sign-in; use one of ${ANTHROPIC_LOGIN_METHODS.join(', ')}.`, 'auth-wizard login --help');
  return m;
}

function openaiChecks(o: LoginOptions, method: LoginMethod | undefined): OpenAiLoginMethod | undefined {
  const m = method === undefined ? undefined : OPENAI_LOGIN_METHODS.find((x) => x === method);
  if (method !== undefined && m === undefined) throw usageError(`--method ${method} is not an OpenAI sign-in; use one of ${OPENAI_LOGIN_METHODS.join(', ')}.`, 'auth-wizard login --help');
  if (o.console) throw usageError('--console goes with --provider anthropic --method claude-cli.');
  // One grant, one store: a profile name only means something in auth-wizard's store.
  if (o.profile !== undefined && m !== 'api-key' && o.target !== 'auth-wizard' && o.complete === undefined) {
    throw usageError('--profile names a profile in auth-wizard\'s store; add --target auth-wizard (Codex and OpenCode keep a single OpenAI sign-in).');
  }
  return m;
}

/** Usage errors for flags that do not go together (exit 3), before anything is asked or sent. */
export function checkFlags(o: LoginOptions, provider: Provider): CheckedMethod {
  const method = effectiveMethod(o);
  twoPhaseChecks(o, method);
  return provider === 'anthropic' ? { provider, method: anthropicChecks(o, method) } : { provider, method: openaiChecks(o, method) };
}
