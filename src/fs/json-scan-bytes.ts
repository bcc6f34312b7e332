// What the two scans of src/fs/json-member-scan.ts share: how they read the
// file, the bytes that delimit strings, and how a step reports.

/** Reads up to buf.length bytes at `position`; returns how many. */
export type ReadAt = (buf: Buffer, position: number) => number;

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

/** Count of backslashes right before `end`, not looking before `from`. */
export function backslashesBefore(view: Uint8Array, end: number, from: number): number {
  let k = end - 1;
  while (k >= from && view[k] === BACKSLASH) k--;
  return end - 1 - k;
}

export type Step = number | 'absent' | 'more' | 'gave-up';

/** The end (exclusive) of the object that starts at view[0], or -1 when it does not end within `view`. */
export function objectEnd(view: Uint8Array): number {
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
