import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { statesMatch } from '../src/oauth/callback-params.js';
import { parsePastedRedirect } from '../src/oauth/paste.js';

const STATE = 'S1ate_-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const CODE = 'ac_Secret.Code-value_123';

function fails(input: string): AppError {
  try {
    parsePastedRedirect(input, STATE);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error(`accepted: ${input}`);
}

describe('parsePastedRedirect: accepted', () => {
  it.each([
    ['full localhost URL', `http://localhost:1455/auth/callback?code=${CODE}&state=${STATE}`],
    ['any host, extra params', `https://example.test/cb?scope=openid&code=${CODE}&state=${STATE}`],
    ['params in the fragment', `http://localhost:1455/auth/callback#code=${CODE}&state=${STATE}`],
    ['query string with ?', `?code=${CODE}&state=${STATE}`],
    ['query string without ?', `code=${CODE}&state=${STATE}`],
    ['state first', `state=${STATE}&code=${CODE}`],
    ['path with query', `/auth/callback?code=${CODE}&state=${STATE}`],
    ['code#state', `${CODE}#${STATE}`],
    ['whitespace and newline', `  \thttp://localhost:1455/auth/callback?code=${CODE}&state=${STATE}\n`],
    ['double quotes', `"http://localhost:1455/auth/callback?code=${CODE}&state=${STATE}"`],
    ['single quotes around code#state', ` '${CODE}#${STATE}' `],
    ['angle brackets', `<http://localhost:1455/auth/callback?code=${CODE}&state=${STATE}>`],
  ])('%s', (_name, input) => {
    expect(parsePastedRedirect(input, STATE)).toEqual({ code: CODE });
  });

  it('decodes percent-encoded values', () => {
    expect(parsePastedRedirect(`?code=a%2Fb%3D&state=${STATE}`, STATE)).toEqual({ code: 'a/b=' });
  });
});

describe('parsePastedRedirect: refused', () => {
  it.each([
    ['wrong state (URL)', `http://localhost:1455/auth/callback?code=${CODE}&state=other`, 'state_mismatch', /different sign-in attempt/],
    ['wrong state (code#state)', `${CODE}#${STATE}x`, 'state_mismatch', /different sign-in attempt/],
    ['state differing in case', `${CODE}#${STATE.toLowerCase()}`, 'state_mismatch', /different sign-in attempt/],
    ['missing state', `http://localhost:1455/auth/callback?code=${CODE}`, 'state_mismatch', /no state/],
    ['empty state', `?code=${CODE}&state=`, 'state_mismatch', /no state/],
    ['bare code', CODE, 'state_mismatch', /no state/],
    ['error with bad state', `?error=access_denied&state=forged`, 'state_mismatch', /different sign-in attempt/],
    ['error without state', `?error=access_denied&error_description=nope`, 'state_mismatch', /no state/],
    ['repeated state', `?code=${CODE}&state=${STATE}&state=${STATE}`, 'usage', /repeats the "state"/],
    ['repeated code', `?code=${CODE}&code=x&state=${STATE}`, 'usage', /repeats the "code"/],
    ['empty code', `?code=&state=${STATE}`, 'usage', /empty code/],
    ['empty input', '   ', 'usage', /Nothing was pasted/],
    ['only quotes', '""', 'usage', /Nothing was pasted/],
    ['a sentence', 'I could not sign in', 'usage', /does not look like a sign-in redirect/],
    ['URL without code', 'https://chatgpt.com/', 'usage', /does not look like/],
    ['query without code', '?foo=bar&state=x', 'usage', /does not look like/],
    ['hash only', '#', 'usage', /does not look like/],
    ['code#', `${CODE}#`, 'usage', /does not look like/],
    ['#state', `#${STATE}`, 'usage', /does not look like/],
    ['a#b#c', `${CODE}#${STATE}#x`, 'usage', /does not look like/],
    ['short word', 'hello', 'usage', /does not look like/],
    ['broken URL', 'http://[::1/x?code=1&state=2', 'usage', /does not look like/],
  ])('%s → %s', (_name, input, code, message) => {
    const e = fails(input);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(CODE);
    expect(e.message).not.toContain(STATE);
  });

  it('says nothing was sent or written on a state mismatch', () => {
    expect(fails(`${CODE}#nope`).message).toMatch(/not sent anywhere and nothing was written/);
    expect(fails(CODE).message).toMatch(/not sent anywhere and nothing was written/);
  });

  it('believes an error callback when the state matches', () => {
    const e = fails(`http://localhost:1455/auth/callback?error=access_denied&error_description=User%20said%20no&state=${STATE}`);
    expect(e.code).toBe('oauth');
    expect(e.message).toBe('The sign-in was refused: access_denied (User said no)');
    expect(fails(`?error=access_denied&state=${STATE}`).message).toBe('The sign-in was refused: access_denied');
  });

  it('prefers the error when a matching response carries both', () => {
    expect(fails(`?error=server_error&code=${CODE}&state=${STATE}`).code).toBe('oauth');
  });

  it('strips terminal escapes and newlines from the server error text', () => {
    const e = fails(`?error=access_denied&error_description=${encodeURIComponent('a\u001b[31mred\nline')}&state=${STATE}`);
    expect(e.message).toBe('The sign-in was refused: access_denied (a[31mredline)');
  });
});

describe('statesMatch', () => {
  it('compares exactly, whatever the lengths', () => {
    expect(statesMatch('abc', 'abc')).toBe(true);
    expect(statesMatch('abc', 'abd')).toBe(false);
    expect(statesMatch('abc', 'abcd')).toBe(false);
    expect(statesMatch('abc', '')).toBe(false);
  });

  it('refuses to run without an expected state', () => {
    expect(() => parsePastedRedirect(`${CODE}#${STATE}`, '')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});
