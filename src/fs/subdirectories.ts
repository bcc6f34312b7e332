// The folders directly inside a folder, sorted: for the stores that keep one
// folder per account or agent. Built for status's cold start: a folder that
// does not exist costs one lstat (readdir would throw, and building that error
// costs more than the lookup), and entries are told apart by lstat rather than
// readdir's withFileTypes, whose first call runs ~0.15 ms of Node's own code.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The names of the folders in `dir` (not symlinks to folders, as readdir's types say), sorted; [] when there is no such folder or it cannot be read. */
export function subdirectories(dir: string): string[] {
  try {
    const st = lstatSync(dir, { throwIfNoEntry: false });
    // A link to a folder is listed as the folder (readdir follows it); anything else has no entries.
    if (st === undefined || (!st.isDirectory() && !st.isSymbolicLink())) return [];
    return readdirSync(dir)
      .filter((name) => lstatSync(join(dir, name), { throwIfNoEntry: false })?.isDirectory() === true)
      .sort();
  } catch {
    return []; // not a folder after all, or no permission: as if it had none
  }
}
