// Codex's store, document in / document out: the parser, the grant side
// refresh and logout read, and the write half's members.
import { describe, expect, it } from 'vitest';
import { codexStore, extractCodexGrant, parseCodexAuth } from '../../src/stores/codex';
import { codexWriter } from '../../src/stores/codex.write';
import { fakeJwt, fakeSecret } from '../helpers/tokens';

const AUTH = 'https://api.openai.com/auth';
const exp = 2_000_000_000;
const access = fakeJwt({ exp, iat: exp - 3600, [AUTH]: { chatgpt_account_id: 'acct-1', chatgpt_plan_type: 'pro' } });
const idToken = fakeJwt({ email: 'me@example.com', [AUTH]: { chatgpt_account_id: 'acct-1' } });
const refresh = fakeSecret('rt_');
const doc = () => ({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: idToken, access_token: access, refresh_token: refresh, account_id: 'acct-1', future_field: 7 }, last_refresh: '2026-11-23T11:00:00.000Z', other: { kept: true } });

describe('codex parse', () => {
  it('reads a ChatGPT sign-in with its claims', () => {
    const c = parseCodexAuth(JSON.stringify(doc()), '/h/.codex/auth.json');
    expect(c).toMatchObject({ id: 'codex', source: 'codex', kind: 'oauth', email: 'me@example.com', accountId: 'acct-1', plan: 'pro', expiresAt: exp * 1000, canRefresh: true });
    expect(c.secrets.refresh).toBe(refresh);
  });
  it('an API key without auth_mode is API-key mode; broken documents are unreadable, never thrown', () => {
    expect(parseCodexAuth('{"OPENAI_API_KEY":"sk-x"}', 'p')).toMatchObject({ kind: 'api_key', secrets: { apiKey: 'sk-x' } });
    for (const text of ['', '{', '[]', '{"tokens": 3}', '{"tokens": {"access_token": 5}}', '{"tokens": {"access_token": "notajwt"}}']) {
      expect(parseCodexAuth(text, 'p').fixedState).toBe('unreadable');
    }
  });
});

describe('codex grant side', () => {
  it('extracts the grant; an API-key file or one without tokens is not one', () => {
    const g = extractCodexGrant(doc());
    expect(g.kind === 'ok' && g.grant).toMatchObject({ access, refresh, idToken, accountId: 'acct-1', expiresAt: exp * 1000, lastRefresh: Date.parse('2026-11-23T11:00:00.000Z') });
    expect(extractCodexGrant({ OPENAI_API_KEY: 'sk-x' }).kind).toBe('unusable');
    expect(extractCodexGrant({ tokens: {} }).kind).toBe('missing');
    expect(codexStore.grant?.has({}, 'tokens')).toBe(true);
    expect(codexStore.grant?.refuseProvider?.('anthropic')).toMatch(/OpenAI credentials only/);
    expect(codexStore.grant?.toolLock?.('/h/.codex/auth.json').files).toEqual(['/h/.codex/auth.lock', '/h/.codex/auth.json.lock']);
  });
});

describe('codex write half', () => {
  const now = Date.parse('2026-12-01T00:00:00.000Z');
  it('applyGrant writes the members Codex owns and keeps its key member', () => {
    const m = codexWriter.applyGrant({ OPENAI_API_KEY: 'sk-old', other: 1 }, { accessToken: access, refreshToken: refresh, idToken, accountId: 'acct-1' }, now, 'tokens');
    expect(m).toEqual({ auth_mode: 'chatgpt', OPENAI_API_KEY: 'sk-old', tokens: { id_token: idToken, access_token: access, refresh_token: refresh, account_id: 'acct-1' }, last_refresh: '2026-12-01T00:00:00.000Z' });
    expect(m).not.toHaveProperty('other');
  });
  it('applyRotated replaces the tokens, keeps unknown fields inside tokens, and keeps the old refresh token when none came', () => {
    const next = fakeJwt({ exp: exp + 10 });
    const m = codexWriter.applyRotated(doc(), 'tokens', { access: next, refresh: undefined, idToken: undefined, expiresAt: undefined }, now);
    expect(m).toEqual({ tokens: { id_token: idToken, access_token: next, refresh_token: refresh, account_id: 'acct-1', future_field: 7 }, last_refresh: '2026-12-01T00:00:00.000Z' });
    expect(codexWriter.applyRotated({ other: 1 }, 'tokens', { access: next, refresh: undefined, idToken: undefined, expiresAt: undefined }, now)).toBeUndefined();
  });
  it('remove deletes the file, as `codex logout` does', () => {
    expect(codexWriter.remove(doc(), 'tokens')).toBe('delete-file');
  });
});

describe('codex: the newer sign-ins and its environment order (docs/stores.md, Codex)', () => {
  it('a personal access token and an Agent Identity in auth.json are token rows, their secrets kept apart', () => {
    const pat = fakeSecret('at-');
    expect(parseCodexAuth(JSON.stringify({ personal_access_token: pat }), 'p')).toMatchObject({ kind: 'token', entry: 'personal_access_token', expiresAt: null, secrets: { access: pat } });
    const obj = parseCodexAuth(JSON.stringify({ agent_identity: { workspace_id: 'ws-1', agent_runtime_id: 'rt', agent_private_key: 'PRIVATE-KEY-MATERIAL', registered_at: '2026-01-01' } }), 'p');
    expect(obj).toMatchObject({ kind: 'token', entry: 'agent_identity', accountId: 'ws-1', secrets: {} });
    expect(JSON.stringify(obj)).not.toContain('PRIVATE-KEY-MATERIAL');
    const jwt = fakeJwt({ exp });
    expect(parseCodexAuth(JSON.stringify({ agent_identity: jwt }), 'p')).toMatchObject({ kind: 'token', entry: 'agent_identity', expiresAt: exp * 1000, secrets: { access: jwt } });
    expect(extractCodexGrant({ personal_access_token: pat }).kind).toBe('missing');
  });
  it('CODEX_API_KEY, then CODEX_AGENT_IDENTITY, then CODEX_ACCESS_TOKEN come before auth.json; OPENAI_API_KEY after it', () => {
    expect(codexStore.choices?.([], {})).toEqual([{ tool: 'codex', provider: 'openai', order: ['env:CODEX_API_KEY', 'env:CODEX_AGENT_IDENTITY', 'env:CODEX_ACCESS_TOKEN', 'codex', 'env:OPENAI_API_KEY'] }]);
  });
});
