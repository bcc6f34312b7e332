// What a source needs to find its files: the injected home/env/platform/clock
// and an exec for OS tools (the macOS `security` command). Nothing global.
import type { Credential } from '../core/credential';
import { decodeJwt } from '../core/jwt';
import type { Exec } from '../deps';

export interface SourceContext {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  exec: Exec;
}

export interface SourceResult {
  credentials: Credential[];
  /** Facts that are not a credential but change what the table means (e.g. Codex keyring mode). */
  notes: string[];
}

export function unreadable(
  base: Pick<Credential, 'id' | 'provider' | 'source' | 'path'> & { entry?: string },
  reason: string,
  kind: Credential['kind'] = null,
): Credential {
  return { ...base, kind, expiresAt: null, canRefresh: false, fixedState: 'unreadable', reason, secrets: {} };
}

type FieldType = 'string' | 'number' | 'string[]';

/**
 * The first field of `record` that is present (not undefined or null) but not
 * of its expected type, as a reason; undefined when all are fine. A credential
 * with a mistyped token or expiry is `unreadable`: read leniently it would show
 * as valid and never expiring, which is exactly what it is not.
 */
export function mistypedField(record: Record<string, unknown>, fields: Record<string, FieldType>): string | undefined {
  for (const [name, type] of Object.entries(fields)) {
    const v = record[name];
    if (v === undefined || v === null) continue;
    const ok =
      type === 'string' ? typeof v === 'string' : type === 'number' ? typeof v === 'number' && Number.isFinite(v) : Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (!ok) return `"${name}" is not ${type === 'string' ? 'a string' : type === 'number' ? 'a number' : 'a list of strings'}`;
  }
  return undefined;
}

/** OpenAI's access and id tokens are JWTs; the first named one that is not, as a reason. */
export function notAJwt(tokens: Record<string, string | undefined>): string | undefined {
  for (const [name, token] of Object.entries(tokens)) {
    if (token !== undefined && !decodeJwt(token).ok) return `"${name}" is not a JWT`;
  }
  return undefined;
}
