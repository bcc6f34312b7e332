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
      for (const name of new Set(programNames(dir))) out.push({ pid, name });
    }
    return out;
  };
}

/** This user's processes of `tool`, by pid. */
export function runningTool(tool: string, list: ProcessLister): number[] {
  return [...new Set(list().filter((p) => p.name === tool).map((p) => p.pid))].sort((a, b) => a - b);
}
