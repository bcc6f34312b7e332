// Where every store lives. Paths come from the injected home and environment
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

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

/** An XDG base directory: relative values are invalid and ignored (the spec). */
function xdgDir(v: string | undefined): string | undefined {
  const dir = nonEmpty(v);
  return dir !== undefined && isAbsolute(dir) ? dir : undefined;
}

/** A tool's folder variable: unset/empty → undefined; relative → a usage error naming it. */
function toolDir(p: PathEnv, name: string): string | undefined {
  const dir = nonEmpty(p.env[name]);
  if (dir === undefined || isAbsolute(dir)) return dir;
  throw new AppError('usage', `${name} is a relative path (${JSON.stringify(dir)}); auth-wizard needs an absolute one, and will not read or write credentials relative to the current directory.`, {
    hint: `set ${name} to an absolute path (e.g. ${name}="$PWD/${dir}") or unset it`,
  });
}

export function codexHome(p: PathEnv): string {
  return toolDir(p, 'CODEX_HOME') ?? join(p.home, '.codex');
}

export function codexAuthFile(p: PathEnv): string {
  return join(codexHome(p), 'auth.json');
}

export function claudeConfigDir(p: PathEnv): string {
  return toolDir(p, 'CLAUDE_CONFIG_DIR') ?? join(p.home, '.claude');
}

/** Claude Code keeps `.claude.json` in the home directory unless CLAUDE_CONFIG_DIR is set. */
export function claudeAccountFile(p: PathEnv): string {
  const dir = toolDir(p, 'CLAUDE_CONFIG_DIR');
  return dir !== undefined ? join(dir, '.claude.json') : join(p.home, '.claude.json');
}

export function xdgDataHome(p: PathEnv): string {
  return xdgDir(p.env.XDG_DATA_HOME) ?? join(p.home, '.local', 'share');
}

export function xdgConfigHome(p: PathEnv): string {
  return xdgDir(p.env.XDG_CONFIG_HOME) ?? join(p.home, '.config');
}

export function opencodeAuthFile(p: PathEnv): string {
  return join(xdgDataHome(p), 'opencode', 'auth.json');
}

/** auth-wizard's own profile store: $AUTH_WIZARD_HOME, else $XDG_CONFIG_HOME/auth-wizard. */
export function authWizardHome(p: PathEnv): string {
  return toolDir(p, 'AUTH_WIZARD_HOME') ?? join(xdgConfigHome(p), 'auth-wizard');
}

export function authWizardProfilesFile(p: PathEnv): string {
  return join(authWizardHome(p), 'auth-profiles.json');
}

export function openclawStateDir(p: PathEnv): string {
  return toolDir(p, 'OPENCLAW_STATE_DIR') ?? join(p.home, '.openclaw');
}

export function coderclawStateDir(p: PathEnv): string {
  return toolDir(p, 'CODERCLAW_STATE_DIR') ?? join(p.home, '.coderclaw');
}

export function jcodeHome(p: PathEnv): string {
  return toolDir(p, 'JCODE_HOME') ?? join(p.home, '.jcode');
}

export function ccproxyCredentialsFile(p: PathEnv): string {
  return join(xdgConfigHome(p), 'ccproxy', 'credentials.json');
}

/** Shows a path with the home directory as `~`, for tables. */
export function tildify(path: string, home: string): string {
  if (home !== '' && (path === home || path.startsWith(home + '/') || path.startsWith(home + '\\'))) {
    return '~' + path.slice(home.length);
  }
  return path;
}
