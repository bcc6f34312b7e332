// Word wrapping with a hanging indent, for notes, fixes and detail lines:
// breaks where a pattern says (words, clauses, the parts of an `a · b` line),
// never inside a quoted command, and linear in the text however it is crafted.
import { displayWidth, fitEnd, isPlain, widthUpTo } from './width';

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

/**
 * The [start, end) of each closed `…` or "…" in text, left to right: the spans
 * /`[^`]*`|"[^"]*"/g would match, found with indexOf (no pattern to compile on
 * every run). An opening mark never closed is passed over, and then no later
 * mark of its kind closes either, so each kind's search only moves forward.
 */
function quotedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let tick = text.indexOf('`');
  let quote = text.indexOf('"');
  while (tick !== -1 || quote !== -1) {
    const open = quote === -1 || (tick !== -1 && tick < quote) ? tick : quote;
    const mark = open === tick ? '`' : '"';
    const close = text.indexOf(mark, open + 1);
    if (close === -1) {
      if (mark === '`') tick = -1;
      else quote = -1;
      continue;
    }
    spans.push([open, close + 1]);
    if (tick !== -1 && tick <= close) tick = text.indexOf('`', close + 1);
    if (quote !== -1 && quote <= close) quote = text.indexOf('"', close + 1);
  }
  return spans;
}

/** Whether index i of `text` is inside a closed `…` or "…" (a command or a value, kept on one line when it fits). */
function inQuotes(text: string): (i: number) => boolean {
  if (!text.includes('`') && !text.includes('"')) return NEVER;
  const spans = quotedSpans(text);
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
  // exec() on the caller's pattern rather than matchAll(), which copies the
  // pattern and builds an iterator on every call; lastIndex is set here first.
  if (!breaks.global) throw new TypeError('units: `breaks` must be a global RegExp (exec would match its first gap forever)');
  breaks.lastIndex = 0;
  for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) {
    if (m[0] === '') {
      breaks.lastIndex++;
      continue;
    }
    if (quoted(m.index)) continue;
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
  // Indexed loops, not for…of with destructuring, in the functions here that
  // run for every line of `status`: V8 compiles them on the main thread once
  // they are hot, at a cost in proportion to their bytecode, which the
  // iterator protocol more than doubles (README, Start-up budget).
  const all = units(text, breaks);
  for (let u = 0; u < all.length; u++) {
    const e = all[u]![1];
    let s = all[u]![0];
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
      const cut = cutUnit(text, from, e, max(), plain);
      lines.push([from, cut[0]]);
      s = cut[1];
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
  let text = '';
  for (let k = 0; k < spans.length; k++) text += spanText(spans[k]!);
  const lines = breakLines(text, width - displayWidth(first), width - displayWidth(rest), o.breaks ?? WORDS);
  const out: string[] = [];
  for (let n = 0; n < lines.length; n++) {
    const s = lines[n]![0];
    const e = lines[n]![1];
    let line = n === 0 ? first : rest;
    let at = 0;
    for (let k = 0; k < spans.length; k++) {
      const span = spans[k]!;
      const t = spanText(span);
      const from = Math.max(s, at);
      const to = Math.min(e, at + t.length);
      if (from < to) line += typeof span === 'string' ? text.slice(from, to) : span[1](text.slice(from, to));
      at += t.length;
    }
    out.push(line.trimEnd());
  }
  return out;
}

function spanText(span: Span): string {
  return typeof span === 'string' ? span : span[0];
}
