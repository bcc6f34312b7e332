// Redaction: refresh and logout never show a token, refresh token or JWT
// signature — in reports, --json, errors, or when a hostile server echoes the
// token back in its error_description. Only `token` and `env` print secrets,
// and only on stdout.
import { describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps';
import { main } from '../src/main';
import { upsertProfile } from '../src/stores/auth-wizard.write';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { fullFixtureHome, put } from './helpers/fixture-home';
import { fakeSecret, type OpenAiTokenSet, openAiTokens, signatureOf } from './helpers/tokens';

const nowSec = Math.floor(FIXED_NOW / 1000);

function forbidden(secrets: string[]): string[] {
  return secrets.flatMap((s) => (s.split('.').length === 3 ? [s, signatureOf(s)] : [s]));
}

type FetchStub = Deps['fetch'];

async function homeWithExpiringProfile() {
  const { home, secrets } = fullFixtureHome();
  const t = openAiTokens({ email: 'r@example.test', expSec: nowSec + 60 });
  await upsertProfile({ home, env: {} }, 'openai:default', { type: 'oauth', provider: 'openai', access: t.accessToken, refresh: t.refreshToken, idToken: t.idToken }, { now: FIXED_NOW });
  // Codex and OpenCode entries expire soon too, so --source refreshes them.
  put(home, '.codex/auth.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: t.idToken, access_token: secrets.codex.accessToken, refresh_token: secrets.codex.refreshToken, account_id: null }, last_refresh: '2026-01-01T00:00:00Z' });
  return { home, t, all: forbidden([...secrets.all, t.accessToken, t.refreshToken, t.idToken]) };
}

const echoing = (t: OpenAiTokenSet): FetchStub => async (_url, init) => {
  // A hostile server that puts what it was sent into its error text.
  const body = String(init?.body ?? '');
  return Response.json({ error: 'invalid_request', error_description: `cannot use ${t.refreshToken} / ${body}` }, { status: 400 });
};

describe('no secret in refresh/logout output or errors', () => {
  it('a server echoing the refresh token in error_description: the message shows [redacted]', async () => {
    const { home, t, all } = await homeWithExpiringProfile();
    const deps = testDeps(home, { env: { AUTH_WIZARD_OPENAI_ISSUER: 'http://127.0.0.1:9' }, fetch: echoing(t) });
    expect(await main(['refresh', '--provider', 'openai'], deps)).toBe(4);
    expect(deps.err()).toContain('refused the request (invalid_request: cannot use [redacted]');
    for (const s of all) expect(deps.out() + deps.err()).not.toContain(s);
  });

  it('the same server on --revoke: nothing removed, nothing shown', async () => {
    const { home, t, all } = await homeWithExpiringProfile();
    const deps = testDeps(home, { env: { AUTH_WIZARD_OPENAI_ISSUER: 'http://127.0.0.1:9' }, fetch: echoing(t) });
    expect(await main(['logout', '--provider', 'openai', '--profile', 'default', '--revoke', '--yes'], deps)).toBe(1);
    expect(deps.err()).toContain('[redacted]');
    for (const s of all) expect(deps.out() + deps.err()).not.toContain(s);
  });

  const fresh = openAiTokens({ email: 'r@example.test', expSec: nowSec + 3600, iss: 'http://127.0.0.1:9' });
  const answers: Array<[string, FetchStub]> = [
    ['success', async () => Response.json({ access_token: fresh.accessToken, refresh_token: fresh.refreshToken, id_token: fresh.idToken, expires_in: 3600 })],
    ['invalid_grant', async () => Response.json({ error: 'invalid_grant' }, { status: 400 })],
    ['503 ×3', async () => new Response('upstream down', { status: 503 })],
    ['network', async () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))],
    ['200 without JSON', async () => new Response('<html>', { status: 200 })],
    ['200 without access_token', async () => Response.json({ token_type: 'Bearer' })],
  ];
  const commands: string[][] = [
    ['refresh', '--provider', 'openai'],
    ['refresh', '--provider', 'openai', '--json'],
    ['refresh', '--provider', 'openai', '--force'],
    ['refresh', '--provider', 'openai', '--source', 'codex', '--force'],
    ['refresh', '--provider', 'openai', '--source', 'opencode', '--json', '--force'],
    ['refresh', '--provider', 'anthropic'],
    ['refresh', '--provider', 'openai', '--source', 'claude-code'],
    ['logout', '--provider', 'openai', '--profile', 'default', '--revoke', '--yes'],
    ['logout', '--provider', 'openai', '--source', 'codex'],
    ['logout', '--provider', 'anthropic', '--source', 'opencode'],
    ['logout', '--provider', 'anthropic', '--source', 'claude-code'],
  ];
  for (const [what, fetchStub] of answers) {
    it(`server answers: ${what}`, async () => {
      for (const argv of commands) {
        const { home, all } = await homeWithExpiringProfile();
        const deps = testDeps(home, { env: { AUTH_WIZARD_OPENAI_ISSUER: 'http://127.0.0.1:9' }, fetch: fetchStub });
        const code = await main(argv, deps);
        const text = deps.out() + deps.err();
        expect(text.length, argv.join(' ')).toBeGreaterThan(0);
        expect([0, 1, 3, 4], `${argv.join(' ')} → ${code}`).toContain(code);
        for (const s of [...all, ...forbidden([fresh.accessToken, fresh.refreshToken, fresh.idToken])]) {
          if (text.includes(s)) throw new Error(`\`auth-wizard ${argv.join(' ')}\` (server: ${what}) printed a secret: ${text}`);
        }
      }
    });
  }

  it('a corrupt store or Codex file: the error names the file, not its content', async () => {
    const { home } = fullFixtureHome();
    const secret = fakeSecret('rt_');
    put(home, '.codex/auth.json', `{"tokens": {"refresh_token": "${secret}"`);
    const deps = testDeps(home);
    expect(await main(['refresh', '--provider', 'openai', '--source', 'codex'], deps)).toBe(1);
    expect(deps.err()).toMatch(/auth\.json is not valid JSON \(error at byte \d+\); auth-wizard will not touch it\./);
    expect(deps.err()).not.toContain(secret);
  });
});
