// Text for a person is made terminal-safe here, at one boundary: every
// character that a terminal acts on instead of showing, or that reorders what
// it shows, is written as a visible escape (`\x1b`, `\u202e`). Credential
// files, token claims, environment variables, directory names and server
// answers are not ours: an email holding `ESC ] 52 ;…` would write the
// clipboard, `ESC [ 2 J` would clear the screen, U+202E would make a path read
// backwards. Renderers pass data through here BEFORE they add their own colour
// codes, so the only escape sequences that reach a terminal are ours.
// (docs/security.md, Output.)

/**
 * C0 controls (NUL…US: ESC, BEL, BS, CR, LF, TAB…), DEL, C1 controls
 * (U+0080–U+009F; U+009B alone is a CSI on many terminals), the bidi marks and
 * embeddings/overrides/isolates (U+061C, U+200E/F, U+202A–E, U+2066–9) and the
 * line/paragraph separators U+2028/9, which some terminals and viewers break lines at.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

function escapeChar(ch: string): string {
  const cp = ch.charCodeAt(0);
  return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** One field or one line of text, with every unsafe character (a line break too) escaped. */
export function terminalSafe(s: string): string {
  return HAS_UNSAFE.test(s) ? s.replace(UNSAFE, escapeChar) : s;
}

/** Text whose line breaks are ours (a wizard note, a multi-line message): each line made safe, the breaks kept. */
export function terminalSafeLines(s: string): string {
  return HAS_UNSAFE.test(s) ? s.split('\n').map(terminalSafe).join('\n') : s;
}

const HEX = /^[0-9a-f]$/;

/**
 * The length of the escape terminalSafe wrote at s[i] (`\xHH` is 4, `\uHHHH`
 * is 6), or 0: a cut to fit a column or a line must take an escape whole, or
 * `\x1b` would show as `\x1…` and read as something else.
 */
export function escapeLengthAt(s: string, i: number): number {
  if (s.charCodeAt(i) !== 0x5c) return 0;
  const kind = s[i + 1];
  const n = kind === 'x' ? 2 : kind === 'u' ? 4 : 0;
  if (n === 0) return 0;
  for (let k = i + 2; k < i + 2 + n; k++) if (!HEX.test(s[k] ?? '')) return 0;
  return n + 2;
}

// JSON.stringify escapes C0 controls but writes DEL, C1 and the bidi and
// separator characters raw; `--json` output read on a terminal (or by `less`)
// is text for a person too. Outside strings JSON text has none of them, so
// each becomes its \u escape and JSON.parse still returns the exact value.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** JSON text (from JSON.stringify) with the characters it leaves raw written as \u escapes: the same value, safe to print. */
export function jsonTerminalSafe(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text from a server whose fields may only be printable ASCII (RFC 6749
 * §4.1.2.1 limits `error` and `error_description` so): everything else
 * (terminal escapes, line breaks) is dropped rather than escaped, `redact`
 * (if given) runs on what is left, and the result is cut to `max` — after the
 * redaction, so a cut never leaves the front half of a token.
 */
export function printable(text: string, max = 300, redact: (s: string) => string = (s) => s): string {
  const clean = redact(text.replace(/[^\x20-\x7e]/g, ''));
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
