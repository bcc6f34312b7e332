// One entry out of a store's file, through the store's write half: what logout
// and a switch do (Codex's writer deletes the whole file; OpenCode's and
// auth-wizard's drop one member and keep the others as written).
import { DELETE_FILE, updateJsonFile, type UpdateOptions } from '../fs/json-file';
import type { StoreWriter } from './types';

/** Removes `entry` from `file` with `writer`; false when there was no such entry (then nothing is written). */
export async function removeEntry(file: string, writer: StoreWriter, entry: string, opts: UpdateOptions): Promise<boolean> {
  let removed = false;
  await updateJsonFile(
    file,
    (doc) => {
      const m = writer.remove(doc, entry);
      if (m === undefined) return undefined;
      removed = true;
      return m === 'delete-file' ? DELETE_FILE : m;
    },
    opts,
  );
  return removed;
}
