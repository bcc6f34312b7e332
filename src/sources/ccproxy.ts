// Older ccproxy versions kept a copy of Claude Code's credentials in
// ~/.config/ccproxy/credentials.json (same shape); current ones use the CLIs' files.
import { ccproxyCredentialsFile } from '../fs/paths';
import { readCredentialFile } from '../fs/read-file';
import { parseClaudeOauth } from './claude-code';
import { type SourceContext, type SourceResult, unreadable } from './context';

export async function discoverCcproxy(ctx: SourceContext): Promise<SourceResult> {
  const path = ccproxyCredentialsFile(ctx);
  const base = { id: 'ccproxy', provider: 'anthropic', source: 'ccproxy' as const, path };
  const file = await readCredentialFile(path);
  if (file.kind === 'missing') return { credentials: [], notes: [] };
  if (file.kind === 'unreadable') return { credentials: [unreadable(base, file.reason)], notes: [] };
  return { credentials: [{ ...parseClaudeOauth(file.text, base), fileMode: file.mode, symlink: file.symlink }], notes: [] };
}
