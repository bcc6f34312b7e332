// The forward half of the scan in src/fs/json-member-scan.ts (see there for why).
import { backslashesBefore, QUOTE, type ReadAt, type Step } from './json-scan-bytes';

/**
 * Forward through the file: the file offset of the `{` opening the value of
 * top-level `key`, or 'absent' (no such key, or its value is not an object).
 * Resumable: each step() reads one chunk.
 */
export class ForwardScan {
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
