// Helpers every command shares: the source context from Deps, and printing.
import type { Deps } from '../deps';
import type { SourceContext } from '../stores/context';

export function sourceContext(deps: Deps): SourceContext {
  return { home: deps.home, env: deps.env, platform: deps.platform, exec: deps.exec, keyring: deps.keyring };
}

/** The width to lay out for: the terminal's when stdout is one; renderers use 80 otherwise. */
export function terminalWidth(deps: Deps): number | undefined {
  return deps.stdout.isTTY === true ? deps.stdout.columns : undefined;
}
