// `auth-wizard token`: only the secret and a newline on stdout; refresh only
// when needed; Anthropic only from auth-wizard's own store, never refreshed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { upsertProfile } from '../src/stores/auth-wizard.write';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { fullFixtureHome, put, tempHome } from './helpers/fixture-home';
import { fakeSecret, openAiTokens } from './helpers/tokens';

const nowSec = Math.floor(FIXED_NOW / 1000);

async function withOpenAiProfile(expSec: number, name = 'default') {
  const home = tempHome();
  const t = openAiTokens({ email: 'tok@example.test', expSec });
  await upsertProfile({ home, env: {} }, `openai:${name}`, { type: 'oauth', provider: 'openai', access: t.accessToken, refresh: t.refreshToken, idToken: t.idToken }, { now: FIXED_NOW });
  return { home, t };
}

describe('auth-wizard token --provider openai', () => {
  it('a valid access token: printed alone with a newline, no request, no lock, nothing on stderr', async () => {
    const { home, t } = await withOpenAiProfile(nowSec + 3600);
    const deps = testDeps(home); // its fetch fails the test if called
    expect(await main(['token', '--provider', 'openai'], deps)).toBe(0);
    expect(deps.out()).toBe(`${t.accessToken}\n`);
    expect(deps.err()).toBe('');
  });

  it('expiring within 5 minutes: refreshes first and prints the new token only', async () => {
    const { home, t } = await withOpenAiProfile(nowSec + 240);
    const fresh = openAiTokens({ email: 'tok@example.test', expSec: nowSec + 3600, iss: 'http://127.0.0.1:9' });
    let calls = 0;
    const deps = testDeps(home, {
      env: { AUTH_WIZARD_OPENAI_ISSUER: 'http://127.0.0.1:9' },
      fetch: async (url) => {
        calls++;
        expect(String(url)).toBe('http://127.0.0.1:9/oauth/token');
        return Response.json({ access_token: fresh.accessToken, refresh_token: fresh.refreshToken, id_token: fresh.idToken, expires_in: 3600 });
      },
    });
    expect(await main(['token', '--provider', 'openai'], deps)).toBe(0);
    expect(calls).toBe(1);
    expect(deps.out()).toBe(`${fresh.accessToken}\n`);
    expect(deps.out()).not.toContain(t.accessToken);
    expect(deps.err()).toBe('');
  });

  it('--profile picks one profile; a bare name means openai:<name>; an API-key profile prints the key', async () => {
    const { home } = await withOpenAiProfile(nowSec + 3600, 'home');
    const work = openAiTokens({ email: 'work@example.test', expSec: nowSec + 3600 });
    await upsertProfile({ home, env: {} }, 'openai:work', { type: 'oauth', provider: 'openai', access: work.accessToken, refresh: work.refreshToken }, { now: FIXED_NOW });
    const key = fakeSecret('sk-proj-');
    await upsertProfile({ home, env: {} }, 'openai:key', { type: 'api_key', provider: 'openai', key }, { now: FIXED_NOW });
    for (const [arg, want] of [['work', work.accessToken], ['openai:work', work.accessToken], ['key', key]] as const) {
      const deps = testDeps(home);
      expect(await main(['token', '--provider', 'openai', '--profile', arg], deps)).toBe(0);
      expect(deps.out()).toBe(`${want}\n`);
    }
    const missing = testDeps(home);
    expect(await main(['token', '--provider', 'openai', '--profile', 'nope'], missing)).toBe(4);
    expect(missing.err()).toContain('auth-wizard has no openai profile "openai:nope" (it has: openai:key, openai:work, openai:home)');
    expect(missing.out()).toBe('');
  });

  it('--source codex / opencode read (and would refresh) those stores only when named', async () => {
    const { home, secrets } = fullFixtureHome();
    const codex = testDeps(home);
    expect(await main(['token', '--provider', 'openai', '--source', 'codex'], codex)).toBe(0);
    expect(codex.out()).toBe(`${secrets.codex.accessToken}\n`);
    const oc = testDeps(home);
    expect(await main(['token', '--provider', 'openai', '--source', 'opencode'], oc)).toBe(0);
    expect(oc.out()).toBe(`${secrets.opencodeOpenai.accessToken}\n`);
    // Without --source: auth-wizard's store, which has no OpenAI sign-in here.
    const none = testDeps(home);
    expect(await main(['token', '--provider', 'openai'], none)).toBe(4);
    expect(none.out()).toBe('');
    expect(none.err()).toContain('--source codex or --source opencode');
  });

  it('Codex in API-key mode has no access token: exit 4 with the login command', async () => {
    const home = tempHome();
    put(home, '.codex/auth.json', { auth_mode: 'apikey', OPENAI_API_KEY: fakeSecret('sk-proj-') });
    const deps = testDeps(home);
    expect(await main(['token', '--provider', 'openai', '--source', 'codex'], deps)).toBe(4);
    expect(deps.err()).toContain('Codex is set up with an API key');
    expect(deps.err()).toContain('→ auth-wizard login --provider openai --target codex');
  });

  it('an access token that is not a JWT is not handed out (exit 4), as status calls it unreadable', async () => {
    const home = tempHome();
    const opaque = fakeSecret('opaque-');
    put(home, '.codex/auth.json', { tokens: { access_token: opaque, refresh_token: fakeSecret('rt_') }, last_refresh: new Date(FIXED_NOW - 60_000).toISOString() });
    const deps = testDeps(home);
    expect(await main(['token', '--provider', 'openai', '--source', 'codex'], deps)).toBe(4);
    expect(deps.out()).toBe('');
    expect(deps.err()).toContain('is not a JWT');
    expect(deps.err()).not.toContain(opaque);
  });

  it('a corrupt store is reported, never rewritten (exit 1)', async () => {
    const home = tempHome();
    const path = put(home, '.config/auth-wizard/auth-profiles.json', '{"profiles": {"openai:default": ');
    const deps = testDeps(home);
    expect(await main(['token', '--provider', 'openai'], deps)).toBe(1);
    expect(deps.err()).toContain(`${path} is not valid JSON`);
    expect(readFileSync(path, 'utf8')).toBe('{"profiles": {"openai:default": ');
  });
});

describe('auth-wizard token --provider anthropic', () => {
  it("prints the stored setup-token; Claude Code's own sign-in is never handed out", async () => {
    const { home, secrets } = fullFixtureHome();
    const claudeBefore = readFileSync(join(home, '.claude/.credentials.json'));
    const deps = testDeps(home);
    expect(await main(['token', '--provider', 'anthropic'], deps)).toBe(0);
    expect(deps.out()).toBe(`${secrets.setupToken}\n`);
    const cc = testDeps(home);
    expect(await main(['token', '--provider', 'anthropic', '--source', 'claude-code'], cc)).toBe(3);
    expect(cc.out()).toBe('');
    expect(cc.err()).toContain("does not hand out or refresh Claude Code's own sign-in");
    expect(cc.err()).not.toContain(secrets.claudeAccess);
    expect(readFileSync(join(home, '.claude/.credentials.json'))).toEqual(claudeBefore);
  });

  it('an API key profile; an expired setup-token is refused with exit 4; none stored says what to do', async () => {
    const home = tempHome();
    const key = fakeSecret('sk-ant-api03-');
    await upsertProfile({ home, env: {} }, 'anthropic:key', { type: 'api_key', provider: 'anthropic', key }, { now: FIXED_NOW });
    const ok = testDeps(home);
    expect(await main(['token', '--provider', 'anthropic'], ok)).toBe(0);
    expect(ok.out()).toBe(`${key}\n`);

    const old = fakeSecret('sk-ant-oat01-', 72);
    await upsertProfile({ home, env: {} }, 'anthropic:old', { type: 'token', provider: 'anthropic', token: old, expires: FIXED_NOW - 1000 }, { now: FIXED_NOW });
    const expired = testDeps(home);
    expect(await main(['token', '--provider', 'anthropic'], expired)).toBe(4); // upsert made it the first choice
    expect(expired.out()).toBe('');
    expect(expired.err()).toContain('expired on 2026-11-23 11:59 UTC');
    expect(expired.err()).not.toContain(old);

    const none = testDeps(tempHome());
    expect(await main(['token', '--provider', 'anthropic'], none)).toBe(4);
    expect(none.err()).toContain('→ auth-wizard login --provider anthropic --method setup-token');
  });

  it('needs --provider (usage, exit 3)', async () => {
    const deps = testDeps(tempHome());
    expect(await main(['token'], deps)).toBe(3);
    expect(deps.err()).toContain('needs --provider');
  });
});
