// Refresh against a real authorization server: panva's oidc-provider configured
// like OpenAI's issuer (rotating refresh tokens, reuse revokes the grant, JSON
// refresh bodies), reached through AUTH_WIZARD_OPENAI_ISSUER and real HTTP.
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps';
import { main } from '../src/main';
import { parseCodexAuth } from '../src/stores/codex';
import { parseOpencodeAuth } from '../src/stores/opencode';
import { resolveWriteTarget } from '../src/fs/atomic-write';
import { withLock } from '../src/fs/lock';
import { saveOpenAiGrant } from '../src/stores/sign-in';
import { codexLock } from '../src/fs/tool-locks';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { startTestIssuer, TEST_CLIENT_ID, type TestIssuer, type TokenResponse } from './helpers/oidc-server';
import { signatureOf } from './helpers/tokens';

let op: TestIssuer;
beforeAll(async () => {
  op = await startTestIssuer();
});
afterAll(async () => {
  await op?.stop();
});
beforeEach(() => op.resetCounts());

/**
 * Deps with real HTTP (Node's fetch is undici), pointed at the test issuer, and
 * the real clock 45 s on: the sign-ins below issue 30-60 s tokens that these
 * calls must find due. (The refresh margin is at most half a token's
 * lifetime, so a token just issued is never due at the real time.)
 */
function liveDeps(home: string, overrides: Partial<Deps> = {}) {
  return testDeps(home, {
    env: { AUTH_WIZARD_OPENAI_ISSUER: op.issuer },
    now: () => Date.now() + 45_000,
    fetch: (url, init = {}) => {
      const { timeoutMs, ...rest } = init;
      return fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs ?? 10_000) });
    },
    ...overrides,
  });
}

const profilesFile = (home: string) => join(home, '.config/auth-wizard/auth-profiles.json');
const readProfile = (home: string, id = 'openai:default') => JSON.parse(readFileSync(profilesFile(home), 'utf8')).profiles[id] as Record<string, unknown>;

async function storeProfile(home: string, t: TokenResponse, name = 'default') {
  await saveOpenAiGrant({ home, env: {} }, 'auth-wizard', { idToken: t.id_token, accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in }, { now: Date.now(), profileName: name });
}

/** Every secret a test knows of, and the JWT signatures, must be absent from output. */
function expectNoSecrets(text: string, ...sets: TokenResponse[]) {
  for (const t of sets) {
    for (const s of [t.access_token, t.refresh_token, t.id_token]) expect(text).not.toContain(s);
    for (const jwt of [t.access_token, t.id_token]) expect(text).not.toContain(signatureOf(jwt));
  }
}

async function postRefresh(refreshToken: string) {
  const res = await fetch(`${op.issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: TEST_CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, string> };
}

describe('refresh against the OpenAI-like issuer', () => {
  it('rotates: stores the new refresh token, access token and id_token; the stored token works next time', async () => {
    const home = tempHome();
    const first = await op.signIn({ email: 'rot@example.test', accessTtlSeconds: 60 }); // inside the 5-minute skew
    await storeProfile(home, first);
    const deps = liveDeps(home);

    expect(await main(['refresh', '--provider', 'openai'], deps)).toBe(0);
    expect(op.counts.refresh).toBe(1);
    const p = readProfile(home);
    expect(p.refresh).toEqual(expect.any(String));
    expect(p.refresh).not.toBe(first.refresh_token);
    expect(p.access).not.toBe(first.access_token);
    expect(String(p.idToken).split('.')).toHaveLength(3); // a new one when the server sends one, else the old
    expect(p.email).toBe('rot@example.test');
    expect(p.expires).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(deps.out()).toMatch(/^Refreshed auth-wizard profile openai:default \(.*\) \[rot@example.test, plus\]: the access token is valid until .* \(in (59m|1h)\)\. The new refresh token was saved\.\n$/);
    expect(deps.err()).toBe('');

    // The server rotated: only the stored (new) refresh token is live.
    const again = liveDeps(home);
    expect(await main(['refresh', '--provider', 'openai', '--force', '--json'], again)).toBe(0);
    expect(op.counts.refresh).toBe(2);
    const json = JSON.parse(again.out());
    expect(json).toMatchObject({ result: 'refreshed', provider: 'openai', source: 'auth-wizard', entry: 'openai:default', email: 'rot@example.test', refreshTokenRotated: true });
    expect(Date.parse(json.expiresAt)).toBeGreaterThan(Date.now());
    expectNoSecrets(deps.out() + deps.err() + again.out() + again.err(), first);
    expect(again.out()).not.toContain(String(readProfile(home).refresh));
  });

  it('a still-valid token: no lock, no request; --json says so', async () => {
    const home = tempHome();
    await storeProfile(home, await op.signIn({ email: 'valid@example.test' }));
    const deps = liveDeps(home);
    expect(await main(['refresh', '--provider', 'openai', '--json'], deps)).toBe(0);
    expect(op.counts.refresh).toBe(0);
    expect(JSON.parse(deps.out())).toMatchObject({ result: 'valid', refreshTokenRotated: null });
  });

  it('--source codex: writes back into auth.json, keeping unknown members; Codex can still read it', async () => {
    const home = tempHome();
    const t = await op.signIn({ email: 'codex@example.test', accessTtlSeconds: 30 });
    const path = put(
      home,
      '.codex/auth.json',
      `{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"${t.id_token}","access_token":"${t.access_token}","refresh_token":"${t.refresh_token}","account_id":"acct-keep","future":1},"last_refresh":"2026-01-01T00:00:00Z","unknown_member": {"big": 123456789012345678901}}`,
    );
    const deps = liveDeps(home);
    expect(await main(['refresh', '--provider', 'openai', '--source', 'codex'], deps)).toBe(0);
    expect(op.counts.refresh).toBe(1);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('"unknown_member": {"big": 123456789012345678901}');
    const doc = JSON.parse(text);
    expect(doc.auth_mode).toBe('chatgpt');
    expect(doc.tokens).toMatchObject({ account_id: 'acct-keep', future: 1 });
    expect(doc.tokens.refresh_token).not.toBe(t.refresh_token);
    expect(doc.tokens.id_token.split('.')).toHaveLength(3);
    expect(Date.parse(doc.last_refresh)).toBeGreaterThan(Date.now() - 60_000);
    expect(parseCodexAuth(text, path)).toMatchObject({ kind: 'oauth', canRefresh: true, email: 'codex@example.test' });
    expect(deps.out()).toContain("Refreshed Codex's sign-in (~/.codex/auth.json)");
    // auth-wizard's own store was not created: one grant, one store.
    expect(() => readFileSync(profilesFile(home))).toThrow();
  });

  it('--source opencode: only the openai entry changes; other entries keep their exact text', async () => {
    const home = tempHome();
    const t = await op.signIn({ email: 'oc@example.test', accessTtlSeconds: 30 });
    const other = '{"type":"api","key":"sk-or-v1-keep-me","extra":[1,2,3]}';
    const path = put(home, '.local/share/opencode/auth.json', `{"openrouter": ${other}, "openai": {"type":"oauth","refresh":"${t.refresh_token}","access":"${t.access_token}","expires":${Date.now() + 30_000},"accountId":"acct-oc","enterpriseUrl":"https://keep.example"}}`);
    const deps = liveDeps(home);
    expect(await main(['refresh', '--provider', 'openai', '--source', 'opencode'], deps)).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(`"openrouter": ${other}`);
    const entry = JSON.parse(text).openai;
    expect(entry).toMatchObject({ type: 'oauth', accountId: 'acct-oc', enterpriseUrl: 'https://keep.example' });
    expect(entry.refresh).not.toBe(t.refresh_token);
    expect(entry.expires).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(parseOpencodeAuth(text, path).map((c) => `${c.provider}:${c.kind}`)).toEqual(['openrouter:api_key', 'openai:oauth']);
  });

  it('keeps the old refresh token and id_token when the server sends none back', async () => {
    const home = tempHome();
    const t = await op.signIn({ email: 'keep@example.test', accessTtlSeconds: 30 });
    await storeProfile(home, t);
    const fresh = await op.signIn({ email: 'keep@example.test' }); // a real JWT to hand back as the new access token
    const seen: string[] = [];
    const deps = liveDeps(home, {
      // A tiny stand-in token endpoint: access token only, like a server that does not rotate.
      fetch: async (url, init) => {
        seen.push(`${String(url)} ${String(init?.body)}`);
        return new Response(JSON.stringify({ access_token: fresh.access_token, expires_in: 3600, token_type: 'Bearer' }), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    expect(await main(['refresh', '--provider', 'openai', '--json'], deps)).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain(`${op.issuer}/oauth/token`);
    expect(JSON.parse(seen[0]!.split(' ').slice(1).join(' '))).toEqual({ client_id: TEST_CLIENT_ID, grant_type: 'refresh_token', refresh_token: t.refresh_token });
    const p = readProfile(home);
    expect(p.access).toBe(fresh.access_token);
    expect(p.refresh).toBe(t.refresh_token);
    expect(p.idToken).toBe(t.id_token);
    expect(JSON.parse(deps.out())).toMatchObject({ result: 'refreshed', refreshTokenRotated: false });
  });

  it('a permanent error (reused refresh token): exit 4, "sign in again" with the login command, file byte-identical', async () => {
    const home = tempHome();
    const t = await op.signIn({ email: 'reuse@example.test', accessTtlSeconds: 30 });
    await storeProfile(home, t);
    // Another client rotates the grant behind our back: the stored token is now a reused one.
    const rotated = await postRefresh(t.refresh_token);
    expect(rotated.status).toBe(200);
    op.resetCounts();
    const before = readFileSync(profilesFile(home));

    const deps = liveDeps(home);
    expect(await main(['refresh', '--provider', 'openai'], deps)).toBe(4);
    expect(op.counts.refresh).toBe(1); // never retried
    expect(readFileSync(profilesFile(home))).toEqual(before);
    expect(deps.err()).toContain('is no longer valid (invalid_grant); sign in again. The stored credential was left as it was.');
    expect(deps.err()).toContain('→ auth-wizard login --provider openai --target auth-wizard --profile default');
    expect(deps.out()).toBe('');
    expectNoSecrets(deps.err(), t);
    expect(deps.err()).not.toContain(rotated.json.refresh_token!);

    // `token` says the same, with the same exit code and nothing on stdout.
    const tok = liveDeps(home);
    expect(await main(['token', '--provider', 'openai'], tok)).toBe(4);
    expect(tok.out()).toBe('');
    expect(readFileSync(profilesFile(home))).toEqual(before);
  });

  it('adopts tokens another process rotated while it waited for the lock, with no request', async () => {
    const home = tempHome();
    const old = await op.signIn({ email: 'adopt@example.test', accessTtlSeconds: 30 });
    await storeProfile(home, old);
    const newer = await op.signIn({ email: 'adopt@example.test' });
    const deps = liveDeps(home);
    const real = await resolveWriteTarget(profilesFile(home));
    let code: Promise<number> | undefined;
    await withLock(real, async () => {
      code = main(['refresh', '--provider', 'openai', '--json'], deps); // reads, then waits for our lock
      await new Promise((r) => setTimeout(r, 300));
      await saveOpenAiGrant({ home, env: {} }, 'auth-wizard', { idToken: newer.id_token, accessToken: newer.access_token, refreshToken: newer.refresh_token }, { now: Date.now(), lockHeld: true });
    });
    expect(await code).toBe(0);
    expect(op.counts.refresh).toBe(0);
    expect(JSON.parse(deps.out())).toMatchObject({ result: 'adopted' });
    expect(readProfile(home).refresh).toBe(newer.refresh_token);
  });

  it("a symlinked Codex auth.json: under Codex's lock (beside the link, where Codex looks), written at its real path; the link stays a link", async () => {
    const home = tempHome();
    const t = await op.signIn({ email: 'link@example.test', accessTtlSeconds: 30 });
    const target = put(home, 'dotfiles/codex-auth.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, account_id: null } });
    mkdirSync(join(home, '.codex'));
    symlinkSync(target, join(home, '.codex/auth.json'));
    const deps = liveDeps(home);
    let done = false;
    let code: Promise<number> | undefined;
    // Holding Codex's own lock (flock on ~/.codex/auth.json.lock) must hold the refresh back.
    await withLock(join(home, '.codex/auth.json'), async () => {
      code = main(['refresh', '--provider', 'openai', '--source', 'codex'], deps).finally(() => (done = true));
      await new Promise((r) => setTimeout(r, 400));
      expect(done).toBe(false);
      expect(op.counts.refresh).toBe(0);
    }, { toolLock: codexLock(join(home, '.codex/auth.json')) });
    expect(await code).toBe(0);
    expect(op.counts.refresh).toBe(1);
    expect(lstatSync(join(home, '.codex/auth.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8')).tokens.refresh_token).not.toBe(t.refresh_token);
    expect(readdirSync(join(home, 'dotfiles'))).toEqual(['codex-auth.json']); // no temp or lock left
    expect(readdirSync(join(home, '.codex')).sort()).toEqual(['auth.json', 'auth.json.lock', 'auth.lock']);
  });

  it('never refreshes Anthropic credentials', async () => {
    const home = tempHome();
    const deps = liveDeps(home);
    expect(await main(['refresh', '--provider', 'anthropic'], deps)).toBe(3);
    expect(deps.err()).toContain('never refreshes Anthropic credentials');
    expect(op.counts.token).toBe(0);
  });

  it('no OpenAI sign-in in the store: exit 4, naming --source and the login command', async () => {
    const deps = liveDeps(tempHome());
    expect(await main(['refresh', '--provider', 'openai'], deps)).toBe(4);
    expect(deps.err()).toMatch(/has no OpenAI sign-in.*--source codex/);
    expect(deps.err()).toContain('→ auth-wizard login --provider openai --target auth-wizard');
  });
});
