// Reads the claims OpenAI puts in its id_token and access token
// (codex-rs token_data.rs): email at the top level or in the profile claim,
// ChatGPT account/plan/user under `https://api.openai.com/auth`.
import { expiryMs } from '../core/expiry';
import { decodeJwt } from '../core/jwt';
import { isRecord, str, strList } from '../core/guards';

export const AUTH_CLAIM = 'https://api.openai.com/auth';
export const PROFILE_CLAIM = 'https://api.openai.com/profile';

export interface OpenAiClaims {
  email?: string | undefined;
  accountId?: string | undefined;
  userId?: string | undefined;
  plan?: string | undefined;
  orgId?: string | undefined;
  orgName?: string | undefined;
  scopes?: string[] | undefined;
  expiresAt?: number | undefined;
}

function orgOf(auth: Record<string, unknown>): { id?: string; name?: string } {
  const orgs = auth.organizations;
  if (!Array.isArray(orgs)) return {};
  const first = orgs.find((o) => isRecord(o) && o.is_default === true) ?? orgs[0];
  return isRecord(first) ? { id: str(first.id), name: str(first.title) ?? str(first.name) } : {};
}

export function openAiClaims(token: unknown): OpenAiClaims {
  const d = decodeJwt(token);
  if (!d.ok) return {};
  const p = d.jwt.payload;
  const auth = isRecord(p[AUTH_CLAIM]) ? p[AUTH_CLAIM] : {};
  const profile = isRecord(p[PROFILE_CLAIM]) ? p[PROFILE_CLAIM] : {};
  const org = orgOf(auth);
  return {
    email: str(p.email) ?? str(profile.email),
    accountId: str(auth.chatgpt_account_id),
    userId: str(auth.chatgpt_user_id) ?? str(auth.user_id),
    plan: str(auth.chatgpt_plan_type),
    orgId: org.id,
    orgName: org.name,
    scopes: strList(p.scp) ?? strList(p.scope),
    // NumericDate seconds; an `exp` that is there but no time (0, a string, 1e400) is expired, not absent.
    expiresAt: expiryMs(typeof p.exp === 'number' ? p.exp * 1000 : p.exp),
  };
}

/** Merges id_token and access-token claims: the id_token speaks for identity, the access token for expiry. */
export function mergedOpenAiClaims(idToken: unknown, accessToken: unknown): OpenAiClaims {
  const id = openAiClaims(idToken);
  const access = openAiClaims(accessToken);
  return {
    email: id.email ?? access.email,
    accountId: id.accountId ?? access.accountId,
    userId: id.userId ?? access.userId,
    plan: id.plan ?? access.plan,
    orgId: id.orgId ?? access.orgId,
    orgName: id.orgName ?? access.orgName,
    scopes: access.scopes ?? id.scopes,
    expiresAt: access.expiresAt ?? id.expiresAt,
  };
}
