// The `code` of a thrown value (`ENOENT`, `ELOCKED`, `UND_ERR_CONNECT_TIMEOUT`),
// read without trusting its shape: anything can be thrown.
export function errCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  const code: unknown = e.code;
  return typeof code === 'string' ? code : typeof code === 'number' ? String(code) : undefined;
}
