// Claude Code accounts saved by `auth-wizard accounts add claude`: one
// CLAUDE_CONFIG_DIR each, `<auth-wizard home>/claude/<name>/`, where the
// official `claude auth login` signed in. auth-wizard never writes or
// refreshes these tokens (docs/providers.md §1); it only reports them, so
// `status` knows every saved account. Claude Code uses one of them only when
// CLAUDE_CONFIG_DIR points at it — and then the claude-code store already
// reports it as Claude Code's own, so it is not listed twice.
// Only the credentials file is read: on macOS Claude Code keeps those sign-ins
// in the Keychain, which `status` does not ask (no child process on its path).
import { join, resolve } from 'node:path';
import type { Credential } from '../core/credential';
import { shellQuote } from '../core/shell-quote';
import type { PathEnv } from '../fs/paths';
import { readCredentialFileSync } from '../fs/read-file';
import { subdirectories } from '../fs/subdirectories';
import { authWizardHome } from './auth-wizard';
import { parseClaudeOauth, readClaudeAccount } from './claude-code';
import { unreadable, type SourceContext, type SourceResult } from './context';
import type { Store } from './types';

export function claudeAccountsDir(p: PathEnv): string {
  return join(authWizardHome(p), 'claude');
}

function discoverClaudeAccounts(ctx: SourceContext): SourceResult {
  const root = claudeAccountsDir(ctx);
  const inUse = ctx.env.CLAUDE_CONFIG_DIR?.trim();
  const credentials: Credential[] = [];
  const notes: string[] = [];
  for (const name of subdirectories(root)) {
    const dir = join(root, name);
    if (inUse !== undefined && inUse !== '' && resolve(inUse) === resolve(dir)) continue;
    const path = join(dir, '.credentials.json');
    const base = { id: `claude-accounts:${name}`, provider: 'anthropic', source: 'claude-accounts', path, entry: name };
    const file = readCredentialFileSync(path);
    if (file.kind === 'missing') continue;
    if (file.kind === 'unreadable') {
      credentials.push(unreadable(base, file.reason));
      continue;
    }
    // Scanned, not read whole, as for Claude Code's own (it grows with every project's history).
    const who = readClaudeAccount(join(dir, '.claude.json'), ctx.home);
    notes.push(...who.notes);
    credentials.push({ ...who.account, ...parseClaudeOauth(file.text, base), entry: name, fileMode: file.mode, symlink: file.symlink });
  }
  return { credentials, notes };
}

export const claudeAccountsStore: Store = {
  id: 'claude-accounts',
  name: "Claude Code (an account saved by auth-wizard)",
  tools: [],
  providers: ['anthropic'],
  discover: discoverClaudeAccounts,
  unreadableEffect: 'Claude Code treats it as signed out when CLAUDE_CONFIG_DIR selects it.',
  readOnly: "auth-wizard never writes Claude Code's files; `claude auth logout` with CLAUDE_CONFIG_DIR set to the account's folder signs it out.",
  fix: (c) => `auth-wizard accounts add claude --name ${shellQuote(c.entry ?? 'name')}`,
  folders: (p) => [claudeAccountsDir(p)],
};
