// `auth-wizard logout`: removes exactly the named credential; everything else
// (other entries, other stores, Claude Code's files) stays byte-identical;
// --revoke ends the grant at the (real, test) issuer first, and a failed
// revoke removes nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps';
import { main } from '../src/main';
import { saveOpenAiGrant } from '../src/stores/sign-in';
import { upsertProfile } from '../src/stores/auth-wizard.write';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { CANCEL, fakePrompter } from './helpers/fake-prompter';
import { fullFixtureHome, put, tempHome } from './helpers/fixture-home';
import { startTestIssuer, TEST_CLIENT_ID, type TestIssuer } from './helpers/oidc-server';
import { fakeSecret, signatureOf } from './helpers/tokens';

const FILES = ['.codex/auth.json', '.claude/.credentials.json', '.claude.json', '.local/share/opencode/auth.json', '.openclaw/agents/main/agent/auth-profiles.json', '.jcode/auth.json', '.config/auth-wizard/auth-profiles.json'];
const snapshot = (home: string) => Object.fromEntries(FILES.map((f) => [f, existsSync(join(home, f)) ? readFileSync(join(home, f), 'utf8') : null]));

function expectNoSecrets(text: string, secrets: string[]) {
  for (const s of secrets) {
    expect(text).not.toContain(s);
    if (s.split('.').length === 3) expect(text).not.toContain(signatureOf(s));
  }
}

describe('auth-wizard logout', () => {
  it("auth-wizard profile: only that profile goes; the other profile's text and every other store are unchanged", async () => {
    const { home, secrets } = fullFixtureHome();
    const key = fakeSecret('sk-ant-api03-');
    await upsertProfile({ home, env: {} }, 'anthropic:key', { type: 'api_key', provider: 'anthropic', key }, { now: FIXED_NOW });
    const before = snapshot(home);
    // The kept profile's text as the writer laid it out (two levels deep).
    const keyText = '"anthropic:key": ' + JSON.stringify({ type: 'api_key', provider: 'anthropic', key }, null, 2).replace(/\n/g, '\n    ');
    expect(before['.config/auth-wizard/auth-profiles.json']).toContain(keyText);

    const deps = testDeps(home);
    expect(await main(['logout', '--provider', 'anthropic', '--profile', 'setup-token'], deps)).toBe(0);
    expect(deps.out()).toBe('Removed auth-wizard profile anthropic:setup-token (~/.config/auth-wizard/auth-profiles.json).\n');
    const after = snapshot(home);
    for (const f of FILES.filter((f) => !f.startsWith('.config/auth-wizard'))) expect(after[f]).toBe(before[f]);
    const store = JSON.parse(after['.config/auth-wizard/auth-profiles.json']!);
    expect(Object.keys(store.profiles)).toEqual(['anthropic:key']);
    expect(store.order).toEqual({ anthropic: ['anthropic:key'] });
    expect(after['.config/auth-wizard/auth-profiles.json']).toContain(keyText); // byte-identical text of the kept profile
    expectNoSecrets(deps.out() + deps.err(), [...secrets.all, key]);
  });

  it('--source opencode: removes that provider entry; the other entries keep their exact text', async () => {
    const home = tempHome();
    const anthropic = '{"type":"api","key":"sk-ant-api03-KEEPKEEPKEEP","metadata":{"x":"y"}}';
    const openrouter = '{ "type": "api",  "key": "sk-or-v1-keep" }';
    const path = put(home, '.local/share/opencode/auth.json', `{\n  "anthropic": ${anthropic},\n  "openai": {"type":"oauth","refresh":"rt_x","access":"a","expires":1},\n  "openrouter": ${openrouter}\n}\n`);
    const deps = testDeps(home);
    expect(await main(['logout', '--provider', 'openai', '--source', 'opencode'], deps)).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(`{\n  "anthropic": ${anthropic},\n  "openrouter": ${openrouter}\n}\n`);
    expect(deps.out()).toContain('Removed OpenCode\'s "openai" entry');
    expect(deps.out()).toContain('(nothing was revoked); --revoke ends it too.');
    expect(deps.out()).not.toContain('rt_x');
    const again = testDeps(home);
    expect(await main(['logout', '--provider', 'openai', '--source', 'opencode'], again)).toBe(4);
    expect(again.err()).toContain('There is nothing to remove');
  });

  it('--source codex: deletes auth.json as `codex logout` does, and nothing else', async () => {
    const { home } = fullFixtureHome();
    put(home, '.codex/config.toml', 'model = "o3"\n');
    const before = snapshot(home);
    const deps = testDeps(home);
    expect(await main(['logout', '--provider', 'openai', '--source', 'codex'], deps)).toBe(0);
    expect(readdirSync(join(home, '.codex')).sort()).toEqual(['auth.json.lock', 'auth.lock', 'config.toml']); // Codex's lock files stay, as Codex leaves them
    const after = snapshot(home);
    for (const f of FILES.filter((f) => f !== '.codex/auth.json')) expect(after[f]).toBe(before[f]);
    const anth = testDeps(home);
    expect(await main(['logout', '--provider', 'anthropic', '--source', 'codex'], anth)).toBe(3);
  });

  it("--source claude-code: never writes Claude Code's files; points at `claude auth logout` (exit 3)", async () => {
    const { home, secrets } = fullFixtureHome();
    const before = snapshot(home);
    const deps = testDeps(home);
    expect(await main(['logout', '--provider', 'anthropic', '--source', 'claude-code', '--yes'], deps)).toBe(3);
    expect(deps.err()).toContain("auth-wizard never writes Claude Code's files");
    expect(deps.err()).toContain('→ claude auth logout');
    expect(snapshot(home)).toEqual(before);
    expectNoSecrets(deps.err(), secrets.all);
  });

  it('several profiles and no --profile: asks which (exit 3); an unknown one: exit 4', async () => {
    const home = tempHome();
    for (const n of ['a', 'b']) await upsertProfile({ home, env: {} }, `openai:${n}`, { type: 'api_key', provider: 'openai', key: fakeSecret('sk-proj-') }, { now: FIXED_NOW });
    const deps = testDeps(home);
    expect(await main(['logout', '--provider', 'openai'], deps)).toBe(3);
    expect(deps.err()).toContain('auth-wizard has 2 openai profiles (openai:b, openai:a); name the one to remove with --profile.');
    const none = testDeps(home);
    expect(await main(['logout', '--provider', 'openai', '--profile', 'c'], none)).toBe(4);
  });

  it('in a terminal it asks first: "n" removes nothing (exit 2), "y" removes', async () => {
    const home = tempHome();
    await upsertProfile({ home, env: {} }, 'openai:key', { type: 'api_key', provider: 'openai', key: fakeSecret('sk-proj-') }, { now: FIXED_NOW });
    const file = join(home, '.config/auth-wizard/auth-profiles.json');
    const before = readFileSync(file);
    const { run } = await import('../src/commands/logout');
    const opts = { provider: 'openai', yes: false, revoke: false } as Parameters<typeof run>[0];
    const askNo = fakePrompter([{ kind: 'confirm', message: 'Remove auth-wizard profile openai:key (~/.config/auth-wizard/auth-profiles.json)?', answer: false }]);
    const no = testDeps(home, { interactive: true, prompter: async () => askNo });
    await expect(run(opts, no)).rejects.toMatchObject({ code: 'cancelled', exitCode: 2 });
    askNo.assertDone();
    expect(readFileSync(file)).toEqual(before);
    const askCancel = fakePrompter([{ kind: 'confirm', message: 'Remove', answer: CANCEL }]);
    await expect(run(opts, testDeps(home, { interactive: true, prompter: async () => askCancel }))).rejects.toMatchObject({ code: 'cancelled' });
    expect(readFileSync(file)).toEqual(before);
    const askYes = fakePrompter([{ kind: 'confirm', message: 'Remove auth-wizard profile openai:key', answer: true }]);
    await run(opts, testDeps(home, { interactive: true, prompter: async () => askYes }));
    askYes.assertDone();
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles).toEqual({});
  });

  it('--revoke is for OpenAI sign-ins only', async () => {
    const { home } = fullFixtureHome();
    const deps = testDeps(home);
    expect(await main(['logout', '--provider', 'anthropic', '--profile', 'setup-token', '--revoke'], deps)).toBe(3);
    expect(deps.err()).toContain('--revoke is for OpenAI sign-ins');
  });
});

describe('auth-wizard logout --revoke against the OpenAI-like issuer', () => {
  let op: TestIssuer;
  beforeAll(async () => {
    op = await startTestIssuer();
  });
  afterAll(async () => {
    await op?.stop();
  });

  const live = (home: string, o: Partial<Deps> = {}) =>
    testDeps(home, {
      env: { AUTH_WIZARD_OPENAI_ISSUER: op.issuer },
      now: () => Date.now(),
      fetch: (url, init = {}) => {
        const { timeoutMs, ...rest } = init;
        return fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs ?? 10_000) });
      },
      ...o,
    });

  it('revokes the refresh token at the server, then removes the profile; the grant is dead', async () => {
    const home = tempHome();
    const t = await op.signIn({ email: 'bye@example.test' });
    await saveOpenAiGrant({ home, env: {} }, 'auth-wizard', { idToken: t.id_token, accessToken: t.access_token, refreshToken: t.refresh_token }, { now: Date.now() });
    op.resetCounts();
    const deps = live(home);
    expect(await main(['logout', '--provider', 'openai', '--revoke', '--yes'], deps)).toBe(0);
    expect(op.counts.revoke).toBe(1);
    expect(op.requests[0]).toMatchObject({ path: '/oauth/revoke', body: { token: t.refresh_token, token_type_hint: 'refresh_token', client_id: TEST_CLIENT_ID } });
    expect(deps.out()).toBe('Removed auth-wizard profile openai:default (~/.config/auth-wizard/auth-profiles.json). Revoked the refresh token at OpenAI.\n');
    expect(JSON.parse(readFileSync(join(home, '.config/auth-wizard/auth-profiles.json'), 'utf8')).profiles).toEqual({});
    const res = await fetch(`${op.issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: TEST_CLIENT_ID }).toString(),
    });
    expect(res.status).toBe(400);
    expectNoSecrets(deps.out() + deps.err(), [t.access_token, t.refresh_token, t.id_token]);
  });

  it('a failed revoke removes nothing: exit 1, the file byte-identical, the way forward named', async () => {
    const home = tempHome();
    const t = await op.signIn({ email: 'stay@example.test' });
    const path = put(home, '.codex/auth.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, account_id: null } });
    const before = readFileSync(path);
    let calls = 0;
    const deps = live(home, {
      fetch: async () => {
        calls++;
        return new Response('{}', { status: 503 });
      },
    });
    expect(await main(['logout', '--provider', 'openai', '--source', 'codex', '--revoke', '--yes'], deps)).toBe(1);
    expect(calls).toBe(3);
    expect(readFileSync(path)).toEqual(before);
    expect(deps.err()).toContain("Revoking Codex's sign-in (~/.codex/auth.json) failed after 3 tries: the sign-in server is unavailable (HTTP 503).");
    expect(deps.err()).toContain('Nothing was removed');
    expect(deps.err()).toContain('→ retry, or remove it locally only: auth-wizard logout --provider openai --source codex');
    expect(deps.out()).toBe('');
    expectNoSecrets(deps.out() + deps.err(), [t.access_token, t.refresh_token, t.id_token]);
  });
});
