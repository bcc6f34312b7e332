// Leftover temp files of writeFileAtomic, found and dealt with under the lock.
//
// writeFileAtomic writes `.<name>.<pid>.<12 hex>.tmp` beside the target,
// fsyncs it, then renames it over the target. A writer killed after the fsync
// but before the rename leaves the complete new content in the temp file while
// the target keeps the old. For a refresh that is the worst case: the server
// has already rotated, so the temp file holds the only live refresh token and
// the target a dead one ("sign in again"). Under the target's lock (no writer
// of ours can be mid-write then: every write of ours holds that lock) such a
// file is adopted when it is complete and newer than the target; any other
// leftover of ours is removed. Files of any other name, a symlink, a file of
// another user, or a temp file whose writer is still alive are never touched.
// See docs/security.md "Storage".
import { readdirSync, type BigIntStats } from 'node:fs';
import { chmod, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isRecord } from '../core/guards';
import { parseJson, readCredentialFileSync } from './read-file';

export interface LeftoverTemp {
  path: string;
  /** The pid in the name, of the writer that made it. */
  pid: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The exact name writeFileAtomic gives its temp file for `target` (see
 * src/fs/atomic-write.ts; kept in step with it there): nothing else matches.
 */
export function tempNamePattern(target: string): RegExp {
  return new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);
}

/** Leftover temp files of ours for `target` (by name only; no file is opened). */
export function findLeftoverTemps(target: string): LeftoverTemp[] {
  const dir = dirname(target);
  const re = tempNamePattern(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: LeftoverTemp[] = [];
  for (const name of names.sort()) {
    const m = re.exec(name);
    if (m !== null) out.push({ path: join(dir, name), pid: Number(m[1]) });
  }
  return out;
}

/** The writer may still be running: then its temp file is not a leftover yet. */
function writerAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, another user's
  }
}

async function statBig(path: string): Promise<BigIntStats | undefined> {
  try {
    return await lstat(path, { bigint: true });
  } catch {
    return undefined;
  }
}

export interface RecoveryOptions {
  /**
   * The content is a store of this kind (for a grant: the entry being
   * refreshed is there). A JSON object is required in any case.
   */
  accept?: (doc: Record<string, unknown>) => boolean;
}

export interface RecoveryResult {
  /** The temp file renamed over the target, if one was. */
  adopted?: string | undefined;
  removed: string[];
}

export type LeftoverVerdict =
  /** Complete and newer than the target: the write that was cut short. */
  | 'adopt'
  /** Incomplete, not the store's shape, or older than the target: of no use. */
  | 'remove'
  /** Not ours to touch: a symlink, another user's file, or its writer is still running. */
  | 'keep';

export interface JudgedLeftover extends LeftoverTemp {
  verdict: LeftoverVerdict;
  mtimeNs: bigint;
}

/**
 * What each leftover temp file of `target` is (reads, changes nothing). Of
 * several adoptable ones only the newest stays `adopt`; the rest are `remove`.
 */
export async function judgeLeftoverTemps(target: string, opts: RecoveryOptions = {}): Promise<JudgedLeftover[]> {
  const leftovers = findLeftoverTemps(target);
  if (leftovers.length === 0) return [];
  const uid = typeof process.getuid === 'function' ? BigInt(process.getuid()) : undefined;
  const targetStat = await statBig(target);
  const out: JudgedLeftover[] = [];
  for (const t of leftovers) {
    const st = await statBig(t.path);
    // Only regular files of this user; a planted symlink or another user's file is not ours to read or delete.
    if (st === undefined || !st.isFile() || (uid !== undefined && st.uid !== uid) || writerAlive(t.pid)) {
      out.push({ ...t, verdict: 'keep', mtimeNs: st?.mtimeNs ?? 0n });
      continue;
    }
    // Complete = parses as a JSON object of the store's shape. A write cut
    // short leaves a prefix of the text, and a prefix of a JSON object never
    // parses (its closing brace is the last byte written).
    const file = readCredentialFileSync(t.path);
    const json = file.kind === 'ok' ? parseJson(file.text) : undefined;
    const complete = json !== undefined && json.ok && isRecord(json.value) && (opts.accept?.(json.value) ?? true);
    // Newer = written after the target's content was. rename() keeps a file's
    // mtime, so the target's mtime is when *its* content was written (as a temp
    // file, or by another tool in place); a temp file with a later mtime holds
    // what came after it. A target rewritten since (by a later run, or by the
    // tool that owns it) has the later mtime, and the leftover is stale. Equal
    // times (a coarse filesystem clock) prove nothing: not adopted. Compared in
    // nanoseconds, as the filesystem keeps them.
    const newer = targetStat === undefined || st.mtimeNs > targetStat.mtimeNs;
    out.push({ ...t, verdict: complete && newer ? 'adopt' : 'remove', mtimeNs: st.mtimeNs });
  }
  const adoptable = out.filter((j) => j.verdict === 'adopt').sort((a, b) => (a.mtimeNs < b.mtimeNs ? -1 : a.mtimeNs > b.mtimeNs ? 1 : 0));
  adoptable.pop(); // the newest stays
  for (const j of adoptable) j.verdict = 'remove';
  return out;
}

/**
 * Call only while holding the lock on `target` (its real path). Adopts the
 * newest complete leftover that is newer than the target, removes the others.
 * Never throws for a leftover it cannot handle: it is left for `doctor`.
 */
export async function recoverLeftoverTemps(target: string, opts: RecoveryOptions = {}): Promise<RecoveryResult> {
  const result: RecoveryResult = { removed: [] };
  const judged = await judgeLeftoverTemps(target, opts);
  const newest = judged.find((j) => j.verdict === 'adopt');
  if (newest !== undefined) {
    try {
      await chmod(newest.path, 0o600); // writeFileAtomic's mode; it may have died before its chmod
      await rename(newest.path, target);
      result.adopted = newest.path;
      await syncDir(dirname(target));
    } catch {
      // Could not adopt it: leave it in place (doctor reports it) rather than lose it.
    }
  }
  for (const j of judged) {
    if (j.verdict !== 'remove') continue;
    try {
      await unlink(j.path);
      result.removed.push(j.path);
    } catch {
      // Gone already, or not removable: doctor reports what stays.
    }
  }
  return result;
}

async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Not supported everywhere (Windows); the rename happened.
  } finally {
    await fh?.close().catch(() => {});
  }
}
