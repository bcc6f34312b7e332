// The read-only stores (Claude Code, jcode, ccproxy, OpenClaw/CoderClaw, the
// environment): parse() on representative and broken documents, discover() on a
// real temporary home, and the facts login/logout/doctor take from them.
import { describe, expect, it } from 'vitest';
import type { StoreContext } from '../../src/stores/types';
import { ccproxyStore } from '../../src/stores/ccproxy';
import { claudeCodeStore, parseApiKeyHelper, parseClaudeOauth } from '../../src/stores/claude-code';
import { envStore } from '../../src/stores/env';
import { jcodeStore, parseJcodeAnthropic, parseJcodeOpenai } from '../../src/stores/jcode';
import { coderclawStore, openclawStore } from '../../src/stores/openclaw';
import { join } from 'node:path';
import { put, tempDir, tempHome } from '../helpers/fixture-home';
import { fakeJwt, fakeSecret } from '../helpers/tokens';

const ctx = (home: string, env: Record<string, string> = {}): StoreContext => ({ home, env, platform: 'linux', exec: async () => ({ code: 1, stdout: '', stderr: '' }) });
const base = { id: 'x', provider: 'anthropic', source: 'claude-code', path: 'p' };

describe('claude-code', () => {
  it('parses a sign-in, the empty placeholder, and refuses mistyped fields', () => {
    const rt = fakeSecret('sk-ant-ort01-');
    expect(parseClaudeOauth(JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-x', refreshToken: rt, expiresAt: 5, scopes: ['user:inference'], subscriptionType: 'max' } }), base)).toMatchObject({ kind: 'oauth', expiresAt: 5, plan: 'max', canRefresh: true });
    expect(parseClaudeOauth(JSON.stringify({ claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0 } }), base).fixedState).toBe('signed-out');
    expect(parseClaudeOauth(JSON.stringify({ claudeAiOauth: { accessToken: 5 } }), base).fixedState).toBe('unreadable');
    expect(parseClaudeOauth('{', base).fixedState).toBe('unreadable');
    expect(parseApiKeyHelper('{"apiKeyHelper": "pass show key"}', 's')?.id).toBe('claude-code:apiKeyHelper');
    expect(parseApiKeyHelper('[]', 's')).toBeUndefined();
  });
  it('discovers the file under CLAUDE_CONFIG_DIR, says its precedence, and a cloud setting disables it', async () => {
    const home = tempHome();
    put(home, 'cfg/.credentials.json', { claudeAiOauth: { accessToken: 'sk-ant-oat01-x', refreshToken: 'r', expiresAt: 5 } });
    const found = await claudeCodeStore.discover(ctx(home, { CLAUDE_CONFIG_DIR: `${home}/cfg` }));
    expect(found.credentials.map((c) => [c.id, c.path])).toEqual([['claude-code', `${home}/cfg/.credentials.json`]]);
    const [choice] = claudeCodeStore.choices!(found.credentials, {});
    expect(choice).toMatchObject({ tool: 'claude-code', provider: 'anthropic', disabledBy: undefined });
    expect(choice!.order.at(-1)).toBe('claude-code');
    expect(claudeCodeStore.choices!(found.credentials, { CLAUDE_CODE_USE_BEDROCK: '1' })[0]!.disabledBy).toMatch(/CLAUDE_CODE_USE_BEDROCK/);
    expect(claudeCodeStore.readOnly).toMatch(/never writes/);
    expect(claudeCodeStore.write).toBeUndefined();
  });
});

describe('jcode', () => {
  it('one credential per Anthropic account; the OpenAI file Codex-style or flat; broken is unreadable', () => {
    const accounts = parseJcodeAnthropic(JSON.stringify({ anthropic_accounts: [{ label: 'work', access: 'a', refresh: 'r', expires: 9 }, 'junk'] }), 'p');
    expect(accounts.map((c) => [c.id, c.fixedState])).toEqual([['jcode:work', undefined], ['jcode:#2', 'unreadable']]);
    const access = fakeJwt({ exp: 2_000_000_000 });
    expect(parseJcodeOpenai(JSON.stringify({ tokens: { access_token: access, refresh_token: 'r' } }), 'p')[0]).toMatchObject({ kind: 'oauth', expiresAt: 2_000_000_000_000 });
    expect(parseJcodeOpenai(JSON.stringify({ access: 'notajwt' }), 'p')[0]?.fixedState).toBe('unreadable');
    expect(parseJcodeAnthropic('{"anthropic_accounts": 3}', 'p')[0]?.fixedState).toBe('unreadable');
  });
  it('discovers both files under JCODE_HOME', async () => {
    const home = tempHome();
    put(home, 'j/auth.json', { anthropic_accounts: [{ label: 'a', access: 'x', expires: 1 }] });
    put(home, 'j/openai-auth.json', '{');
    const found = await jcodeStore.discover(ctx(home, { JCODE_HOME: `${home}/j` }));
    expect(found.credentials.map((c) => [c.id, c.fixedState])).toEqual([['jcode:a', undefined], ['jcode:openai', 'unreadable']]);
    expect(jcodeStore.fix!(found.credentials[0]!)).toBe('jcode login');
  });
});

describe('ccproxy, OpenClaw/CoderClaw, environment', () => {
  it('ccproxy reads its old copy in Claude Code’s shape', async () => {
    const home = tempHome();
    put(home, '.config/ccproxy/credentials.json', { claudeAiOauth: { accessToken: 'a', refreshToken: 'r', expiresAt: 3 } });
    expect((await ccproxyStore.discover(ctx(home))).credentials.map((c) => [c.id, c.source, c.expiresAt])).toEqual([['ccproxy', 'ccproxy', 3]]);
    expect((await ccproxyStore.discover(ctx(tempHome()))).credentials).toEqual([]);
  });
  it('OpenClaw and CoderClaw: one store per agent, each under its own id', async () => {
    const home = tempHome();
    put(home, '.openclaw/agents/main/agent/auth-profiles.json', { version: 1, profiles: { 'openai-codex:me': { type: 'api_key', key: 'sk-1' } } });
    put(home, '.coderclaw/agents/b/agent/auth-profiles.json', '[]');
    expect((await openclawStore.discover(ctx(home))).credentials.map((c) => [c.id, c.provider, c.source])).toEqual([['openclaw:main:openai-codex:me', 'openai', 'openclaw']]);
    expect((await coderclawStore.discover(ctx(home))).credentials.map((c) => [c.id, c.fixedState])).toEqual([['coderclaw:b', 'unreadable']]);
    expect(openclawStore.readOnly).toBe("auth-wizard does not write OpenClaw's files; sign out with OpenClaw itself.");
  });
  it('environment: each non-empty variable is one credential; blank ones are none', async () => {
    const found = await envStore.discover(ctx(tempHome(), { OPENAI_API_KEY: ' sk-x ', ANTHROPIC_AUTH_TOKEN: 't', CODEX_API_KEY: '  ' }));
    expect(found.credentials.map((c) => [c.id, c.kind, c.secrets.apiKey ?? c.secrets.access])).toEqual([
      ['env:OPENAI_API_KEY', 'api_key', 'sk-x'],
      ['env:ANTHROPIC_AUTH_TOKEN', 'token', 't'],
    ]);
    expect(envStore.fix!(found.credentials[0]!)).toBe('replace or unset OPENAI_API_KEY');
  });
});

describe('claude-accounts (accounts saved by auth-wizard)', () => {
  it('reports each saved account folder once; the one CLAUDE_CONFIG_DIR selects is Claude Code’s own row instead', async () => {
    const { claudeAccountsStore, claudeAccountsDir } = await import('../../src/stores/claude-accounts');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const home = tempDir('aw-claude-acct-');
    const dir = join(claudeAccountsDir({ home, env: {} }), 'work');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.credentials.json'), JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-' + 'x'.repeat(40), refreshToken: 'sk-ant-ort01-' + 'y'.repeat(40), expiresAt: 2_000_000_000_000, scopes: ['user:inference'], subscriptionType: 'max' } }));
    writeFileSync(join(dir, '.claude.json'), JSON.stringify({ projects: {}, oauthAccount: { emailAddress: 'work@example.com' } }));
    mkdirSync(join(claudeAccountsDir({ home, env: {} }), 'empty'));
    const ctx = { home, env: {}, platform: 'linux' as const, exec: async () => ({ code: 0, stdout: '', stderr: '' }) };
    const r = await claudeAccountsStore.discover(ctx);
    expect(r.credentials).toEqual([expect.objectContaining({ id: 'claude-accounts:work', source: 'claude-accounts', entry: 'work', email: 'work@example.com', plan: 'max', canRefresh: true })]);
    expect((await claudeAccountsStore.discover({ ...ctx, env: { CLAUDE_CONFIG_DIR: dir } })).credentials).toEqual([]);
  });

  it('finds the account in a .claude.json larger than a credentials file may be, as for Claude Code’s own', async () => {
    const { claudeAccountsStore, claudeAccountsDir } = await import('../../src/stores/claude-accounts');
    const { MAX_CREDENTIAL_FILE_BYTES } = await import('../../src/fs/read-file');
    const home = tempHome();
    const dir = join(claudeAccountsDir({ home, env: {} }), 'big');
    put(home, `${dir.slice(home.length + 1)}/.credentials.json`, { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: 2_000_000_000_000 } });
    // Every project's history first, the account last: past the bound of a whole read.
    const history = 'h'.repeat(MAX_CREDENTIAL_FILE_BYTES + 1024);
    put(home, `${dir.slice(home.length + 1)}/.claude.json`, JSON.stringify({ projects: { p: { history } }, oauthAccount: { emailAddress: 'big@example.com' } }));
    const r = await claudeAccountsStore.discover(ctx(home));
    expect(r.credentials).toEqual([expect.objectContaining({ id: 'claude-accounts:big', email: 'big@example.com' })]);
    expect(r.notes).toEqual([]);
  });
});
