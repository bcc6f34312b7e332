// Is the tool running? A running Codex or OpenCode keeps its grant in memory,
// refreshes it when due and writes the result back over whatever is in its
// file: a switch made under it would be undone, and the grant moved into
// auth-wizard's store would then be a dead copy of the one the tool just
// rotated. So `switch` looks for this user's processes of that tool first.
//
// Linux: /proc/<pid> owned by this user whose `comm`, or the base name of its
// program (or of the script node runs: the npm launchers `codex.js`,
// `opencode`), is the tool's. Elsewhere (no /proc) nothing is found; the
// README says so.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface ProcessInfo {
  pid: number;
  name: string;
  /** Its environment, when /proc lets us read it: which file a tool process writes depends on it (CODEX_HOME, HOME, …). */
  env?: Readonly<Record<string, string>> | undefined;
}

/** At most this much of /proc/<pid>/environ is read. */
const MAX_ENVIRON = 256 * 1024;

function environOf(dir: string): Record<string, string> | undefined {
  try {
    const raw = readFileSync(join(dir, 'environ'));
    const env: Record<string, string> = {};
    for (const kv of raw.subarray(0, MAX_ENVIRON).toString('utf8').split('\0')) {
      const i = kv.indexOf('=');
      if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
    }
    return env;
  } catch {
    return undefined; // not ours to read, or gone: the caller counts it, to be safe
  }
}

export type ProcessLister = () => ProcessInfo[];

function programNames(dir: string): string[] {
  const names: string[] = [];
  try {
    names.push(readFileSync(join(dir, 'comm'), 'utf8').trim());
  } catch {
    /* gone meanwhile */
  }
  try {
    const argv = readFileSync(join(dir, 'cmdline'), 'utf8').split('\0').filter((a) => a !== '');
    if (argv[0] !== undefined) names.push(basename(argv[0]));
    // `node …/bin/codex.js`: the script is the program.
    if (argv[0] !== undefined && /^(node|nodejs|bun)(\.exe)?$/.test(basename(argv[0])) && argv[1] !== undefined) names.push(basename(argv[1]).replace(/\.(c|m)?js$/, ''));
  } catch {
    /* gone meanwhile */
  }
  return names;
}

export function procLister(procDir = '/proc', uid: number | undefined = process.getuid?.()): ProcessLister {
  return () => {
    let entries: string[];
    try {
      entries = readdirSync(procDir);
    } catch {
      return [];
    }
    const out: ProcessInfo[] = [];
    for (const e of entries) {
      if (!/^\d+$/.test(e)) continue;
      const pid = Number(e);
      if (pid === process.pid) continue;
      const dir = join(procDir, e);
      try {
        if (uid !== undefined && statSync(dir).uid !== uid) continue;
      } catch {
        continue;
      }
      const names = new Set(programNames(dir));
      const env = names.size > 0 ? environOf(dir) : undefined;
      for (const name of names) out.push({ pid, name, env });
    }
    return out;
  };
}

/**
 * This user's processes of `tool`, by pid. With `writes`, only those that
 * write the same file: a Codex started with another CODEX_HOME (or HOME) keeps
 * another auth.json and cannot undo this switch. A process whose environment
 * could not be read is counted.
 */
export function runningTool(tool: string, list: ProcessLister, writes?: (env: Readonly<Record<string, string>>) => boolean): number[] {
  const hits = list().filter((p) => p.name === tool && (writes === undefined || p.env === undefined || writes(p.env)));
  return [...new Set(hits.map((p) => p.pid))].sort((a, b) => a - b);
}
