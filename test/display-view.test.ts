// displayCredential (src/report/display.ts): the credential as text output
// shows it. When every field is already safe and short it is the credential
// itself (no copy on status's cold path); any field that needs escaping or
// cutting gives a copy with that field changed and the credential untouched.
import { describe, expect, it } from 'vitest';
import type { AssessedCredential } from '../src/core/credential';
import { FIELD_MAX } from '../src/report/width';
import { displayCredential } from '../src/report/display';

const base: AssessedCredential = {
  id: 'codex',
  provider: 'openai',
  source: 'codex',
  kind: 'oauth',
  path: '/home/u/.codex/auth.json',
  email: 'user@example.test',
  scopes: ['openid', 'email'],
  expiresAt: 1,
  canRefresh: true,
  secrets: {},
  state: 'valid',
  usable: true,
  usedBy: ['codex'],
  shadowedBy: [{ tool: 'opencode', by: 'env:OPENAI_API_KEY' }],
};

describe('displayCredential', () => {
  it('returns a safe credential itself', () => {
    expect(displayCredential(base)).toBe(base);
  });

  it.each([
    ['email', { email: 'a\u001b]52;c;eA==\u0007@example.test' }, (v: AssessedCredential) => v.email, 'a\\x1b]52;c;eA==\\x07@example.test'],
    ['a scope', { scopes: ['openid', 'x\u202ey'] }, (v: AssessedCredential) => v.scopes?.[1], 'x\\u202ey'],
    ['a tool in usedBy', { usedBy: ['co\rdex'] }, (v: AssessedCredential) => v.usedBy[0], 'co\\x0ddex'],
    ['a shadowing id', { shadowedBy: [{ tool: 'opencode', by: 'env:\u009bX' }] }, (v: AssessedCredential) => v.shadowedBy[0]?.by, 'env:\\x9bX'],
    ['a long path', { path: `/${'p'.repeat(FIELD_MAX + 10)}` }, (v: AssessedCredential) => v.path, `/${'p'.repeat(FIELD_MAX - 2)}…`],
  ] as const)('copies a credential whose %s needs it, leaving the credential as it was', (_what, change, pick, shown) => {
    const c = { ...base, ...change } as AssessedCredential;
    const before = JSON.stringify(c);
    const view = displayCredential(c);
    expect(view).not.toBe(c);
    expect(pick(view)).toBe(shown);
    expect(JSON.stringify(c)).toBe(before);
    // Everything else is carried over.
    expect(view).toMatchObject({ id: 'codex', source: 'codex', state: 'valid', usable: true, canRefresh: true });
  });
});
