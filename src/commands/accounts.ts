// `auth-wizard accounts [--tool T] [--json]`: each tool's account in use and the
// saved ones, with a fingerprint of the account (never of a token).
// `auth-wizard accounts add <tool> [--name N]`: sign in one more account
// without disturbing the one in use.
import { claudeAccountDir, claudeAccountNames } from '../accounts/claude-dirs';
import { type AccountRow, listAccounts } from '../accounts/model';
import { ACCOUNT_TOOLS, checkAccountName, parseTool, TOOL_LABEL } from '../accounts/names';
import { jsonTerminalSafe, terminalSafe } from '../core/terminal-safe';
import type { Deps } from '../deps';
import { AppError, usageError } from '../errors';
import { columns } from '../report/columns';
import { formatExpiry, isoString } from '../report/format';
import { CLAUDE_BIN, claudeLoginArgs } from '../anthropic/claude-cli';
import { ensurePrivateDir } from '../fs/atomic-write';
import type { LoginOptions } from './login';
import { savedOpenAiNames } from './switch';

/** Runs one ChatGPT sign-in: `login` itself, or the runner onboard hands in (its --host, its tests). */
export type AddLogin = (opts: LoginOptions, deps: Deps) => Promise<void>;

const runLogin: AddLogin = async (o, d) => (await import('./login')).run(o, d);

export interface AccountsOptions {
  tool?: string | undefined;
  json: boolean;
}

export interface AccountsAddOptions {
  tool: string;
  name?: string | undefined;
  method?: 'browser' | 'paste' | 'device' | undefined;
  noBrowser: boolean;
  console: boolean;
}

function jsonRow(r: AccountRow) {
  const c = r.credential;
  return {
    tool: r.tool,
    name: r.name ?? null,
    active: r.active,
    store: r.store,
    path: c.path,
    email: c.email ?? null,
    plan: c.plan ?? null,
    orgName: c.orgName ?? null,
    expiresAt: c.expiresAt !== null ? (isoString(c.expiresAt) ?? null) : null,
    fingerprint: r.fingerprint ?? null,
    state: c.state,
    usable: c.usable,
  };
}

export async function run(opts: AccountsOptions, deps: Deps): Promise<void> {
  const tool = opts.tool !== undefined ? parseTool(opts.tool, '--tool') : undefined;
  const rows = await listAccounts(deps, tool);
  if (opts.json) {
    deps.stdout.write(jsonTerminalSafe(JSON.stringify({ accounts: rows.map(jsonRow) }, null, 2) + '\n'));
    return;
  }
  const now = deps.now();
  const lines: string[] = [];
  for (const t of ACCOUNT_TOOLS) {
    if (tool !== undefined && t !== tool) continue;
    const mine = rows.filter((r) => r.tool === t);
    lines.push(`${TOOL_LABEL[t]}:`);
    if (mine.length === 0) {
      lines.push(`  no account (auth-wizard accounts add ${t})`);
      continue;
    }
    const table = mine.map((r) => [
      r.active ? '*' : ' ',
      r.name ?? (r.active ? '(in use)' : ''),
      r.credential.email ?? r.credential.accountId ?? '—',
      [r.credential.plan, r.credential.orgName].filter((x) => x !== undefined).join(' · ') || '—',
      formatExpiry(r.credential.expiresAt, now),
      r.credential.state,
      r.fingerprint ?? '—',
    ]);
    lines.push(...columns([['', 'NAME', 'ACCOUNT', 'PLAN', 'EXPIRES', 'STATE', 'ACCOUNT ID'], ...table]).map((l) => `  ${l}`));
  }
  lines.push('', '* in use · one ACCOUNT ID = one account · auth-wizard switch <tool> <name>');
  deps.stdout.write(lines.map(terminalSafe).join('\n') + '\n');
}

export async function runAdd(opts: AccountsAddOptions, deps: Deps, login: AddLogin = runLogin): Promise<void> {
  const tool = parseTool(opts.tool, 'the tool');
  const p = { home: deps.home, env: deps.env };
  if (tool === 'claude') {
    const name = checkAccountName(opts.name ?? missingName(deps, tool), '--name');
    if (claudeAccountNames(p).includes(name)) throw usageError(`A Claude Code account is already saved as ${name}; choose another --name.`, 'auth-wizard accounts --tool claude');
    const dir = claudeAccountDir(p, name);
    await ensurePrivateDir(dir);
    // Claude Code signs itself in, inside this folder only: the account in use is not touched.
    const args = claudeLoginArgs(opts.console);
    const r = await deps.exec(CLAUDE_BIN, args, { inheritStdio: true, env: { ...deps.env, CLAUDE_CONFIG_DIR: dir } });
    if (r.notFound === true || r.code !== 0) {
      const { rm } = await import('node:fs/promises');
      await rm(dir, { recursive: true, force: true });
      if (r.notFound === true) throw new AppError('missing_tool', 'Claude Code (the `claude` command) is not installed or not on PATH, so its sign-in cannot run.', { hint: 'npm install -g @anthropic-ai/claude-code' });
      throw new AppError('auth_needed', `\`claude ${args.join(' ')}\` ended with ${r.code === null ? 'a signal' : `exit code ${r.code}`}; no account was saved.`);
    }
    deps.stdout.write(terminalSafe(`Saved Claude Code account ${name} in ${dir}. Use it with: auth-wizard exec --account claude:${name} -- claude (or eval "$(auth-wizard switch claude ${name})").`) + '\n');
    return;
  }
  const name = checkAccountName(opts.name ?? missingName(deps, tool), '--name');
  if ((await savedOpenAiNames(deps)).includes(name)) throw usageError(`A ChatGPT account is already saved as ${name}; choose another --name.`, 'auth-wizard accounts');
  // The existing sign-in flows, into auth-wizard's store under this name: the
  // tool's own file (its account in use) is not touched.
  await login({ provider: 'openai', method: opts.method, target: 'auth-wizard', profile: name, noBrowser: opts.noBrowser, device: opts.method === 'device', printUrl: false, force: false, console: false }, deps);
  deps.stdout.write(terminalSafe(`Saved as ${name}. Make it ${TOOL_LABEL[tool]}'s default with: auth-wizard switch ${tool} ${name}`) + '\n');
}

function missingName(deps: Deps, tool: string): never {
  void deps;
  throw usageError(`auth-wizard accounts add ${tool} needs a name for the new account: --name <name>.`, 'auth-wizard accounts add --help');
}
