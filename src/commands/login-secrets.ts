// Secrets typed or piped by the user (API keys, setup-tokens): hidden at a
// terminal, else one line of stdin, never echoed; and the API-key sign-in.
import { cleanPaste } from '../anthropic/shapes';
import type { Provider } from '../core/providers';
import { AppError } from '../errors';
import { writeCodexApiKey } from '../stores/codex.write';
import { writeOpencodeEntry } from '../stores/opencode.write';
import { codexAuthFile } from '../stores/codex';
import { opencodeAuthFile } from '../stores/opencode';
import { profileId, profilesPath, upsertProfile } from '../stores/auth-wizard.write';
import { needsTty } from '../ui/prompter';
import type { LoginCtx } from './login-context';
import { readLine } from './login-input';
import { checkApiKey } from './login-keys';
import { targetPath } from './login-target';

/** One secret: hidden prompt with a terminal, else one line of stdin. Never echoed. */
export async function askSecret(ctx: LoginCtx, q: { message: string; check: (v: string) => string | undefined; supply: string }): Promise<string> {
  const { deps } = ctx;
  if (deps.interactive) {
    const p = await ctx.prompter();
    const v = await p.password({ message: q.message, validate: (raw) => q.check(cleanPaste(raw)) });
    return cleanPaste(v);
  }
  // A terminal on stdin without one on stdout: reading would echo the secret.
  if (deps.stdin.isTTY === true) throw needsTty(`${q.message.replace(/:$/, '')} is needed`, q.supply);
  const line = await readLine(deps.stdin);
  if (line === undefined) throw needsTty(`${q.message.replace(/:$/, '')} is needed and stdin was empty`, q.supply);
  const value = cleanPaste(line);
  const problem = q.check(value);
  if (problem !== undefined) throw new AppError('usage', `${problem} Nothing was saved.`);
  return value;
}

export async function apiKeyLogin(ctx: LoginCtx, provider: Provider): Promise<void> {
  const target = ctx.opts.target;
  // Every file this writes, resolved first: a relative folder variable fails before the first one is written.
  profilesPath(ctx.paths);
  if (target !== undefined) targetPath(ctx, target);
  const key = await askSecret(ctx, {
    message: provider === 'openai' ? 'OpenAI API key:' : 'Anthropic API key:',
    check: (v) => checkApiKey(provider, v),
    supply: `the key on stdin (e.g. \`printenv ${provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'} | auth-wizard login --provider ${provider} --method api-key\`)`,
  });
  const now = ctx.deps.now();
  const id = profileId(provider, ctx.opts.profile ?? 'default');
  await upsertProfile(ctx.paths, id, { type: 'api_key', provider, key }, ctx.saveOpts(now));
  ctx.result(`✓ Saved the ${provider === 'openai' ? 'OpenAI' : 'Anthropic'} API key as ${id} in ${ctx.tilde(profilesPath(ctx.paths))}`);
  if (target === 'codex') {
    await writeCodexApiKey(ctx.paths, key, ctx.saveOpts(now));
    ctx.result(`  and as Codex CLI's OPENAI_API_KEY (${ctx.tilde(codexAuthFile(ctx.paths))}); Codex now uses the key instead of a ChatGPT sign-in.`);
  } else if (target === 'opencode') {
    await writeOpencodeEntry(ctx.paths, 'openai', { type: 'api', key }, ctx.saveOpts(now));
    ctx.result(`  and as OpenCode's openai entry (${ctx.tilde(opencodeAuthFile(ctx.paths))}).`);
  } else {
    const v = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    ctx.say(`Tools read it through ${v}: eval "$(auth-wizard env --provider ${provider})".${provider === 'openai' ? ' (--target codex puts it in Codex\'s auth.json instead.)' : ''}`);
  }
}
