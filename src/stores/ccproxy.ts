// Older ccproxy versions kept a copy of Claude Code's credentials in
// ~/.config/ccproxy/credentials.json (same shape); current ones use the CLIs' files.

import { dirname, join } from 'node:path';
import { type PathEnv, xdgConfigHome } from '../fs/paths';
import { readCredentialFileSync } from '../fs/read-file';
import { parseClaudeOauth } from './claude-code';
import { type SourceContext, type SourceResult, unreadable } from './context';
import type { Store } from './types';

export function ccproxyCredentialsFile(p: PathEnv): string {
  return join(xdgConfigHome(p), 'ccproxy', 'credentials.json');
}

export function discoverCcproxy(ctx: SourceContext): SourceResult {
  const path = ccproxyCredentialsFile(ctx);
  const base = { id: 'ccproxy', provider: 'anthropic', source: 'ccproxy' as const, path };
  const file = readCredentialFileSync(path);
  if (file.kind === 'missing') return { credentials: [], notes: [] };
  if (file.kind === 'unreadable') return { credentials: [unreadable(base, file.reason)], notes: [] };
  return { credentials: [{ ...parseClaudeOauth(file.text, base), fileMode: file.mode, symlink: file.symlink }], notes: [] };
}

export const ccproxyStore: Store = {
  id: 'ccproxy',
  name: 'ccproxy',
  tools: [],
  providers: ['anthropic'],
  discover: discoverCcproxy,
  readOnly: "auth-wizard does not write ccproxy's files; remove the old copy by hand (current ccproxy reads Claude Code's own file).",
  fix: () => "remove the old ccproxy copy; ccproxy now reads Claude Code's own file",
  folders: (p) => [dirname(ccproxyCredentialsFile(p))],
};
