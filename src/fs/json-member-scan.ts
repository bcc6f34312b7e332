// One object member of a large JSON file's top-level object, found by scanning
// its bytes in bounded chunks: nothing is decoded, and memory stays at one
// chunk however large the file. Claude Code's ~/.claude.json keeps every
// project's history and reaches tens of MB on a heavy user's machine, while
// `status` needs only its small `oauthAccount` object; decoding and parsing
// the whole file cost 6–11× the command's run time and ~150 MiB.
//
// The scan follows JSON's nesting and strings, so only a key of the top-level
// object matches: the same name inside project data, or inside a string, does
// not. Its value must be an object of at most `maxValueBytes`, which is then
// parsed with JSON.parse. The first matching key is taken (a file with the key
// twice, which JSON.parse would read as the last one, is not what any tool
// writes). Keys are compared as written: an escaped spelling is not matched.
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { isRecord } from '../core/guards';
import { BackwardScan } from './json-scan-backward';
import { objectEnd, type ReadAt } from './json-scan-bytes';
import { ForwardScan } from './json-scan-forward';

/**
 * Bytes read per step. Small: the scan of a chunk runs before V8 has compiled
 * it, and the account is usually within the last chunk (measured on a 50 MB
 * file: 1 MiB chunks cost ~50 ms, 64 KiB ones ~5 ms).
 */
const CHUNK_BYTES = 64 * 1024;

export type MemberScan =
  | { kind: 'found'; value: unknown }
  /** The file is not an object with that key, or its value is not an object. */
  | { kind: 'absent' }
  | { kind: 'missing' }
  | { kind: 'too-large'; reason: string }
  | { kind: 'unreadable'; reason: string };

/**
 * The file offset of the `{` opening the value of top-level `key`, or
 * 'absent'. Scans from both ends a chunk at a time, so the key is found
 * quickly at either end of the large part; when the two meet without an
 * answer, the forward scan (which needs nothing of the other) finishes alone.
 */
export function findTopLevelObjectMember(read: ReadAt, size: number, key: string, chunkBytes = CHUNK_BYTES): number | 'absent' {
  if (size === 0) return 'absent';
  const fwd = new ForwardScan(read, size, key, chunkBytes);
  let back: BackwardScan | undefined = size > chunkBytes ? new BackwardScan(read, size, key, chunkBytes) : undefined;
  for (;;) {
    // From the end first: where Claude Code usually keeps the account.
    if (back !== undefined) {
      const b = back.step();
      if (typeof b === 'number' || b === 'absent') return b;
      if (b === 'gave-up' || back.at <= fwd.at) back = undefined;
    }
    const f = fwd.step();
    if (f !== 'more') return f === 'gave-up' ? 'absent' : f;
  }
}

/** The value of top-level `key`, parsed, when it is an object of at most `maxValueBytes`. */
export function scanObjectMember(read: ReadAt, size: number, key: string, maxValueBytes: number, chunkBytes?: number): MemberScan {
  const start = findTopLevelObjectMember(read, size, key, chunkBytes);
  if (start === 'absent') return { kind: 'absent' };
  const buf = Buffer.allocUnsafe(Math.min(maxValueBytes, size - start));
  const view = buf.subarray(0, read(buf, start));
  const end = objectEnd(view);
  if (end === -1) {
    return view.length === maxValueBytes ? { kind: 'too-large', reason: `its "${key}" entry is larger than ${maxValueBytes / 1024} KiB` } : { kind: 'absent' };
  }
  try {
    return { kind: 'found', value: JSON.parse(buf.toString('utf8', 0, end)) };
  } catch {
    return { kind: 'absent' };
  }
}

/**
 * Files up to this size are read and parsed whole, as before: for the usual
 * few-KiB .claude.json that costs ~0.25 ms where the first scan costs ~0.9 ms
 * (the first calls of Buffer methods), and JSON.parse is exact.
 */
const PARSE_WHOLE_BYTES = 64 * 1024;

/** The same over a file, read synchronously (the `status` path reads everything this way). */
export function scanFileObjectMember(path: string, key: string, maxValueBytes: number): MemberScan {
  let fd: number | undefined;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) return { kind: 'missing' };
    if (st.isDirectory()) return { kind: 'unreadable', reason: 'is a directory, not a file' };
    if (!st.isFile()) return { kind: 'unreadable', reason: 'is not a regular file' };
    if (st.size <= PARSE_WHOLE_BYTES) return memberOf(readFileSync(path, 'utf8'), key);
    fd = openSync(path, 'r');
    const file = fd;
    return scanObjectMember((b, position) => readSync(file, b, 0, b.length, position), fstatSync(fd).size, key, maxValueBytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', reason: `cannot be read (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? String(e))})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function memberOf(text: string, key: string): MemberScan {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { kind: 'absent' };
  }
  if (!isRecord(doc) || !Object.hasOwn(doc, key)) return { kind: 'absent' };
  const value = doc[key];
  return isRecord(value) ? { kind: 'found', value } : { kind: 'absent' };
}

/** The same over text in memory (tests, and callers that already hold the text). */
export function scanTextObjectMember(text: string, key: string, maxValueBytes: number, chunkBytes?: number): MemberScan {
  const bytes = Buffer.from(text, 'utf8');
  return scanObjectMember((b, position) => bytes.copy(b, 0, position, Math.min(bytes.length, position + b.length)), bytes.length, key, maxValueBytes, chunkBytes);
}
