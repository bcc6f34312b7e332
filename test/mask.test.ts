// A mask never shows a whole secret (issue 10 §6): the public kind prefix, and
// the last 4 characters only when at least 24 characters of secret follow the
// prefix; a JWT shows the start of its header and none of its signature.
import { describe, expect, it } from 'vitest';
import { maskSecret } from '../src/core/mask';
import { fakeJwt, signatureOf } from './helpers/tokens';

const PREFIXES = ['sk-ant-api03-', 'sk-ant-oat01-', 'sk-ant-ort01-', 'sk-proj-', 'sk-', 'sk-or-', 'sk-or-v1-', 'gho_', 'ghu_', 'github_pat_', 'at-', 'ya29.', 'rt_'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const body = (n: number) => Array.from({ length: n }, (_, i) => ALPHABET[(i * 7 + 3) % ALPHABET.length]).join('');

/** How many characters of `secret` after `prefix` the mask gives away, in order (its head and tail). */
function shownOf(mask: string, prefix: string): string {
  expect(mask.startsWith(prefix)).toBe(true);
  return mask.slice(prefix.length).replace(/[…•]/g, '');
}

describe('maskSecret', () => {
  it.each(PREFIXES)('%s: a short key shows the prefix and nothing of the secret', (prefix) => {
    for (const n of [1, 4, 5, 8, 12, 23]) {
      const secret = prefix + body(n);
      const mask = maskSecret(secret);
      expect(mask).not.toBe(secret);
      expect(shownOf(mask, prefix)).toBe('');
    }
    expect(maskSecret(prefix + 'WXYZ')).toBe(`${prefix}••••`);
  });

  it.each(PREFIXES)('%s: a long key (24+ characters after the prefix) shows the prefix and its last 4', (prefix) => {
    for (const n of [24, 40, 108]) {
      const rest = body(n);
      expect(maskSecret(prefix + rest)).toBe(`${prefix}…${rest.slice(-4)}`);
    }
  });

  it('the example from the issue', () => {
    expect(maskSecret('sk-ant-api03-WXYZ')).toBe('sk-ant-api03-••••');
  });

  it('picks the longest known prefix', () => {
    expect(maskSecret('sk-ant-oat01-' + body(30))).toMatch(/^sk-ant-oat01-…/);
    expect(maskSecret('sk-or-v1-' + body(30))).toMatch(/^sk-or-v1-…/);
    expect(maskSecret('github_pat_' + body(30))).toMatch(/^github_pat_…/);
  });

  it('an unknown kind shows at most its last 4 characters, and those only when long', () => {
    expect(maskSecret('abcdefghij')).toBe('••••');
    expect(maskSecret(body(23))).toBe('••••');
    expect(maskSecret(body(24))).toBe(`…${body(24).slice(-4)}`);
    expect(maskSecret(body(60))).not.toContain(body(60).slice(0, 4));
  });

  it('a JWT shows the start of its header and its length, none of the payload or signature', () => {
    const jwt = fakeJwt({ sub: 'user-1', exp: 2_000_000_000 });
    const mask = maskSecret(jwt);
    expect(mask).toBe(`${jwt.slice(0, 6)}…(JWT, ${jwt.length} chars)`);
    expect(mask).not.toContain(signatureOf(jwt).slice(-4));
    expect(mask).not.toContain(jwt.split('.')[1]!.slice(0, 4));
  });

  it('nothing for nothing', () => {
    expect(maskSecret(undefined)).toBe('');
    expect(maskSecret(null)).toBe('');
    expect(maskSecret('')).toBe('');
  });
});
