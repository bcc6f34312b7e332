import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, redactUrl } from '../src/oauth/authorize-url.js';
import {
  OPENAI_CALLBACK_PORT,
  OPENAI_CLIENT_ID,
  OPENAI_REDIRECT_URI,
  OPENAI_SCOPE,
  ORIGINATOR,
  openaiEndpoints,
} from '../src/oauth/openai-endpoints.js';
import { challengeFor } from '../src/oauth/pkce.js';

const STATE = 'xk3p9QmFh2vW8bLr0tYcN5sJ4uA7eD1gZ6oK_iM-qXw';
const CHALLENGE = challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');

function build(env: Record<string, string | undefined> = {}): string {
  return buildAuthorizeUrl({
    endpoints: openaiEndpoints(env),
    clientId: OPENAI_CLIENT_ID,
    redirectUri: OPENAI_REDIRECT_URI,
    scope: OPENAI_SCOPE,
    state: STATE,
    codeChallenge: CHALLENGE,
    originator: ORIGINATOR,
  });
}

/** Random values scrubbed before snapshotting (house style: wrangler/firebase). */
function scrub(url: string): string {
  return url.replace(/([?&]state=)[^&]*/, '$1<STATE>').replace(/([?&]code_challenge=)[^&]*/, '$1<CODE_CHALLENGE>');
}

describe('buildAuthorizeUrl', () => {
  it('matches the snapshot (state and code_challenge scrubbed)', async () => {
    await expect(`${scrub(build())}\n`).toMatchFileSnapshot('../snapshots/authorize-url.txt');
  });

  it('sends exactly the parameters of docs/providers.md §2, once each', () => {
    const url = new URL(build());
    expect(`${url.origin}${url.pathname}`).toBe('https://auth.openai.com/oauth/authorize');
    expect([...url.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'code_challenge',
      'code_challenge_method',
      'id_token_add_organizations',
      'codex_cli_simplified_flow',
      'state',
      'originator',
    ]);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
      redirect_uri: 'http://localhost:1455/auth/callback',
      scope: 'openid profile email offline_access',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      id_token_add_organizations: 'true',
      codex_cli_simplified_flow: 'true',
      state: STATE,
      originator: 'auth_wizard',
    });
    // Spaces percent-encoded the way Codex sends them.
    expect(build()).toContain('scope=openid%20profile%20email%20offline_access');
  });

  it('refuses a challenge that is not S256 and an empty state', () => {
    const base = {
      endpoints: openaiEndpoints({}),
      clientId: OPENAI_CLIENT_ID,
      redirectUri: OPENAI_REDIRECT_URI,
      scope: OPENAI_SCOPE,
      originator: ORIGINATOR,
    };
    expect(() => buildAuthorizeUrl({ ...base, state: STATE, codeChallenge: 'plain-verifier' })).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
    expect(() => buildAuthorizeUrl({ ...base, state: '', codeChallenge: CHALLENGE })).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
  });
});

describe('openaiEndpoints', () => {
  it('defaults to auth.openai.com', () => {
    expect(openaiEndpoints({})).toEqual({
      issuer: 'https://auth.openai.com',
      authorize: 'https://auth.openai.com/oauth/authorize',
      token: 'https://auth.openai.com/oauth/token',
      revoke: 'https://auth.openai.com/oauth/revoke',
      jwks: 'https://auth.openai.com/.well-known/jwks.json',
      deviceUserCode: 'https://auth.openai.com/api/accounts/deviceauth/usercode',
      deviceToken: 'https://auth.openai.com/api/accounts/deviceauth/token',
      deviceVerify: 'https://auth.openai.com/codex/device',
      deviceRedirectUri: 'https://auth.openai.com/deviceauth/callback',
    });
    expect(OPENAI_CALLBACK_PORT).toBe(1455);
    expect(new URL(OPENAI_REDIRECT_URI).port).toBe(String(OPENAI_CALLBACK_PORT));
  });

  it('follows AUTH_WIZARD_OPENAI_ISSUER, trailing slashes trimmed', () => {
    const e = openaiEndpoints({ AUTH_WIZARD_OPENAI_ISSUER: 'http://127.0.0.1:4000/issuer//' });
    expect(e.issuer).toBe('http://127.0.0.1:4000/issuer');
    expect(e.token).toBe('http://127.0.0.1:4000/issuer/oauth/token');
    expect(e.deviceVerify).toBe('http://127.0.0.1:4000/issuer/codex/device');
    expect(openaiEndpoints({ AUTH_WIZARD_OPENAI_ISSUER: '  ' }).issuer).toBe('https://auth.openai.com');
  });

  it.each(['http://auth.example.com', 'not a url', 'https://u:p@auth.example.com', 'https://a.example.com/?x=1'])(
    'refuses issuer %s without echoing it',
    (issuer) => {
      expect(() => openaiEndpoints({ AUTH_WIZARD_OPENAI_ISSUER: issuer })).toThrow(
        expect.objectContaining({ code: 'usage', message: expect.not.stringContaining(issuer) }),
      );
    },
  );
});

describe('redactUrl', () => {
  it.each([
    [
      'http://localhost:1455/auth/callback?code=ac_secret&state=st_secret',
      'http://localhost:1455/auth/callback?code=REDACTED&state=REDACTED',
    ],
    [
      'https://x/oauth/token?grant_type=refresh_token&refresh_token=rt_1&access_token=a&id_token=i&code_verifier=v',
      'https://x/oauth/token?grant_type=refresh_token&refresh_token=REDACTED&access_token=REDACTED&id_token=REDACTED&code_verifier=REDACTED',
    ],
    ['https://x/cb#code=abc&state=def&scope=openid', 'https://x/cb#code=REDACTED&state=REDACTED&scope=openid'],
    ['https://x/?Code=abc&STATE=def', 'https://x/?Code=REDACTED&STATE=REDACTED'],
    ['https://x/?code=a;b%20c&x=1', 'https://x/?code=REDACTED&x=1'],
    ['https://user:hunter2@x/?a=1', 'https://user:REDACTED@x/?a=1'],
    ['/auth/callback?code=abc', '/auth/callback?code=REDACTED'],
  ])('%s', (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });

  it('keeps code_challenge and the non-secret *token* flags readable', () => {
    const redacted = redactUrl(build());
    expect(redacted).toContain(`code_challenge=${CHALLENGE}`);
    expect(redacted).toContain('id_token_add_organizations=true');
    expect(redacted).toContain('&state=REDACTED&');
    expect(redacted).not.toContain(STATE);
  });
});
