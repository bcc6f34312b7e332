// Rewrites a JSON object while keeping every member we do not own exactly as
// it was written (docs/security.md: other tools' keys byte-for-byte in value).
// JSON.parse/stringify would round numbers beyond 2^53 and re-indent; here
// the raw text of each untouched member is carried over as it stands.

export interface RawMember {
  key: string;
  /** The value's source text, exactly as in the file. */
  raw: string;
}

/** Splits a JSON object's text into its top-level members; undefined when it is not an object. */
export function topLevelMembers(text: string): RawMember[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const members: RawMember[] = [];
  let i = text.indexOf('{') + 1;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  const readValue = (): string => {
    const start = i;
    let depth = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        readString();
        if (depth === 0) break;
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        if (depth === 0) break;
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 0 && (ch === ',' || /\s/.test(ch))) break;
      i++;
    }
    return text.slice(start, i).trim();
  };
  for (;;) {
    skipWs();
    if (text[i] === '}') break;
    const key = JSON.parse(readString()) as string;
    skipWs();
    i++; // colon
    skipWs();
    members.push({ key, raw: readValue() });
    skipWs();
    if (text[i] === ',') i++;
  }
  // JSON.parse keeps the last of duplicate keys; so do we.
  const seen = new Map<string, RawMember>();
  for (const m of members) {
    seen.delete(m.key);
    seen.set(m.key, m);
  }
  return [...seen.values()];
}

/** Indents a raw JSON value that sits one level deep. Multi-line raw text is left as written. */
function member(key: string, raw: string): string {
  return `  ${JSON.stringify(key)}: ${raw}`;
}

/**
 * Serialises an object: members in `updates` (value `undefined` removes one)
 * replace or join the original members; all others keep their raw text.
 */
export function rewriteMembers(original: RawMember[], updates: Record<string, unknown>): string {
  const out: string[] = [];
  const done = new Set<string>();
  for (const m of original) {
    if (Object.hasOwn(updates, m.key)) {
      done.add(m.key);
      const v = updates[m.key];
      if (v !== undefined) out.push(member(m.key, JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')));
    } else {
      out.push(member(m.key, m.raw));
    }
  }
  for (const [k, v] of Object.entries(updates)) {
    if (!done.has(k) && v !== undefined) out.push(member(k, JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')));
  }
  return out.length === 0 ? '{}\n' : `{\n${out.join(',\n')}\n}\n`;
}
