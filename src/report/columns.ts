// Text layout for the terminal: display width, a borderless column layout
// (gh's style) that fits a width, and word wrapping with a hanging indent.
// Written here rather than with cli-table3: that library spent ~11 ms laying
// out a nine-row table on first call, a third of `status`'s whole start-up budget.

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
function fitEnd(s: string, start: number, end: number, max: number, plain = false): number {
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
function widthUpTo(s: string, start: number, end: number, max: number, plain = false): number {
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

/** How a table may give up room when it is wider than `width`. */
export interface Fit {
  width: number;
  /** The column whose cells (plain text) are cut with `…`, never below `min` columns. */
  shrink: number;
  min: number;
}

function layout(rows: readonly (readonly string[])[], widths: readonly number[], gap: number): string[] {
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell)) + gap))).join('').trimEnd());
}

/**
 * Lays rows out in columns two spaces apart; trailing space trimmed. With `fit`,
 * a table wider than fit.width first cuts the shrinkable column, then closes the
 * gaps to one space (still readable, and cheaper than cutting the other columns,
 * whose cells are short and all needed). A terminal narrower than that gets
 * the narrowest table there is; the terminal wraps it.
 */
export function columns(rows: readonly (readonly string[])[], fit?: Fit): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  if (fit === undefined) return layout(rows, widths, 2);
  const natural = widths[fit.shrink] ?? 0;
  let gap = 2;
  for (; gap >= 1; gap--) {
    const others = widths.reduce((sum, w, i) => sum + (i === fit.shrink ? 0 : w), 0) + gap * (widths.length - 1);
    widths[fit.shrink] = Math.min(natural, Math.max(fit.min, fit.width - others));
    if (others + (widths[fit.shrink] ?? 0) <= fit.width) break;
  }
  const cut = widths[fit.shrink] ?? 0;
  const fitted = cut < natural ? rows.map((r) => r.map((cell, i) => (i === fit.shrink ? truncateWidth(cell, cut) : cell))) : rows;
  return layout(fitted, widths, Math.max(gap, 1));
}

/** A run of plain text and the style it is printed in (a colour function), if any. */
export type Span = string | readonly [text: string, style: (s: string) => string];

/** Break between words: prose. */
export const WORDS = / +/g;
/**
 * Break only between the parts of an `a · b · c` line (each part stays whole when it fits).
 * Non-ASCII characters in these regular expressions are written as escapes: esbuild
 * escapes them in strings but not in regex literals, and one such character
 * makes V8 hold and compile the whole bundle as two-byte text (scripts/build.mjs checks).
 */
export const PARTS = / \u00b7 /g;
/**
 * Break between clauses first (at two spaces, or after , ; : —) and between
 * words only inside a clause too long for a line: for a fix, so that
 * `auth-wizard login --provider openai --no-browser` after "…, or:" moves to
 * the next line whole instead of splitting where it could be copied wrong.
 */
export const CLAUSES = / {2,}|(?<=[,;:\u2014]) +/g;

export interface WrapOptions {
  /** Put before the first line; may be styled. Default: nothing. */
  first?: string;
  /** Put before every further line (the hanging indent). Default: as many spaces as `first` is wide. */
  rest?: string;
  /** The gaps a line may break at (a global RegExp); dropped at a break, kept as written elsewhere. Default: WORDS. */
  breaks?: RegExp;
}

const NEVER = () => false;

/** Whether index i of `text` is inside a closed `…` or "…" (a command or a value, kept on one line when it fits). */
function inQuotes(text: string): (i: number) => boolean {
  if (!text.includes('`') && !text.includes('"')) return NEVER;
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/`[^`]*`|"[^"]*"/g)) spans.push([m.index, m.index + m[0].length]);
  // Asked in increasing order of i (units() walks the text once), so one
  // pointer walks the sorted spans: linear, where testing every span for every
  // gap took 35 s for a 240 KB id of `"a" "a" …`.
  let k = 0;
  return (i) => {
    while (k < spans.length && spans[k]![1] <= i) k++;
    const span = spans[k];
    return span !== undefined && i > span[0];
  };
}

/** The [start, end) ranges of the units of `text` between the gaps `breaks` matches (none inside quotes). */
function units(text: string, breaks: RegExp): [number, number][] {
  const out: [number, number][] = [];
  const quoted = inQuotes(text);
  let at = 0;
  for (const m of text.matchAll(breaks)) {
    if (m[0] === '' || quoted(m.index)) continue;
    if (m.index > at) out.push([at, m.index]);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push([at, text.length]);
  return out;
}

/**
 * The spaces in text[start, end) not inside (…), `…` or "…": breaking there
 * would split `$(date +%s)` or a quoted command. After a parenthesis that is
 * never closed there are none, and cutUnit falls back to any space.
 */
function openSpaces(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  let depth = 0;
  let quote = '';
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === '`' || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ' ' && depth === 0) out.push(i);
  }
  return out;
}

/** The last index of `ch` in text[from, to], or -1. */
function lastIndexIn(text: string, ch: string, from: number, to: number): number {
  for (let i = Math.min(to, text.length - 1); i >= from; i--) if (text[i] === ch) return i;
  return -1;
}

/**
 * Where to cut a unit wider than a whole line: after the last space that fits
 * outside a group, else the last space that fits, else after the last `/` (a
 * path breaks between directories), else anywhere. Returns the end of the
 * piece and where the rest starts.
 */
function cutUnit(text: string, start: number, end: number, max: number, plain: boolean): [number, number] {
  const fits = fitEnd(text, start, end, max, plain);
  if (fits >= end) return [end, end];
  const open = openSpaces(text, start, fits + 1).filter((i) => i > start);
  // Searched back only to where this line starts: lastIndexOf would scan the
  // lines before it too, once per line of a long unit (quadratic).
  const space = open.at(-1) ?? lastIndexIn(text, ' ', start + 1, fits);
  if (space > start) {
    let pieceEnd = space;
    while (pieceEnd > start && text[pieceEnd - 1] === ' ') pieceEnd--;
    let next = space;
    while (text[next] === ' ') next++;
    return [pieceEnd, next];
  }
  const slash = lastIndexIn(text, '/', start + 1, fits - 1);
  if (slash > start) return [slash + 1, slash + 1];
  return [fits, fits];
}

/**
 * Text of one column per code unit (displayWidth's NARROW_ONLY) and no escape
 * (no backslash): measured by its indexes. Almost every line we wrap is such
 * text, and measuring it character by character was most of the wrapping's
 * cost on a command's first (cold) run.
 */
function isPlain(text: string): boolean {
  return layoutSwitches.plainFastPath && NARROW_ONLY.test(text) && !text.includes('\\');
}

/** Off only in tests, which lay the same text out both ways: the fast path must change no line. */
export const layoutSwitches = { plainFastPath: true };

/** Greedy line breaking of plain `text`: the [start, end) range of each line. */
function breakLines(text: string, firstMax: number, restMax: number, breaks: RegExp): [number, number][] {
  // Most text fits on its line: no breaking to do.
  if (!text.includes('\n') && displayWidth(text) <= Math.max(1, firstMax)) return [[0, text.length]];
  const plain = isPlain(text);
  const lines: [number, number][] = [];
  let cur: [number, number] | undefined;
  let curWidth = 0;
  const maxOf = (line: number) => Math.max(1, line === 0 ? firstMax : restMax);
  const max = () => maxOf(lines.length);
  for (const unit of units(text, breaks)) {
    let [s, e] = unit;
    while (s < e) {
      // The line so far, plus the gap and this unit (measured alone, not the whole line again).
      // Measured only as far as a line reaches: a unit wider than that is cut
      // below, and measuring its whole rest again for every piece was quadratic.
      const wider = cur === undefined ? 0 : curWidth + widthUpTo(text, cur[1], e, max() - curWidth, plain);
      if (cur !== undefined && wider <= max()) {
        cur[1] = e;
        curWidth = wider;
        break;
      }
      const room = maxOf(lines.length + (cur === undefined ? 0 : 1));
      const unitWidth = widthUpTo(text, s, e, room, plain);
      // Measured against the line it would start: the next one when this one has text.
      if (unitWidth <= room) {
        if (cur !== undefined) lines.push(cur);
        cur = [s, e];
        curWidth = unitWidth;
        break;
      }
      // Wider than any line: it breaks inside anyway, so start it on this line.
      const from = cur?.[0] ?? s;
      cur = undefined;
      const [pieceEnd, next] = cutUnit(text, from, e, max(), plain);
      lines.push([from, pieceEnd]);
      s = next;
    }
  }
  if (cur !== undefined) lines.push(cur);
  return lines.length > 0 ? lines : [[0, 0]];
}

/**
 * Wraps text to `width` columns with a hanging indent. Lines break at the gaps
 * of `breaks`; a unit wider than a line breaks inside (see cutUnit). Styles are
 * applied per line after breaking, so no colour runs across a line break.
 */
export function wrap(spans: readonly Span[], width: number, o: WrapOptions = {}): string[] {
  const first = o.first ?? '';
  // The usual case, one plain string that fits: nothing to break or style.
  const only = spans.length === 1 ? spans[0] : undefined;
  if (typeof only === 'string' && displayWidth(first) + displayWidth(only) <= width) return [(first + only).trimEnd()];
  const rest = o.rest ?? ' '.repeat(displayWidth(first));
  const parts = spans.map((s) => (typeof s === 'string' ? ([s, undefined] as const) : s));
  const text = parts.map(([t]) => t).join('');
  const lines = breakLines(text, width - displayWidth(first), width - displayWidth(rest), o.breaks ?? WORDS);
  return lines.map(([s, e], n) => {
    let out = n === 0 ? first : rest;
    let at = 0;
    for (const [t, style] of parts) {
      const from = Math.max(s, at);
      const to = Math.min(e, at + t.length);
      if (from < to) out += style === undefined ? text.slice(from, to) : style(text.slice(from, to));
      at += t.length;
    }
    return out.trimEnd();
  });
}
