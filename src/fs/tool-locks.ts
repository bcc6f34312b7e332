// Which lock another tool takes around its own credential file, so that
// auth-wizard, writing that file, takes the same one and the two exclude each
// other (docs/stores.md, "Locks"; a store names its tool's lock in Store.grant.toolLock). Light on purpose: the refresh and logout
// paths import it next to lock-env.ts; it loads nothing.
//
// - Codex CLI (0.169–0.171): flock(2), exclusive, on two empty regular files
//   in CODEX_HOME that it creates and leaves behind: `auth.lock` (waited for),
//   then `auth.json.lock` (its "credential commit lock", tried for ~5 s). We
//   take both, in that order, so neither program can deadlock the other. The
//   lock files sit beside the configured auth.json, not beside a symlink's
//   target: that is where Codex looks.
// - OpenCode (1.18.33): none. Its Auth.set/Auth.remove read auth.json and
//   write it back without a lock (its directory locks under
//   $XDG_STATE_HOME/opencode/locks guard other things: npm installs, plugin
//   config, TUI themes). auth-wizard keeps its own lock beside that file.
import { dirname, join } from 'node:path';

export interface ToolLock {
  /** The tool, for messages: `Codex`. */
  owner: string;
  /** The files to flock, in the order the tool itself takes them. */
  files: readonly string[];
}

export function codexLock(authFile: string): ToolLock {
  const home = dirname(authFile);
  return { owner: 'Codex', files: [join(home, 'auth.lock'), join(home, 'auth.json.lock')] };
}
