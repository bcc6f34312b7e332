// Whether an executable of a name is on PATH: a stat per PATH entry, without
// running anything. Used by the wizard (what is installed) and by stores that
// can only say a tool is installed (Cursor CLI).
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, sep } from 'node:path';

export function isOnPath(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, bin: string): boolean {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter);
  // Windows finds `codex` as codex.cmd / codex.exe.
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').map((e) => e.toLowerCase()) : [''];
  for (let i = 0; i < dirs.length; i++) {
    if (dirs[i] === '') continue;
    for (let k = 0; k < exts.length; k++) {
      // Joined by hand: on a PATH of fifteen directories, path.join's
      // normalising cost `status` more than the stat calls (README, Start-up budget).
      const file = `${dirs[i]}${sep}${bin}${exts[k]}`;
      // existsSync first: a missing file then costs no thrown error (most PATH entries miss).
      if (!existsSync(file)) continue;
      try {
        accessSync(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return true;
      } catch {
        // Not executable: keep looking, as a shell would.
      }
    }
  }
  return false;
}
