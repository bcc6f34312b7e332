// The one store a ChatGPT sign-in goes to: its path, the checks before a code
// is exchanged, and the saved result as the user sees it.
import { join } from 'node:path';
import { AppError } from '../errors';
import { codexCredentialsStore, codexIgnoresAuthFile } from '../stores/codex';
import { OPENAI_TARGETS, saveOpenAiGrant, targetFile, targetName, type OpenAiTarget, type OpenAiTokens, type SavedGrant } from '../stores/sign-in';
import { codexHome } from '../stores/codex';
import { profilesPath } from '../stores/auth-wizard.write';
import { preflightWrite } from '../fs/preflight';
import { readCredentialFile } from '../fs/read-file';
import type { LoginCtx } from './login-context';

export function openaiTarget(ctx: LoginCtx): OpenAiTarget {
  return ctx.opts.target ?? 'codex';
}

/**
 * The writer's own refusals (a corrupt file, a folder we cannot write), asked
 * before the code is exchanged: the code is single-use and the server issues
 * the grant as it is exchanged, so a write refused afterwards would burn it.
 */
export async function checkTargetWritable(ctx: LoginCtx, target: OpenAiTarget | 'anthropic'): Promise<void> {
  // --host: the target is on that machine; its own auth-wizard checks it (src/remote/).
  if (ctx.opts.host !== undefined) return (await import('../remote/login-remote')).checkHostTarget(ctx.deps, ctx.opts.host, target, ctx.opts.force);
  if (target === 'anthropic') return preflightWrite(profilesPath(ctx.paths), { force: ctx.opts.force });
  await preflightWrite(targetPath(ctx, target), { force: ctx.opts.force });
}

/** Fails early (before any sign-in) when the target could not be written anyway. */
export async function preflightTarget(ctx: LoginCtx, target: OpenAiTarget): Promise<void> {
  await checkTargetWritable(ctx, target);
  if (target !== 'codex' || ctx.opts.host !== undefined) return;
  const config = await readCredentialFile(join(codexHome(ctx.paths), 'config.toml'));
  const mode = config.kind === 'ok' ? codexCredentialsStore(config.text) : undefined;
  if (codexIgnoresAuthFile(mode)) {
    ctx.say(`Note: Codex is set to keep its sign-in in the OS keyring (cli_auth_credentials_store = "${mode}") and will ignore auth.json.`);
    ctx.say('      Set cli_auth_credentials_store = "file" in config.toml for Codex to use this sign-in, or choose --target opencode|auth-wizard.');
    ctx.say();
  }
}

export const TARGET_NAMES = Object.fromEntries(OPENAI_TARGETS.map((t) => [t, targetName(t)])) as Record<OpenAiTarget, string>;

export function targetPath(ctx: LoginCtx, target: OpenAiTarget): string {
  return targetFile(ctx.paths, target);
}


export async function saveAndReport(ctx: LoginCtx, target: OpenAiTarget, tokens: OpenAiTokens, profile = ctx.opts.profile): Promise<SavedGrant> {
  // Codex refuses an auth.json without a parseable id_token (docs/interop.md §3).
  if (target === 'codex' && (tokens.idToken === undefined || tokens.idToken.split('.').length < 3)) {
    throw new AppError('oauth', "The sign-in server's answer has no usable id_token, which Codex requires. Nothing was written.");
  }
  // --host: the grant goes over ssh's stdin to `auth-wizard receive` there; nothing is written here.
  const remote = ctx.opts.host === undefined ? undefined : await (await import('../remote/login-remote')).deliver(ctx.deps, ctx.opts.host, { kind: 'openai-oauth', target, profile, force: ctx.opts.force, tokens });
  const saved: SavedGrant = remote !== undefined ? { ...remote, target, expiresAt: remote.expiresAt !== undefined ? Date.parse(remote.expiresAt) : undefined } : await saveOpenAiGrant(ctx.paths, target, tokens, { ...ctx.saveOpts(ctx.deps.now()), profileName: profile });
  const where = `${TARGET_NAMES[target]} (${remote !== undefined ? `${remote.path} on ${ctx.opts.host}` : ctx.tilde(targetPath(ctx, target))}${target === 'codex' ? '' : `, entry ${saved.entry}`})${remote !== undefined ? '; nothing was written on this machine' : ''}`;
  ctx.result(`✓ Signed in to ChatGPT${saved.email !== undefined ? ` as ${saved.email}` : ''}`);
  if (saved.accountId !== undefined) ctx.result(`  account   ${saved.accountId}`);
  if (saved.plan !== undefined) ctx.result(`  plan      ${saved.plan}`);
  if (saved.expiresAt !== undefined) ctx.result(`  expires   ${new Date(saved.expiresAt).toISOString()} (the access token; ${target === 'auth-wizard' ? '`auth-wizard refresh`' : TARGET_NAMES[target]} renews it)`);
  ctx.result(`  saved to  ${where}`);
  const others = OPENAI_TARGETS.filter((t) => t !== target);
  ctx.say(`One sign-in is one grant in one store. For ${others.map((t) => TARGET_NAMES[t]).join(' or ')}, sign in again with --target ${others.join('|')}.`);
  return saved;
}
