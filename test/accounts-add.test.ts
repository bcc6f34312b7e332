// `accounts add codex --name work`: one more ChatGPT account through the
// existing browser sign-in (the in-process issuer plays the browser), saved in
// auth-wizard's store under that name; the account Codex uses is not touched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { freePort, realFetch } from './helpers/net';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';

let issuer: TestIssuer;
let port: number;
beforeAll(async () => {
  port = await freePort();
  issuer = await startTestIssuer({ redirectUris: [`http://localhost:${port}/auth/callback`] });
});
afterAll(async () => {
  await issuer?.stop();
});

describe('accounts add', () => {
  it('codex: signs in through the browser flow into the store under --name; Codex keeps its account', async () => {
    const home = tempHome();
    const codex = '{"auth_mode": "chatgpt", "tokens": {"refresh_token": "rt-existing"}, "x": 1.50}\n';
    put(home, '.codex/auth.json', codex);
    const deps = testDeps(home, {
      env: { AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer, AUTH_WIZARD_CALLBACK_PORT: String(port) },
      platform: 'darwin',
      fetch: realFetch,
      openBrowser: async (url) => {
        void (async () => {
          const cb = await issuer.authorizeViaHttp(url, { email: 'work@example.test', plan: 'team' });
          await fetch(cb);
        })();
      },
    });
    const code = await main(['accounts', 'add', 'codex', '--name', 'work'], deps);
    expect(deps.err()).not.toContain('error');
    expect(code).toBe(0);
    expect(deps.out()).toContain('auth-wizard switch codex work');
    expect(readFileSync(join(home, '.codex/auth.json'), 'utf8')).toBe(codex);
    const store = JSON.parse(readFileSync(join(home, '.config/auth-wizard/auth-profiles.json'), 'utf8'));
    expect(store.profiles['openai:work']).toMatchObject({ type: 'oauth', provider: 'openai', email: 'work@example.test', plan: 'team' });
    // A second add under the same name is refused before any sign-in.
    const before = issuer.counts.authorizationCode;
    const again = testDeps(home, { env: { AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer } });
    expect(await main(['accounts', 'add', 'codex', '--name', 'work'], again)).toBe(3);
    expect(issuer.counts.authorizationCode).toBe(before);
    // Without --name: exit 3 naming the flag.
    const none = testDeps(home, {});
    expect(await main(['accounts', 'add', 'opencode'], none)).toBe(3);
    expect(none.err()).toContain('--name');
  });
});
