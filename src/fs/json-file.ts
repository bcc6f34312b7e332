// Read-modify-write of a JSON credential file under its lock: never over a file
// we could not parse (unless --force, and then a .corrupt-<time> copy first),
// atomic, private, through symlinks, other members kept as written.
import { chmod, copyFile, unlink } from 'node:fs/promises';
import { AppError } from '../errors';
import { isRecord } from '../core/guards';
import { resolveWriteTarget, writeFileAtomic } from './atomic-write';
import { type RawMember, rewriteMembers, topLevelMembers } from './json-members';
import { type LockOptions, withLock } from './lock';
import { parseJson, readCredentialFile } from './read-file';
import { recoverLeftoverTemps } from './temp-recovery';

export interface UpdateOptions {
  /** Replace a corrupt file (a `.corrupt-<time>` copy is kept first). */
  force?: boolean | undefined;
  now: number;
  lock?: LockOptions | undefined;
  /**
   * The caller already holds `withLock` on this file's real path (refresh and
   * logout read, call the network and write under one lock). proper-lockfile
   * locks are not re-entrant: taking it again here would wait on ourselves.
   */
  lockHeld?: boolean | undefined;
  /** Where a warning about the folder written into goes (a line on stderr, for commands). */
  warn?: ((message: string) => void) | undefined;
}

/** Returned by a mutator to delete the whole file. */
export const DELETE_FILE = Symbol('delete-file');

export type Mutator = (doc: Record<string, unknown>) => Record<string, unknown> | typeof DELETE_FILE | undefined;

function corruptName(path: string, now: number): string {
  return `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
}

/** Reads a JSON object for update; a corrupt file stops the write with a sentence naming it. */
async function readForUpdate(path: string, real: string, opts: UpdateOptions): Promise<{ doc: Record<string, unknown>; members: RawMember[] }> {
  const file = await readCredentialFile(real);
  if (file.kind === 'missing') return { doc: {}, members: [] };
  let reason: string;
  if (file.kind === 'ok') {
    const json = parseJson(file.text);
    const members = json.ok && isRecord(json.value) ? topLevelMembers(file.text) : undefined;
    if (json.ok && isRecord(json.value) && members !== undefined) return { doc: json.value, members };
    reason = json.ok ? 'is not a JSON object' : json.reason;
  } else {
    reason = file.reason;
  }
  // Only reached for a file that is ours to write: resolveWriteTarget refused
  // another user's file before the lock, so --force never offers to replace one.
  if (opts.force !== true) {
    throw new AppError('corrupt_file', `${path} ${reason}; auth-wizard will not overwrite it.`, {
      hint: 'fix or move the file, or re-run with --force to keep a .corrupt-<time> copy and start it afresh',
    });
  }
  // Keep a private copy before starting afresh, whatever made the file unusable
  // (bad JSON, too large); a file that cannot even be copied is not replaced.
  const copy = corruptName(real, opts.now);
  try {
    await copyFile(real, copy);
    await chmod(copy, 0o600);
  } catch (e) {
    throw new AppError('corrupt_file', `${path} ${reason}, and no copy of it could be kept (${(e as NodeJS.ErrnoException).code ?? String(e)}); auth-wizard will not replace it.`, { cause: e });
  }
  return { doc: {}, members: [] };
}

export async function updateJsonFile(path: string, mutate: Mutator, opts: UpdateOptions): Promise<void> {
  // Lock the real file, so a symlinked path and its target share one lock.
  const real = await resolveWriteTarget(path);
  const body = async (): Promise<void> => {
    // A writer killed between its synced temp file and the rename left the
    // newer content there: take it first, so this update builds on it.
    await recoverLeftoverTemps(real);
    const { doc, members } = await readForUpdate(path, real, opts);
    const updates = mutate(doc);
    if (updates === undefined) return;
    if (updates === DELETE_FILE) {
      await unlink(real).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw new AppError('io', `Could not remove ${path}: ${e.code ?? e.message}`);
      });
      return;
    }
    await writeFileAtomic(real, rewriteMembers(members, updates), { warn: opts.warn });
  };
  if (opts.lockHeld === true) await body();
  else await withLock(real, body, opts.lock);
}

/** Reads a JSON object under no lock, for callers that only look. Missing → undefined. */
export async function readJsonObject(path: string): Promise<Record<string, unknown> | undefined> {
  const file = await readCredentialFile(path);
  if (file.kind !== 'ok') return undefined;
  const json = parseJson(file.text);
  return json.ok && isRecord(json.value) ? json.value : undefined;
}
