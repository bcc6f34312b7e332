// `doctor --live` for OpenAI, the network half (src/doctor/live.ts verifies
// the signatures): reach the issuer through deps.fetch, so HTTPS_PROXY/NO_PROXY
// and NODE_EXTRA_CA_CERTS apply exactly as for sign-in, and find its key set.
import { isRecord, str } from '../core/guards';
import { shellQuote } from '../core/shell-quote';
import { openaiEndpoints } from '../oauth/openai-endpoints';
import { errCode } from '../core/err-code';
import type { CheckContext, Finding } from './finding';

const FETCH_TIMEOUT_MS = 10_000;

function describeFetchError(e: unknown): string {
  const cause = e instanceof Error && e.cause !== undefined ? e.cause : undefined;
  const code = errCode(cause) ?? errCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return `no answer within ${FETCH_TIMEOUT_MS / 1000} s`;
  return code !== undefined ? `${msg} (${code})` : msg;
}

export type JsonAnswer = { ok: true; status: number; json: unknown } | { ok: false; status?: number; reason: string };

export async function getJson(ctx: CheckContext, url: string): Promise<JsonAnswer> {
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

/** The issuer's findings, and where its keys are; `reached` is undefined when it was not reached (or is no usable URL). */
export async function issuerChecks(ctx: CheckContext): Promise<{ findings: Finding[]; reached?: { issuer: string; jwksUrl: string } }> {
  let ep: ReturnType<typeof openaiEndpoints>;
  try {
    ep = openaiEndpoints(ctx.deps.env);
  } catch (e) {
    const findings: Finding[] = [
      {
        id: 'live-issuer-invalid',
        severity: 'error',
        title: 'AUTH_WIZARD_OPENAI_ISSUER is not a usable issuer URL, so the OpenAI checks were skipped.',
        detail: e instanceof Error ? e.message : String(e),
        fix: 'unset AUTH_WIZARD_OPENAI_ISSUER  (or set it to an https:// URL)',
        paths: [],
      },
    ];
    return { findings };
  }
  const discoveryUrl = `${ep.issuer}/.well-known/openid-configuration`;
  const discovery = await getJson(ctx, discoveryUrl);
  if (!discovery.ok && discovery.status === undefined) {
    const findings: Finding[] = [
      {
        id: 'live-issuer-unreachable',
        severity: 'error',
        title: `The OpenAI issuer ${ep.issuer} cannot be reached from here${proxyNote(ctx)}: ${discovery.reason}.`,
        detail: 'Sign-in and token refresh for Codex, OpenCode and auth-wizard need this host. Check the network, HTTPS_PROXY / NO_PROXY, and NODE_EXTRA_CA_CERTS for a TLS-inspecting proxy.',
        fix: `curl -sS ${shellQuote(discoveryUrl)}  (from this shell, to see the network error), then fix the proxy or CA settings`,
        paths: [],
      },
    ];
    return { findings };
  }
  const uri = discovery.ok && isRecord(discovery.json) ? str(discovery.json.jwks_uri) : undefined;
  const jwksUrl = uri !== undefined && /^https?:\/\//.test(uri) ? uri : ep.jwks;
  return { findings: issuerFindings(ctx, ep.issuer, discovery), reached: { issuer: ep.issuer, jwksUrl } };
}

/** The issuer answers (and whether its discovery document names the issuer auth-wizard expects). */
function issuerFindings(ctx: CheckContext, issuer: string, discovery: JsonAnswer): Finding[] {
  const out: Finding[] = [];
  if (discovery.ok && isRecord(discovery.json)) {
    const iss = str(discovery.json.issuer);
    if (iss !== undefined && iss !== issuer) {
      out.push({
        id: 'live-issuer-mismatch',
        severity: 'warning',
        title: `The issuer at ${issuer} calls itself ${iss}.`,
        detail: 'Tokens it issues name a different issuer than auth-wizard expects; a proxy or gateway may be rewriting the answer.',
        fix: 'check AUTH_WIZARD_OPENAI_ISSUER and any gateway in front of the issuer',
        paths: [],
      });
    }
  }
  out.unshift({
    id: 'live-issuer-reachable',
    severity: 'info',
    title: `The OpenAI issuer ${issuer} answers${proxyNote(ctx)}.`,
    detail: discovery.ok ? 'Its OpenID discovery document was fetched.' : `It answered the discovery request with ${discovery.reason}.`,
    paths: [],
  });
  return out;
}
