// Where every store lives. Paths come from the injected home and environment
// only (never process.env / os.homedir() directly), so a test's temporary home
// is the whole world, and the same code serves macOS, Linux and Windows.
import { join } from 'node:path';

export interface PathEnv {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

export function codexHome(p: PathEnv): string {
  return nonEmpty(p.env.CODEX_HOME) ?? join(p.home, '.codex');
}

export function codexAuthFile(p: PathEnv): string {
  return join(codexHome(p), 'auth.json');
}

export function claudeConfigDir(p: PathEnv): string {
  return nonEmpty(p.env.CLAUDE_CONFIG_DIR) ?? join(p.home, '.claude');
}

/** Claude Code keeps `.claude.json` in the home directory unless CLAUDE_CONFIG_DIR is set. */
export function claudeAccountFile(p: PathEnv): string {
  const dir = nonEmpty(p.env.CLAUDE_CONFIG_DIR);
  return dir !== undefined ? join(dir, '.claude.json') : join(p.home, '.claude.json');
}

export function xdgDataHome(p: PathEnv): string {
  return nonEmpty(p.env.XDG_DATA_HOME) ?? join(p.home, '.local', 'share');
}

export function xdgConfigHome(p: PathEnv): string {
  return nonEmpty(p.env.XDG_CONFIG_HOME) ?? join(p.home, '.config');
}

export function opencodeAuthFile(p: PathEnv): string {
  return join(xdgDataHome(p), 'opencode', 'auth.json');
}

/** auth-wizard's own profile store: $AUTH_WIZARD_HOME, else $XDG_CONFIG_HOME/auth-wizard. */
export function authWizardHome(p: PathEnv): string {
  return nonEmpty(p.env.AUTH_WIZARD_HOME) ?? join(xdgConfigHome(p), 'auth-wizard');
}

export function authWizardProfilesFile(p: PathEnv): string {
  return join(authWizardHome(p), 'auth-profiles.json');
}

export function openclawStateDir(p: PathEnv): string {
  return nonEmpty(p.env.OPENCLAW_STATE_DIR) ?? join(p.home, '.openclaw');
}

export function coderclawStateDir(p: PathEnv): string {
  return nonEmpty(p.env.CODERCLAW_STATE_DIR) ?? join(p.home, '.coderclaw');
}

export function jcodeHome(p: PathEnv): string {
  return nonEmpty(p.env.JCODE_HOME) ?? join(p.home, '.jcode');
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
