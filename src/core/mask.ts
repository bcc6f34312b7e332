// Masks for secrets in output (security.md, Output): a short prefix and suffix
// only. Known prefixes (sk-ant-oat01-, sk-…) are kept so a user can tell kinds
// apart; for JWTs only the start of the header shows, never any of the signature.

const KNOWN_PREFIXES = ['sk-ant-oat01-', 'sk-ant-ort01-', 'sk-ant-api03-', 'sk-proj-', 'sk-or-v1-', 'sk-or-', 'sk-', 'rt_'];

export function maskSecret(secret: string | undefined | null): string {
  if (secret === undefined || secret === null || secret === '') return '';
  if (secret.length < 16) return '••••';
  if (/^[\w-]+\.[\w-]+\.[\w-]*$/.test(secret)) return `${secret.slice(0, 6)}…(JWT, ${secret.length} chars)`;
  const prefix = KNOWN_PREFIXES.find((p) => secret.startsWith(p)) ?? secret.slice(0, 4);
  return `${prefix}…${secret.slice(-4)}`;
}
