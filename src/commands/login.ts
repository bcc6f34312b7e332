// `auth-wizard login`: sign in, one grant into exactly one store.
//
// OpenAI (ChatGPT, Codex's public client): browser + loopback listener, with a
// paste prompt running alongside (first valid answer wins); headless hosts get
// the link and the two ways through; two-phase --print-url/--complete for
// automation; device code; API keys. Anthropic: login-anthropic.ts.
//
// One file per way in: login-browser.ts (and login-paste.ts), login-two-phase.ts,
// login-device.ts, login-secrets.ts (API keys), login-anthropic.ts; what they
// share is in login-context.ts (options, output) and login-target.ts (the store).
//
// Messages and instructions go to stderr; the result (and --print-url's URL)
// to stdout. Nothing here writes a store until the sign-in has fully
// succeeded, so a failure leaves every file as it was.
import { isProvider, type OpenAiLoginMethod } from '../core/providers';
import { detectHeadless } from '../core/session';
import type { Deps } from '../deps';
import { openaiEndpoints } from '../oauth/openai-endpoints';
import { usageError } from '../errors';
import { needsTty } from '../ui/prompter';
import { anthropicLogin } from './login-anthropic';
import { browserLogin } from './login-browser';
import { LoginCtx, type LoginOptions } from './login-context';
import { deviceLogin } from './login-device';
import { checkFlags } from './login-flags';
import { toolLogin } from './login-tool';
import { toolProviders } from '../stores/tool-sign-in';
import { apiKeyLogin } from './login-secrets';
import { openaiTarget, targetPath } from './login-target';
import { completeTwoPhase, printUrl } from './login-two-phase';

export type { LoginOptions };

export async function run(opts: LoginOptions, deps: Deps): Promise<void> {
  const ctx = new LoginCtx(deps, opts);
  const provider = opts.provider ?? (await askProvider(ctx));
  if (!isProvider(provider)) {
    const tp = toolProviders().find((t) => t.provider === provider);
    // The flag's choices come from the same list; a provider nobody signs in to is a usage error.
    if (tp === undefined) throw usageError(`--provider ${provider} has no sign-in; use openai, anthropic or ${toolProviders().map((t) => t.provider).join(', ')}.`, 'auth-wizard login --help');
    return toolLogin(ctx, tp);
  }
  const checked = checkFlags(opts, provider);
  if (opts.host !== undefined) (await import('../remote/login-remote')).checkHostLogin({ host: opts.host, method: checked.method, printUrl: opts.printUrl, complete: opts.complete });
  if (checked.provider === 'openai') await openaiLogin(ctx, checked.method);
  else await anthropicLogin(ctx, checked.method);
}

async function askProvider(ctx: LoginCtx): Promise<string> {
  if (!ctx.deps.interactive) throw needsTty('auth-wizard login needs to know which provider to sign in to', '--provider openai or --provider anthropic');
  const p = await ctx.prompter();
  return p.select<string>({
    message: 'Sign in to which provider?',
    options: [
      { value: 'openai', label: 'OpenAI', hint: 'ChatGPT sign-in for Codex CLI / OpenCode, or an API key' },
      { value: 'anthropic', label: 'Anthropic', hint: 'Claude Code sign-in, a setup-token, or an API key' },
      ...toolProviders().map((t) => ({ value: t.provider, label: `${t.provider} (${t.stores.map((s) => s.name).join(', ')})`, hint: `through ${t.stores[0]?.name ?? 'its'}'s own CLI` })),
    ],
  });
}

async function openaiLogin(ctx: LoginCtx, given: OpenAiLoginMethod | undefined): Promise<void> {
  const o = ctx.opts;
  const endpoints = openaiEndpoints(ctx.deps.env);
  if (o.complete !== undefined) return completeTwoPhase(ctx, endpoints, o.complete);
  if (o.printUrl) return printUrl(ctx, endpoints);
  const method = given ?? 'browser';
  // A relative CODEX_HOME & co. is an error (store/paths.ts): say so before a code is exchanged, not after.
  if (method !== 'api-key' && o.host === undefined) targetPath(ctx, openaiTarget(ctx));
  switch (method) {
    case 'device':
      return deviceLogin(ctx, endpoints);
    case 'api-key':
      return apiKeyLogin(ctx, 'openai');
    case 'paste':
      return browserLogin(ctx, endpoints, { launch: false, listen: false, reason: '--method paste' });
    case 'browser': {
      const verdict = o.noBrowser ? { headless: true, reason: '--no-browser was given' } : detectHeadless(ctx.deps.env, ctx.deps.platform, (p) => ctx.deps.exists(p));
      return browserLogin(ctx, endpoints, { launch: !verdict.headless, listen: true, reason: verdict.reason });
    }
  }
}
