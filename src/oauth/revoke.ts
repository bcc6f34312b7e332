// Revoking an OpenAI grant at the provider (RFC 7009), for `logout --revoke`.
// The refresh token is revoked when there is one (that ends the grant); the
// access token otherwise. Same retry policy as refresh: revocation is
// idempotent, so a timeout after sending is simply tried again.
import type { Deps } from '../deps';
import { scrubSecrets, withRetries } from './http-retry';
import { OPENAI_CLIENT_ID, openaiEndpoints } from './openai-endpoints';
import { buildRevoke, processTokenResponse, TokenEndpointError } from './token-client';

export type RevokeResult = 'revoked' | 'already-invalid';

export async function revokeOpenAiToken(deps: Deps, t: { refresh?: string | undefined; access?: string | undefined }, what: string): Promise<RevokeResult> {
  const endpoints = openaiEndpoints(deps.env);
  const token = t.refresh ?? t.access;
  if (token === undefined) return 'already-invalid';
  const req = buildRevoke({ endpoints, clientId: OPENAI_CLIENT_ID, token, hint: t.refresh !== undefined ? 'refresh_token' : 'access_token' });
  try {
    await withRetries(
      deps,
      async () => {
        const res = await deps.fetch(req.url, { ...req.init, timeoutMs: 20_000 });
        if (res.ok && !res.redirected) {
          await res.body?.cancel().catch(() => {});
          return;
        }
        // Throws: a refused redirect, or the classified TokenEndpointError.
        await processTokenResponse(res, deps.now(), { what: 'revocation endpoint', url: req.url });
      },
      { what: `Revoking ${what}`, origin: new URL(endpoints.revoke).origin },
    );
  } catch (e) {
    // RFC 7009 §2.2 answers 200 for an invalid token; a server that says
    // invalid_grant instead is telling us the same thing: the grant is dead.
    if (e instanceof TokenEndpointError && e.kind === 'permanent') return 'already-invalid';
    throw scrubSecrets(e, [t.refresh, t.access]);
  }
  return 'revoked';
}
