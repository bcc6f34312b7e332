// Path helpers every store uses to say where it lives. Paths come from the injected home and environment
// only (never process.env / os.homedir() directly), so a test's temporary home
// is the whole world, and the same code serves macOS, Linux and Windows.
//
// A folder variable holding a relative path never resolves against the
// current directory (that would read and write credentials wherever the
// command happens to run):
// - XDG_DATA_HOME / XDG_CONFIG_HOME: the XDG Base Directory spec says a
//   relative value "should be considered invalid and ignored", so the default
//   under the home is used;
// - a tool's own variable (CODEX_HOME, CLAUDE_CONFIG_DIR, AUTH_WIZARD_HOME,
//   OPENCLAW_STATE_DIR, CODERCLAW_STATE_DIR, JCODE_HOME) is an error naming it
//   (exit 3): ignoring it would quietly show and change another file than the
//   one the tool uses (Codex, for one, resolves CODEX_HOME against its cwd).
import { isAbsolute, join } from 'node:path';
import { AppError } from '../errors';

export interface PathEnv {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

/** An XDG base directory: relative values are invalid and ignored (the spec). */
export function xdgDir(v: string | undefined): string | undefined {
  const dir = nonEmpty(v);
  return dir !== undefined && isAbsolute(dir) ? dir : undefined;
}

/** A tool's folder variable: unset/empty → undefined; relative → a usage error naming it. */
export function toolDir(p: PathEnv, name: string): string | undefined {
  const dir = nonEmpty(p.env[name]);
  if (dir === undefined || isAbsolute(dir)) return dir;
  throw new AppError('usage', `${name} is a relative path (${JSON.stringify(dir)}); auth-wizard needs an absolute one, and will not read or write credentials relative to the current directory.`, {
    hint: `set ${name} to an absolute path (e.g. ${name}="$PWD/${dir}") or unset it`,
  });
}

export function xdgDataHome(p: PathEnv): string {
  return xdgDir(p.env.XDG_DATA_HOME) ?? join(p.home, '.local', 'share');
}

export function xdgConfigHome(p: PathEnv): string {
  return xdgDir(p.env.XDG_CONFIG_HOME) ?? join(p.home, '.config');
}

/** Shows a path with the home directory as `~`, for tables. */
export function tildify(path: string, home: string): string {
  if (home !== '' && (path === home || path.startsWith(home + '/') || path.startsWith(home + '\\'))) {
    return '~' + path.slice(home.length);
  }
  return path;
}
