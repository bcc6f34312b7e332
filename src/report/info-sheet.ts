// `info`: everything one credential says about itself, decoded, as a list of
// sections (a pure model; render-info turns it into text or JSON). Superset of
// `ccproxy auth openai-info`. Claims are unverified; signatures never shown.
import type { AssessedCredential } from '../core/credential';
import { type DecodedJwt, decodeJwt } from '../core/jwt';
import { isRecord, num, str, strList } from '../core/guards';
import { maskSecret } from '../core/mask';
import { AUTH_CLAIM } from '../core/openai-claims';
import { tildify } from '../fs/paths';
import { formatAbsolute, formatRelative } from './format';

/**
 * A label, its value, and how the value may wrap when it is wider than the
 * terminal: between words (default); `clauses` for a command, which moves to a
 * line of its own whole rather than split (see CLAUSES in wrap.ts); `whole`
 * never, for a token printed by --show-token, which must copy in one piece;
 * `prose` for a sentence or a list that carries data (wraps between words, and
 * is bounded as prose rather than as one field in text output).
 */
export type Row = [label: string, value: string, wrap?: 'clauses' | 'whole' | 'prose'];
export interface Section {
  title: string;
  rows: Row[];
  /** Who the credential belongs to: shown first, as a panel, before the tables of token details. */
  summary?: true;
}

export interface InfoSheet {
  credential: AssessedCredential;
  sections: Section[];
  /** Whether the sheet carries the tokens themselves (--show-token). */
  showsTokens: boolean;
  /** Decoded payloads for --json (claims only; never the signature). */
  claims: { accessToken?: Record<string, unknown>; idToken?: Record<string, unknown> };
}

function when(ms: number | undefined | null, now: number): string {
  return ms === undefined || ms === null ? '—' : `${formatAbsolute(ms)} (${formatRelative(ms, now)})`;
}

function v(x: string | undefined | null): string {
  return x === undefined || x === null || x === '' ? '—' : x;
}

function claimTime(p: Record<string, unknown>, key: string, now: number): string {
  const n = num(p[key]);
  return n === undefined ? '—' : when(n * 1000, now);
}

function aud(p: Record<string, unknown>): string {
  return v(strList(p.aud)?.join(', '));
}

function jwtRows(label: string, jwt: DecodedJwt, now: number): Row[] {
  const h = jwt.header;
  const p = jwt.payload;
  const exp = num(p.exp);
  return [
    [`${label} algorithm`, v(str(h.alg))],
    [`${label} type`, v(str(h.typ))],
    [`${label} key id`, v(str(h.kid))],
    [`${label} issuer`, v(str(p.iss))],
    [`${label} audience`, aud(p)],
    [`${label} subject`, v(str(p.sub))],
    [`${label} JWT id`, v(str(p.jti))],
    [`${label} issued at`, claimTime(p, 'iat', now)],
    [`${label} expires at`, claimTime(p, 'exp', now)],
    [`${label} expired`, exp === undefined ? '—' : exp * 1000 <= now ? 'yes' : 'no'],
  ];
}

function openAiSections(c: AssessedCredential, now: number, claims: InfoSheet['claims']): Section[] {
  const access = decodeJwt(c.secrets.access);
  const id = decodeJwt(c.secrets.idToken);
  const idp = id.ok ? id.jwt.payload : {};
  const ap = access.ok ? access.jwt.payload : {};
  if (id.ok) claims.idToken = idp;
  if (access.ok) claims.accessToken = ap;
  const auth = isRecord(idp[AUTH_CLAIM]) ? idp[AUTH_CLAIM] : isRecord(ap[AUTH_CLAIM]) ? ap[AUTH_CLAIM] : {};
  const orgs = Array.isArray(auth.organizations)
    ? auth.organizations.filter(isRecord).map((o) => `${str(o.title) ?? str(o.name) ?? '?'} (${str(o.id) ?? '?'}${str(o.role) ? `, ${str(o.role)}` : ''}${o.is_default === true ? ', default' : ''})`)
    : [];
  const until = str(auth.chatgpt_subscription_active_until);
  const start = str(auth.chatgpt_subscription_active_start);
  const account: Section = {
    title: 'Account',
    summary: true,
    rows: [
      ['Account ID', v(c.accountId)],
      ['User ID', v(c.userId)],
      ['Email', v(c.email)],
      ['Plan type', v(c.plan)],
      ['Organizations', orgs.length > 0 ? orgs.join('; ') : '—', 'prose'],
      ['Subscription active since', v(start)],
      ['Subscription active until', v(until)],
      ['Auth time', claimTime(idp, 'auth_time', now)],
    ],
  };
  const sections = [account];
  if (access.ok) sections.push({ title: 'Access token (claims unverified)', rows: [...jwtRows('Access', access.jwt, now), ['Access scopes', v(strList(ap.scp ?? ap.scope)?.join(' '))]] });
  else if (c.secrets.access !== undefined) sections.push({ title: 'Access token', rows: [['Format', `opaque (${access.reason})`]] });
  if (id.ok) sections.push({ title: 'ID token (claims unverified)', rows: [...jwtRows('ID', id.jwt, now), ['ID session id', v(str(idp.sid))]] });
  return sections;
}

function anthropicKind(token: string | undefined): string {
  if (token === undefined) return '—';
  if (token.startsWith('sk-ant-oat01-')) return 'subscription OAuth access token (sk-ant-oat01-)';
  if (token.startsWith('sk-ant-api03-')) return 'API key (sk-ant-api03-)';
  if (token.startsWith('sk-ant-')) return `Anthropic token (${token.slice(0, 12)}…)`;
  return 'unrecognised format';
}

function anthropicSections(c: AssessedCredential, now: number): Section[] {
  return [
    {
      title: 'Account',
      summary: true,
      rows: [
        ['Email', v(c.email)],
        ['Account ID', v(c.accountId)],
        ['Organization', c.orgName !== undefined ? `${c.orgName}${c.orgId !== undefined ? ` (${c.orgId})` : ''}` : v(c.orgId)],
        ['Subscription type', v(c.plan)],
        ['Rate-limit tier', v(c.rateLimitTier)],
        ['Scopes', v(c.scopes?.join(' '))],
      ],
    },
    {
      title: 'Tokens',
      rows: [
        ['Token kind', anthropicKind(c.secrets.access ?? c.secrets.apiKey)],
        ['Access token expires', when(c.expiresAt, now)],
        ['Refresh token expires', when(c.refreshExpiresAt, now)],
      ],
    },
  ];
}

/** `does not expire` only for a key that does not; a credential that cannot be read or holds no sign-in has nothing to count down. */
function timeRemaining(c: AssessedCredential, now: number): string {
  if (c.state === 'unreadable' || c.state === 'signed-out') return '—';
  if (c.expiresAt === null) return 'does not expire';
  return c.expiresAt > now ? formatRelative(c.expiresAt, now).replace(/^in /, '') : 'expired';
}

export function buildInfoSheet(c: AssessedCredential, now: number, home: string, showToken: boolean): InfoSheet {
  const claims: InfoSheet['claims'] = {};
  const secret = c.secrets.access ?? c.secrets.apiKey;
  const status: Section = {
    title: 'Credential',
    rows: [
      ['Provider', c.provider],
      ['Source', c.source + (c.entry !== undefined ? ` [${c.entry}]` : '')],
      ['Storage location', tildify(c.path, home)],
      ['Kind', v(c.kind)],
      ['Status', c.state + (c.usable && c.state === 'expired' ? ' (refreshable)' : '')],
      ['Used by', c.usedBy.length > 0 ? c.usedBy.join(', ') : '—'],
      ['Expires at', when(c.expiresAt, now)],
      ['Time remaining', timeRemaining(c, now)],
      showToken ? [c.kind === 'api_key' ? 'API key' : 'Access token', v(secret), 'whole'] : [c.kind === 'api_key' ? 'API key' : 'Access token', v(maskSecret(secret))],
      ['Refresh token available', c.canRefresh ? 'yes' : 'no'],
      ...(showToken && c.secrets.refresh !== undefined ? [['Refresh token', c.secrets.refresh, 'whole'] as Row] : []),
      ...(showToken && c.secrets.idToken !== undefined ? [['ID token', c.secrets.idToken, 'whole'] as Row] : []),
      ['Last refresh', when(c.lastRefresh, now)],
      ...(c.reason !== undefined ? [['Problem', c.reason, 'prose'] as Row] : []),
      ...(c.fix !== undefined ? [['Fix', c.fix, 'clauses'] as Row] : []),
    ],
  };
  const more = c.provider === 'openai' ? openAiSections(c, now, claims) : c.provider === 'anthropic' ? anthropicSections(c, now) : [];
  return { credential: c, sections: [status, ...more], claims, showsTokens: showToken };
}
