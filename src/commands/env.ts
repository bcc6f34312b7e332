// `auth-wizard env [--provider anthropic|openai] [--profile ID] [--shell sh|fish|powershell]`:
// prints shell lines that export the credentials tools read from the
// environment, taken from auth-wizard's own store:
//   - an Anthropic setup-token profile (type token) → CLAUDE_CODE_OAUTH_TOKEN
//     (the official way to give Claude Code a `claude setup-token` token);
//   - an Anthropic API-key profile → ANTHROPIC_API_KEY;
//   - an OpenAI API-key profile → OPENAI_API_KEY.
// OpenAI ChatGPT sign-ins are not exported: their access tokens last hours and
// no tool reads them from the environment (use `auth-wizard token`).
//
// Like `token`, this command exists to print secrets to stdout, for
// `eval "$(auth-wizard env)"`. Decision: when stdout is a terminal the lines are
// still printed (the user asked), with a one-line warning on stderr naming the
// way to load them without showing them.
//
// One Anthropic variable at most: Claude Code prefers ANTHROPIC_API_KEY over
// CLAUDE_CODE_OAUTH_TOKEN (docs/providers.md §3), so exporting both would silently
// switch a subscription user to API billing. The store's first choice wins;
// --profile picks another.
import { basename } from 'node:path';
import type { Credential } from '../core/credential';
import { terminalSafe } from '../core/terminal-safe';
import type { Deps } from '../deps';
import { AppError, usageError } from '../errors';
import type { OptionValues } from '../specs/common';
import type { envSpec, Shell } from '../specs/env';
import { formatAbsolute } from '../report/format';
import { findProfile, profilesInOrder, readProfileStore } from '../stores/auth-wizard';
import { SETUP_TOKEN_LOGIN } from './token';

export type EnvOptions = OptionValues<typeof envSpec.options>;

/** POSIX sh (bash, zsh, dash…): single quotes keep everything; a quote is closed, escaped and reopened. */
export function quoteSh(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/** fish: inside single quotes only \\ and \' are escapes. */
export function quoteFish(v: string): string {
  return `'${v.replace(/[\\']/g, '\\$&')}'`;
}

/** PowerShell: single-quoted strings are literal; a quote is doubled — and PowerShell also treats ‘ ’ ‚ ‛ as single quotes. */
export function quotePowerShell(v: string): string {
  return `'${v.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

export function exportLine(shell: Shell, name: string, value: string): string {
  switch (shell) {
    case 'sh':
      return `export ${name}=${quoteSh(value)}`;
    case 'fish':
      return `set -gx ${name} ${quoteFish(value)}`;
    case 'powershell':
      return `$env:${name} = ${quotePowerShell(value)}`;
  }
}

/** --shell, else PowerShell on Windows, fish when $SHELL is fish, else sh. */
export function pickShell(opt: Shell | undefined, deps: Pick<Deps, 'env' | 'platform'>): Shell {
  if (opt !== undefined) return opt;
  if (deps.platform === 'win32') return 'powershell';
  return basename(deps.env.SHELL ?? '') === 'fish' ? 'fish' : 'sh';
}

function loadHint(shell: Shell): string {
  switch (shell) {
    case 'sh':
      return 'eval "$(auth-wizard env)"';
    case 'fish':
      return 'auth-wizard env --shell fish | source';
    case 'powershell':
      return 'auth-wizard env --shell powershell | Out-String | Invoke-Expression';
  }
}

export interface EnvVar {
  name: string;
  value: string;
  profile: string;
}

function varFor(c: Credential): { name: string; value: string | undefined } | undefined {
  if (c.provider === 'anthropic' && c.kind === 'token') return { name: 'CLAUDE_CODE_OAUTH_TOKEN', value: c.secrets.access };
  if (c.provider === 'anthropic' && c.kind === 'api_key') return { name: 'ANTHROPIC_API_KEY', value: c.secrets.apiKey };
  if (c.provider === 'openai' && c.kind === 'api_key') return { name: 'OPENAI_API_KEY', value: c.secrets.apiKey };
  return undefined;
}

/** The variables to export and the notes (on stderr) about what was left out. */
export function chooseVars(candidates: Credential[], now: number): { vars: EnvVar[]; notes: string[] } {
  const vars: EnvVar[] = [];
  const notes: string[] = [];
  for (const provider of ['anthropic', 'openai']) {
    let chosen: EnvVar | undefined;
    for (const c of candidates.filter((x) => x.provider === provider)) {
      const v = varFor(c);
      if (v === undefined || v.value === undefined) continue;
      if (c.expiresAt !== null && c.expiresAt <= now) {
        notes.push(`skipped ${c.entry}: it expired on ${formatAbsolute(c.expiresAt)} (make a new one with \`claude setup-token\`, then: ${SETUP_TOKEN_LOGIN})`);
        continue;
      }
      if (v.value.includes('\0')) {
        notes.push(`skipped ${c.entry}: its value cannot be put in an environment variable`);
        continue;
      }
      if (chosen === undefined) {
        chosen = { name: v.name, value: v.value, profile: c.entry ?? c.id };
        vars.push(chosen);
      } else if (chosen.name !== v.name) {
        notes.push(`not exporting ${v.name} from ${c.entry} as well: Claude Code would prefer it over ${chosen.name}; pick one with --profile`);
      }
    }
  }
  return { vars, notes };
}

/**
 * --account claude:<name>: Claude Code's accounts are folders, never tokens
 * auth-wizard moves (docs/providers.md §1), so selecting one is exporting its
 * CLAUDE_CONFIG_DIR. Codex and OpenCode accounts are switched (`switch`) or
 * used for one command (`exec`): their grants move, no variable selects them.
 */
async function accountLine(account: string, shell: Shell, deps: Deps): Promise<string> {
  const { parseAccountRef } = await import('../accounts/names');
  const { tool, name } = parseAccountRef(account, '--account');
  if (tool !== 'claude') throw usageError(`--account selects a saved Claude Code account (claude:<name>); for ${tool} use \`auth-wizard switch\` or \`auth-wizard exec --account ${tool}:<name> -- …\`.`, 'auth-wizard accounts');
  const { savedClaudeAccountDir } = await import('../accounts/claude-dirs');
  return exportLine(shell, 'CLAUDE_CONFIG_DIR', savedClaudeAccountDir({ home: deps.home, env: deps.env }, name));
}

export async function run(opts: EnvOptions, deps: Deps): Promise<void> {
  const shell = pickShell(opts.shell, deps);
  if (opts.account !== undefined) {
    if (opts.provider !== undefined || opts.profile !== undefined) throw usageError('--account selects an account folder; it does not go with --provider or --profile.');
    deps.stdout.write((await accountLine(opts.account, shell, deps)) + '\n');
    return;
  }
  const store = await readProfileStore({ home: deps.home, env: deps.env });
  let candidates: Credential[];
  if (opts.profile !== undefined) {
    const provider = opts.provider ?? (opts.profile.includes(':') ? opts.profile.split(':')[0]! : undefined);
    if (provider === undefined) throw usageError('Name the profile in full (e.g. anthropic:setup-token) or add --provider.');
    const c = findProfile(store, provider, opts.profile);
    if (varFor(c) === undefined) throw usageError(`auth-wizard profile ${c.entry} is not a setup-token or API key; \`env\` exports only those (for a ChatGPT sign-in use \`auth-wizard token --provider openai\`).`);
    candidates = [c];
  } else {
    candidates = [...(opts.provider !== 'openai' ? profilesInOrder(store, 'anthropic') : []), ...(opts.provider !== 'anthropic' ? profilesInOrder(store, 'openai') : [])];
  }
  const { vars, notes } = chooseVars(candidates, deps.now());
  // A note names a profile from the store: made terminal-safe (the export lines are shell-quoted already).
  for (const n of notes) deps.stderr.write(`auth-wizard: note: ${terminalSafe(n)}\n`);
  if (vars.length === 0) {
    throw new AppError('not_found', `auth-wizard's store has no ${opts.provider === 'openai' ? 'OpenAI API key' : opts.provider === 'anthropic' ? 'Anthropic setup-token or API key' : 'setup-token or API key'} to export.`, {
      hint: opts.provider === 'openai' ? 'auth-wizard login --provider openai --method api-key' : SETUP_TOKEN_LOGIN,
    });
  }
  if (deps.stdout.isTTY === true) deps.stderr.write(`auth-wizard: warning: the lines below contain secrets; load them without showing them: ${loadHint(shell)}\n`);
  deps.stdout.write(vars.map((v) => exportLine(shell, v.name, v.value)).join('\n') + '\n');
}
