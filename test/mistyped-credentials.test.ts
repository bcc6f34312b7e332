// Credentials whose tokens or expiry have the wrong type, or are not JWTs where
// OpenAI issues JWTs, are `unreadable` with the reason: read leniently they
// would show as valid and never expiring (issue 2, "Bad input").
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { fakeJwt, fakeSecret } from './helpers/tokens';

const jwt = fakeJwt({ exp: 2_000_000_000, email: 'x@example.test' });

const CASES: Array<[string, string, unknown, RegExp]> = [
  ['Codex: id_token not a JWT', '.codex/auth.json', { auth_mode: 'chatgpt', tokens: { id_token: 'garbage', access_token: jwt, refresh_token: fakeSecret('rt_') } }, /"id_token" is not a JWT/],
  ['Codex: access_token not a JWT', '.codex/auth.json', { tokens: { id_token: jwt, access_token: 'also.garbage', refresh_token: fakeSecret('rt_') } }, /"access_token" is not a JWT/],
  ['Codex: refresh_token a number', '.codex/auth.json', { tokens: { id_token: jwt, access_token: jwt, refresh_token: 5 } }, /"refresh_token" is not a string/],
  ['OpenCode: access not a JWT', '.local/share/opencode/auth.json', { openai: { type: 'oauth', access: 'notajwt', refresh: fakeSecret('rt_'), expires: 2_000_000_000_000 } }, /entry "openai": "access" is not a JWT/],
  ['OpenCode: expires a word', '.local/share/opencode/auth.json', { openai: { type: 'oauth', access: jwt, refresh: fakeSecret('rt_'), expires: 'soon' } }, /entry "openai": "expires" is not a time in epoch milliseconds/],
  ['OpenCode: key a number', '.local/share/opencode/auth.json', { anthropic: { type: 'api', key: 42 } }, /entry "anthropic": "key" is not a string/],
  ['Claude Code: expiresAt a word', '.claude/.credentials.json', { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: 'tomorrow' } }, /"expiresAt" is not a time in epoch milliseconds/],
  ['Claude Code: accessToken a number', '.claude/.credentials.json', { claudeAiOauth: { accessToken: 12345, expiresAt: 2_000_000_000_000 } }, /"accessToken" is not a string/],
  ['Claude Code: scopes a string', '.claude/.credentials.json', { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), expiresAt: 2_000_000_000_000, scopes: 'user:inference' } }, /"scopes" is not a list of strings/],
  ['auth-wizard: access not a JWT, expires a word', '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { 'openai:default': { type: 'oauth', provider: 'openai', access: 'a.b.c', refresh: fakeSecret('rt_'), expires: 'x' } } }, /profile "openai:default": "expires" is not a time in epoch milliseconds/],
  ['auth-wizard: idToken not a JWT', '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { 'openai:default': { type: 'oauth', provider: 'openai', access: jwt, idToken: 'nope', refresh: fakeSecret('rt_'), expires: 2_000_000_000_000 } } }, /profile "openai:default": "idToken" is not a JWT/],
  // A number beyond any date (1e300) is the right type and no time: expired, see expiry-normalise.test.ts.
  ['jcode: expires a word', '.jcode/auth.json', { anthropic_accounts: [{ label: 'work', access: fakeSecret('sk-ant-oat01-'), refresh: fakeSecret('sk-ant-ort01-'), expires: 'later' }] }, /account work: "expires" is not a time in epoch milliseconds/],
];

describe('mistyped credentials are unreadable, with the reason and the path', () => {
  it.each(CASES)('%s', async (_name, file, content, reason) => {
    const home = tempHome();
    put(home, file, content);
    const deps = testDeps(home);
    expect(await main(['status', '--json'], deps)).toBe(4); // nothing usable
    const { credentials } = JSON.parse(deps.out()) as { credentials: Array<{ state: string; reason: string | null; path: string; expiresAt: string | null; usable: boolean }> };
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ state: 'unreadable', path: expect.stringContaining(file), expiresAt: null, usable: false });
    expect(credentials[0]!.reason).toMatch(reason);
  });

  it('the other stores still print', async () => {
    const home = tempHome();
    put(home, '.codex/auth.json', { tokens: { id_token: 'garbage', access_token: jwt } });
    put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), expiresAt: 2_000_000_000_000 } });
    const deps = testDeps(home);
    expect(await main(['status', '--json'], deps)).toBe(0);
    const states = (JSON.parse(deps.out()) as { credentials: Array<{ source: string; state: string }> }).credentials.map((c) => `${c.source}:${c.state}`);
    expect(states.sort()).toEqual(['claude-code:valid', 'codex:unreadable']);
  });
});

describe('a refresh horizon that passed', () => {
  it('an expired access token whose refresh token also expired is signed out; one whose refresh token lives is expired ↻', async () => {
    const { stateOf, isUsable } = await import('../src/report/assess');
    const now = 1_800_000_000_000;
    const base = { id: 'x', provider: 'anthropic', source: 'claude-code', kind: 'oauth' as const, path: 'p', canRefresh: true, secrets: {}, expiresAt: now - 1000 };
    expect(stateOf({ ...base, refreshExpiresAt: now - 1 }, now)).toBe('signed-out');
    const live = { ...base, refreshExpiresAt: now + 86_400_000 };
    expect(stateOf(live, now)).toBe('expired');
    expect(isUsable(live, 'expired', now)).toBe(true);
  });
});
