// The backward half of the scan in src/fs/json-member-scan.ts (see there for why).
import { BACKSLASH, QUOTE, type ReadAt, type Step } from './json-scan-bytes';

/**
 * Backward from the end of the file, for the same answer. Valid JSON reads the
 * same both ways: outside a string no backslash occurs, so a quote ends a
 * string, and inside one a quote opens it exactly when the run of backslashes
 * before it is even. Claude Code appends keys as they are first set, so
 * `oauthAccount` (set at sign-in) usually comes after `projects`, the large
 * part: from the end it is a few hundred bytes away. 'gave-up' when the file
 * does not read as a JSON object from its end (then only the forward scan counts).
 */
export class BackwardScan {
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
    size: number,
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
