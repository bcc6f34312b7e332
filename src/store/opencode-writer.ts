// Writes one provider entry of OpenCode's auth.json; every other entry keeps
// its exact text (OpenCode stores keys for many providers there).
import { opencodeAuthFile, type PathEnv } from '../fs/paths';
import { updateJsonFile, type UpdateOptions } from '../fs/json-file';

export type OpencodeEntry =
  | { type: 'oauth'; refresh: string; access: string; expires: number; accountId?: string | undefined }
  | { type: 'api'; key: string };

export async function writeOpencodeEntry(p: PathEnv, provider: string, entry: OpencodeEntry, opts: UpdateOptions): Promise<void> {
  await updateJsonFile(opencodeAuthFile(p), () => ({ [provider]: entry }), opts);
}

export async function removeOpencodeEntry(p: PathEnv, provider: string, opts: UpdateOptions): Promise<boolean> {
  let removed = false;
  await updateJsonFile(
    opencodeAuthFile(p),
    (doc) => {
      if (!Object.hasOwn(doc, provider)) return undefined;
      removed = true;
      return { [provider]: undefined };
    },
    opts,
  );
  return removed;
}
