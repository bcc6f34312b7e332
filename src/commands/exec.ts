// `auth-wizard exec --account <tool>:<name> -- <command …>`: run one command
// with that account, changing no default (as `aws-vault exec` and `op run` do).
// Claude Code: CLAUDE_CONFIG_DIR is that account's folder. Codex: CODEX_HOME is
// that account's own (src/accounts/codex-homes.ts), which sees the user's
// config.toml; the grant moves there for the command and back after it.
import { savedClaudeAccountDir } from '../accounts/claude-dirs';
import { addMarker, codexHomesHolding, othersRunning, prepareCodexHome, removeMarker } from '../accounts/codex-homes';
import { parseAccountRef } from '../accounts/names';
import { type ChildEnd, endLike, runChild } from '../accounts/run-child';
import type { Deps } from '../deps';
import { AppError, usageError } from '../errors';
import { savedOpenAiNames } from './switch';

export interface ExecOptions {
  account: string;
  command: string[];
}

export interface ExecIo {
  /** Tests: how the command is run and how its end is passed on. */
  run?: typeof runChild;
  end?: (end: ChildEnd) => void;
}

export async function run(opts: ExecOptions, deps: Deps, io: ExecIo = {}): Promise<void> {
  const { tool, name } = parseAccountRef(opts.account, '--account');
  const [cmd, ...args] = opts.command;
  if (cmd === undefined) throw usageError('auth-wizard exec needs a command after --: auth-wizard exec --account codex:work -- codex', 'auth-wizard exec --help');
  const p = { home: deps.home, env: deps.env };
  const runIt = io.run ?? runChild;
  const end = io.end ?? endLike;
  if (tool === 'claude') {
    return finish(await runIt(cmd, args, { ...deps.env, CLAUDE_CONFIG_DIR: savedClaudeAccountDir(p, name) }), cmd, end);
  }
  if (tool !== 'codex') throw usageError(`exec runs Codex or Claude Code with an account of their own; OpenCode has no folder variable for its sign-in alone (use auth-wizard switch opencode ${name}).`);
  const names = await savedOpenAiNames(deps);
  if (!names.includes(name) && !codexHomesHolding(p).includes(name)) {
    throw usageError(`No saved ChatGPT account "${name}"${names.length > 0 ? `; the saved ones are: ${names.join(', ')}` : ''}.`, 'auth-wizard accounts add codex');
  }
  const dir = await prepareCodexHome(p, name);
  const toolFile = `${dir}/auth.json`;
  const { switchGrant } = await import('../accounts/switch-engine');
  // The marker is this process's real pid (not from Deps): other auth-wizard
  // processes test it for life with kill(pid, 0) before giving the grant back.
  await addMarker(dir, process.pid);
  let result: ChildEnd;
  try {
    await switchGrant(deps, { tool: 'codex', toolFile, take: `openai:${name}`, useHeld: true });
    result = await runIt(cmd, args, { ...deps.env, CODEX_HOME: dir });
  } finally {
    await removeMarker(dir, process.pid);
    // Give the grant (as Codex may have refreshed it) back to the store, unless another exec still uses it.
    await switchGrant(deps, { tool: 'codex', toolFile, saveAs: `openai:${name}`, keep: () => othersRunning(dir, process.pid) });
  }
  return finish(result, cmd, end);
}

function finish(result: ChildEnd, cmd: string, end: (e: ChildEnd) => void): void {
  if (result.kind === 'not-found') throw new AppError('missing_tool', `${cmd}: command not found (exec runs it with the account's settings; nothing was changed).`);
  end(result);
}
