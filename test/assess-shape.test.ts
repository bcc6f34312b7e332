// assess() gives every credential one shape: the same keys in the same order,
// whatever the store built, and nothing of the store's credential lost.
import { describe, expect, it } from 'vitest';
import type { Credential } from '../src/core/credential';
import { assess } from '../src/report/assess';

const now = Date.UTC(2026, 11, 1);

const full: Credential = {
  id: 'codex',
  provider: 'openai',
  source: 'codex',
  kind: 'oauth',
  path: '/h/.codex/auth.json',
  entry: 'e',
  accountId: 'acct',
  email: 'a@example.test',
  userId: 'u',
  orgId: 'o',
  orgName: 'Org',
  plan: 'pro',
  rateLimitTier: 't',
  scopes: ['s'],
  expiresAt: now + 3_600_000 * 5,
  refreshExpiresAt: now + 3_600_000 * 24,
  lastRefresh: now - 1000,
  canRefresh: true,
  fixedState: undefined,
  reason: 'r',
  inactive: 'i',
  fileMode: 0o600,
  symlink: false,
  flags: ['copilot-plaintext-token'],
  secrets: { access: 'a', refresh: 'b' },
};

describe('assess', () => {
  it('keeps every field of the credential', () => {
    const a = assess(full, now);
    for (const [k, v] of Object.entries(full)) expect(a[k as keyof typeof a], k).toEqual(v);
    expect(a).toMatchObject({ state: 'valid', usable: true, usedBy: [], shadowedBy: [], fix: undefined });
  });

  it('gives credentials built in different shapes one key order', () => {
    const sparse: Credential = { secrets: {}, canRefresh: false, expiresAt: null, path: '$OPENAI_API_KEY', kind: 'api_key', source: 'env', provider: 'openai', id: 'env:OPENAI_API_KEY' };
    const a = assess(full, now);
    const b = assess(sparse, now);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(b).toMatchObject({ id: 'env:OPENAI_API_KEY', kind: 'api_key', email: undefined, state: 'valid' });
  });
});
