// Typed accessors for unvalidated JSON: every parser reads its document
// through these, never through a cast. Kept apart from JWT decoding because
// most of their users never touch a JWT.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A finite number, else undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Whether the character code is white space as `\s` and trim() define it. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return String.fromCharCode(c).trim() === '';
}

/**
 * The words of a white-space-separated string (OAuth scopes). A loop, not
 * split(/\s+/): `status` splits a few short scope strings, and compiling the
 * pattern costs more than reading them (README, Start-up budget).
 */
export function words(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (!isSpace(s.charCodeAt(i))) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      out.push(s.slice(start, i));
      start = -1;
    }
  }
  if (start !== -1) out.push(s.slice(start));
  return out;
}

/** A space-separated string or a list, as strings (OAuth scopes come either way). */
export function strList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return words(v);
  if (Array.isArray(v)) {
    const out = v.filter((x): x is string => typeof x === 'string');
    return out;
  }
  return undefined;
}
