// onboard's "Add another account" (src/commands/onboard-ask.ts offers it where
// a tool already has a sign-in): the new account's name, asked or from
// --name/--yes, and `accounts add` itself, not a second copy of it.
import type { Deps } from '../deps';
import { OPENAI_GRANT_METHODS } from '../core/providers';
import { isAppError } from '../errors';
import { methodChoices, methodsByProvider, type Provider, type Situation } from '../onboard/plan';
import type { OpenAiTarget } from '../stores/targets';
import { needsTty, type Prompter } from '../ui/prompter';
import type { LoginRunner, OnboardOptions } from './onboard-ask';

const ACCOUNT_LABEL: Record<Provider, string> = { openai: 'ChatGPT', anthropic: 'Claude Code' };

/** The tool `accounts add` is run for: Claude Code, or the ChatGPT tool --target names (Codex by default; only its advice differs). */
function accountTool(provider: Provider, opts: OnboardOptions): 'codex' | 'opencode' | 'claude' {
  return provider === 'anthropic' ? 'claude' : opts.target === 'opencode' ? 'opencode' : 'codex';
}

/** The new account's name: --name, else asked with the first free `<tool>-N` offered (taken by --yes). */
export async function chooseAccountName(provider: Provider, opts: OnboardOptions, deps: Deps, p: Prompter): Promise<string> {
  if (opts.name !== undefined) return opts.name;
  const tool = accountTool(provider, opts);
  const taken =
    tool === 'claude'
      ? (await import('../accounts/claude-dirs')).claudeAccountNames({ home: deps.home, env: deps.env })
      : await (await import('./switch')).savedOpenAiNames(deps);
  let n = 2;
  while (taken.includes(`${tool}-${n}`)) n++;
  const suggested = `${tool}-${n}`;
  if (opts.yes) return suggested;
  if (!deps.interactive) throw needsTty(`auth-wizard onboard needs a name for the new ${ACCOUNT_LABEL[provider]} account`, '--name <name> (or --yes)');
  const { checkAccountName } = await import('../accounts/names');
  const name = await p.text({
    message: `A name for the new ${ACCOUNT_LABEL[provider]} account`,
    placeholder: suggested,
    defaultValue: suggested,
    validate: (v) => {
      const given = v.trim() === '' ? suggested : v.trim();
      if (taken.includes(given)) return `${given} is already saved; choose another name.`;
      try {
        checkAccountName(given, 'The name');
        return undefined;
      } catch (e) {
        return isAppError(e) ? e.message : String(e);
      }
    },
  });
  return name.trim() === '' ? suggested : name.trim();
}

/** "Add another account": `accounts add <tool>` itself, its ChatGPT sign-in through this run's login runner. */
export async function addAccount(provider: Provider, opts: OnboardOptions, deps: Deps, p: Prompter, s: Situation, login: LoginRunner): Promise<OpenAiTarget | undefined> {
  const name = await chooseAccountName(provider, opts, deps, p);
  p.log.step(`${ACCOUNT_LABEL[provider]}: another account, saved as ${name}`);
  // The ChatGPT way: --method when it is one, else the first one offered (at a terminal) or the first needing no input.
  const ways = OPENAI_GRANT_METHODS;
  const given = methodsByProvider(opts.methods, [provider])[provider];
  const offered = methodChoices(provider, s)
    .map((c) => c.value)
    .filter((w) => deps.interactive || w === 'browser' || w === 'device');
  const way = ways.find((w) => w === given) ?? ways.find((w) => offered.includes(w));
  const { runAdd } = await import('./accounts');
  await runAdd({ tool: accountTool(provider, opts), name, method: provider === 'openai' ? way : undefined, noBrowser: opts.noBrowser, console: false }, deps, login);
  return provider === 'openai' ? 'auth-wizard' : undefined;
}
