// Claude Code accounts auth-wizard keeps apart: one CLAUDE_CONFIG_DIR each,
// `<auth-wizard home>/claude/<name>/`. auth-wizard never writes Claude Code's
// tokens (docs/providers.md §1): `claude auth login` signs in inside such a
// folder, and selecting an account is pointing CLAUDE_CONFIG_DIR at it.
import { join } from 'node:path';
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
