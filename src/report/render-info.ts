// Renders an info sheet as text or as JSON. Text is laid out as `ccproxy auth
// openai-info` lays out its report: who the credential belongs to as a panel,
// then each group of token details as a bordered Property / Value table. The
// boxes are cli-table3's, which only `info` loads (dist/commands-info.js): it
// costs a few ms to load and lay out, which `status` cannot spare (columns.ts).
//
// What goes into a cell is made safe (core/terminal-safe.ts) and bounded
// first, then wrapped here to the column, then coloured: cli-table3 measures
// the escaped text it is given (its width function skips only SGR codes, which
// are ours) and never has to cut a line. A value that is one word (an id, an
// email, a path) is never split: one too wide for its cell is printed whole on
// a line of its own under the table, as is every token --show-token prints.
import Table from 'cli-table3';
import { type Colors, createColors } from '../core/colors';
import type { AssessedCredential } from '../core/credential';
import { jsonTerminalSafe } from '../core/terminal-safe';
import { displayField, displayWidth, FIELD_MAX, layoutWidth, PROSE_MAX } from './width';
import { CLAUSES, WORDS, wrap } from './wrap';
import type { InfoSheet, Row, Section } from './info-sheet';
import { credentialJson } from './render-json';

/** Below this many columns for values, wrapping them would make a column of fragments: labels give up room first. */
const MIN_VALUE_WIDTH = 20;
/** Labels wrap between words down to this. */
const MIN_LABEL_WIDTH = 10;
/** `│ label │ value │`: three rules and a space either side of each cell. */
const FRAME = 7;
/** What a cell says when its value is printed whole under the table. */
const BELOW = '(in full below)';

interface Widths {
  label: number;
  value: number;
}

/** The columns' widths (text only, without padding): natural when they fit, labels narrowed before values. */
function widthsFor(labelNatural: number, valueNatural: number, width: number): Widths {
  const room = width - FRAME;
  const label = room - labelNatural >= MIN_VALUE_WIDTH ? labelNatural : Math.max(MIN_LABEL_WIDTH, room - MIN_VALUE_WIDTH);
  // Never narrower than MIN_VALUE_WIDTH: a terminal narrower than that folds the table instead.
  return { label, value: Math.max(Math.min(valueNatural, room - label), Math.min(valueNatural, MIN_VALUE_WIDTH)) };
}

/** A row's value as text output shows it: safe, and bounded as a field or as prose (whole for a token asked for). */
function shown([, raw, how]: Row): string {
  return displayField(raw, how === 'whole' ? Infinity : how === 'clauses' || how === 'prose' ? PROSE_MAX : FIELD_MAX);
}

const isOneWord = (value: string) => !/\s/.test(value);

function stateColor(cred: AssessedCredential, c: Colors): (s: string) => string {
  if (cred.state === 'valid') return c.green;
  return cred.state === 'expiring' || (cred.state === 'expired' && cred.usable) ? c.yellow : c.red;
}

interface Drawn {
  lines: string[];
  /** Values too wide for their cell, printed whole under the table. */
  below: [label: string, value: string][];
}

const ROUNDED = {
  top: '─', 'top-mid': '┬', 'top-left': '╭', 'top-right': '╮',
  bottom: '─', 'bottom-mid': '┴', 'bottom-left': '╰', 'bottom-right': '╯',
  left: '│', 'left-mid': '├', mid: '─', 'mid-mid': '┼', right: '│', 'right-mid': '┤', middle: '│',
} as const;

/** The same box without the rule between the columns: the account panel. */
const PANEL = { ...ROUNDED, 'top-mid': '─', 'bottom-mid': '─', 'mid-mid': '─', middle: ' ' } as const;

function drawSection(s: Section, w: Widths, sheet: InfoSheet, c: Colors): Drawn {
  const below: Drawn['below'] = [];
  const rows = s.rows.map((row): [string, string] => {
    const [label, , how] = row;
    const value = shown(row);
    const labelCell = wrap([label], w.label).map(c.cyan).join('\n');
    // A token asked for goes under the table even when it would fit: a line of its own is what copies cleanly.
    if (how === 'whole' || (isOneWord(value) && displayWidth(value) > w.value)) {
      below.push([label, value]);
      return [labelCell, c.dim(BELOW)];
    }
    const style = label === 'Status' && s === sheet.sections[0] ? stateColor(sheet.credential, c) : (x: string) => x;
    const lines = isOneWord(value) ? [value] : wrap([value], w.value, { breaks: how === 'clauses' ? CLAUSES : WORDS });
    return [labelCell, lines.map(style).join('\n')];
  });
  // Borders dim when colour is on; cli-table3's own colours (style.head/border) always off, so NO_COLOR holds.
  const chars = Object.fromEntries(Object.entries(s.summary ? PANEL : ROUNDED).map(([k, ch]) => [k, ch === ' ' ? ch : c.dim(ch)]));
  // The panel has no rule between its columns: its title sits in the label column's head.
  const head = s.summary ? [c.bold(s.title), ''] : [c.bold('Property'), c.bold('Value')];
  const table = new Table({ head, chars, colWidths: [w.label + 2, w.value + 2], wordWrap: true, style: { head: [], border: [], compact: true } });
  table.push(...rows);
  // Adjacent border characters close and reopen dim: one run of it is the same on screen.
  const text = table.toString().split('\u001b[22m\u001b[2m').join('');
  return { lines: [...(s.summary ? [] : [c.bold(s.title)]), ...text.split('\n')], below };
}

export function renderInfo(sheet: InfoSheet, color: boolean, width?: number): string {
  const c = createColors(color);
  const w = layoutWidth(width);
  const rows = sheet.sections.flatMap((s) => s.rows);
  const labelNatural = Math.max(...rows.map(([l]) => l.length));
  // Tokens printed by --show-token go under their table: they do not widen it.
  const valueNatural = Math.max(BELOW.length, ...rows.filter(([, , how]) => how !== 'whole').map((r) => displayWidth(shown(r))));
  const widths = widthsFor(labelNatural, valueNatural, w);
  // The summary first, as ccproxy shows the account before the token details.
  const ordered = [...sheet.sections.filter((s) => s.summary), ...sheet.sections.filter((s) => !s.summary)];
  const out: string[] = [];
  for (const s of ordered) {
    const drawn = drawSection(s, widths, sheet, c);
    out.push(...drawn.lines);
    for (const [label, value] of drawn.below) out.push(c.cyan(`${label}:`), value);
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
