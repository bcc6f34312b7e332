// Helpers every store's parser shares: the `unreadable` record and the field
// type checks that make a mistyped credential unreadable rather than valid.
import type { Credential } from '../core/credential';
import { decodeJwt } from '../core/jwt';
import type { Discovered, StoreContext } from './types';

/** What discovery gets (types.ts StoreContext), under the name the parsers use. */
export type SourceContext = StoreContext;
export type SourceResult = Discovered;

/**
 * A credential that cannot be used as it is. `refresh`: the refresh token of
 * an entry that parsed but is otherwise malformed (a non-JWT access token, a
 * mistyped expiry). It is kept, among the secrets (never displayed without
 * --show-token), so doctor still finds the entry in a refresh-token family:
 * the token is just as live, and shared, whatever else is wrong.
 */
export function unreadable(
  base: Pick<Credential, 'id' | 'provider' | 'source' | 'path'> & { entry?: string },
  reason: string,
  kind: Credential['kind'] = null,
  refresh?: string,
): Credential {
  return { ...base, kind, expiresAt: null, canRefresh: false, fixedState: 'unreadable', reason, secrets: refresh !== undefined && refresh !== '' ? { refresh } : {} };
}

/**
 * `time`: a number of epoch milliseconds. Any number is the right type: one that
 * is no real time (0, negative, ±Infinity, beyond any date) means expired
 * (core/expiry.ts), where a string or an object means the file is not what we think.
 */
type FieldType = 'string' | 'number' | 'time' | 'string[]';

const DESCRIBED: Record<FieldType, string> = { string: 'a string', number: 'a number', time: 'a time in epoch milliseconds', 'string[]': 'a list of strings' };

function hasType(v: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'time':
      return typeof v === 'number';
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}

/**
 * The first field of `record` that is present (not undefined or null) but not
 * of its expected type, as a reason; undefined when all are fine. A credential
 * with a mistyped token or expiry is `unreadable`: read leniently it would show
 * as valid and never expiring, which is exactly what it is not.
 */
export function mistypedField(record: Record<string, unknown>, fields: Record<string, FieldType>): string | undefined {
  for (const name in fields) {
    const v = record[name];
    if (v === undefined || v === null) continue;
    const type = fields[name]!;
    if (!hasType(v, type)) return `"${name}" is not ${DESCRIBED[type]}`;
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
