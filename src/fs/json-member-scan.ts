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

/** Reads up to buf.length bytes at `position`; returns how many. */
type ReadAt = (buf: Buffer, position: number) => number;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Count of backslashes right before `end`, not looking before `from`. */
function backslashesBefore(view: Uint8Array, end: number, from: number): number {
  let k = end - 1;
  while (k >= from && view[k] === BACKSLASH) k--;
  return end - 1 - k;
}

type Step = number | 'absent' | 'more' | 'gave-up';

/**
 * Forward through the file: the file offset of the `{` opening the value of
 * top-level `key`, or 'absent' (no such key, or its value is not an object).
 * Resumable: each step() reads one chunk.
 */
class ForwardScan {
  private readonly buf: Buffer;
  private readonly keyBytes: Buffer;
  /** File offset of buf[0]. */
  pos = 0;
  private view: Buffer;
  private i = 0;
  // Nesting depth outside strings; a key of the top-level object is a string at depth 1 where a key belongs.
  private depth = 0;
  private inString = false;
  private expectKey = false;
  /** 0: scanning; 1: the key matched, a colon comes next; 2: its value comes next. */
  private after = 0;
  private started = false;

  constructor(
    private readonly read: ReadAt,
    private readonly size: number,
    key: string,
    chunkBytes: number,
  ) {
    this.keyBytes = Buffer.from(key, 'utf8');
    this.buf = Buffer.allocUnsafe(Math.max(64, Math.min(chunkBytes, size)));
    this.view = this.buf.subarray(0, read(this.buf, 0));
    if (this.view[0] === 0xef && this.view[1] === 0xbb && this.view[2] === 0xbf) this.i = 3; // a UTF-8 byte-order mark
  }

  /** Where the scan has got to, as a file offset. */
  get at(): number {
    return this.pos + this.i;
  }

  step(): Step {
    const { keyBytes } = this;
    let { view, i } = this;
    try {
      for (;;) {
        if (i >= view.length) {
          if (view.length === 0 || this.pos + view.length >= this.size) return 'absent';
          this.pos += view.length;
          i -= view.length;
          view = this.view = this.buf.subarray(0, this.read(this.buf, this.pos));
          return 'more';
        }
        if (this.inString) {
          const j = view.indexOf(QUOTE, i);
          if (j === -1) {
            // Into the next chunk; an odd run of backslashes at the end escapes its first byte.
            i = view.length + (backslashesBefore(view, view.length, i) & 1);
            continue;
          }
          if ((backslashesBefore(view, j, i) & 1) === 0) this.inString = false;
          i = j + 1;
          continue;
        }
        const c = view[i]!;
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          i++;
          continue;
        }
        if (this.after === 1) {
          if (c !== 0x3a) return 'absent'; // not `"key":` — not JSON
          this.after = 2;
          i++;
          continue;
        }
        if (this.after === 2) return c === 0x7b ? this.pos + i : 'absent';
        if (!this.started) {
          if (c !== 0x7b) return 'absent'; // the top level is not an object
          this.started = true;
        }
        switch (c) {
          case QUOTE:
            if (this.depth === 1 && this.expectKey) {
              this.expectKey = false;
              if (i + keyBytes.length + 2 > view.length && this.pos + view.length < this.size) {
                // The key may run past this chunk: read on from its opening quote.
                this.pos += i;
                view = this.view = this.buf.subarray(0, this.read(this.buf, this.pos));
                i = 0;
              }
              const end = i + 1 + keyBytes.length;
              if (end < view.length && view[end] === QUOTE && keyBytes.equals(view.subarray(i + 1, end))) {
                this.after = 1;
                i = end + 1;
                continue;
              }
            }
            this.inString = true;
            i++;
            continue;
          case 0x7b: // {
          case 0x5b: // [
            if (++this.depth === 1) this.expectKey = true;
            break;
          case 0x7d: // }
          case 0x5d: // ]
            if (--this.depth <= 0) return 'absent'; // the end of the top-level object
            break;
          case 0x2c: // ,
            if (this.depth === 1) this.expectKey = true;
            break;
          case 0x3a: // :
            if (this.depth === 1) this.expectKey = false;
            break;
        }
        i++;
      }
    } finally {
      this.i = i;
    }
  }
}

/**
 * Backward from the end of the file, for the same answer. Valid JSON reads the
 * same both ways: outside a string no backslash occurs, so a quote ends a
 * string, and inside one a quote opens it exactly when the run of backslashes
 * before it is even. Claude Code appends keys as they are first set, so
 * `oauthAccount` (set at sign-in) usually comes after `projects`, the large
 * part: from the end it is a few hundred bytes away. 'gave-up' when the file
 * does not read as a JSON object from its end (then only the forward scan counts).
 */
class BackwardScan {
  private readonly buf: Buffer;
  private readonly keyBytes: Buffer;
  /** File offset of buf[0]; the scan moves down towards 0. */
  pos: number;
  private view: Buffer;
  /** Index of the next byte to look at, moving down. */
  private i: number;
  private depth = 0;
  private inString = false;
  /** While in a string: the index of its closing quote, when it is in this view. */
  private stringEnd = -1;
  /** The last significant byte seen (the next one in file order) and its offset. */
  private nextByte = 0;
  private nextAt = -1;
  /** Set at a colon at depth 1: the offset and first byte of the value after it. */
  private valueAt = -1;
  private valueByte = 0;

  constructor(
    private readonly read: ReadAt,
    private readonly size: number,
    key: string,
    chunkBytes: number,
  ) {
    this.keyBytes = Buffer.from(key, 'utf8');
    this.buf = Buffer.allocUnsafe(Math.max(64, Math.min(chunkBytes, size)));
    this.pos = size - this.buf.length;
    this.view = this.buf.subarray(0, read(this.buf, this.pos));
    this.i = this.view.length - 1;
  }

  /** The lowest file offset looked at so far. */
  get at(): number {
    return this.pos + this.i + 1;
  }

  /** Re-reads so that the view ends just after file offset `end` (exclusive end `end + 1`). */
  private refillEndingAt(end: number): void {
    const start = Math.max(0, end + 1 - this.buf.length);
    this.pos = start;
    this.view = this.buf.subarray(0, this.read(this.buf.subarray(0, end + 1 - start), start));
    this.i = this.view.length - 1;
  }

  step(): Step {
    const { keyBytes } = this;
    for (;;) {
      const view = this.view;
      let i = this.i;
      if (i < 0) {
        if (this.pos <= 0) return 'gave-up';
        if (this.inString && this.stringEnd >= 0 && this.stringEnd <= keyBytes.length) {
          // A short string runs on before this view: read again ending at its closing quote, so it can be compared whole.
          this.refillEndingAt(this.pos + this.stringEnd);
          this.stringEnd = this.view.length - 1;
          this.i = this.stringEnd - 1;
        } else {
          this.stringEnd = -1; // longer than the key: no need to compare it
          this.refillEndingAt(this.pos - 1);
        }
        return 'more';
      }
      if (this.inString) {
        const j = view.lastIndexOf(QUOTE, i);
        if (j === -1) {
          this.i = -1;
          continue;
        }
        let run = 0;
        while (j - 1 - run >= 0 && view[j - 1 - run] === BACKSLASH) run++;
        if (j - 1 - run < 0 && this.pos > 0) {
          // The run of backslashes may go on before this view: read again ending at this quote.
          if (this.buf.length <= run + 1) return 'gave-up';
          this.refillEndingAt(this.pos + j);
          this.stringEnd = -1; // it holds a backslash: not the key
          continue;
        }
        if ((run & 1) === 1) {
          this.i = j - 1;
          continue;
        }
        // The opening quote: was this string a key of the top-level object?
        this.inString = false;
        this.i = j - 1;
        const isKey = this.depth === 1 && this.nextByte === 0x3a;
        if (isKey && this.stringEnd - j - 1 === keyBytes.length && keyBytes.equals(view.subarray(j + 1, this.stringEnd))) {
          return this.valueByte === 0x7b ? this.valueAt : 'absent';
        }
        this.nextByte = QUOTE;
        this.nextAt = this.pos + j;
        continue;
      }
      const c = view[i]!;
      this.i = i - 1;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (this.nextAt === -1 && c !== 0x7d) return 'gave-up'; // does not end as an object
      switch (c) {
        case QUOTE:
          this.inString = true;
          this.stringEnd = i;
          continue;
        case 0x7d: // }
        case 0x5d: // ]
          this.depth++;
          break;
        case 0x7b: // {
        case 0x5b: // [
          if (--this.depth === 0) return 'absent'; // back at the top-level object's opening brace
          if (this.depth < 0) return 'gave-up';
          break;
        case 0x3a: // :
          if (this.depth === 1) {
            this.valueAt = this.nextAt;
            this.valueByte = this.nextByte;
          }
          break;
        case BACKSLASH:
          return 'gave-up'; // never outside a string in JSON
      }
      this.nextByte = c;
      this.nextAt = this.pos + i;
    }
  }
}

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

/** The end (exclusive) of the object that starts at view[0], or -1 when it does not end within `view`. */
function objectEnd(view: Uint8Array): number {
  let depth = 0;
  for (let i = 0; i < view.length; i++) {
    const c = view[i];
    if (c === QUOTE) {
      let j = i;
      do j = view.indexOf(QUOTE, j + 1);
      while (j !== -1 && (backslashesBefore(view, j, i + 1) & 1) === 1);
      if (j === -1) return -1;
      i = j;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
  }
  return -1;
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
