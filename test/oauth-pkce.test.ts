import { randomBytes as nodeRandomBytes, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { challengeFor, createState, createVerifier, isValidVerifier } from '../src/oauth/pkce.js';

const rng = (n: number): Uint8Array => new Uint8Array(nodeRandomBytes(n));

/** Independent S256: WebCrypto digest and btoa, not node's createHash/base64url. */
async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('PKCE (RFC 7636)', () => {
  it('matches the Appendix B vector', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('builds the Appendix B verifier from its 32 octets', () => {
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240,
      91, 88, 5, 88, 83, 132, 141, 121,
    ];
    expect(createVerifier(() => new Uint8Array(octets))).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
  });

  it('10,000 generated verifiers have the right charset and length, and independent challenges agree', async () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const v = createVerifier(rng);
      const c = challengeFor(v);
      if (!/^[A-Za-z0-9\-._~]{43}$/.test(v) || !/^[A-Za-z0-9_-]{43}$/.test(c) || c !== (await s256(v))) bad.push(v);
      seen.add(v);
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBe(10_000);
  });

  it('asks the random source for 32 bytes and refuses a short answer', () => {
    const asked: number[] = [];
    createVerifier((n) => {
      asked.push(n);
      return rng(n);
    });
    expect(asked).toEqual([32]);
    expect(() => createVerifier(() => new Uint8Array(16))).toThrow(expect.objectContaining({ code: 'internal' }));
  });

  it.each([
    ['42 chars', 'a'.repeat(42), false],
    ['43 chars', 'a'.repeat(43), true],
    ['128 chars', '-._~'.repeat(32), true],
    ['129 chars', 'a'.repeat(129), false],
    ['a space', `${'a'.repeat(42)} `, false],
    ['a plus', `${'a'.repeat(42)}+`, false],
    ['a slash', `${'a'.repeat(42)}/`, false],
    ['padding', `${'a'.repeat(42)}=`, false],
    ['non-ASCII', `${'a'.repeat(42)}é`, false],
  ])('verifier with %s valid: %s', (_name, v, ok) => {
    expect(isValidVerifier(v)).toBe(ok);
    if (ok) expect(() => challengeFor(v)).not.toThrow();
    else expect(() => challengeFor(v)).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});

describe('state', () => {
  it('carries 256 bits: 32 random bytes, base64url, 43 chars', () => {
    const asked: number[] = [];
    const s = createState((n) => {
      asked.push(n);
      return rng(n);
    });
    expect(asked).toEqual([32]);
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(s, 'base64url')).toHaveLength(32);
  });

  it('is fresh every time (1000 distinct)', () => {
    const states = new Set(Array.from({ length: 1000 }, () => createState(rng)));
    expect(states.size).toBe(1000);
  });
});
