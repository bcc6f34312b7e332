// auth-wizard's own store, document in / document out.
import { describe, expect, it } from 'vitest';
import { authWizardStore } from '../../src/stores/auth-wizard';
import { authWizardWriter } from '../../src/stores/auth-wizard.write';
import { parseProfileStore } from '../../src/stores/profile-store';
import { fakeJwt, fakeSecret } from '../helpers/tokens';

const access = fakeJwt({ exp: 2_000_000_000, email: 'a@example.com', 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-3', chatgpt_plan_type: 'plus' } });
const refresh = fakeSecret('rt_');
const doc = () => ({
  version: 1,
  profiles: { 'openai:default': { type: 'oauth', provider: 'openai', access, refresh, expires: 1_900_000_000_000, custom: 1 }, 'anthropic:key': { type: 'api_key', provider: 'anthropic', key: 'sk-ant' } },
  order: { openai: ['openai:default'], anthropic: ['anthropic:key'] },
  unknownTop: true,
});

describe('auth-wizard parse', () => {
  it('one credential per profile, with the order', () => {
    const p = parseProfileStore(JSON.stringify(doc()), 'p', 'auth-wizard', 'auth-wizard');
    expect(p.credentials.map((c) => [c.id, c.provider, c.kind])).toEqual([
      ['auth-wizard:openai:default', 'openai', 'oauth'],
      ['auth-wizard:anthropic:key', 'anthropic', 'api_key'],
    ]);
    expect(p.order).toEqual({ openai: ['openai:default'], anthropic: ['anthropic:key'] });
    expect(parseProfileStore('{"profiles": []}', 'p', 'auth-wizard', 'auth-wizard').credentials[0]?.fixedState).toBe('unreadable');
  });
});

describe('auth-wizard grant side and write half', () => {
  const now = Date.parse('2026-12-01T00:00:00.000Z');
  it('extracts a profile grant; a key profile is not one', () => {
    const g = authWizardStore.grant!.extract(doc(), 'openai:default');
    expect(g.kind === 'ok' && g.grant).toMatchObject({ access, refresh, expiresAt: 1_900_000_000_000, email: 'a@example.com' });
    expect(authWizardStore.grant!.extract(doc(), 'anthropic:key').kind).toBe('unusable');
    expect(authWizardStore.grant!.loginCommand('openai:work')).toBe('auth-wizard login --provider openai --target auth-wizard --profile work');
  });
  it('applyGrant adds the profile first in its provider order and keeps the others', () => {
    const m = authWizardWriter.applyGrant(doc(), { accessToken: access, refreshToken: refresh, accountId: 'acct-3', expiresAt: 9, email: 'a@example.com', plan: 'plus' }, now, 'openai:work');
    expect(m.order).toEqual({ openai: ['openai:work', 'openai:default'], anthropic: ['anthropic:key'] });
    expect(Object.keys(m.profiles as object)).toEqual(['openai:default', 'anthropic:key', 'openai:work']);
    expect((m.profiles as Record<string, unknown>)['openai:work']).toEqual({ type: 'oauth', provider: 'openai', access, refresh, expires: 9, accountId: 'acct-3', email: 'a@example.com', plan: 'plus', lastRefresh: '2026-12-01T00:00:00.000Z' });
    expect(m).not.toHaveProperty('unknownTop');
  });
  it('applyRotated keeps unknown fields of the profile and the other profiles', () => {
    const next = fakeJwt({ exp: 2_100_000_000 });
    const m = authWizardWriter.applyRotated(doc(), 'openai:default', { access: next, refresh: undefined, idToken: undefined, expiresAt: 11 }, now);
    const profiles = m?.profiles as Record<string, Record<string, unknown>>;
    expect(profiles['openai:default']).toMatchObject({ access: next, refresh, expires: 11, custom: 1, lastRefresh: '2026-12-01T00:00:00.000Z' });
    expect(profiles['anthropic:key']).toEqual(doc().profiles['anthropic:key']);
    expect(authWizardWriter.applyRotated(doc(), 'openai:gone', { access: next, refresh: undefined, idToken: undefined, expiresAt: 11 }, now)).toBeUndefined();
  });
  it('remove drops the profile from profiles and order', () => {
    expect(authWizardWriter.remove(doc(), 'openai:default')).toEqual({ profiles: { 'anthropic:key': doc().profiles['anthropic:key'] }, order: { openai: [], anthropic: ['anthropic:key'] } });
    expect(authWizardWriter.remove(doc(), 'openai:gone')).toBeUndefined();
  });
});
