// Lenient, bounded reading for discovery. Every way a file can be bad becomes
// a typed result with a sentence, so one broken store never hides the others.
// Synchronous on purpose: a dozen small reads, mostly of files that do not
// exist, finish in about a millisecond this way, while the promise API pays a
// thread-pool round trip per call (measured: discovery 7 ms → ~2 ms).
import { lstatSync, readFileSync, type Stats, statSync } from 'node:fs';

/** Credential files are a few KiB; anything this large is not one we should parse. */
export const MAX_CREDENTIAL_FILE_BYTES = 4 * 1024 * 1024;

export type ReadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; text: string; mode: number; symlink: boolean }
  | { kind: 'unreadable'; reason: string };

function errnoReason(code: string | undefined, e: unknown): ReadResult {
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'unreadable', reason: 'permission denied' };
  if (code === 'ELOOP') return { kind: 'unreadable', reason: 'is a symlink loop' };
  if (code === 'EISDIR') return { kind: 'unreadable', reason: 'is a directory, not a file' };
  return { kind: 'unreadable', reason: `could not be read (${code ?? String(e)})` };
}

/** lstat/stat without an exception for a missing path (building one costs a stack trace). */
function statQuiet(path: string, follow: boolean): Stats | undefined | 'ENOTDIR' {
  try {
    return follow ? statSync(path, { throwIfNoEntry: false }) : lstatSync(path, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return 'ENOTDIR';
    throw e;
  }
}

export function readCredentialFileSync(path: string, maxBytes = MAX_CREDENTIAL_FILE_BYTES): ReadResult {
  // Most paths looked at do not exist: one lstat answers, without an error.
  try {
    const link = statQuiet(path, false);
    if (link === undefined || link === 'ENOTDIR') return { kind: 'missing' };
    const symlink = link.isSymbolicLink();
    const st = symlink ? statQuiet(path, true) : link;
    if (st === undefined || st === 'ENOTDIR') return { kind: 'unreadable', reason: 'is a symlink to a missing file' };
    if (st.isDirectory()) return { kind: 'unreadable', reason: 'is a directory, not a file' };
    if (!st.isFile()) return { kind: 'unreadable', reason: 'is not a regular file' };
    if (st.size > maxBytes) return { kind: 'unreadable', reason: `is ${st.size} bytes, too large to be a credentials file` };
    return { kind: 'ok', text: readFileSync(path, 'utf8'), mode: st.mode & 0o777, symlink };
  } catch (e) {
    return errnoReason((e as NodeJS.ErrnoException).code, e);
  }
}

/** The same, for async callers. */
export async function readCredentialFile(path: string, maxBytes = MAX_CREDENTIAL_FILE_BYTES): Promise<ReadResult> {
  return readCredentialFileSync(path, maxBytes);
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJson(text: string): JsonResult {
  if (text.trim() === '') return { ok: false, reason: 'is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    // V8's message quotes the input around the error, which may be a token:
    // keep only the position.
    const pos = e instanceof Error ? /position (\d+)/.exec(e.message)?.[1] : undefined;
    return { ok: false, reason: `is not valid JSON${pos === undefined ? '' : ` (error at byte ${pos})`}` };
  }
}
