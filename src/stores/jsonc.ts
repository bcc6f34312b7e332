// Gemini CLI and Qwen Code read settings.json through strip-json-comments, so
// a settings file may carry // and /* */ comments that JSON.parse rejects.
// This removes them (outside strings only) and keeps everything else, so the
// positions in a parse error still point at the same line.
import { isRecord } from '../core/guards';
import { parseJson } from '../fs/read-file';

export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\' && i + 1 < text.length) {
        out += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      // Keep the newlines so line numbers stay right.
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

export type SettingsRead = { selectedType?: string | undefined; problem?: string | undefined };

/** `security.auth.selectedType` of one settings file (Gemini CLI's layout, which Qwen Code, its fork, kept). */
export function parseAuthSettings(text: string): SettingsRead {
  // JSON with no comment parses as it is (stripping would change nothing):
  // the character loop runs only for a file that needs it.
  const plain = parseJson(text);
  const json = plain.ok ? plain : parseJson(stripJsonComments(text));
  if (!json.ok) return { problem: json.reason };
  if (!isRecord(json.value)) return { problem: 'is not a JSON object' };
  const security = json.value.security;
  const auth = isRecord(security) ? security.auth : undefined;
  const selected = isRecord(auth) ? auth.selectedType : undefined;
  if (selected === undefined || selected === null) return {};
  if (typeof selected !== 'string') return { problem: '"security.auth.selectedType" is not a string' };
  return selected === '' ? {} : { selectedType: selected };
}

