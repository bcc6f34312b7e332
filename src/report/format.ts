// Small pure formatters shared by the renderers. Times are shown in UTC so a
// report reads the same on a laptop and on the server it describes.

export function formatAbsolute(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
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
