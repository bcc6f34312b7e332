// Renders an info sheet as aligned text or as JSON. Text fits `width` columns
// (80 unless the caller knows the terminal's): a value too long for its column
// (organizations, a deep path, a problem) continues on lines indented under
// the values, so the labels stay readable down the left.
import { createColors } from '../core/colors';
import { jsonTerminalSafe } from '../core/terminal-safe';
import { CLAUSES, displayField, FIELD_MAX, layoutWidth, PROSE_MAX, WORDS, wrap } from './columns';
import type { InfoSheet } from './info-sheet';
import { credentialJson } from './render-json';

/** Below this many columns for values, wrapping them would make a column of fragments. */
const MIN_VALUE_WIDTH = 20;

export function renderInfo(sheet: InfoSheet, color: boolean, width?: number): string {
  const c = createColors(color);
  const w = layoutWidth(width);
  const labelWidth = Math.max(...sheet.sections.flatMap((s) => s.rows.map(([l]) => l.length)));
  const out: string[] = [];
  for (const s of sheet.sections) {
    out.push(c.bold(s.title));
    for (const [label, raw, how] of s.rows) {
      // Made safe and bounded before the layout and the colours: a value is a
      // field from data (whole only for a token asked for with --show-token),
      // or a sentence that carries one.
      const value = displayField(raw, how === 'whole' ? Infinity : how === 'clauses' || how === 'prose' ? PROSE_MAX : FIELD_MAX);
      const first = `  ${c.dim(label.padEnd(labelWidth))}  `;
      // Kept whole, for the terminal to fold: a single word (an id, an email, a
      // path), which a cut would make wrong to copy, and anything when the column
      // left for values is too narrow to wrap into.
      const whole = how === 'whole' || !/\s/.test(value) || w - labelWidth - 4 < MIN_VALUE_WIDTH;
      out.push(...(whole ? [first + value] : wrap([value], w, { first, breaks: how === 'clauses' ? CLAUSES : WORDS })));
    }
    out.push('');
  }
  const tokens = sheet.showsTokens ? 'Tokens are printed in full (--show-token): keep this output private.' : 'Tokens are masked; --show-token prints them.';
  out.push(...wrap([[`Claims are decoded without checking signatures (unverified). ${tokens}`, c.dim]], w));
  return out.join('\n') + '\n';
}

export function renderInfoJson(sheet: InfoSheet, showToken: boolean): string {
  const sections = Object.fromEntries(sheet.sections.map((s) => [s.title, Object.fromEntries(s.rows.map(([label, value]) => [label, value]))]));
  return jsonTerminalSafe(JSON.stringify({ credential: credentialJson(sheet.credential, showToken), claims: sheet.claims, claimsVerified: false, sections }, null, 2)) + '\n';
}
