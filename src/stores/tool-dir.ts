// A tool's folder variable (GEMINI_CLI_HOME, KIMI_SHARE_DIR, QWEN_HOME) read the
// way the new stores need it: discover never throws, so a value auth-wizard
// cannot resolve is a reason the store turns into an `unreadable` row naming
// the variable, rather than the usage error src/fs/paths.ts raises for the
// stores auth-wizard writes. An empty value counts as unset (docs/stores.md).
import { isAbsolute, join } from 'node:path';

export type ToolDir = { ok: true; dir: string | undefined } | { ok: false; reason: string };

/**
 * `tilde`: the tool itself expands a leading `~` (Qwen Code does; Gemini CLI
 * and Kimi CLI take the value literally, so there `~/x` is a relative path).
 */
export function toolDir(home: string, env: Readonly<Record<string, string | undefined>>, name: string, opts: { tilde?: boolean } = {}): ToolDir {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return { ok: true, dir: undefined };
  let dir = raw;
  if (opts.tilde === true && (dir === '~' || dir.startsWith('~/') || dir.startsWith('~\\'))) dir = join(home, dir.slice(2));
  if (isAbsolute(dir)) return { ok: true, dir };
  return {
    ok: false,
    reason: `${name} is a relative path (${JSON.stringify(raw)}); the tool resolves it against its working directory, so auth-wizard cannot tell which folder it means (set it to an absolute path)`,
  };
}
