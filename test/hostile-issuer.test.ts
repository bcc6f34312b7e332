// A hostile or misconfigured issuer gets nothing (docs/security.md, "Sign-in"):
// - token, device and revoke requests never follow a redirect: a 3xx is an
//   error, tried once, and the origin it points to receives nothing;
// - an error answer that echoes what it was sent (the code, the verifier, the
//   refresh token) is shown redacted, on the exchange, device and refresh paths;
// - a token response is checked before anything is stored (token_type Bearer,
//   an id_token's iss / aud / exp);
// - login checks its target file before it exchanges the code, so a refused
//   target never burns a grant the server already issued.
// The issuer here is a scripted node:http server (test/helpers/hostile-issuer.ts);
// the real oidc-provider (test/helpers/oidc-server.ts) runs beside it as one of
// the "elsewhere" origins a redirect points to, and must receive nothing.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFetch } from '../src/adapters/net';
import type { Deps, InStream } from '../src/deps';
import { main } from '../src/main';
import { upsertProfile } from '../src/stores/auth-wizard.write';
import { builtCli } from './helpers/built-cli';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { type Answer, type ScriptedServer, type SeenRequest, startScriptedServer } from './helpers/hostile-issuer';
import { put, tempHome } from './helpers/fixture-home';
import { realFetch } from './helpers/net';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';
import { fakeSecret, openAiTokens, signatureOf } from './helpers/tokens';

const CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
const nowSec = Math.floor(FIXED_NOW / 1000);

let hostile: ScriptedServer;
let elsewhere: ScriptedServer;
let op: TestIssuer;

const notFound = (): Answer => ({ status: 404, body: { error: 'not_found' } });

beforeAll(async () => {
  [hostile, elsewhere, op] = await Promise.all([startScriptedServer(notFound), startScriptedServer(), startTestIssuer()]);
});
afterAll(async () => {
  await Promise.all([hostile?.stop(), elsewhere?.stop(), op?.stop()]);
});
beforeEach(() => {
  hostile.requests.length = 0;
  elsewhere.requests.length = 0;
  hostile.answer = notFound;
  op.resetCounts();
});

function deps(home: string, o: Partial<Deps> = {}) {
  return testDeps(home, { env: { AUTH_WIZARD_OPENAI_ISSUER: hostile.origin }, fetch: realFetch, ...o });
}

/** A token response as the issuer at `iss` would send it; `idClaims` bends the id_token. */
function tokenAnswer(o: { iss?: string; idClaims?: Record<string, unknown>; extra?: Record<string, unknown>; omit?: string[] } = {}) {
  const t = openAiTokens({ email: 'hostile@example.test', expSec: nowSec + 3600, iss: o.iss ?? hostile.origin, ...(o.idClaims !== undefined ? { idClaims: o.idClaims } : {}) });
  const body: Record<string, unknown> = { id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, expires_in: 3600, token_type: 'Bearer', ...o.extra };
  for (const k of o.omit ?? []) delete body[k];
  return { t, answer: { status: 200, body } satisfies Answer };
}

const EXISTING_CODEX = '{\n  "auth_mode": "apikey",\n  "OPENAI_API_KEY": "sk-test-existing-0000000000000000",\n  "other": {"keep": [1, 2.50]}\n}\n';

function targetFile(home: string, target: string): string {
  return target === 'codex' ? join(home, '.codex/auth.json') : target === 'opencode' ? join(home, '.local/share/opencode/auth.json') : join(home, '.config/auth-wizard/auth-profiles.json');
}

/** `login --print-url`, then the address the browser would end on, with a code of our choosing. */
async function printUrl(home: string, args: string[] = []): Promise<{ code: number; callback: string; err: string }> {
  const d = deps(home);
  const code = await main(['login', '--provider', 'openai', '--print-url', ...args], d);
  if (code !== 0) return { code, callback: '', err: d.err() };
  const url = new URL(d.out().trim());
  const cb = new URL(url.searchParams.get('redirect_uri')!);
  cb.searchParams.set('code', authCode);
  cb.searchParams.set('state', url.searchParams.get('state')!);
  return { code, callback: cb.href, err: d.err() };
}

async function complete(home: string, callback: string, o: Partial<Deps> = {}) {
  const d = deps(home, o);
  const code = await main(['login', '--provider', 'openai', '--complete', callback], d);
  return { code, out: d.out(), err: d.err(), text: d.out() + d.err() };
}

/** Both phases: the exchange the server answers with `hostile.answer`. */
async function twoPhase(home: string, args: string[] = []) {
  const p = await printUrl(home, args);
  expect(p.code, p.err).toBe(0);
  return complete(home, p.callback);
}

// An authorization code shaped like OpenAI's (opaque, long).
const authCode = `ac_${fakeSecret('', 24)}`;

/** A profile in auth-wizard's store that expires within the refresh margin. */
async function expiringProfile(home = tempHome()) {
  const t = openAiTokens({ email: 'r@example.test', expSec: nowSec + 60, iss: hostile.origin });
  await upsertProfile({ home, env: {} }, 'openai:default', { type: 'oauth', provider: 'openai', access: t.accessToken, refresh: t.refreshToken, idToken: t.idToken }, { now: FIXED_NOW });
  const file = join(home, '.config/auth-wizard/auth-profiles.json');
  return { home, t, file, before: readFileSync(file) };
}

function expectNone(text: string, secrets: string[]): void {
  for (const s of secrets) {
    if (text.includes(s)) throw new Error(`output holds a secret (${s.slice(0, 6)}…): ${text}`);
  }
}

function redirectTo(status: number, path: string): Answer {
  // The Location carries something secret-looking: only its host may be shown.
  return { status, headers: { location: `${elsewhere.origin}${path}?leak=LOCATION-SECRET-123` }, body: '' };
}

// ---------------------------------------------------------------------------

describe('a 3xx from the issuer is an error and is never followed', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`code exchange: ${status} → one request, nothing elsewhere, exit 4, Codex file byte-identical`, async () => {
      const home = tempHome();
      const file = put(home, '.codex/auth.json', EXISTING_CODEX);
      const p = await printUrl(home);
      hostile.answer = (r) => (r.path === '/oauth/token' ? redirectTo(status, '/oauth/token') : notFound());
      const r = await complete(home, p.callback);
      expect(r.code, r.err).toBe(4);
      expect(hostile.count('/oauth/token')).toBe(1);
      expect(elsewhere.count()).toBe(0);
      expect(r.err).toContain(`token endpoint (${new URL(hostile.origin).host}/oauth/token) answered HTTP ${status}, a redirect to ${new URL(elsewhere.origin).host}`);
      expect(r.err).not.toContain('LOCATION-SECRET-123');
      expectNone(r.text, [authCode]);
      expect(readFileSync(file, 'utf8')).toBe(EXISTING_CODEX);
    });
  }

  it('a redirect to the real oidc-provider: it receives nothing (code exchange, refresh, revoke)', async () => {
    hostile.answer = (r) => ({ status: 307, headers: { location: `${op.issuer}${r.path}` }, body: '' });
    const home = tempHome();
    const p = await printUrl(home);
    expect((await complete(home, p.callback)).code).toBe(4);
    const { home: home2, t, file, before } = await expiringProfile();
    const d = deps(home2);
    expect(await main(['refresh', '--provider', 'openai'], d)).toBe(4);
    expect(readFileSync(file)).toEqual(before);
    const d2 = deps(home2);
    expect(await main(['logout', '--provider', 'openai', '--revoke', '--yes'], d2)).not.toBe(0);
    expect(readFileSync(file)).toEqual(before);
    expect(op.counts).toEqual({ token: 0, refresh: 0, authorizationCode: 0, revoke: 0 });
    expect(op.requests).toEqual([]);
    expectNone(d.out() + d.err() + d2.out() + d2.err(), [t.refreshToken, t.accessToken]);
  });

  for (const [name, fetchFn] of [
    ['the test fetch', realFetch],
    ['the real undici adapter (EnvHttpProxyAgent)', createFetch(process.env)],
  ] as const) {
    it(`refresh through ${name}: a 307 sends the refresh token nowhere else, and is not retried`, async () => {
      const { home, t, file, before } = await expiringProfile();
      hostile.answer = (r) => (r.path === '/oauth/token' ? redirectTo(307, '/steal') : notFound());
      const d = deps(home, { fetch: fetchFn as Deps['fetch'] });
      const code = await main(['refresh', '--provider', 'openai'], d);
      expect(code, d.err()).toBe(4);
      expect(hostile.count('/oauth/token')).toBe(1);
      expect(elsewhere.count()).toBe(0);
      expect(d.err()).toMatch(/token endpoint \(127\.0\.0\.1:\d+\/oauth\/token\) answered HTTP 307, a redirect to 127\.0\.0\.1:\d+/);
      expect(d.err()).not.toContain('LOCATION-SECRET-123');
      expectNone(d.out() + d.err(), [t.refreshToken, t.accessToken, signatureOf(t.idToken)]);
      expect(readFileSync(file)).toEqual(before);
    });
  }

  it('through an HTTP proxy (HTTP_PROXY, the real adapter): the 307 comes back through the proxy and is not followed', async () => {
    // A forward proxy of a few lines: it relays absolute-URI requests and counts them.
    const relayed: string[] = [];
    const proxy = createServer((req, res) => {
      relayed.push(req.url ?? '');
      const up = httpRequest(req.url ?? '', { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    // undici tunnels through the proxy with CONNECT, for http:// targets too.
    const tunnels = new Set<{ destroy(): void }>();
    proxy.on('connect', (req, client, head) => {
      tunnels.add(client);
      relayed.push(`CONNECT ${req.url ?? ''}`);
      const [host, port] = (req.url ?? '').split(':');
      const up = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(client);
        client.pipe(up);
      });
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    try {
      // EnvHttpProxyAgent reads the environment when the adapter makes it (on its first request).
      process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      for (const k of ['http_proxy', 'NO_PROXY', 'no_proxy'] as const) delete process.env[k];
      const { home, t, file, before } = await expiringProfile();
      hostile.answer = (r) => (r.path === '/oauth/token' ? redirectTo(307, '/steal') : notFound());
      const d = deps(home, { fetch: createFetch(process.env) });
      expect(await main(['refresh', '--provider', 'openai'], d), d.err()).toBe(4);
      expect(relayed).toHaveLength(1);
      expect(relayed[0]).toMatch(new RegExp(`^(CONNECT ${new URL(hostile.origin).host}|${hostile.origin}/oauth/token)$`));
      expect(hostile.count('/oauth/token')).toBe(1);
      expect(elsewhere.count()).toBe(0);
      expect(d.err()).toContain('answered HTTP 307');
      expectNone(d.out() + d.err(), [t.refreshToken]);
      expect(readFileSync(file)).toEqual(before);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      for (const t of tunnels) t.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });

  it('revoke: a 302 is not followed or retried; nothing is removed', async () => {
    const { home, t, file, before } = await expiringProfile();
    hostile.answer = (r) => (r.path === '/oauth/revoke' ? redirectTo(302, '/oauth/revoke') : notFound());
    const d = deps(home);
    const code = await main(['logout', '--provider', 'openai', '--revoke', '--yes'], d);
    expect(code).not.toBe(0);
    expect(hostile.count('/oauth/revoke')).toBe(1);
    expect(elsewhere.count()).toBe(0);
    expect(d.err()).toMatch(/revocation endpoint \(127\.0\.0\.1:\d+\/oauth\/revoke\) answered HTTP 302/);
    expect(d.err()).toContain('Nothing was removed');
    expectNone(d.out() + d.err(), [t.refreshToken, t.accessToken]);
    expect(readFileSync(file)).toEqual(before);
  });

  const device = {
    usercode: (r: SeenRequest): Answer => (r.path === '/api/accounts/deviceauth/usercode' ? { status: 200, body: { device_auth_id: 'deviceauth_0123456789abcdef', user_code: 'WXYZ-9876', interval: '1' } } : notFound()),
    approve: { status: 200, body: { authorization_code: authCode, code_verifier: 'v'.repeat(43) } } satisfies Answer,
  };
  const deviceCases: Array<[string, string, (r: SeenRequest) => Answer]> = [
    ['the user-code request', '/api/accounts/deviceauth/usercode', (r) => (r.path === '/api/accounts/deviceauth/usercode' ? redirectTo(307, r.path) : notFound())],
    ['the poll', '/api/accounts/deviceauth/token', (r) => (r.path === '/api/accounts/deviceauth/token' ? redirectTo(302, r.path) : device.usercode(r))],
    ['the device code exchange', '/oauth/token', (r) => (r.path === '/oauth/token' ? redirectTo(308, r.path) : r.path === '/api/accounts/deviceauth/token' ? device.approve : device.usercode(r))],
  ];
  for (const [what, path, answer] of deviceCases) {
    it(`device sign-in: a 3xx on ${what} ends it; one request there, nothing elsewhere, nothing written`, async () => {
      const home = tempHome();
      hostile.answer = answer;
      const d = deps(home);
      const code = await main(['login', '--provider', 'openai', '--device'], d);
      expect(code, d.err()).toBe(4);
      expect(hostile.count(path)).toBe(1);
      expect(elsewhere.count()).toBe(0);
      expect(d.err()).toMatch(/answered HTTP 30[278], a redirect to 127\.0\.0\.1:\d+/);
      expect(d.err()).not.toContain('LOCATION-SECRET-123');
      expectNone(d.out() + d.err(), [authCode, 'v'.repeat(43)]);
      expect(existsSync(targetFile(home, 'codex'))).toBe(false);
    });
  }
});

// ---------------------------------------------------------------------------

describe('an error answer that echoes the request is shown redacted', () => {
  /** 400 with what it was sent: the secret fields in `error`, the whole body in `error_description`. */
  const echo = (secretField: string, openAiShape = false) => (r: SeenRequest): Answer => {
    const secret = r.body[secretField] ?? 'none';
    return openAiShape
      ? { status: 401, body: { error: { code: secret, message: `bad request: ${r.raw}` } } }
      : { status: 400, body: { error: secret.slice(0, 60), error_description: `cannot use ${r.raw} (${JSON.stringify(r.body)})` } };
  };

  it('code exchange: neither the code nor the verifier appears', async () => {
    for (const field of ['code', 'code_verifier']) {
      const home = tempHome();
      const p = await printUrl(home);
      const pending = readdirSync(join(home, '.config/auth-wizard/pending-logins'));
      const verifier = JSON.parse(readFileSync(join(home, '.config/auth-wizard/pending-logins', pending[0]!), 'utf8')).verifier as string;
      hostile.answer = (r) => (r.path === '/oauth/token' ? echo(field)(r) : notFound());
      const r = await complete(home, p.callback);
      expect(r.code).toBe(4);
      expect(hostile.requests.at(-1)!.body).toMatchObject({ code: authCode, code_verifier: verifier });
      expect(r.err).toContain('[redacted]');
      expectNone(r.text, [authCode, verifier]);
    }
  });

  it('device sign-in: neither the device auth id, the code nor the verifier appears', async () => {
    const verifier = fakeSecret('', 32);
    const deviceAuthId = `deviceauth_${fakeSecret('', 16)}`;
    const usercode: Answer = { status: 200, body: { device_auth_id: deviceAuthId, user_code: 'WXYZ-9876', interval: '1' } };
    for (const stage of ['poll', 'exchange'] as const) {
      hostile.answer = (r) => {
        if (r.path === '/api/accounts/deviceauth/usercode') return usercode;
        if (r.path === '/api/accounts/deviceauth/token') return stage === 'poll' ? { status: 400, body: { error: deviceAuthId } } : { status: 200, body: { authorization_code: authCode, code_verifier: verifier } };
        if (r.path === '/oauth/token') return echo('code_verifier')(r);
        return notFound();
      };
      const d = deps(tempHome());
      expect(await main(['login', '--provider', 'openai', '--device'], d)).toBe(4);
      expect(d.err()).toContain('[redacted]');
      expectNone(d.out() + d.err(), [authCode, verifier, deviceAuthId]);
    }
  });

  it('refresh: the refresh token never appears (RFC 6749 and OpenAI error shapes)', async () => {
    for (const openAiShape of [false, true]) {
      const { home, t, file, before } = await expiringProfile();
      hostile.answer = (r) => (r.path === '/oauth/token' ? echo('refresh_token', openAiShape)(r) : notFound());
      const d = deps(home);
      expect(await main(['refresh', '--provider', 'openai'], d)).toBe(4);
      expect(hostile.requests.at(-1)!.body.refresh_token).toBe(t.refreshToken);
      expect(d.err()).toContain('[redacted]');
      expectNone(d.out() + d.err(), [t.refreshToken, t.accessToken]);
      expect(readFileSync(file)).toEqual(before);
    }
  });

  it('a token-shaped string we never sent is redacted too (a JWT, a long opaque value)', async () => {
    const home = tempHome();
    const p = await printUrl(home);
    const jwt = openAiTokens({ expSec: nowSec + 60 }).accessToken;
    const opaque = fakeSecret('', 40);
    hostile.answer = () => ({ status: 400, body: { error: 'invalid_request', error_description: `try ${opaque} or ${jwt}` } });
    const r = await complete(home, p.callback);
    expect(r.code).toBe(4);
    expect(r.err).toContain('invalid_request: try [redacted] or [redacted]');
    expectNone(r.text, [opaque, jwt.split('.')[1]!.slice(0, 40)]);
  });
});

// ---------------------------------------------------------------------------

describe('a token response is validated before anything is stored', () => {
  const now = nowSec;
  const bad: Array<[string, () => Answer, RegExp]> = [
    ['token_type mac', () => tokenAnswer({ extra: { token_type: 'mac' } }).answer, /token_type "mac", not Bearer/],
    ['no token_type', () => tokenAnswer({ omit: ['token_type'] }).answer, /without a token_type/],
    ['access_token not a string', () => tokenAnswer({ extra: { access_token: 12345 } }).answer, /access_token that is not a string/],
    ['id_token from another issuer', () => tokenAnswer({ iss: 'https://evil.example' }).answer, /id_token was issued by https:\/\/evil\.example, not by http:\/\/127\.0\.0\.1:\d+/],
    ['id_token without iss', () => tokenAnswer({ idClaims: { iss: undefined } }).answer, /id_token names no issuer/],
    ['id_token for another client (string aud)', () => tokenAnswer({ idClaims: { aud: 'app_someone_else' } }).answer, /id_token is meant for app_someone_else, not for this client/],
    ['id_token for another client (array aud)', () => tokenAnswer({ idClaims: { aud: ['app_a', 'app_b'] } }).answer, /id_token is meant for app_a, app_b, not for this client/],
    ['id_token without exp', () => tokenAnswer({ idClaims: { exp: undefined } }).answer, /id_token has no expiry/],
    ['id_token expired', () => tokenAnswer({ idClaims: { exp: now - 2 * 3600 } }).answer, /id_token expired at 2026-11-23 10:00 UTC/],
    ['id_token not a JWT', () => tokenAnswer({ extra: { id_token: 'not-a-jwt' } }).answer, /id_token that is not a JWT/],
  ];
  for (const [what, answer, message] of bad) {
    it(`code exchange, ${what}: an OAuth error (exit 4), nothing written`, async () => {
      const home = tempHome();
      hostile.answer = (r) => (r.path === '/oauth/token' ? answer() : notFound());
      const r = await twoPhase(home);
      expect(r.code, r.err).toBe(4);
      expect(r.err).toMatch(message);
      expect(r.err).toContain('Nothing was written');
      expect(existsSync(targetFile(home, 'codex'))).toBe(false);
      expect(r.out).toBe('');
    });
  }

  it('what the rules allow: "bearer" in any case, aud as a plain string, an exp within the 60 s skew', async () => {
    for (const a of [
      tokenAnswer({ extra: { token_type: 'bearer' } }),
      tokenAnswer({ idClaims: { aud: CLIENT_ID } }),
      tokenAnswer({ idClaims: { exp: now - 30 } }),
      tokenAnswer({ idClaims: { aud: ['app_other', CLIENT_ID], azp: CLIENT_ID } }),
    ]) {
      const home = tempHome();
      hostile.answer = (r) => (r.path === '/oauth/token' ? a.answer : notFound());
      const r = await twoPhase(home);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(readFileSync(targetFile(home, 'codex'), 'utf8')).tokens.refresh_token).toBe(a.t.refreshToken);
    }
  });

  it('refresh: a wrong id_token or token_type is refused and the store is byte-identical; fields left out are fine', async () => {
    for (const [answer, message] of [
      [tokenAnswer({ iss: 'https://evil.example' }).answer, /issued by https:\/\/evil\.example/],
      [tokenAnswer({ idClaims: { aud: 'app_someone_else' } }).answer, /meant for app_someone_else/],
      [tokenAnswer({ idClaims: { exp: now - 3600 } }).answer, /id_token expired/],
      [tokenAnswer({ extra: { token_type: 'DPoP' } }).answer, /token_type "DPoP", not Bearer/],
    ] as const) {
      const { home, t, file, before } = await expiringProfile();
      hostile.answer = (r) => (r.path === '/oauth/token' ? answer : notFound());
      const d = deps(home);
      expect(await main(['refresh', '--provider', 'openai'], d), d.err()).toBe(4);
      expect(d.err()).toMatch(message);
      expect(d.err()).toContain('left as it was');
      expect(hostile.count('/oauth/token')).toBe(1);
      hostile.requests.length = 0;
      expect(readFileSync(file)).toEqual(before);
      expectNone(d.out() + d.err(), [t.refreshToken]);
    }
    // Codex's refresh answers may leave out token_type and id_token.
    const { home, file } = await expiringProfile();
    const fresh = tokenAnswer({ omit: ['token_type', 'id_token', 'refresh_token'] });
    hostile.answer = () => fresh.answer;
    const d = deps(home);
    expect(await main(['refresh', '--provider', 'openai'], d), d.err()).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles['openai:default'].access).toBe(fresh.t.accessToken);
  });
});

// ---------------------------------------------------------------------------

describe('login checks its target before it exchanges the code', () => {
  const CORRUPT = '{"tokens": {"refresh_token": "rt_half-written';

  /** stdin that hands over one line once `ready()` says so. */
  function stdinWhen(line: () => Promise<string | undefined>): InStream {
    return {
      isTTY: false,
      async *[Symbol.asyncIterator]() {
        const l = await line();
        if (l !== undefined) yield `${l}\n`;
      },
    };
  }

  it('paste flow, corrupt Codex file: refused before any request, the file untouched', async () => {
    const home = tempHome();
    const file = put(home, '.codex/auth.json', CORRUPT);
    hostile.answer = (r) => (r.path === '/oauth/token' ? tokenAnswer().answer : notFound());
    let err = '';
    let sawUrl!: (u: string | undefined) => void;
    const url = new Promise<string | undefined>((r) => (sawUrl = r));
    const d = deps(home, {
      stdin: stdinWhen(async () => {
        const u = await url;
        if (u === undefined) return undefined;
        const q = new URL(u);
        return `${q.searchParams.get('redirect_uri')}?code=${authCode}&state=${q.searchParams.get('state')}`;
      }),
    });
    d.stderr = {
      isTTY: false,
      write: (s: string) => {
        err += s;
        const m = /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/.exec(err);
        if (m) sawUrl(m[0]);
        return true;
      },
    };
    const code = await main(['login', '--provider', 'openai', '--method', 'paste'], d);
    sawUrl(undefined);
    expect(code, err).toBe(1);
    expect(err).toContain(`${file} is not valid JSON`);
    expect(err).toContain('the sign-in stopped before any code was exchanged');
    expect(hostile.count()).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(CORRUPT);
  });

  for (const target of ['codex', 'opencode', 'auth-wizard'] as const) {
    it(`two-phase into ${target}: --print-url refuses a corrupt target; --complete checks again before the exchange, and works once it is fixed`, async () => {
      const home = tempHome();
      const file = targetFile(home, target);
      put(home, file.slice(home.length + 1), CORRUPT);
      const refused = await printUrl(home, ['--target', target]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('is not valid JSON');
      expect(existsSync(join(home, '.config/auth-wizard/pending-logins')) ? readdirSync(join(home, '.config/auth-wizard/pending-logins')) : []).toEqual([]);

      // The file became corrupt between the two phases.
      writeFileSync(file, '{}');
      const p = await printUrl(home, ['--target', target]);
      expect(p.code, p.err).toBe(0);
      writeFileSync(file, CORRUPT);
      hostile.answer = (r) => (r.path === '/oauth/token' ? tokenAnswer().answer : notFound());
      const r = await complete(home, p.callback);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toContain(`${file} is not valid JSON`);
      expect(hostile.count()).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(CORRUPT);

      // The attempt was not used up: fix the file and finish it.
      writeFileSync(file, '{}');
      const again = await complete(home, p.callback);
      expect(again.code, again.err).toBe(0);
      expect(hostile.count('/oauth/token')).toBe(1);
    });
  }

  it('device sign-in into OpenCode with a corrupt auth.json: refused before the first request', async () => {
    const home = tempHome();
    const file = put(home, '.local/share/opencode/auth.json', CORRUPT);
    hostile.answer = (r) =>
      r.path === '/api/accounts/deviceauth/usercode'
        ? { status: 200, body: { device_auth_id: 'deviceauth_x', user_code: 'WXYZ-9876', interval: '1' } }
        : r.path === '/api/accounts/deviceauth/token'
          ? { status: 200, body: { authorization_code: authCode, code_verifier: 'v'.repeat(43) } }
          : tokenAnswer().answer;
    const d = deps(home);
    expect(await main(['login', '--provider', 'openai', '--device', '--target', 'opencode'], d)).toBe(1);
    expect(d.err()).toContain(`${file} is not valid JSON`);
    expect(hostile.count()).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(CORRUPT);
  });

  it('--force still signs in over a corrupt file (a .corrupt copy is kept first)', async () => {
    const home = tempHome();
    const file = put(home, '.codex/auth.json', CORRUPT);
    hostile.answer = (r) => (r.path === '/oauth/token' ? tokenAnswer().answer : notFound());
    const p = await printUrl(home, ['--force']);
    expect(p.code, p.err).toBe(0);
    const d = deps(home);
    expect(await main(['login', '--provider', 'openai', '--complete', p.callback, '--force'], d), d.err()).toBe(0);
    expect(readdirSync(join(home, '.codex')).some((n) => n.startsWith('auth.json.corrupt-'))).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).auth_mode).toBe('chatgpt');
  });

  it('an unwritable target folder (as an unprivileged user, built CLI): refused before the exchange', async () => {
    // As root every folder is writable; the check must be seen to work as a user.
    const home = tempHome();
    chmodSync(home, 0o755);
    mkdirSync(join(home, '.codex'), { mode: 0o755 });
    mkdirSync(join(home, '.config'), { mode: 0o700 });
    for (const d of [home, join(home, '.codex'), join(home, '.config')]) chownSync(d, 65534, 65534);
    hostile.answer = (r) => (r.path === '/oauth/token' ? tokenAnswer().answer : notFound());
    // Asynchronously: the issuer answers from this process's event loop.
    const asNobody = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'setpriv',
          ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, builtCli(), ...args],
          { env: { PATH: process.env.PATH ?? '', HOME: home, AUTH_WIZARD_OPENAI_ISSUER: hostile.origin }, encoding: 'utf8', timeout: 20_000 },
          (e, stdout, stderr) => resolve({ status: e === null ? 0 : typeof e.code === 'number' ? e.code : null, stdout, stderr }),
        );
      });
    const first = await asNobody(['login', '--provider', 'openai', '--print-url']);
    expect(first.status, first.stderr).toBe(0);
    const url = new URL(first.stdout.trim());
    const cb = `${url.searchParams.get('redirect_uri')}?code=${authCode}&state=${url.searchParams.get('state')}`;
    // Between the two phases, Codex's folder became someone else's.
    chownSync(join(home, '.codex'), 0, 0);
    const refused = await asNobody(['login', '--provider', 'openai', '--complete', cb]);
    expect(refused.status, refused.stderr).toBe(1);
    // Root's folder: the ownership check (resolveWriteTarget) or the writability check refuses it.
    expect(refused.stderr).toMatch(new RegExp(`${join(home, '.codex').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*(is not writable|a folder owned by another user)`));
    expect(hostile.count()).toBe(0);
    expect(readdirSync(join(home, '.codex'))).toEqual([]);
  });
});
