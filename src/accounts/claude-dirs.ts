// Claude Code accounts auth-wizard keeps apart: one CLAUDE_CONFIG_DIR each,
// `<auth-wizard home>/claude/<name>/`. auth-wizard never writes Claude Code's
// tokens (docs/providers.md §1): `claude auth login` signs in inside such a
// folder, and selecting an account is pointing CLAUDE_CONFIG_DIR at it.
import { join } from 'node:path';
import { usageError } from '../errors';
import type { PathEnv } from '../fs/paths';
import { subdirectories } from '../fs/subdirectories';
import { claudeAccountsDir } from '../stores/claude-accounts';

export { claudeAccountsDir };

export function claudeAccountDir(p: PathEnv, name: string): string {
  return join(claudeAccountsDir(p), name);
}

/** The names of the folders there, sorted. */
export function claudeAccountNames(p: PathEnv): string[] {
  return subdirectories(claudeAccountsDir(p));
}

/** The folder of the saved account `name` (switch, exec, env --account), or a usage error listing the saved ones. */
export function savedClaudeAccountDir(p: PathEnv, name: string): string {
  const names = claudeAccountNames(p);
  if (!names.includes(name)) {
    throw usageError(`No saved Claude Code account "${name}"${names.length > 0 ? `; the saved ones are: ${names.join(', ')}` : '; none is saved yet'}.`, 'auth-wizard accounts add claude');
  }
  return claudeAccountDir(p, name);
}
