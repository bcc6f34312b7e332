// A short SHA-256 prefix, to compare refresh tokens across stores without
// showing them. node:crypto is fetched when first needed, not imported: loading
// it costs ~5 ms, and most runs never compare a token.
export function fingerprint(secret: string): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}
