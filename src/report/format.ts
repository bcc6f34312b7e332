// Small pure formatters shared by the renderers. Times are shown in UTC so a
// report reads the same on a laptop and on the server it describes.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Date#toISOString's text, built from the getUTC* parts: V8's first
 * toISOString call in a process costs ~0.2 ms, four times what the whole table's
 * dates cost this way. Years outside 0–9999 (which ISO writes as ±YYYYYY) are left to it.
 */
export function isoString(ms: number): string | undefined {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  // Beyond what a Date holds (a corrupt expiry like 1e300): no time at all, where toISOString would throw.
  if (Number.isNaN(y)) return undefined;
  if (y < 0 || y > 9999) return d.toISOString();
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

export function formatAbsolute(ms: number): string {
  const iso = isoString(ms);
  return iso === undefined ? '?' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function span(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return d < 60 ? `${d}d` : `${Math.round(d / 30.44)}mo`;
}

export function formatRelative(ms: number, now: number): string {
  const delta = ms - now;
  return delta >= 0 ? `in ${span(delta)}` : `${span(delta)} ago`;
}

export function formatExpiry(expiresAt: number | null | undefined, now: number): string {
  if (expiresAt === null || expiresAt === undefined) return 'never';
  return formatRelative(expiresAt, now);
}
