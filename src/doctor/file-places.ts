// Where a credential file really is, for doctor's file checks
// (src/doctor/files.ts): its mode and owner, and whether it lies inside its
// tool's own folder or is reached through a link that leads out of it.
import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { STORES } from '../stores/index';
import type { CheckContext } from './finding';

export function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, '0');
}

export async function modeOf(path: string): Promise<{ mode: number; isFile: boolean; isDir: boolean; mtimeMs: number; uid: number } | undefined> {
  try {
    const st = await stat(path);
    return { mode: st.mode & 0o777, isFile: st.isFile(), isDir: st.isDirectory(), mtimeMs: st.mtimeMs, uid: st.uid };
  } catch {
    return undefined;
  }
}

/** Ours to chmod: POSIX only (Windows has no uid; permissions are skipped there anyway). */
export function ownedByUs(uid: number): boolean {
  const me = typeof process.getuid === 'function' ? process.getuid() : undefined;
  return me === undefined || me === uid;
}

export const within = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Each tool's own folder: what `--fix` may change lies inside one of these. */
export function toolFolders(ctx: CheckContext): string[] {
  const p = { home: ctx.deps.home, env: ctx.deps.env };
  return STORES.flatMap((s) => s.folders?.(p) ?? []).map((d) => resolve(d));
}

/** Where a credential file really is, and whether that is inside its tool's folder. */
export interface Placement {
  /** The tool folder the file is listed under (as configured). */
  folder: string;
  /** The folder's place with its ancestors' links resolved but not its own (so a linked folder lands outside). */
  anchor: string;
  inside: boolean;
  /** When outside: the link that leads out (the file, the folder or a folder between) and its real path. */
  link?: { path: string; target: string };
}

export async function placementOf(file: string, real: string, folders: readonly string[]): Promise<Placement> {
  const f = resolve(file);
  const folder = folders.filter((d) => within(f, d)).sort((a, b) => b.length - a.length)[0] ?? dirname(f);
  const parent = await realpath(dirname(folder)).catch(() => dirname(folder));
  const anchor = dirname(folder) === folder ? folder : join(parent, basename(folder));
  if (within(real, anchor)) return { folder, anchor, inside: true };
  // Name the first link on the way from the folder down to the file that leads out.
  let cur = folder;
  for (const part of ['', ...relative(folder, f).split(sep).filter(Boolean)]) {
    cur = part === '' ? cur : join(cur, part);
    const isLink = await lstat(cur).then((st) => st.isSymbolicLink(), () => false);
    if (!isLink) continue;
    const target = await realpath(cur).catch(() => undefined);
    if (target !== undefined && !within(target, anchor)) return { folder, anchor, inside: false, link: { path: cur, target } };
  }
  return { folder, anchor, inside: false, link: { path: f, target: real } };
}

/** The home directory and its ancestors are the user's business, not a store's. */
export function isHomeOrAbove(dir: string, home: string): boolean {
  const d = resolve(dir);
  const h = resolve(home);
  return d === h || h.startsWith(d.endsWith(sep) ? d : d + sep);
}
