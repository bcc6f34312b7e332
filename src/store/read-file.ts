// Lenient, bounded reading for discovery. Every way a file can be bad becomes
// a typed result with a sentence, so one broken store never hides the others.
import { lstat, readFile, stat } from 'node:fs/promises';

/** Credential files are a few KiB; anything this large is not one we should parse. */
export const MAX_CREDENTIAL_FILE_BYTES = 4 * 1024 * 1024;

export type ReadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; text: string; mode: number; symlink: boolean }
  | { kind: 'unreadable'; reason: string };

export async function readCredentialFile(path: string, maxBytes = MAX_CREDENTIAL_FILE_BYTES): Promise<ReadResult> {
  let symlink = false;
  try {
    symlink = (await lstat(path)).isSymbolicLink();
    const st = await stat(path);
    if (st.isDirectory()) return { kind: 'unreadable', reason: 'is a directory, not a file' };
    if (!st.isFile()) return { kind: 'unreadable', reason: 'is not a regular file' };
    if (st.size > maxBytes) {
      return { kind: 'unreadable', reason: `is ${st.size} bytes, too large to be a credentials file` };
    }
    const text = await readFile(path, 'utf8');
    return { kind: 'ok', text, mode: st.mode & 0o777, symlink };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return symlink ? { kind: 'unreadable', reason: 'is a symlink to a missing file' } : { kind: 'missing' };
    }
    if (code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'EACCES' || code === 'EPERM') return { kind: 'unreadable', reason: 'permission denied' };
    if (code === 'ELOOP') return { kind: 'unreadable', reason: 'is a symlink loop' };
    return { kind: 'unreadable', reason: `could not be read (${code ?? String(e)})` };
  }
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
