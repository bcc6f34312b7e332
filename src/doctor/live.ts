// `doctor --live`: the only checks that use the network, opt-in.
// - OpenAI: reach the issuer through deps.fetch (so HTTPS_PROXY/NO_PROXY and
//   NODE_EXTRA_CA_CERTS apply exactly as for sign-in), fetch its JWKS, and
//   verify the signatures of the stored id_token / access token with jose.
//   jose is imported here, lazily: nothing else in doctor loads it.
// - Anthropic: ask the official `claude auth status` (JSON, exit 0 signed in,
//   1 not) instead of calling Anthropic's API ourselves (docs/providers.md §1).
import type { AssessedCredential } from '../core/credential';
import { isRecord, str } from '../core/guards';
import { shellQuote } from '../core/shell-quote';
import { errCode } from '../core/err-code';
import { type CheckContext, type Finding, wants } from './finding';
import { isFilePath, where } from './names';
import { anthropicLive } from './live-anthropic';
import { getJson, issuerChecks } from './live-issuer';

export { CLAUDE_STATUS_TIMEOUT_MS } from './live-anthropic';

type JoseModule = typeof import('jose');

export type SignatureVerdict =
  | { verdict: 'valid' }
  | { verdict: 'valid-other-issuer'; iss: string }
  | { verdict: 'invalid' }
  | { verdict: 'unknown-key' }
  | { verdict: 'not-a-jwt' };

/**
 * Checks one token's signature against the issuer's keys. jose checks the
 * signature before any claim, so an expiry or claim error means the signature
 * itself is good: expired tokens still count as "signature valid".
 */
export async function verifySignature(jose: JoseModule, keys: ReturnType<JoseModule['createLocalJWKSet']>, token: string, issuer: string, now: number): Promise<SignatureVerdict> {
  try {
    await jose.jwtVerify(token, keys, { issuer, currentDate: new Date(now), clockTolerance: 60 });
    return { verdict: 'valid' };
  } catch (e) {
    const code = errCode(e);
    if (code === 'ERR_JWT_EXPIRED') return { verdict: 'valid' };
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
      const claim = (e as { claim?: unknown }).claim;
      if (claim === 'iss') {
        const iss = str(jose.decodeJwt(token).iss) ?? '(none)';
        return { verdict: 'valid-other-issuer', iss };
      }
      return { verdict: 'valid' };
    }
    if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') return { verdict: 'unknown-key' };
    if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') return { verdict: 'not-a-jwt' };
    return { verdict: 'invalid' };
  }
}

async function signatureFinding(ctx: CheckContext, jose: JoseModule, keys: ReturnType<JoseModule['createLocalJWKSet']>, c: AssessedCredential, issuer: string): Promise<Finding> {
  const checked: { name: string; v: SignatureVerdict }[] = [];
  for (const [name, token] of [
    ['id_token', c.secrets.idToken],
    ['access token', c.secrets.access],
  ] as const) {
    if (token === undefined) continue;
    checked.push({ name, v: await verifySignature(jose, keys, token, issuer, ctx.report.now) });
  }
  const jwts = checked.filter((x) => x.v.verdict !== 'not-a-jwt');
  const list = (xs: typeof checked) => xs.map((x) => x.name).join(' and ');
  const paths = isFilePath(c.path) ? [c.path] : [];
  const bad = jwts.filter((x) => x.v.verdict === 'invalid');
  const unknown = jwts.filter((x) => x.v.verdict === 'unknown-key');
  const other = jwts.filter((x) => x.v.verdict === 'valid-other-issuer');
  const opaque = checked.filter((x) => x.v.verdict === 'not-a-jwt');
  const opaqueNote = opaque.length > 0 ? ` The ${list(opaque)} ${opaque.length === 1 ? 'is' : 'are'} not a JWT and ${opaque.length === 1 ? 'was' : 'were'} not checked.` : '';
  if (bad.length > 0) {
    return {
      id: 'live-jwt-signature-invalid',
      severity: 'error',
      title: `Signature invalid: the ${list(bad)} of ${where(ctx, c)} ${bad.length === 1 ? 'was' : 'were'} not signed by ${issuer}.`,
      detail: `The token was altered or comes from another issuer; the API will reject it.${opaqueNote}`,
      fix: c.fix ?? 'sign in again for this store',
      paths,
    };
  }
  if (unknown.length > 0) {
    return {
      id: 'live-jwt-unknown-key',
      severity: 'warning',
      title: `The ${list(unknown)} of ${where(ctx, c)} ${unknown.length === 1 ? 'is' : 'are'} signed with a key ${issuer} no longer publishes.`,
      detail: `The issuer may have rotated its keys since this sign-in, or the token comes from another issuer.${opaqueNote}`,
      fix: 'let the tool refresh its sign-in (or sign in again) and re-run `auth-wizard doctor --live`',
      paths,
    };
  }
  if (other.length > 0) {
    const iss = other[0]?.v.verdict === 'valid-other-issuer' ? other[0].v.iss : '?';
    return {
      id: 'live-jwt-wrong-issuer',
      severity: 'warning',
      title: `The ${list(other)} of ${where(ctx, c)} ${other.length === 1 ? 'names' : 'name'} issuer ${iss}, not ${issuer}.`,
      detail: `The signature is valid for the issuer's keys, but the iss claim differs.${opaqueNote}`,
      fix: 'check AUTH_WIZARD_OPENAI_ISSUER',
      paths,
    };
  }
  if (jwts.length === 0) {
    return {
      id: 'live-jwt-not-checked',
      severity: 'info',
      title: `${where(ctx, c)} holds no JWT, so no signature was checked.`,
      detail: opaqueNote.trim(),
      paths,
    };
  }
  return {
    id: 'live-jwt-signature-valid',
    severity: 'info',
    title: `Signature valid: the ${list(jwts)} of ${where(ctx, c)} ${jwts.length === 1 ? 'was' : 'were'} signed by ${issuer}.`,
    detail: `Checked against the issuer's published keys; the decoded claims of ${jwts.length === 1 ? 'this token' : 'these tokens'} are no longer "unverified".${opaqueNote}`,
    paths,
  };
}

async function openaiLive(ctx: CheckContext): Promise<Finding[]> {
  const { findings, reached } = await issuerChecks(ctx);
  if (reached === undefined) return findings;
  const creds = ctx.report.credentials.filter((c) => c.provider === 'openai' && (c.secrets.idToken !== undefined || c.secrets.access !== undefined));
  if (creds.length === 0) return findings;
  return [...findings, ...(await signatureFindings(ctx, reached.jwksUrl, reached.issuer, creds))];
}

/** The issuer's key set, then each credential's token signatures against it. */
async function signatureFindings(ctx: CheckContext, jwksUrl: string, issuer: string, creds: readonly AssessedCredential[]): Promise<Finding[]> {
  const out: Finding[] = [];
  const jwks = await getJson(ctx, jwksUrl);
  if (!jwks.ok || !isRecord(jwks.json) || !Array.isArray(jwks.json.keys)) {
    out.push({
      id: 'live-jwks-unavailable',
      severity: 'warning',
      title: `The issuer's signing keys (${jwksUrl}) could not be fetched, so token signatures were not checked.`,
      detail: jwks.ok ? 'The answer is not a JSON Web Key Set.' : `The request failed: ${jwks.reason}.`,
      fix: `curl -sS ${shellQuote(jwksUrl)}`,
      paths: [],
    });
    return out;
  }
  const jose: JoseModule = await import('jose');
  let keys: ReturnType<JoseModule['createLocalJWKSet']>;
  try {
    keys = jose.createLocalJWKSet(jwks.json as unknown as Parameters<JoseModule['createLocalJWKSet']>[0]);
  } catch {
    out.push({ id: 'live-jwks-unavailable', severity: 'warning', title: `The issuer's key set at ${jwksUrl} is malformed, so token signatures were not checked.`, detail: 'jose rejected the key set.', paths: [] });
    return out;
  }
  for (const c of creds) out.push(await signatureFinding(ctx, jose, keys, c, issuer));
  return out;
}

export async function liveChecks(ctx: CheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  if (wants(ctx, 'openai')) out.push(...(await openaiLive(ctx)));
  if (wants(ctx, 'anthropic')) out.push(...(await anthropicLive(ctx)));
  return out;
}
