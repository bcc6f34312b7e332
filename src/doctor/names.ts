// How findings name tools and credentials in prose.
import type { AssessedCredential, SourceId } from '../core/credential';
import { type CheckContext, show } from './finding';

const SOURCE_NAMES: Record<SourceId, string> = {
  'claude-code': 'Claude Code',
  codex: 'Codex CLI',
  opencode: 'OpenCode',
  openclaw: 'OpenClaw',
  coderclaw: 'CoderClaw',
  jcode: 'jcode',
  ccproxy: 'ccproxy',
  copilot: 'GitHub Copilot CLI',
  crush: 'Crush',
  cursor: 'Cursor CLI',
  'auth-wizard': "auth-wizard's store",
  env: 'the environment',
};

export function sourceName(s: SourceId): string {
  return SOURCE_NAMES[s];
}

/** `claude-code`/`codex`/`opencode` (precedence's tool ids) as people say them. */
export function toolName(tool: string): string {
  return tool in SOURCE_NAMES ? SOURCE_NAMES[tool as SourceId] : tool;
}

/** Where a credential lives, e.g. `OpenCode ~/.local/share/opencode/auth.json [openai]` or `$OPENAI_API_KEY`. */
export function where(ctx: CheckContext, c: AssessedCredential): string {
  if (c.source === 'env') return c.path + (c.entry !== undefined ? ` [${c.entry}]` : '');
  return `${sourceName(c.source)} ${show(ctx, c.path)}${c.entry !== undefined ? ` [${c.entry}]` : ''}`;
}

/** A path on disk (not `$VAR`, not `keychain:…`). */
export function isFilePath(path: string): boolean {
  return !path.startsWith('$') && !path.startsWith('keychain:');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
