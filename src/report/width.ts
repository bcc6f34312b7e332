// Measuring text for the terminal: display width (wide and zero-width code
// points, ANSI codes), cutting to a width with `…`, and fields from data made
// terminal-safe and bounded. The table (columns.ts) and the wrapping (wrap.ts)
// are built on these.
import { escapeLengthAt, terminalSafe } from '../core/terminal-safe';

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The width output is laid out for when the caller has none: 80 columns, what
 * most terminals open with and what a pipe or a log file is read in.
 */
export const DEFAULT_WIDTH = 80;

/** A usable layout width: the terminal's columns when known and sane, else DEFAULT_WIDTH. */
export function layoutWidth(columns: number | undefined): number {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : DEFAULT_WIDTH;
}

function codePointWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) || cp >= 0x1f300 ? 2 : 1;
}

/** Display width: ANSI codes take no room; wide (East Asian, emoji) code points take two. */
// Text with nothing of width 0 or 2 (control characters and so ANSI codes,
// combining marks, wide ranges, surrogate pairs): one column per code unit.
// Covers ASCII and what we draw (· — … ✓ ↻ ✗ │) with one regex test.
const NARROW_ONLY = /^[^\u0000-\u001f\u0300-\u036f\u1100-\u115f\u200d\u2e80-\ua4cf\uac00-\ud7a3\ud800-\udfff\uf900-\ufaff\ufe00-\ufe0f\uff00-\uff60]*$/;

export function displayWidth(s: string): number {
  if (NARROW_ONLY.test(s)) return s.length;
  let w = 0;
  for (const ch of s.replace(ANSI, '')) w += codePointWidth(ch.codePointAt(0) ?? 0);
  return w;
}

/**
 * The longest prefix of plain `s` (from `start`) that takes at most `max`
 * columns, as an end index; at least one code point (or one escape). An
 * escape written by terminalSafe (`\x1b`) is one unit: never cut in half.
 */
export function fitEnd(s: string, start: number, end: number, max: number, plain = false): number {
  if (plain) return Math.min(end, start + Math.max(1, max));
  let w = 0;
  let i = start;
  while (i < end) {
    const esc = escapeLengthAt(s, i);
    const cp = esc > 0 ? 0 : (s.codePointAt(i) ?? 0);
    const next = esc > 0 ? Math.min(end, i + esc) : i + (cp > 0xffff ? 2 : 1);
    w += esc > 0 ? next - i : codePointWidth(cp);
    if (w > max && i > start) break;
    i = next;
  }
  return i;
}

/** The width of plain s[start, end), or a number above `max` as soon as it is known to be wider: linear in what fits, not in the text. */
export function widthUpTo(s: string, start: number, end: number, max: number, plain = false): number {
  if (plain) return end - start;
  // Every code unit takes at most two columns: a short enough range is measured whole.
  if ((end - start) * 2 <= max) return displayWidth(s.slice(start, end));
  const fits = fitEnd(s, start, end, max);
  return fits >= end ? displayWidth(s.slice(start, end)) : max + 1;
}

/** Cuts plain `s` to `max` columns, ending in `…` when something was cut. */
export function truncateWidth(s: string, max: number): string {
  if (isPlain(s)) return s.length <= max ? s : max <= 1 ? '…'.slice(0, max) : s.slice(0, max - 1) + '…';
  if (widthUpTo(s, 0, s.length, max) <= max) return s;
  if (max <= 1) return '…'.slice(0, max);
  const end = fitEnd(s, 0, s.length, max - 1);
  // The first unit alone may be wider than the room (an escape in a narrow column): then only the mark.
  return (widthUpTo(s, 0, end, max - 1) <= max - 1 ? s.slice(0, end) : '') + '…';
}

/**
 * The longest a field from data (an email, a profile id, a path, a claim) is
 * shown in text output; --json keeps it whole. A crafted 600 KB id would
 * otherwise print megabytes and take every line below it off the screen.
 */
export const FIELD_MAX = 256;
/** The same bound for our sentences that carry data (a reason, a fix, a finding). */
export const PROSE_MAX = 1024;

/** Printable ASCII only: nothing to escape, and one column per character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A field from data, ready for the layout: terminal-safe (see core/terminal-safe.ts) and cut to `max` columns with `…`. */
export function displayField(s: string, max = FIELD_MAX): string {
  // Almost every field (an id, an email, a path) is short printable ASCII,
  // already safe and narrower than `max`: one test instead of the general path.
  if (s.length <= max && PRINTABLE_ASCII.test(s)) return s;
  return truncateWidth(terminalSafe(s), max);
}

/**
 * Text of one column per code unit (displayWidth's NARROW_ONLY) and no escape
 * (no backslash): measured by its indexes. Almost every line we wrap is such
 * text, and measuring it character by character was most of the wrapping's
 * cost on a command's first (cold) run.
 */
export function isPlain(text: string): boolean {
  return layoutSwitches.plainFastPath && NARROW_ONLY.test(text) && !text.includes('\\');
}

/** Off only in tests, which lay the same text out both ways: the fast path must change no line. */
export const layoutSwitches = { plainFastPath: true };
