// An in-process authorization server that behaves like OpenAI's
// https://auth.openai.com for integration tests (sign-in, refresh, doctor --live).
// Built on panva's oidc-provider@9 with OpenAI's paths, Codex CLI's public
// client, JWT access tokens carrying the `https://api.openai.com/auth` claim,
// rotating refresh tokens, and a token endpoint that also takes JSON bodies
// (Codex refreshes with JSON). See docs/providers.md §2.
//
// Listens on 127.0.0.1 only; `stop()` closes every socket.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { refreshMarginMs } from '../../src/stores/grant';

export const TEST_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const TEST_REDIRECT_URI = 'http://localhost:1455/auth/callback';
export const TEST_SCOPE = 'openid profile email offline_access';
/** The access tokens' audience (what OpenAI puts in `aud`). */
export const TEST_API_AUDIENCE = 'https://api.openai.com/v1';
export const AUTH_CLAIM = 'https://api.openai.com/auth';
export const PROFILE_CLAIM = 'https://api.openai.com/profile';

export interface TestAccount {
  /** `sub` of the tokens. */
  sub: string;
  email: string;
  plan: string;
  /** `chatgpt_account_id` */
  accountId: string;
  /** `chatgpt_user_id` / `user_id` */
  userId: string;
}

export interface TokenResponse {
  id_token: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type?: string;
  scope?: string;
}

export interface RecordedRequest {
  /** `/oauth/token` or `/oauth/revoke` */
  path: string;
  method: string;
  grantType?: string;
  /** The Content-Type the client sent (before any JSON→form conversion). */
  contentType?: string;
  /** The body as the client sent it, flattened to strings (JSON or form). */
  body: Record<string, string>;
}

export interface TestIssuer {
  /** e.g. http://127.0.0.1:<port> (set AUTH_WIZARD_OPENAI_ISSUER to this). */
  issuer: string;
  port: number;
  /** Requests seen at /oauth/token (all, and by grant_type) and at /oauth/revoke. */
  counts: { token: number; refresh: number; authorizationCode: number; revoke: number };
  /** Every /oauth/token and /oauth/revoke request, in order. */
  requests: RecordedRequest[];
  /**
   * Full authorization-code + PKCE sign-in over plain HTTP (no browser):
   * authorize → login form → consent → code → token. Counts as one
   * authorization_code request in `counts`/`requests`.
   * `accessTtlSeconds` applies to this sign-in's first access token only.
   */
  signIn(opts?: { email?: string; plan?: string; accessTtlSeconds?: number }): Promise<TokenResponse>;
  /**
   * Follows the authorize URL our code built through the login and consent
   * pages with fetch + cookies and returns the redirect to the client
   * (e.g. http://localhost:1455/auth/callback?code=…&state=…&iss=…) without
   * requesting it. `deny: true` signs in, then cancels at the consent page
   * (→ `error=access_denied`). Throws if the server shows an error page.
   */
  authorizeViaHttp(authorizeUrl: string, opts?: { email?: string; plan?: string; deny?: boolean }): Promise<string>;
  /** Access-token lifetime for tokens issued from now on (default 3600). */
  setAccessTtl(seconds: number): void;
  /** The account a login name maps to (created on first use). */
  account(login: string): TestAccount;
  /** Changes an account's plan; later tokens (including refreshes) carry it. */
  setPlan(login: string, plan: string): void;
  /** Zeroes `counts` and empties `requests`. */
  resetCounts(): void;
  stop(): Promise<void>;
}

export interface StartTestIssuerOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 3600. */
  accessTtlSeconds?: number;
  /** Refresh-token lifetime, default 14 days. */
  refreshTtlSeconds?: number;
  /** Default plan of new accounts, default 'plus'. */
  defaultPlan?: string;
  /**
   * Registered redirect URIs, default exactly [TEST_REDIRECT_URI]. Matching is
   * exact (oidc-provider would otherwise ignore the port of loopback URIs).
   */
  redirectUris?: string[];
}

// ---------------------------------------------------------------------------
// Minimal typings for the parts of oidc-provider used here (it ships none).

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface KoaContext {
  method: string;
  path: string;
  querystring: string;
  status: number;
  body: unknown;
  type: string;
  req: http.IncomingMessage & { body?: unknown };
  res: http.ServerResponse;
  set(name: string, value: string): void;
  redirect(url: string): void;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface InteractionDetails {
  uid: string;
  prompt: { name: string; reasons?: string[]; details: Record<string, unknown> };
  params: Record<string, unknown>;
  session?: { accountId: string };
  grantId?: string;
}

interface GrantInstance {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}
interface GrantClass {
  new (init: { accountId: string; clientId: string }): GrantInstance;
  find(id: string): Promise<GrantInstance | undefined>;
}

interface OidcProvider {
  callback(): NodeHandler;
  use(fn: KoaMiddleware): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<InteractionDetails>;
  interactionResult(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    result: Record<string, unknown>,
    opts?: { mergeWithLastSubmission?: boolean },
  ): Promise<string>;
  Grant: GrantClass;
  Client: { prototype: { redirectUriAllowed(value: string): boolean; redirectUris: string[] } };
}

interface OidcModule {
  default: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
  errors: { InvalidTarget: new (description?: string) => Error };
}

// ---------------------------------------------------------------------------
// Quiet oidc-provider's development-mode chatter (tests would drown in it).

const SILENCED = [
  /oidc-provider WARNING: Unsupported runtime/,
  /oidc-provider WARNING: already parsed request body detected/,
  /oidc-provider WARNING: .*development-only/,
  /oidc-provider NOTICE: default .* function called/,
];
let consoleFiltered = false;

function silenceProviderDevWarnings(): void {
  if (consoleFiltered) return;
  consoleFiltered = true;
  for (const method of ['warn', 'info'] as const) {
    const original = console[method];
    console[method] = function filtered(this: Console, ...args: unknown[]) {
      const first = args[0];
      if (typeof first === 'string' && SILENCED.some((re) => re.test(first))) return;
      original.apply(this, args);
    } as Console[typeof method];
  }
}

let modulePromise: Promise<OidcModule> | undefined;
function loadOidcProvider(): Promise<OidcModule> {
  silenceProviderDevWarnings();
  // @ts-ignore -- oidc-provider ships no type declarations; typed locally above.
  modulePromise ??= import('oidc-provider') as Promise<OidcModule>;
  return modulePromise;
}

// One RSA signing key per test process (generation costs ~100 ms).
let signingJwk: crypto.JsonWebKey | undefined;
function signingKey(): crypto.JsonWebKey {
  if (!signingJwk) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };
  }
  return signingJwk;
}

// ---------------------------------------------------------------------------
// Storage: a per-issuer in-memory adapter (the built-in one is shared
// process-wide and warns on every start).

interface StoredEntry {
  payload: Record<string, unknown>;
  expiresAt: number | undefined;
}

function createAdapterFactory(): (model: string) => unknown {
  const store = new Map<string, StoredEntry>();
  const now = () => Date.now();
  const live = (key: string): StoredEntry | undefined => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  };
  return (model: string) => {
    const key = (id: string) => `${model}:${id}`;
    const findBy = (field: string, value: string) => {
      for (const [k, entry] of store) {
        if (k.startsWith(`${model}:`) && entry.payload[field] === value && live(k)) return { ...entry.payload };
      }
      return undefined;
    };
    return {
      async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
        store.set(key(id), {
          payload: { ...payload },
          expiresAt: typeof expiresIn === 'number' ? now() + expiresIn * 1000 : undefined,
        });
      },
      async find(id: string) {
        const entry = live(key(id));
        return entry ? { ...entry.payload } : undefined;
      },
      async findByUid(uid: string) {
        return findBy('uid', uid);
      },
      async findByUserCode(userCode: string) {
        return findBy('userCode', userCode);
      },
      async consume(id: string) {
        const entry = live(key(id));
        if (entry) entry.payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id: string) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId: string) {
        for (const [k, entry] of store) {
          if (k.startsWith(`${model}:`) && entry.payload.grantId === grantId) store.delete(k);
        }
      },
    };
  };
}

// ---------------------------------------------------------------------------
// Helpers

const b64url = (buf: Buffer) => buf.toString('base64url');

function hashHex(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function uuidFrom(text: string): string {
  const h = hashHex(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const BODY_LIMIT = 64 * 1024;

async function readRawBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > BODY_LIMIT) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenJson(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:28em;margin:3em auto}label{display:block;margin:.6em 0}input{display:block;width:100%;padding:.4em}button{margin-top:1em;padding:.5em 1.5em}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

// --- Forms and cookies for authorizeViaHttp --------------------------------

interface ParsedForm {
  id?: string;
  action: string;
  method: string;
  fields: Record<string, string>;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = ` ${m[1] ?? ''}`;
    const inner = m[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input[0], 'name');
      if (name) fields[name] = attr(input[0], 'value') ?? '';
    }
    const id = attr(open, 'id');
    forms.push({
      ...(id !== undefined ? { id } : {}),
      action: attr(open, 'action') ?? '',
      method: (attr(open, 'method') ?? 'get').toLowerCase(),
      fields,
    });
  }
  return forms;
}

function findLink(html: string, id: string): string | undefined {
  for (const m of html.matchAll(/<a\b[^>]*>/gi)) {
    if (attr(m[0], 'id') === id) return attr(m[0], 'href');
  }
  return undefined;
}

class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(res: Response, url: URL): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const a of attrs) {
        const i = a.indexOf('=');
        const k = (i === -1 ? a : a.slice(0, i)).trim().toLowerCase();
        const v = i === -1 ? '' : a.slice(i + 1).trim();
        if (k === 'path' && v.startsWith('/')) path = v;
        if (k === 'max-age' && Number(v) <= 0) expired = true;
        if (k === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      const key = `${name}\u0000${path}`;
      if (expired || value === '') this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  header(url: URL): string | undefined {
    const p = url.pathname;
    const matching = [...this.cookies.values()]
      .filter((c) => p === c.path || (p.startsWith(c.path) && (c.path.endsWith('/') || p[c.path.length] === '/')))
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }
}

/**
 * Resolves once an access token this issuer signed is due by auth-wizard's
 * own rule (refreshMarginMs: within min(5 min, half its lifetime) of expiry).
 * A 1-second token (iat a whole second, exp one later) is due half a second
 * into the second it was issued in, so this waits 0-0.5 s where a fixed sleep
 * past its expiry waited 1.1 s.
 */
export async function untilDue(accessToken: string): Promise<void> {
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: number; exp?: number };
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') throw new Error('untilDue: the access token has no iat/exp');
  const expiresAt = claims.exp * 1000;
  const dueAt = expiresAt - refreshMarginMs({ expiresAt, issuedAt: claims.iat * 1000 });
  // A few ms past the moment: the CLI compares with its own Date.now().
  const wait = dueAt - Date.now() + 20;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

// ---------------------------------------------------------------------------

export async function startTestIssuer(opts: StartTestIssuerOptions = {}): Promise<TestIssuer> {
  const { default: Provider, errors } = await loadOidcProvider();

  let accessTtl = opts.accessTtlSeconds ?? 3600;
  const refreshTtl = opts.refreshTtlSeconds ?? 14 * 24 * 3600;
  const defaultPlan = opts.defaultPlan ?? 'plus';
  const redirectUris = opts.redirectUris ?? [TEST_REDIRECT_URI];
  /** Access-token TTL for the exchange of a given authorization code (signIn's accessTtlSeconds). */
  const codeTtl = new Map<string, number>();

  const accounts = new Map<string, TestAccount>(); // by sub
  const accountFor = (login: string): TestAccount => {
    const email = login.includes('@') ? login : `${login}@example.test`;
    const h = hashHex(email.toLowerCase());
    const sub = `auth0|${h.slice(0, 24)}`;
    let acct = accounts.get(sub);
    if (!acct) {
      acct = { sub, email, plan: defaultPlan, accountId: uuidFrom(`account:${email}`), userId: `user-${h.slice(24, 48)}` };
      accounts.set(sub, acct);
    }
    return acct;
  };
  const authClaim = (a: TestAccount) => ({
    chatgpt_account_id: a.accountId,
    chatgpt_plan_type: a.plan,
    chatgpt_user_id: a.userId,
    user_id: a.userId,
  });

  const counts = { token: 0, refresh: 0, authorizationCode: 0, revoke: 0 };
  const requests: RecordedRequest[] = [];

  // Listen first: the issuer URL needs the port.
  let handler: NodeHandler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handler(req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const configuration: Record<string, unknown> = {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        scope: TEST_SCOPE,
      },
    ],
    jwks: { keys: [signingKey()] },
    adapter: createAdapterFactory(),
    cookies: { keys: [b64url(crypto.randomBytes(32))] },
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      revocation: '/oauth/revoke',
      jwks: '/.well-known/jwks.json',
      userinfo: '/userinfo',
      introspection: '/oauth/introspect',
      end_session: '/oauth/logout',
    },
    scopes: ['openid', 'offline_access'],
    claims: {
      openid: ['sub', AUTH_CLAIM],
      email: ['email', 'email_verified', PROFILE_CLAIM],
      profile: ['name'],
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    conformIdTokenClaims: false,
    rotateRefreshToken: true,
    issueRefreshToken: async (
      _ctx: unknown,
      client: { grantTypeAllowed(t: string): boolean },
      code: { scopes: Set<string> },
    ) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    async findAccount(_ctx: unknown, sub: string) {
      const acct = accounts.get(sub);
      if (!acct) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: acct.email,
            email_verified: true,
            name: acct.email.split('@')[0],
            [PROFILE_CLAIM]: { email: acct.email, email_verified: true },
            [AUTH_CLAIM]: {
              ...authClaim(acct),
              organizations: [{ id: `org-${acct.accountId.slice(0, 8)}`, is_default: true, role: 'owner', title: 'Personal' }],
            },
          };
        },
      };
    },
    async extraTokenClaims(_ctx: unknown, token: { kind?: string; accountId?: string; scope?: string }) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const acct = accounts.get(token.accountId);
      if (!acct) return undefined;
      return {
        scp: (token.scope ?? '').split(' ').filter(Boolean),
        [AUTH_CLAIM]: authClaim(acct),
        [PROFILE_CLAIM]: { email: acct.email, email_verified: true },
      };
    },
    ttl: {
      AccessToken(ctx: { oidc?: { params?: { code?: unknown } } } | undefined) {
        const code = ctx?.oidc?.params?.code;
        if (typeof code === 'string' && codeTtl.has(code)) return codeTtl.get(code);
        return accessTtl;
      },
      AuthorizationCode: () => 60,
      IdToken: () => 3600,
      RefreshToken: () => refreshTtl,
      Interaction: () => 3600,
      Session: () => 14 * 24 * 3600,
      Grant: () => 14 * 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
          token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => TEST_API_AUDIENCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator !== TEST_API_AUDIENCE) throw new errors.InvalidTarget();
          return {
            scope: TEST_SCOPE,
            audience: TEST_API_AUDIENCE,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    async renderError(ctx: KoaContext, out: Record<string, unknown>) {
      ctx.type = 'html';
      ctx.body = page(
        'Error',
        Object.entries(out)
          .map(([k, v]) => `<pre class="error" data-key="${escapeHtml(k)}">${escapeHtml(k)}: ${escapeHtml(String(v))}</pre>`)
          .join('\n'),
      );
    },
  };

  const provider = new Provider(issuer, configuration);

  // Exact redirect_uri matching (oidc-provider ignores loopback ports for native clients).
  provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value: string) {
    return this.redirectUris.includes(value);
  };

  // --- Authorization endpoint: keep offline_access without prompt=consent. ---
  // OpenID Connect (and oidc-provider) drop `offline_access` unless the request
  // has prompt=consent; OpenAI issues refresh tokens to Codex's request, which
  // has no prompt. This native client is always shown the consent page anyway.
  provider.use(async (ctx, next) => {
    if (ctx.path === '/oauth/authorize' && ctx.method === 'GET') {
      const q = new URLSearchParams(ctx.querystring);
      if (!q.has('prompt') && (q.get('scope') ?? '').split(' ').includes('offline_access')) {
        ctx.querystring = `${ctx.querystring}&prompt=consent`;
      }
    }
    return next();
  });

  // --- Token and revocation endpoints: record, and accept JSON bodies. ---
  provider.use(async (ctx, next) => {
    const isToken = ctx.path === '/oauth/token';
    const isRevoke = ctx.path === '/oauth/revoke';
    if (ctx.method !== 'POST' || (!isToken && !isRevoke)) return next();

    const contentType = ctx.req.headers['content-type'];
    let raw: string;
    try {
      raw = await readRawBody(ctx.req);
    } catch {
      ctx.status = 413;
      ctx.body = { error: 'invalid_request', error_description: 'request body too large' };
      return;
    }
    let body: Record<string, string> | undefined;
    let form: string;
    if (contentType && /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
      try {
        body = flattenJson(JSON.parse(raw));
      } catch {
        body = undefined;
      }
      form = body ? new URLSearchParams(body).toString() : '';
    } else {
      body = Object.fromEntries(new URLSearchParams(raw));
      form = raw;
    }

    const grantType = body?.grant_type;
    requests.push({
      path: ctx.path,
      method: ctx.method,
      ...(grantType !== undefined ? { grantType } : {}),
      ...(contentType !== undefined ? { contentType } : {}),
      body: body ?? {},
    });
    if (isToken) {
      counts.token += 1;
      if (grantType === 'refresh_token') counts.refresh += 1;
      if (grantType === 'authorization_code') counts.authorizationCode += 1;
    } else {
      counts.revoke += 1;
    }

    if (!body) {
      ctx.status = 400;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: 'invalid_request', error_description: 'failed to parse the request body' };
      return;
    }

    // Hand oidc-provider an already-read form body (its supported fallback for
    // upstream body parsers).
    delete ctx.req.headers['transfer-encoding'];
    ctx.req.headers['content-type'] = 'application/x-www-form-urlencoded';
    ctx.req.headers['content-length'] = String(Buffer.byteLength(form));
    ctx.req.body = form;
    return next();
  });

  // --- Interactions: login form, then consent ("Continue"). ---
  provider.use(async (ctx, next) => {
    const m = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/.exec(ctx.path);
    if (!m) return next();
    const [, uid = '', action] = m;
    ctx.set('Cache-Control', 'no-store');
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== uid) throw new Error('interaction mismatch');
      const finish = async (result: Record<string, unknown>, merge: boolean) => {
        const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: merge });
        ctx.status = 303;
        ctx.redirect(to);
      };

      if (action === 'abort' && (ctx.method === 'GET' || ctx.method === 'POST')) {
        await finish({ error: 'access_denied', error_description: 'End-User aborted interaction' }, false);
        return;
      }

      if (action === undefined && ctx.method === 'GET') {
        ctx.type = 'html';
        ctx.body = details.prompt.name === 'login' ? loginPage(uid, details) : consentPage(uid, details);
        return;
      }

      if (action === 'login' && ctx.method === 'POST' && details.prompt.name === 'login') {
        const fields = new URLSearchParams(await readRawBody(ctx.req));
        const login = (fields.get('login') ?? '').trim();
        if (!login) {
          ctx.status = 400;
          ctx.type = 'html';
          ctx.body = loginPage(uid, details, 'Enter a login.');
          return;
        }
        const acct = accountFor(login);
        const plan = (fields.get('plan') ?? '').trim();
        if (plan) acct.plan = plan;
        await finish({ login: { accountId: acct.sub } }, false);
        return;
      }

      if (action === 'confirm' && ctx.method === 'POST' && details.prompt.name === 'consent') {
        const accountId = details.session?.accountId;
        const clientId = details.params.client_id;
        if (!accountId || typeof clientId !== 'string') throw new Error('no session for consent');
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId, clientId });
        if (!grant) throw new Error('grant not found');
        const d = details.prompt.details;
        if (Array.isArray(d.missingOIDCScope)) grant.addOIDCScope((d.missingOIDCScope as string[]).join(' '));
        if (Array.isArray(d.missingOIDCClaims)) grant.addOIDCClaims(d.missingOIDCClaims as string[]);
        if (d.missingResourceScopes && typeof d.missingResourceScopes === 'object') {
          for (const [indicator, scopes] of Object.entries(d.missingResourceScopes as Record<string, string[]>)) {
            grant.addResourceScope(indicator, scopes.join(' '));
          }
        }
        const grantId = await grant.save();
        await finish({ consent: { grantId } }, true);
        return;
      }

      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = page('Error', '<pre class="error">unexpected interaction request</pre>');
    } catch (err) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = page('Error', `<pre class="error">${escapeHtml(err instanceof Error ? err.message : String(err))}</pre>`);
    }
  });

  handler = provider.callback();

  function loginPage(uid: string, details: InteractionDetails, error?: string): string {
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
    return page(
      'Sign in',
      `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form id="login" method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
  <label>Email or username <input required type="text" name="login" placeholder="Enter any login" value="${escapeHtml(hint)}" autofocus></label>
  <label>Password <input type="password" name="password" placeholder="and password (ignored)"></label>
  <label>Plan <input type="text" name="plan" placeholder="${escapeHtml(defaultPlan)}"></label>
  <button type="submit" class="login login-submit">Sign-in</button>
</form>
<p><a id="abort" href="/interaction/${escapeHtml(uid)}/abort">Cancel</a></p>`,
    );
  }

  function consentPage(uid: string, details: InteractionDetails): string {
    const scope = typeof details.params.scope === 'string' ? details.params.scope : '';
    const acct = details.session ? accounts.get(details.session.accountId) : undefined;
    return page(
      'Authorize',
      `<p>${escapeHtml(String(details.params.client_id ?? ''))} wants to access ${escapeHtml(acct?.email ?? 'your account')}.</p>
<p>Scopes: <code>${escapeHtml(scope)}</code></p>
<form id="consent" method="post" action="/interaction/${escapeHtml(uid)}/confirm">
  <button autofocus type="submit" class="login login-submit">Continue</button>
</form>
<p><a id="abort" href="/interaction/${escapeHtml(uid)}/abort">Cancel</a></p>`,
    );
  }

  async function authorizeViaHttp(
    authorizeUrl: string,
    o: { email?: string; plan?: string; deny?: boolean } = {},
  ): Promise<string> {
    const jar = new CookieJar();
    const issuerOrigin = new URL(issuer).origin;
    let url = new URL(authorizeUrl);
    if (url.origin !== issuerOrigin) throw new Error(`authorize URL is not on the test issuer (${url.origin})`);
    let method = 'GET';
    let body: string | undefined;
    for (let step = 0; step < 20; step += 1) {
      const headers: Record<string, string> = {};
      const cookie = jar.header(url);
      if (cookie) headers.cookie = cookie;
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(url, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
      jar.store(res, url);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        const next = new URL(location, url);
        if (next.origin !== issuerOrigin) return next.href; // the redirect to the client
        url = next;
        method = 'GET';
        body = undefined;
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) {
        const errs = [...html.matchAll(/<pre class="error"[^>]*>([\s\S]*?)<\/pre>/g)].map((x) => decodeEntities(x[1] ?? ''));
        throw new Error(`test issuer: HTTP ${res.status} at ${url.pathname}${errs.length ? `: ${errs.join('; ')}` : ''}`);
      }
      const forms = parseForms(html);
      const login = forms.find((f) => f.id === 'login');
      const consent = forms.find((f) => f.id === 'consent');
      const abort = findLink(html, 'abort');
      let form: ParsedForm;
      if (login) {
        form = { ...login, fields: { ...login.fields, login: o.email ?? 'user@example.test', ...(o.plan ? { plan: o.plan } : {}) } };
      } else if (consent && o.deny && abort) {
        url = new URL(abort, url);
        method = 'GET';
        body = undefined;
        continue;
      } else if (consent) {
        form = consent;
      } else {
        throw new Error(`test issuer: unexpected page at ${url.pathname}`);
      }
      url = new URL(form.action, url);
      method = form.method.toUpperCase();
      body = new URLSearchParams(form.fields).toString();
      if (method === 'GET') {
        url.search = body;
        body = undefined;
      }
    }
    throw new Error('test issuer: too many steps in the authorization flow');
  }

  async function signIn(o: { email?: string; plan?: string; accessTtlSeconds?: number } = {}): Promise<TokenResponse> {
    const verifier = b64url(crypto.randomBytes(32));
    const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
    const state = b64url(crypto.randomBytes(32));
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: TEST_CLIENT_ID,
      redirect_uri: TEST_REDIRECT_URI,
      scope: TEST_SCOPE,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      id_token_add_organizations: 'true',
      codex_cli_simplified_flow: 'true',
      state,
      originator: 'codex_cli_rs',
    });
    const callback = new URL(
      await authorizeViaHttp(`${issuer}/oauth/authorize?${params}`, {
        ...(o.email !== undefined ? { email: o.email } : {}),
        ...(o.plan !== undefined ? { plan: o.plan } : {}),
      }),
    );
    const code = callback.searchParams.get('code');
    if (callback.searchParams.get('state') !== state) throw new Error('test issuer: state mismatch in callback');
    if (!code) throw new Error(`test issuer: no code in callback (${callback.searchParams.get('error') ?? 'unknown'})`);
    if (o.accessTtlSeconds !== undefined) codeTtl.set(code, o.accessTtlSeconds);
    try {
      const res = await fetch(`${issuer}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: TEST_REDIRECT_URI,
          client_id: TEST_CLIENT_ID,
          code_verifier: verifier,
        }).toString(),
      });
      const json = (await res.json()) as TokenResponse & { error?: string; error_description?: string };
      if (!res.ok) throw new Error(`test issuer: token exchange failed: ${res.status} ${json.error ?? ''} ${json.error_description ?? ''}`);
      return json;
    } finally {
      codeTtl.delete(code);
    }
  }

  let stopped: Promise<void> | undefined;
  return {
    issuer,
    port,
    counts,
    requests,
    signIn,
    authorizeViaHttp,
    setAccessTtl(seconds: number) {
      if (!Number.isInteger(seconds) || seconds <= 0) throw new TypeError('access TTL must be a positive integer');
      accessTtl = seconds;
    },
    account: accountFor,
    setPlan(login: string, plan: string) {
      accountFor(login).plan = plan;
    },
    resetCounts() {
      counts.token = 0;
      counts.refresh = 0;
      counts.authorizationCode = 0;
      counts.revoke = 0;
      requests.length = 0;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}
