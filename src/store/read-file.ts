// Lenient, bounded reading for discovery. Every way a file can be bad becomes
// a typed result with a sentence, so one broken store never hides the others.
// Synchronous on purpose: a dozen small reads, mostly of files that do not
// exist, finish in well under a millisecond this way, while the promise API
// pays a thread-pool round trip per call (measured: discovery 7 ms → <1 ms).
import { closeSync, existsSync, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';

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

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function readCredentialFileSync(path: string, maxBytes = MAX_CREDENTIAL_FILE_BYTES): ReadResult {
  // Most paths looked at do not exist; existsSync answers that without the
  // cost of building an ENOENT error (a stack trace per missing file).
  if (!existsSync(path)) return isSymlink(path) ? { kind: 'unreadable', reason: 'is a symlink to a missing file' } : { kind: 'missing' };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return isSymlink(path) ? { kind: 'unreadable', reason: 'is a symlink to a missing file' } : { kind: 'missing' };
    if (code === 'ENOTDIR') return { kind: 'missing' };
    return errnoReason(code, e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { kind: 'unreadable', reason: 'is a directory, not a file' };
    if (!st.isFile()) return { kind: 'unreadable', reason: 'is not a regular file' };
    if (st.size > maxBytes) return { kind: 'unreadable', reason: `is ${st.size} bytes, too large to be a credentials file` };
    const text = readFileSync(fd, 'utf8');
    return { kind: 'ok', text, mode: st.mode & 0o777, symlink: isSymlink(path) };
  } catch (e) {
    return errnoReason((e as NodeJS.ErrnoException).code, e);
  } finally {
    closeSync(fd);
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
