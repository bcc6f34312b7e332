// One reading of "when does this expire" for every store. A store that writes
// something other than a real time where its expiry belongs — 0 (Claude Code
// does, after a failed refresh), a negative number, ±Infinity (a 1e400 literal
// parses to it), a number beyond any date, a JWT `exp` that is a string — has
// not said "never": the owning tools compare it with the clock and refresh. So
// it counts as expired, at the epoch, and a refresh token makes it "↻ expired".

/** The expiry given to a value that is no time: already past, whatever the clock. */
export const EXPIRED_AT_NO_TIME = 0;

/** The largest epoch-ms time a Date holds. */
const MAX_DATE_MS = 8.64e15;

/**
 * Epoch milliseconds for a stored expiry: the value itself when it is a real
 * time (positive, within a Date's range); undefined when the store states
 * none (absent or null, where a caller may fall back to a JWT's `exp`);
 * EXPIRED_AT_NO_TIME for anything else.
 */
export function expiryMs(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && v > 0 && v <= MAX_DATE_MS ? v : EXPIRED_AT_NO_TIME;
}
