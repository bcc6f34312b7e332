import * as crypto from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH_CLAIM,
  TEST_API_AUDIENCE,
  TEST_CLIENT_ID,
  TEST_REDIRECT_URI,
  TEST_SCOPE,
  startTestIssuer,
  type TestIssuer,
} from './helpers/oidc-server.js';

const b64url = (buf: Buffer) => buf.toString('base64url');

function pkce() {
  const verifier = b64url(crypto.randomBytes(32));
  const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

/** An authorize URL shaped like ours / Codex's (docs/providers.md §2). */
function authorizeUrl(issuer: string, challenge: string, state: string, redirectUri = TEST_REDIRECT_URI): string {
  const params: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', TEST_CLIENT_ID],
    ['redirect_uri', redirectUri],
    ['scope', TEST_SCOPE],
    ['code_challenge', challenge],
    ['code_challenge_method', 'S256'],
    ['id_token_add_organizations', 'true'],
    ['codex_cli_simplified_flow', 'true'],
    ['state', state],
    ['originator', 'auth_wizard'],
  ];
  return `${issuer}/oauth/authorize?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

async function postForm(url: string, body: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function postJson(url: string, body: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('test issuer (OpenAI-like oidc-provider)', () => {
  let op: TestIssuer;

  beforeAll(async () => {
    op = await startTestIssuer();
  });
  afterAll(async () => {
    await op?.stop();
  });

  it('listens on 127.0.0.1 and serves discovery and JWKS at the OpenAI paths', async () => {
    expect(op.issuer).toBe(`http://127.0.0.1:${op.port}`);
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(op.issuer);
    expect(meta.authorization_endpoint).toBe(`${op.issuer}/oauth/authorize`);
    expect(meta.token_endpoint).toBe(`${op.issuer}/oauth/token`);
    expect(meta.revocation_endpoint).toBe(`${op.issuer}/oauth/revoke`);
    expect(meta.jwks_uri).toBe(`${op.issuer}/.well-known/jwks.json`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(TEST_SCOPE.split(' ')));

    const jwks = (await (await fetch(`${op.issuer}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0]).not.toHaveProperty('d'); // public part only
  });

  it('signIn(), refresh (form, JSON), rotation, reuse detection and counts', async () => {
    op.resetCounts();
    const first = await op.signIn({ email: 'alice@example.com', plan: 'pro' });
    expect(first.expires_in).toBe(3600);
    expect(typeof first.refresh_token).toBe('string');

    const id = decodeJwt(first.id_token);
    expect(id.iss).toBe(op.issuer);
    expect(id.aud).toBe(TEST_CLIENT_ID);
    expect(id.email).toBe('alice@example.com');
    const auth = id[AUTH_CLAIM] as Record<string, unknown>;
    expect(auth.chatgpt_plan_type).toBe('pro');
    expect(auth.chatgpt_account_id).toBe(op.account('alice@example.com').accountId);
    expect(typeof auth.chatgpt_user_id).toBe('string');

    // JWT access token, signed with the published key.
    expect(decodeProtectedHeader(first.access_token).typ).toBe('at+jwt');
    const jwks = createRemoteJWKSet(new URL(`${op.issuer}/.well-known/jwks.json`));
    const { payload: at } = await jwtVerify(first.access_token, jwks, { issuer: op.issuer, audience: TEST_API_AUDIENCE });
    expect(typeof at.exp).toBe('number');
    expect(at.exp! - at.iat!).toBe(3600);
    expect(at.scp).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']));
    expect(at.scope).toBe(TEST_SCOPE);
    expect(at.sub).toBe(id.sub);
    expect(at[AUTH_CLAIM]).toMatchObject({
      chatgpt_account_id: auth.chatgpt_account_id,
      chatgpt_plan_type: 'pro',
      chatgpt_user_id: auth.chatgpt_user_id,
    });

    // Refresh, form-encoded: rotates.
    const tokenUrl = `${op.issuer}/oauth/token`;
    const r1 = await postForm(tokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: TEST_CLIENT_ID,
    });
    expect(r1.status).toBe(200);
    expect(r1.json.refresh_token).toEqual(expect.any(String));
    expect(r1.json.refresh_token).not.toBe(first.refresh_token);
    expect(r1.json.access_token).not.toBe(first.access_token);
    expect(decodeJwt(r1.json.access_token as string)[AUTH_CLAIM]).toMatchObject({ chatgpt_plan_type: 'pro' });
    expect(decodeJwt(r1.json.id_token as string).email).toBe('alice@example.com');

    // Refresh, JSON body (as Codex sends it).
    const r2 = await postJson(tokenUrl, {
      client_id: TEST_CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: r1.json.refresh_token as string,
    });
    expect(r2.status).toBe(200);
    expect(r2.json.refresh_token).not.toBe(r1.json.refresh_token);
    expect(decodeJwt(r2.json.access_token as string).sub).toBe(id.sub);

    // Replaying a rotated refresh token fails and revokes the grant...
    const replay = await postForm(tokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: TEST_CLIENT_ID,
    });
    expect(replay.status).toBe(400);
    expect(replay.json.error).toBe('invalid_grant');
    // ...so even the newest one is dead now.
    const newest = await postJson(tokenUrl, {
      client_id: TEST_CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: r2.json.refresh_token as string,
    });
    expect(newest.status).toBe(400);
    expect(newest.json.error).toBe('invalid_grant');

    expect(op.counts).toEqual({ token: 5, refresh: 4, authorizationCode: 1, revoke: 0 });
    expect(op.requests.map((r) => [r.path, r.grantType, r.contentType])).toEqual([
      ['/oauth/token', 'authorization_code', 'application/x-www-form-urlencoded'],
      ['/oauth/token', 'refresh_token', 'application/x-www-form-urlencoded'],
      ['/oauth/token', 'refresh_token', 'application/json'],
      ['/oauth/token', 'refresh_token', 'application/x-www-form-urlencoded'],
      ['/oauth/token', 'refresh_token', 'application/json'],
    ]);
    expect(op.requests[2]?.body).toEqual({
      client_id: TEST_CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: r1.json.refresh_token,
    });
    expect(op.requests[0]?.body).toMatchObject({ redirect_uri: TEST_REDIRECT_URI, code_verifier: expect.any(String) });
  });

  it('authorizeViaHttp() returns the callback URL with code and the same state', async () => {
    const { verifier, challenge } = pkce();
    const state = b64url(crypto.randomBytes(32));
    const callback = new URL(await op.authorizeViaHttp(authorizeUrl(op.issuer, challenge, state), { email: 'bob' }));
    expect(`${callback.origin}${callback.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(state);
    const code = callback.searchParams.get('code');
    expect(code).toEqual(expect.any(String));

    // The code works once with the right verifier.
    const exchange = await postForm(`${op.issuer}/oauth/token`, {
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: TEST_REDIRECT_URI,
      client_id: TEST_CLIENT_ID,
      code_verifier: verifier,
    });
    expect(exchange.status).toBe(200);
    expect(decodeJwt(exchange.json.id_token as string).email).toBe('bob@example.test');
    expect(decodeJwt(exchange.json.id_token as string)[AUTH_CLAIM]).toMatchObject({ chatgpt_plan_type: 'plus' });
  });

  it('rejects a wrong code_verifier and a missing redirect_uri', async () => {
    const { challenge } = pkce();
    const state = b64url(crypto.randomBytes(16));
    const code = new URL(await op.authorizeViaHttp(authorizeUrl(op.issuer, challenge, state))).searchParams.get('code')!;
    const bad = await postForm(`${op.issuer}/oauth/token`, {
      grant_type: 'authorization_code',
      code,
      client_id: TEST_CLIENT_ID,
      redirect_uri: TEST_REDIRECT_URI,
      code_verifier: pkce().verifier,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_grant');

    const noRedirect = await postForm(`${op.issuer}/oauth/token`, {
      grant_type: 'authorization_code',
      code: 'x',
      client_id: TEST_CLIENT_ID,
      code_verifier: pkce().verifier,
    });
    expect(noRedirect.status).toBe(400);
    expect(noRedirect.json.error).toBe('invalid_request');
  });

  it('authorizeViaHttp() with deny returns error=access_denied and the state', async () => {
    const { challenge } = pkce();
    const state = b64url(crypto.randomBytes(32));
    const callback = new URL(await op.authorizeViaHttp(authorizeUrl(op.issuer, challenge, state), { deny: true }));
    expect(`${callback.origin}${callback.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('only accepts the registered redirect_uri, byte for byte', async () => {
    const { challenge } = pkce();
    await expect(
      op.authorizeViaHttp(authorizeUrl(op.issuer, challenge, 'st', 'http://localhost:1457/auth/callback')),
    ).rejects.toThrow(/redirect_uri/);
  });

  it('access-token TTL: per sign-in and via setAccessTtl()', async () => {
    const short = await op.signIn({ email: 'carol', accessTtlSeconds: 60 });
    expect(short.expires_in).toBe(60);
    const at = decodeJwt(short.access_token);
    expect(at.exp! - at.iat!).toBe(60);

    op.setAccessTtl(120);
    const refreshed = await postForm(`${op.issuer}/oauth/token`, {
      grant_type: 'refresh_token',
      refresh_token: short.refresh_token,
      client_id: TEST_CLIENT_ID,
    });
    expect(refreshed.json.expires_in).toBe(120);
    op.setAccessTtl(3600);
  });

  it('revocation at /oauth/revoke (form and JSON) is counted and kills the refresh token', async () => {
    op.resetCounts();
    const t = await op.signIn({ email: 'dave' });
    const rev = await fetch(`${op.issuer}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: t.refresh_token, token_type_hint: 'refresh_token', client_id: TEST_CLIENT_ID }),
    });
    expect(rev.status).toBe(200);
    const after = await postForm(`${op.issuer}/oauth/token`, {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token,
      client_id: TEST_CLIENT_ID,
    });
    expect(after.json.error).toBe('invalid_grant');
    expect(op.counts).toEqual({ token: 2, refresh: 1, authorizationCode: 1, revoke: 1 });
  });

  it('stop() closes every socket', async () => {
    const other = await startTestIssuer();
    // Keep-alive connection from fetch stays open until stop().
    expect((await fetch(`${other.issuer}/.well-known/openid-configuration`)).status).toBe(200);
    await other.stop();
    await expect(fetch(`${other.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
