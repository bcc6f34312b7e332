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

/** A space-separated string or a list, as strings (OAuth scopes come either way). */
export function strList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return v.split(/\s+/).filter((s) => s !== '');
  if (Array.isArray(v)) {
    const out = v.filter((x): x is string => typeof x === 'string');
    return out;
  }
  return undefined;
}
