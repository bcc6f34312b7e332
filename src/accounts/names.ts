// The tools `accounts`, `switch` and `exec` know, and the names accounts are
// saved under. Light: no I/O, so a bad argument fails before anything loads.
import { usageError } from '../errors';

export const ACCOUNT_TOOLS = ['codex', 'opencode', 'claude'] as const;
export type AccountTool = (typeof ACCOUNT_TOOLS)[number];
/** The tools whose grant auth-wizard may move (Claude Code's tokens it never writes: docs/providers.md §1); each is a store id. */
export const GRANT_TOOLS = ['codex', 'opencode'] as const satisfies readonly AccountTool[];
export type GrantTool = (typeof GRANT_TOOLS)[number];

/** For sentences: `Codex now uses work.` */
export const TOOL_LABEL: Record<AccountTool, string> = { codex: 'Codex', opencode: 'OpenCode', claude: 'Claude Code' };

const ALIASES: Record<string, AccountTool> = { codex: 'codex', opencode: 'opencode', claude: 'claude', 'claude-code': 'claude' };

/** `claude-code` is accepted for `claude`; anything else is a usage error listing the tools. */
export function parseTool(raw: string, flag = 'tool'): AccountTool {
  const t = ALIASES[raw.toLowerCase()];
  if (t === undefined) throw usageError(`Unknown tool "${raw}" (${flag}); the tools with accounts are ${ACCOUNT_TOOLS.join(', ')}.`);
  return t;
}

/**
 * A saved account's name: it becomes a profile id (`openai:<name>`) and, for
 * Claude Code, a folder name, so it is kept to characters that are safe in
 * both and in a shell line.
 */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;

export function checkAccountName(name: string, flag: string): string {
  if (!NAME_RE.test(name) || name.includes('..')) {
    throw usageError(`${flag} "${name}" is not a usable account name: use 1-64 letters, digits and . _ @ + - (starting with a letter or digit).`);
  }
  return name;
}

/** `--account <tool>:<name>` (exec, env): the tool and a usable name, or a usage error naming the flag. */
export function parseAccountRef(raw: string, flag: string): { tool: AccountTool; name: string } {
  const m = /^([^:]+):(.+)$/.exec(raw);
  if (m === null) throw usageError(`${flag} must be <tool>:<name> (e.g. codex:work); got "${raw}".`, 'auth-wizard accounts');
  return { tool: parseTool(m[1]!, flag), name: checkAccountName(m[2]!, flag) };
}

/** A name from an email (`me@example.com` → `me-example.com`), for a non-interactive switch without --save-as. */
export function nameFromEmail(email: string | undefined): string | undefined {
  if (email === undefined) return undefined;
  const n = email.toLowerCase().replace(/@/g, '-').replace(/[^a-z0-9._+-]/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
  return NAME_RE.test(n) && !n.includes('..') ? n : undefined;
}
