// Anthropic sign-in, within its terms (docs/security.md): the official
// `claude auth login` with the terminal handed over, a pasted `claude
// setup-token` token, or an API key — never an OAuth flow of our own.
import { claudeAuthStatus, runClaudeLogin } from '../anthropic/claude-cli';
import { checkSetupToken, SETUP_TOKEN_LIFETIME_MS, SETUP_TOKEN_PREFIX } from '../anthropic/shapes';
import type { AnthropicLoginMethod } from '../core/providers';
import { AppError, usageError } from '../errors';
import { discover } from '../report/discover';
import { profileId, profilesPath, upsertProfile } from '../stores/auth-wizard.write';
import { needsTty } from '../ui/prompter';
import { sourceContext } from './context';
import type { LoginCtx } from './login-context';
import { apiKeyLogin, askSecret } from './login-secrets';
import { checkTargetWritable } from './login-target';

/** `method` is an Anthropic one when given (login-flags.ts checked it against the provider). */
export async function anthropicLogin(ctx: LoginCtx, method: AnthropicLoginMethod | undefined): Promise<void> {
  const chosen = method ?? (await askAnthropicMethod(ctx));
  // Here, not with the other flags: the method may only now be known, from the question.
  if (ctx.opts.console && chosen !== 'claude-cli') throw usageError('--console goes with --method claude-cli.');
  switch (chosen) {
    case 'claude-cli':
      return claudeCliLogin(ctx);
    case 'setup-token':
      return setupTokenLogin(ctx);
    case 'api-key':
      return apiKeyLogin(ctx, 'anthropic');
  }
}

async function askAnthropicMethod(ctx: LoginCtx): Promise<AnthropicLoginMethod> {
  if (!ctx.deps.interactive) throw needsTty('Anthropic sign-in needs a method', '--method claude-cli, --method setup-token or --method api-key');
  const p = await ctx.prompter();
  return p.select<AnthropicLoginMethod>({
    message: 'How do you want to sign in to Anthropic?',
    options: [
      { value: 'claude-cli', label: 'Sign in with Claude Code', hint: 'runs `claude auth login` (Pro/Max, or --console for API billing)' },
      { value: 'setup-token', label: 'Paste a setup-token', hint: 'from `claude setup-token`; good for a year, for headless machines' },
      { value: 'api-key', label: 'Anthropic API key', hint: 'sk-ant-api03-…' },
    ],
  });
}

async function claudeCliLogin(ctx: LoginCtx): Promise<void> {
  const { deps } = ctx;
  const args = ctx.opts.console ? 'claude auth login --console' : 'claude auth login';
  if (!deps.interactive) {
    throw new AppError('needs_tty', `\`${args}\` signs in through a browser and needs a terminal, and there is none.`, {
      hint: 'run this in a terminal, or use --method setup-token (a token from `claude setup-token`, read from stdin)',
    });
  }
  if (ctx.opts.host !== undefined) {
    // That sign-in belongs to Claude Code on that machine: run it there, the terminal handed over (ssh -t).
    await (await import('../remote/login-remote')).claudeLoginOn(deps, ctx.opts.host, ctx.opts.console, (s) => ctx.say(s));
    return ctx.result(`✓ Claude Code's sign-in finished on ${ctx.opts.host}; see it with \`auth-wizard status --host ${ctx.opts.host}\`.`);
  }
  ctx.say(`Handing the terminal to Claude Code: ${args}`);
  await runClaudeLogin(deps.exec, { console: ctx.opts.console });
  // Read back what Claude Code wrote; auth-wizard never stores or refreshes these (docs/security.md).
  const report = await discover(sourceContext(deps), deps.now(), { provider: 'anthropic' });
  const cred = report.credentials.find((c) => c.source === 'claude-code' && c.usable);
  if (cred !== undefined) {
    ctx.result(`✓ Claude Code is signed in${cred.email !== undefined ? ` as ${cred.email}` : ''}${cred.plan !== undefined ? ` (${cred.plan})` : ''}`);
    ctx.result(`  credentials  ${cred.path.startsWith('keychain:') ? cred.path : ctx.tilde(cred.path)}`);
    if (cred.usedBy.length === 0 && cred.shadowedBy.length > 0) {
      ctx.say(`Note: Claude Code will use ${cred.shadowedBy.map((s) => s.by).join(', ')} first (it wins over a stored sign-in); see \`auth-wizard status\`.`);
    }
    return;
  }
  const status = await claudeAuthStatus(deps.exec);
  if (status?.loggedIn === true) {
    ctx.result(`✓ Claude Code is signed in (${status.authMethod ?? 'signed in'}${status.email !== undefined ? `, ${status.email}` : ''}${status.subscriptionType !== undefined ? `, ${status.subscriptionType}` : ''})`);
    return;
  }
  throw new AppError('auth_needed', `\`${args}\` finished, but Claude Code shows no sign-in.`, { hint: 'run `claude auth status` to see why, then try again' });
}

async function setupTokenLogin(ctx: LoginCtx): Promise<void> {
  if (ctx.opts.host !== undefined) await checkTargetWritable(ctx, 'anthropic');
  ctx.say('A setup-token lets Claude Code use your Claude subscription on a machine without a browser.');
  ctx.say('Run `claude setup-token` on any machine with a browser and Claude Code installed; it signs in and');
  ctx.say(`prints a token starting ${SETUP_TOKEN_PREFIX} that is good for one year (inference only, no refresh).`);
  ctx.say(ctx.deps.interactive ? 'Paste it here (it is not shown).' : 'Reading it from stdin.');
  const token = await askSecret(ctx, {
    message: 'setup-token:',
    check: checkSetupToken,
    supply: 'the token on stdin (e.g. `pbpaste | auth-wizard login --provider anthropic --method setup-token`)',
  });
  const now = ctx.deps.now();
  const id = profileId('anthropic', ctx.opts.profile ?? 'default');
  const expires = now + SETUP_TOKEN_LIFETIME_MS;
  const remote = ctx.opts.host === undefined ? undefined : await (await import('../remote/login-remote')).deliver(ctx.deps, ctx.opts.host, { kind: 'anthropic-setup-token', profile: ctx.opts.profile, force: ctx.opts.force, token, expires });
  if (remote === undefined) await upsertProfile(ctx.paths, id, { type: 'token', provider: 'anthropic', token, expires }, ctx.saveOpts(now));
  const where = remote !== undefined ? `${remote.path} on ${ctx.opts.host} (nothing was written on this machine)` : ctx.tilde(profilesPath(ctx.paths));
  ctx.result(`✓ Saved the setup-token as ${id} in ${where} (good until about ${new Date(expires).toISOString().slice(0, 10)})`);
  ctx.result('  Claude Code uses it through CLAUDE_CODE_OAUTH_TOKEN (it wins over a stored /login sign-in):');
  ctx.result('    eval "$(auth-wizard env --provider anthropic)"');
}
