// An expiry that is no real time — 0 (Claude Code writes it), a negative
// number, ±Infinity (a 1e400 literal), a number beyond any date — next to real
// tokens is expired, in every store alike: refreshable ("↻ expired") when a
// refresh token is there, never "valid, never expires" (issue 10 §6).
// A string where a time belongs stays unreadable (the wrong type).
import { describe, expect, it } from 'vitest';
import { expiryMs } from '../src/core/expiry';
import { main } from '../src/main';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { fakeSecret } from './helpers/tokens';

/** Number literals as they appear in the file: 1e400 is what JSON.parse turns into Infinity. */
const BAD_NUMBERS = ['0', '-1', '-1700000000000', '1e400', '-1e400', '1e300'];

const oat = () => fakeSecret('sk-ant-oat01-');
const ort = () => fakeSecret('sk-ant-ort01-');
const rt = () => fakeSecret('rt_');

const b64 = (s: string) => Buffer.from(s).toString('base64url');
/** A JWT whose payload is raw JSON text, so `exp` can be a literal JSON.stringify cannot write (1e400). */
function rawJwt(payloadJson: string): string {
  return `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(payloadJson)}.${fakeSecret('', 64)}`;
}
const openaiAuth = (acct: string) => `"https://api.openai.com/auth":{"chatgpt_account_id":"${acct}","chatgpt_plan_type":"plus"}`;

interface Row {
  id: string;
  state: string;
  usable: boolean;
  canRefresh: boolean;
  expiresAt: string | null;
}

async function statusOf(home: string): Promise<{ rows: Row[]; text: string }> {
  const j = testDeps(home);
  await main(['status', '--json'], j);
  const t = testDeps(home);
  await main(['status'], t);
  return { rows: (JSON.parse(j.out()) as { credentials: Row[] }).credentials, text: t.out() };
}

/** Each store's file with `expiry` spliced in as raw text, and whether it holds a refresh token. */
const STORES: Array<[string, string, (expiry: string) => string, string]> = [
  ['Claude Code', '.claude/.credentials.json', (e) => `{"claudeAiOauth":{"accessToken":"${oat()}","refreshToken":"${ort()}","expiresAt":${e},"scopes":["user:inference"]}}`, 'claude-code'],
  ['ccproxy', '.config/ccproxy/credentials.json', (e) => `{"claudeAiOauth":{"accessToken":"${oat()}","refreshToken":"${ort()}","expiresAt":${e}}}`, 'ccproxy'],
  ['OpenCode (anthropic)', '.local/share/opencode/auth.json', (e) => `{"anthropic":{"type":"oauth","access":"${oat()}","refresh":"${ort()}","expires":${e}}}`, 'opencode:anthropic'],
  [
    'OpenCode (openai, a live JWT beside it)',
    '.local/share/opencode/auth.json',
    (e) => `{"openai":{"type":"oauth","access":"${rawJwt(`{"exp":2000000000,${openaiAuth('acct-oc')}}`)}","refresh":"${rt()}","expires":${e}}}`,
    'opencode:openai',
  ],
  ['auth-wizard', '.config/auth-wizard/auth-profiles.json', (e) => `{"version":1,"profiles":{"anthropic:work":{"type":"oauth","provider":"anthropic","access":"${oat()}","refresh":"${ort()}","expires":${e}}}}`, 'auth-wizard:anthropic:work'],
  ['OpenClaw', '.openclaw/agents/main/agent/auth-profiles.json', (e) => `{"version":1,"profiles":{"anthropic:default":{"type":"oauth","provider":"anthropic","access":"${oat()}","refresh":"${ort()}","expires":${e}}}}`, 'openclaw:main:anthropic:default'],
  ['jcode (anthropic)', '.jcode/auth.json', (e) => `{"anthropic_accounts":[{"label":"w","access":"${oat()}","refresh":"${ort()}","expires":${e}}]}`, 'jcode:w'],
  ['jcode (openai)', '.jcode/openai-auth.json', (e) => `{"access_token":"${rawJwt(`{"exp":2000000000,${openaiAuth('acct-j')}}`)}","refresh_token":"${rt()}","expires":${e}}`, 'jcode:openai'],
  ['Codex (the access token’s exp)', '.codex/auth.json', (e) => `{"auth_mode":"chatgpt","tokens":{"id_token":"${rawJwt(`{${openaiAuth('acct-c')}}`)}","access_token":"${rawJwt(`{"exp":${e},${openaiAuth('acct-c')}}`)}","refresh_token":"${rt()}"}}`, 'codex'],
];

describe('an expiry that is no real time is expired, in every store', () => {
  for (const [name, file, content, id] of STORES) {
    it.each(BAD_NUMBERS)(`${name}: %s with a refresh token is ↻ expired`, async (expiry) => {
      const home = tempHome();
      // Codex's exp is in seconds; 1e300 s is still beyond any date, -1 s is before 1970.
      put(home, file, content(expiry));
      const { rows, text } = await statusOf(home);
      const row = rows.find((r) => r.id === id);
      expect(row).toMatchObject({ state: 'expired', usable: true, canRefresh: true });
      expect(row!.expiresAt).not.toBeNull();
      expect(Date.parse(row!.expiresAt!)).toBeLessThanOrEqual(0);
      expect(text).toContain('↻ expired');
      expect(text).not.toMatch(/never|✓ valid/);
    });
  }

  it('without a refresh token it is ✗ expired (not usable), with the fix', async () => {
    const home = tempHome();
    put(home, '.claude/.credentials.json', `{"claudeAiOauth":{"accessToken":"${oat()}","expiresAt":0}}`);
    const { rows, text } = await statusOf(home);
    expect(rows[0]).toMatchObject({ state: 'expired', usable: false });
    expect(text).toContain('✗ expired');
  });

  it('a setup-token profile with expires 0 is expired, not valid forever', async () => {
    const home = tempHome();
    put(home, '.config/auth-wizard/auth-profiles.json', `{"version":1,"profiles":{"anthropic:setup-token":{"type":"token","provider":"anthropic","token":"${oat()}","expires":0}}}`);
    const { rows } = await statusOf(home);
    expect(rows[0]).toMatchObject({ state: 'expired', usable: false });
  });

  it('a JWT exp that is a string ("NaN") is expired, not "never"', async () => {
    const home = tempHome();
    put(home, '.codex/auth.json', `{"tokens":{"id_token":"${rawJwt(`{${openaiAuth('a')}}`)}","access_token":"${rawJwt(`{"exp":"NaN",${openaiAuth('a')}}`)}","refresh_token":"${rt()}"}}`);
    const { rows } = await statusOf(home);
    expect(rows[0]).toMatchObject({ state: 'expired', usable: true });
  });

  it.each(['"NaN"', '"Infinity"', '"0"', '"1e400"'])('an expiry written as the string %s stays unreadable (the wrong type), not valid', async (expiry) => {
    const home = tempHome();
    put(home, '.claude/.credentials.json', `{"claudeAiOauth":{"accessToken":"${oat()}","refreshToken":"${ort()}","expiresAt":${expiry}}}`);
    const { rows } = await statusOf(home);
    expect(rows[0]).toMatchObject({ state: 'unreadable', usable: false });
  });

  it("Claude Code's empty sign-in with expiresAt 0 is still signed out", async () => {
    const home = tempHome();
    put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0 } });
    const { rows } = await statusOf(home);
    expect(rows[0]).toMatchObject({ state: 'signed-out', usable: false });
  });

  it('a refresh-token expiry of 0 means the refresh token is dead too', async () => {
    const home = tempHome();
    put(home, '.claude/.credentials.json', `{"claudeAiOauth":{"accessToken":"${oat()}","refreshToken":"${ort()}","expiresAt":0,"refreshTokenExpiresAt":1e400}}`);
    const { rows } = await statusOf(home);
    // Both horizons passed: nothing renews it, so it is signed out (assess.ts).
    expect(rows[0]).toMatchObject({ state: 'signed-out', usable: false });
  });
});

describe('expiryMs', () => {
  it('keeps a real time, says nothing for an absent one, and makes every other value expired (0)', () => {
    expect(expiryMs(1_764_000_000_000)).toBe(1_764_000_000_000);
    expect(expiryMs(undefined)).toBeUndefined();
    expect(expiryMs(null)).toBeUndefined();
    for (const bad of [0, -1, -0, Infinity, -Infinity, Number.NaN, 1e300, 8.64e15 + 1, 'NaN', '2026-01-01', true, {}]) expect(expiryMs(bad)).toBe(0);
  });
});
