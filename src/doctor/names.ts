// How findings name tools and credentials in prose.
import { type AssessedCredential, inEnvironment } from '../core/credential';
import { storeById } from '../stores/index';
import { type CheckContext, show } from './finding';

/** A store's name for people (Store.name): `Codex CLI`, `auth-wizard's store`. */
export function sourceName(s: string): string {
  return storeById(s)?.name ?? s;
}

/** A tool id from precedence (`claude-code`, `codex`, …) as people say it: the name of the store of that id. */
export function toolName(tool: string): string {
  return storeById(tool)?.name ?? tool;
}

/** Where a credential lives, e.g. `OpenCode ~/.local/share/opencode/auth.json [openai]` or `$OPENAI_API_KEY`. */
export function where(ctx: CheckContext, c: AssessedCredential): string {
  if (inEnvironment(c)) return c.path + (c.entry !== undefined ? ` [${c.entry}]` : '');
  return `${sourceName(c.source)} ${show(ctx, c.path)}${c.entry !== undefined ? ` [${c.entry}]` : ''}`;
}

/** A path on disk (not `$VAR`, not `keychain:…`). */
export function isFilePath(path: string): boolean {
  return !path.startsWith('$') && !path.startsWith('keychain:');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
