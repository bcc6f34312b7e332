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
import { openaiEndpoints } from '../oauth/openai-endpoints';
import { parseClaudeAuthStatus } from '../anthropic/claude-cli';
import { type CheckContext, type Finding, wants } from './finding';
import { isFilePath, where } from './names';
import { errCode } from '../core/err-code';

const FETCH_TIMEOUT_MS = 10_000;
export const CLAUDE_STATUS_TIMEOUT_MS = 20_000;

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

function describeFetchError(e: unknown): string {
  const cause = e instanceof Error && e.cause !== undefined ? e.cause : undefined;
  const code = errCode(cause) ?? errCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return `no answer within ${FETCH_TIMEOUT_MS / 1000} s`;
  return code !== undefined ? `${msg} (${code})` : msg;
}

async function getJson(ctx: CheckContext, url: string): Promise<{ ok: true; status: number; json: unknown } | { ok: false; status?: number; reason: string }> {
  let res: Response;
  try {
    res = await ctx.deps.fetch(url, { method: 'GET', headers: { accept: 'application/json' }, timeoutMs: FETCH_TIMEOUT_MS });
  } catch (e) {
    return { ok: false, reason: describeFetchError(e) };
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) return { ok: false, status: res.status, reason: `HTTP ${res.status}` };
  try {
    return { ok: true, status: res.status, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: res.status, reason: 'the answer is not JSON' };
  }
}

function proxyNote(ctx: CheckContext): string {
  const env = ctx.deps.env;
  const p = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  return p !== undefined && p.trim() !== '' ? ' through the configured proxy' : '';
}

async function openaiLive(ctx: CheckContext): Promise<Finding[]> {
  let ep: ReturnType<typeof openaiEndpoints>;
  try {
    ep = openaiEndpoints(ctx.deps.env);
  } catch (e) {
    return [
      {
        id: 'live-issuer-invalid',
        severity: 'error',
        title: 'AUTH_WIZARD_OPENAI_ISSUER is not a usable issuer URL, so the OpenAI checks were skipped.',
        detail: e instanceof Error ? e.message : String(e),
        fix: 'unset AUTH_WIZARD_OPENAI_ISSUER  (or set it to an https:// URL)',
        paths: [],
      },
    ];
  }
  const discoveryUrl = `${ep.issuer}/.well-known/openid-configuration`;
  const discovery = await getJson(ctx, discoveryUrl);
  if (!discovery.ok && discovery.status === undefined) {
    return [
      {
        id: 'live-issuer-unreachable',
        severity: 'error',
        title: `The OpenAI issuer ${ep.issuer} cannot be reached from here${proxyNote(ctx)}: ${discovery.reason}.`,
        detail: 'Sign-in and token refresh for Codex, OpenCode and auth-wizard need this host. Check the network, HTTPS_PROXY / NO_PROXY, and NODE_EXTRA_CA_CERTS for a TLS-inspecting proxy.',
        fix: `curl -sS ${shellQuote(discoveryUrl)}  (from this shell, to see the network error), then fix the proxy or CA settings`,
        paths: [],
      },
    ];
  }
  const out: Finding[] = [];
  let jwksUrl = ep.jwks;
  if (discovery.ok && isRecord(discovery.json)) {
    const iss = str(discovery.json.issuer);
    const uri = str(discovery.json.jwks_uri);
    if (uri !== undefined && /^https?:\/\//.test(uri)) jwksUrl = uri;
    if (iss !== undefined && iss !== ep.issuer) {
      out.push({
        id: 'live-issuer-mismatch',
        severity: 'warning',
        title: `The issuer at ${ep.issuer} calls itself ${iss}.`,
        detail: 'Tokens it issues name a different issuer than auth-wizard expects; a proxy or gateway may be rewriting the answer.',
        fix: 'check AUTH_WIZARD_OPENAI_ISSUER and any gateway in front of the issuer',
        paths: [],
      });
    }
  }
  out.unshift({
    id: 'live-issuer-reachable',
    severity: 'info',
    title: `The OpenAI issuer ${ep.issuer} answers${proxyNote(ctx)}.`,
    detail: discovery.ok ? 'Its OpenID discovery document was fetched.' : `It answered the discovery request with ${discovery.reason}.`,
    paths: [],
  });

  const creds = ctx.report.credentials.filter((c) => c.provider === 'openai' && (c.secrets.idToken !== undefined || c.secrets.access !== undefined));
  if (creds.length === 0) return out;
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
  for (const c of creds) out.push(await signatureFinding(ctx, jose, keys, c, ep.issuer));
  return out;
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

async function anthropicLive(ctx: CheckContext): Promise<Finding[]> {
  const r = await ctx.deps.exec('claude', ['auth', 'status'], { timeoutMs: CLAUDE_STATUS_TIMEOUT_MS, env: { ...ctx.deps.env } });
  const stored = ctx.report.credentials.find((c) => c.source === 'claude-code');
  if (r.notFound === true) {
    return [
      {
        id: 'live-claude-missing',
        severity: 'info',
        title: 'Claude Code (`claude`) is not installed here, so its own sign-in check was skipped.',
        detail: 'doctor --live asks the official `claude auth status` rather than calling Anthropic itself.',
        fix: 'npm install -g @anthropic-ai/claude-code',
        paths: [],
      },
    ];
  }
  if (r.timedOut === true) {
    return [
      {
        id: 'live-claude-timeout',
        severity: 'warning',
        title: `\`claude auth status\` did not answer within ${CLAUDE_STATUS_TIMEOUT_MS / 1000} s.`,
        detail: 'Claude Code may be waiting on the network or on the macOS Keychain.',
        fix: 'claude auth status --text',
        paths: [],
      },
    ];
  }
  const status = parseClaudeAuthStatus(r.stdout);
  if (status === undefined) {
    return [
      {
        id: 'live-claude-status-unreadable',
        severity: 'warning',
        title: `\`claude auth status\` gave no JSON answer (exit ${r.code ?? '?'}); Claude Code may be older than 2.1.41.`,
        detail: 'Newer Claude Code prints {"loggedIn": …} and exits 0 when signed in, 1 when not.',
        fix: 'claude update',
        paths: [],
      },
    ];
  }
  const method = status.authMethod ?? 'unknown';
  if (status.loggedIn) {
    return [
      {
        id: 'live-claude-signed-in',
        severity: 'info',
        title: `Claude Code says it is signed in (method ${method}${status.subscriptionType !== undefined ? `, plan ${status.subscriptionType}` : ''}).`,
        detail: `Answer of \`claude auth status\`${status.apiKeySource !== undefined ? `; an API key also comes from ${status.apiKeySource}` : ''}.`,
        paths: [],
      },
    ];
  }
  if (stored !== undefined && stored.state !== 'signed-out' && stored.state !== 'unreadable') {
    return [
      {
        id: 'live-claude-rejects-credentials',
        severity: 'error',
        title: `Claude Code says it is not signed in, although ${where(ctx, stored)} holds a sign-in.`,
        detail: 'Claude Code does not accept the stored credentials (a missing "user:inference" scope or an empty access token does that); its own check is what counts.',
        fix: stored.fix ?? 'auth-wizard login --provider anthropic --method claude-cli',
        paths: isFilePath(stored.path) ? [stored.path] : [],
      },
    ];
  }
  return [
    {
      id: 'live-claude-not-signed-in',
      severity: 'info',
      title: 'Claude Code says it is not signed in.',
      detail: 'Answer of `claude auth status`.',
      fix: 'auth-wizard login --provider anthropic --method claude-cli',
      paths: [],
    },
  ];
}

export async function liveChecks(ctx: CheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  if (wants(ctx, 'openai')) out.push(...(await openaiLive(ctx)));
  if (wants(ctx, 'anthropic')) out.push(...(await anthropicLive(ctx)));
  return out;
}
