// `auth-wizard switch <tool> <name> [--save-as N] [--force] [--json]`: make a
// saved account the one the tool uses by default. For Codex and OpenCode the
// grants move (src/accounts/switch-engine.ts); Claude Code's tokens are never
// moved (docs/providers.md §1): the line that selects its folder is printed.
import { savedClaudeAccountDir } from '../accounts/claude-dirs';
import { checkAccountName, type GrantTool, nameFromEmail, parseTool, TOOL_LABEL } from '../accounts/names';
import { type ProcessLister, procLister, runningTool } from '../accounts/processes';
import { shellQuote } from '../core/shell-quote';
import { jsonTerminalSafe, terminalSafe } from '../core/terminal-safe';
import type { Deps } from '../deps';
import { AppError, usageError } from '../errors';
import { readProfileStore } from '../stores/auth-wizard';
import { storeById } from '../stores/index';
import { resolve } from 'node:path';
import { readCredentialFile, parseJson } from '../fs/read-file';
import { isRecord } from '../core/guards';
import { safePrompter } from '../ui/safe-prompter';

export interface SwitchOptions {
  tool: string;
  name: string;
  saveAs?: string | undefined;
  force: boolean;
  json: boolean;
}

export interface SwitchIo {
  /** Tests: the processes the running-tool check sees (default: this user's, from /proc). */
  listProcesses?: ProcessLister | undefined;
}

/** The saved ChatGPT accounts' names, for messages. */
export async function savedOpenAiNames(deps: Deps): Promise<string[]> {
  const store = await readProfileStore({ home: deps.home, env: deps.env });
  return store.profiles.filter((c) => c.provider === 'openai' && c.kind === 'oauth' && c.entry !== undefined).map((c) => c.entry!.slice('openai:'.length));
}

/** Refuses (or, with --force, warns) when the tool is running: it would write its old grant back. */
export function checkNotRunning(tool: GrantTool, deps: Deps, force: boolean, list: ProcessLister): void {
  const grant = storeById(tool)?.grant;
  const ours = grant === undefined ? undefined : resolve(grant.file({ home: deps.home, env: deps.env }));
  // Only a process that writes this very file can undo the switch.
  const writesOurs =
    grant === undefined || ours === undefined
      ? undefined
      : (env: Readonly<Record<string, string>>): boolean => {
          try {
            return env.HOME === undefined || resolve(grant.file({ home: env.HOME, env })) === ours;
          } catch {
            return true; // a folder variable we cannot read as a path: count it
          }
        };
  const pids = runningTool(tool, list, writesOurs);
  if (pids.length === 0) return;
  const why = `${TOOL_LABEL[tool]} is running (process ${pids.join(', ')}): it keeps its sign-in in memory, refreshes it when due and writes it back to its file, over the account switched in; the account switched out would then be a dead copy`;
  if (!force) throw new AppError('io', `${why}. Quit it first, or re-run with --force.`, { hint: `kill ${pids.join(' ')}` });
  deps.stderr.write(terminalSafe(`auth-wizard: warning: ${why}. Switching anyway (--force); restart ${TOOL_LABEL[tool]} afterwards.`) + '\n');
}

async function currentEmail(deps: Deps, tool: GrantTool): Promise<{ has: boolean; email?: string | undefined }> {
  const { toolFileOf, toolGrantOf } = await import('../accounts/switch-engine');
  const file = await readCredentialFile(toolFileOf({ home: deps.home, env: deps.env }, tool));
  if (file.kind !== 'ok') return { has: false };
  const json = parseJson(file.text);
  if (!json.ok || !isRecord(json.value)) return { has: false }; // the engine refuses it under the lock, with the reason
  const g = toolGrantOf(tool, json.value);
  return { has: g !== undefined, email: g?.email };
}

export async function run(opts: SwitchOptions, deps: Deps, io: SwitchIo = {}): Promise<void> {
  const tool = parseTool(opts.tool, 'the first argument');
  const name = checkAccountName(opts.name, 'The account name');
  if (tool === 'claude') return claudeSwitch(name, deps, opts.json);
  let names = await savedOpenAiNames(deps);
  if (!names.includes(name) && (await giveBackFromExecHome(deps, name))) names = await savedOpenAiNames(deps);
  if (!names.includes(name)) {
    throw usageError(`No saved ChatGPT account "${name}"${names.length > 0 ? `; the saved ones are: ${names.join(', ')}` : '; none is saved yet'}.`, `auth-wizard accounts add ${tool}`);
  }
  checkNotRunning(tool, deps, opts.force, io.listProcesses ?? procLister());
  let saveAs = opts.saveAs !== undefined ? checkAccountName(opts.saveAs, '--save-as') : undefined;
  if (saveAs === undefined) {
    const cur = await currentEmail(deps, tool);
    if (cur.has) saveAs = await askSaveAs(deps, tool, cur.email);
  }
  const { switchGrant } = await import('../accounts/switch-engine');
  const done = await switchGrant(deps, { tool, take: `openai:${name}`, saveAs: saveAs !== undefined ? `openai:${saveAs}` : undefined });
  if (opts.json) {
    deps.stdout.write(jsonTerminalSafe(JSON.stringify({ tool, active: name, email: done.took?.email ?? null, changed: !done.already, savedAs: done.saved?.profile.slice('openai:'.length) ?? null, savedEmail: done.saved?.grant.email ?? null }, null, 2) + '\n'));
    return;
  }
  const who = (e: string | undefined) => (e !== undefined ? ` (${e})` : '');
  const line = done.already
    ? `${TOOL_LABEL[tool]} already uses ${name}${who(done.took?.email)}; nothing moved.`
    : `${TOOL_LABEL[tool]} now uses ${name}${who(done.took?.email)}.` +
      (done.saved !== undefined ? ` Its previous account${who(done.saved.grant.email)} is saved as ${done.saved.profile.slice('openai:'.length)}.` : '') +
      ' Each sign-in was moved, not copied: every refresh token is in one file.';
  deps.stdout.write(terminalSafe(line) + '\n');
}

/**
 * An account an `exec` moved into its own CODEX_HOME and never gave back (the
 * exec was killed): with no exec of it running, it goes back to the store first.
 */
async function giveBackFromExecHome(deps: Deps, name: string): Promise<boolean> {
  const { codexAccountHome, codexHomesHolding, othersRunning } = await import('../accounts/codex-homes');
  const p = { home: deps.home, env: deps.env };
  if (!codexHomesHolding(p).includes(name)) return false;
  const dir = codexAccountHome(p, name);
  if (othersRunning(dir, -1)) return false;
  const { switchGrant } = await import('../accounts/switch-engine');
  await switchGrant(deps, { tool: 'codex', toolFile: `${dir}/auth.json`, saveAs: `openai:${name}`, keep: () => othersRunning(dir, -1) });
  return true;
}

async function askSaveAs(deps: Deps, tool: GrantTool, email: string | undefined): Promise<string> {
  const suggestion = nameFromEmail(email);
  if (!deps.interactive) {
    if (suggestion !== undefined) return suggestion;
    throw new AppError('needs_tty', `${TOOL_LABEL[tool]}'s current sign-in must be saved under a name before it is switched out, and it has no email to name it after: give one with --save-as <name>.`);
  }
  const p = safePrompter(await deps.prompter());
  const answer = await p.text({
    message: `Save ${TOOL_LABEL[tool]}'s current account${email !== undefined ? ` (${email})` : ''} under which name?`,
    defaultValue: suggestion,
    placeholder: suggestion,
    validate: (v) => {
      try {
        checkAccountName(v === '' ? (suggestion ?? '') : v, 'The name');
        return undefined;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  });
  return checkAccountName(answer === '' ? (suggestion ?? '') : answer, 'The name');
}

function claudeSwitch(name: string, deps: Deps, json: boolean): void {
  const p = { home: deps.home, env: deps.env };
  const dir = savedClaudeAccountDir(p, name);
  const line = `export CLAUDE_CONFIG_DIR=${shellQuote(dir)}`;
  if (json) {
    deps.stdout.write(jsonTerminalSafe(JSON.stringify({ tool: 'claude', active: name, configDir: dir, export: line }, null, 2) + '\n'));
    return;
  }
  deps.stderr.write(
    terminalSafe(
      `auth-wizard never moves Claude Code's tokens (Anthropic's terms keep them to Claude Code), so a Claude Code account is chosen by its folder. ` +
        `For this shell: eval "$(auth-wizard switch claude ${shellQuote(name)})"; for good, put the line below in your shell's profile; for one command: auth-wizard exec --account claude:${shellQuote(name)} -- claude`,
    ) + '\n',
  );
  deps.stdout.write(terminalSafe(line) + '\n');
}
