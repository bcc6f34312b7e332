// Masks for secrets in output (docs/security.md, Output). A mask never shows a
// whole secret: the public kind prefix (sk-ant-oat01-, gho_, …, so a user can
// tell kinds apart), and the last 4 characters only when at least 24
// characters of secret follow it (4 of a short key are too much of it: a
// 4-character suffix of `sk-ant-api03-WXYZ` is all of it). For JWTs only the
// start of the header shows, never any of the payload or signature.

/** Public kind prefixes, longest first so `sk-ant-oat01-` wins over `sk-`. */
const KNOWN_PREFIXES = [
  'sk-ant-admin01-', 'sk-ant-oat01-', 'sk-ant-ort01-', 'sk-ant-api03-', 'github_pat_', 'sk-svcacct-', 'sk-or-v1-', 'sk-admin-', 'sk-proj-', 'sk-or-',
  'ya29.', 'gho_', 'ghu_', 'ghp_', 'ghs_', 'ghr_', 'sk-', 'rt_', 'at-',
];

/** Characters of secret after the prefix from which the last 4 may show. */
const LONG_ENOUGH_FOR_SUFFIX = 24;

const HIDDEN = '••••';

export function maskSecret(secret: string | undefined | null): string {
  if (secret === undefined || secret === null || secret === '') return '';
  const prefix = KNOWN_PREFIXES.find((p) => secret.startsWith(p));
  if (prefix === undefined && secret.length >= 16 && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(secret)) return `${secret.slice(0, 6)}…(JWT, ${secret.length} chars)`;
  const rest = secret.slice(prefix?.length ?? 0);
  if (rest.length < LONG_ENOUGH_FOR_SUFFIX) return `${prefix ?? ''}${HIDDEN}`;
  return `${prefix ?? ''}…${rest.slice(-4)}`;
}
