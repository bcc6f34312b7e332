// OpenCode's store, document in / document out.
import { describe, expect, it } from 'vitest';
import { opencodeStore, parseOpencodeAuth } from '../../src/stores/opencode';
import { opencodeWriter } from '../../src/stores/opencode.write';
import { fakeJwt, fakeSecret } from '../helpers/tokens';

const access = fakeJwt({ exp: 2_000_000_000, 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-2' } });
const refresh = fakeSecret('rt_');
const doc = () => ({ openai: { type: 'oauth', access, refresh, expires: 1_900_000_000_000, accountId: 'acct-2', extra: 'x' }, openrouter: { type: 'api', key: 'sk-or' } });

describe('opencode parse', () => {
  it('one credential per entry; the entry expiry wins over the JWT', () => {
    const cs = parseOpencodeAuth(JSON.stringify(doc()), 'p');
    expect(cs.map((c) => [c.id, c.kind, c.expiresAt])).toEqual([
      ['opencode:openai', 'oauth', 1_900_000_000_000],
      ['opencode:openrouter', 'api_key', null],
    ]);
  });
  it('broken documents and entries are unreadable, never thrown', () => {
    expect(parseOpencodeAuth('nope', 'p')[0]?.fixedState).toBe('unreadable');
    expect(parseOpencodeAuth('{"x": 1, "y": {"type": "magic"}}', 'p').map((c) => c.fixedState)).toEqual(['unreadable', 'unreadable']);
  });
});

describe('opencode grant side and write half', () => {
  const now = 1_800_000_000_000;
  it('extracts the entry grant; a key entry is not a sign-in', () => {
    const g = opencodeStore.grant!.extract(doc(), 'openai');
    expect(g.kind === 'ok' && g.grant).toMatchObject({ access, refresh, expiresAt: 1_900_000_000_000, accountId: 'acct-2' });
    expect(opencodeStore.grant!.extract(doc(), 'openrouter').kind).toBe('unusable');
    expect(opencodeStore.grant!.extract(doc(), 'nothing').kind).toBe('missing');
  });
  it('applyGrant rewrites only its entry', () => {
    expect(opencodeWriter.applyGrant(doc(), { accessToken: access, refreshToken: refresh, expiresAt: 5, accountId: 'acct-2' }, now, 'openai')).toEqual({ openai: { type: 'oauth', access, refresh, expires: 5, accountId: 'acct-2' } });
  });
  it('applyRotated keeps unknown fields of the entry and the old refresh token when none came', () => {
    const next = fakeJwt({ exp: 2_100_000_000 });
    expect(opencodeWriter.applyRotated(doc(), 'openai', { access: next, refresh: undefined, idToken: undefined, expiresAt: 7 }, now)).toEqual({ openai: { type: 'oauth', access: next, refresh, expires: 7, accountId: 'acct-2', extra: 'x' } });
    expect(opencodeWriter.applyRotated(doc(), 'gone', { access: next, refresh: undefined, idToken: undefined, expiresAt: 7 }, now)).toBeUndefined();
  });
  it('remove drops its entry only, or says there is none', () => {
    expect(opencodeWriter.remove(doc(), 'openai')).toEqual({ openai: undefined });
    expect(opencodeWriter.remove(doc(), 'gone')).toBeUndefined();
  });
  it('OPENCODE_AUTH_CONTENT hides every entry of the file', () => {
    const creds = [...parseOpencodeAuth(JSON.stringify(doc()), 'p'), ...parseOpencodeAuth('{}', '$OPENCODE_AUTH_CONTENT', 'env'), { ...parseOpencodeAuth('nope', '$OPENCODE_AUTH_CONTENT', 'env')[0]! }];
    expect(opencodeStore.hidden!(creds).map((h) => h.id)).toEqual(['opencode:openai', 'opencode:openrouter']);
    expect(opencodeStore.hidden!(parseOpencodeAuth(JSON.stringify(doc()), 'p'))).toEqual([]);
  });
});
