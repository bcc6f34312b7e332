// Gemini CLI's store: the file shapes oauth2.ts writes, broken shapes, and
// USED BY under Gemini CLI's own precedence (settings first, then the env).
import { describe, expect, it } from 'vitest';
import { discover } from '../src/report/discover';
import { geminiAuthType, parseGeminiOauth } from '../src/stores/gemini';
import { FIXED_NOW } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { geminiCreds } from './helpers/new-stores-home';
import { fakeSecret } from './helpers/tokens';

const exec = async () => ({ code: null, stdout: '', stderr: '', notFound: true });

function ctx(home: string, env: Record<string, string> = {}) {
  return { home, env: { GEMINI_CLI_SYSTEM_SETTINGS_PATH: `${home}/no-system-settings.json`, ...env }, platform: 'linux' as const, exec };
}

function settings(home: string, selectedType: string) {
  put(home, '.gemini/settings.json', JSON.stringify({ security: { auth: { selectedType } } }), 0o644);
}

async function run(home: string, env: Record<string, string> = {}) {
  const r = await discover(ctx(home, env), FIXED_NOW);
  const google = r.credentials.filter((c) => c.provider === 'google');
  return { r, google, used: (id: string) => google.find((c) => c.id === id)?.usedBy ?? [] };
}

describe('Gemini CLI: oauth_creds.json', () => {
  it('parses the google-auth-library shape: expiry_date in ms, account from the id token, scopes', () => {
    const g = geminiCreds();
    const [c] = parseGeminiOauth(JSON.stringify(g.doc, null, 2), '/h/.gemini/oauth_creds.json');
    expect(c).toMatchObject({ id: 'gemini', provider: 'google', source: 'gemini', kind: 'oauth', email: 'gemini-user@example.test', userId: '109876543210987654321', expiresAt: FIXED_NOW + 50 * 60_000, canRefresh: true });
    expect(c!.scopes).toContain('https://www.googleapis.com/auth/cloud-platform');
    expect(c!.secrets).toEqual({ access: g.access, refresh: g.refresh, idToken: g.idToken });
  });

  it('takes the account from google_accounts.json when the id token has none', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds(FIXED_NOW, { id_token: undefined }).doc);
    put(home, '.gemini/google_accounts.json', { active: 'active@example.test', old: ['old@example.test'] });
    const { google } = await run(home);
    expect(google[0]).toMatchObject({ email: 'active@example.test', state: 'expiring' });
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, t.length / 2), /not valid JSON/],
    ['empty', () => '', /is empty/],
    ['an array', () => '[]', /not a JSON object/],
    ['expiry_date as a string', () => JSON.stringify(geminiCreds(FIXED_NOW, { expiry_date: '1790000000000' }).doc), /"expiry_date" is not a time in epoch milliseconds/],
    ['access_token as a number', () => JSON.stringify(geminiCreds(FIXED_NOW, { access_token: 42 }).doc), /"access_token" is not a string/],
  ])('%s → unreadable with the reason', async (_n, mutate, reason) => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', mutate(JSON.stringify(geminiCreds().doc)));
    const { google } = await run(home);
    expect(google).toHaveLength(1);
    expect(google[0]!.state).toBe('unreadable');
    expect(google[0]!.reason).toMatch(reason);
    expect(google[0]!.fix).toContain('gemini');
  });

  it('an expiry written in seconds reads as long past: expired, refreshable (what google-auth-library does too)', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds(FIXED_NOW, { expiry_date: Math.floor(FIXED_NOW / 1000) + 3600 }).doc);
    const { google } = await run(home);
    expect(google[0]).toMatchObject({ state: 'expired', canRefresh: true, usable: true });
  });

  it('no refresh token and an expired access token: not usable, with the sign-in command', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds(FIXED_NOW, { refresh_token: undefined, expiry_date: FIXED_NOW - 1000 }).doc);
    const { google } = await run(home);
    expect(google[0]).toMatchObject({ state: 'expired', usable: false, fix: 'gemini  (then /auth; without a browser: NO_BROWSER=true gemini)' });
  });

  it('empty tokens are a signed-out file', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', { access_token: '', refresh_token: '', expiry_date: 0 });
    expect((await run(home)).google[0]).toMatchObject({ state: 'signed-out', usedBy: [] });
  });

  it('GEMINI_CLI_HOME moves ~/.gemini; a relative value is an unreadable row naming it', async () => {
    const home = tempHome();
    const other = tempHome();
    put(other, '.gemini/oauth_creds.json', geminiCreds().doc);
    expect((await run(home, { GEMINI_CLI_HOME: other })).google[0]).toMatchObject({ path: `${other}/.gemini/oauth_creds.json`, state: 'expiring' });
    const rel = (await run(home, { GEMINI_CLI_HOME: 'gem' })).google[0]!;
    expect(rel).toMatchObject({ state: 'unreadable', path: '$GEMINI_CLI_HOME' });
    expect(rel.reason).toMatch(/GEMINI_CLI_HOME is a relative path/);
  });
});

describe('Gemini CLI: which credential it uses', () => {
  it('the env order when settings select nothing (getAuthTypeFromEnv)', () => {
    expect(geminiAuthType(undefined, { GEMINI_API_KEY: 'k', GOOGLE_GENAI_USE_VERTEXAI: 'true' })?.type).toBe('vertex-ai');
    expect(geminiAuthType(undefined, { GEMINI_API_KEY: 'k', GOOGLE_GENAI_USE_GCA: 'true', GOOGLE_GENAI_USE_VERTEXAI: 'true' })?.type).toBe('oauth-personal');
    expect(geminiAuthType(undefined, { GEMINI_API_KEY: 'k', GOOGLE_GEMINI_BASE_URL: 'https://gw.example.test' })?.type).toBe('gateway');
    expect(geminiAuthType(undefined, { GEMINI_API_KEY: 'k' })?.type).toBe('gemini-api-key');
    expect(geminiAuthType(undefined, { GOOGLE_GENAI_USE_VERTEXAI: '1' })).toBeUndefined(); // only the string "true"
    expect(geminiAuthType(undefined, { GEMINI_API_KEY: 'k', CLOUD_SHELL: 'true' })?.type).toBe('compute-default-credentials');
    expect(geminiAuthType('oauth-personal', { GEMINI_API_KEY: 'k', CLOUD_SHELL: 'true' })?.type).toBe('oauth-personal');
  });

  it('settings select Google sign-in: the file is used, GEMINI_API_KEY is ignored and said so', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds().doc);
    settings(home, 'oauth-personal');
    const { r, used } = await run(home, { GEMINI_API_KEY: fakeSecret('AIza') });
    expect(used('gemini')).toEqual(['gemini']);
    expect(used('env:GEMINI_API_KEY')).toEqual([]);
    expect(r.notes.join('\n')).toMatch(/GEMINI_API_KEY is set, but Gemini CLI's settings select Google sign-in/);
  });

  it('no settings: GEMINI_API_KEY wins over the file (headless env order)', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds().doc);
    const { used } = await run(home, { GEMINI_API_KEY: fakeSecret('AIza') });
    expect(used('env:GEMINI_API_KEY')).toEqual(['gemini']);
    expect(used('gemini')).toEqual([]);
  });

  it('system settings override the user settings', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds().doc);
    settings(home, 'oauth-personal');
    const system = put(home, 'etc/gemini-cli/settings.json', { security: { auth: { selectedType: 'gemini-api-key' } } });
    const { used } = await run(home, { GEMINI_API_KEY: fakeSecret('AIza'), GEMINI_CLI_SYSTEM_SETTINGS_PATH: system });
    expect(used('env:GEMINI_API_KEY')).toEqual(['gemini']);
    expect(used('gemini')).toEqual([]);
  });

  it('GOOGLE_GENAI_USE_GCA + GOOGLE_CLOUD_ACCESS_TOKEN comes before the cached sign-in, which it shadows', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds().doc);
    const { google, used } = await run(home, { GOOGLE_GENAI_USE_GCA: 'true', GOOGLE_CLOUD_ACCESS_TOKEN: fakeSecret('ya29.') });
    expect(used('env:GOOGLE_CLOUD_ACCESS_TOKEN')).toEqual(['gemini']);
    expect(google.find((c) => c.id === 'gemini')!.shadowedBy).toEqual([{ tool: 'gemini', by: 'env:GOOGLE_CLOUD_ACCESS_TOKEN' }]);
  });

  it('Vertex AI uses GOOGLE_API_KEY, not GEMINI_API_KEY', async () => {
    const home = tempHome();
    settings(home, 'vertex-ai');
    const { used } = await run(home, { GEMINI_API_KEY: fakeSecret('AIza'), GOOGLE_API_KEY: fakeSecret('AIza') });
    expect(used('env:GOOGLE_API_KEY')).toEqual(['gemini']);
    expect(used('env:GEMINI_API_KEY')).toEqual([]);
  });

  it('settings that select nothing usable are a note, and nothing is USED BY gemini', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds().doc);
    settings(home, 'compute-default-credentials');
    const a = await run(home);
    expect(a.used('gemini')).toEqual([]);
    expect(a.r.notes.join('\n')).toMatch(/metadata server/);
    settings(home, 'no-such-type');
    expect((await run(home)).r.notes.join('\n')).toMatch(/"no-such-type", which it does not accept/);
  });

  it('settings.json with comments is read; a broken one is a note, not a crash', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', geminiCreds().doc);
    put(home, '.gemini/settings.json', '{ /* a */ "security": { "auth": { "selectedType": "oauth-personal" } } // b\n}');
    expect((await run(home, { GEMINI_API_KEY: 'AIza-x' })).used('gemini')).toEqual(['gemini']);
    put(home, '.gemini/settings.json', '{"security": ');
    const broken = await run(home);
    expect(broken.r.notes.join('\n')).toMatch(/Gemini CLI's settings.json is not valid JSON/);
  });

  it('encrypted storage mode: the keychain is tried (here without a reader: a note says so); with the encrypted file, a note names it', async () => {
    const home = tempHome();
    settings(home, 'oauth-personal');
    const keychain = await run(home, { GEMINI_FORCE_ENCRYPTED_FILE_STORAGE: 'true' });
    // The real Secret Service read of this item is test/keyring.test.ts.
    expect(keychain.r.notes.join('\n')).toMatch(/keeps its sign-in in the keychain \(GEMINI_FORCE_ENCRYPTED_FILE_STORAGE=true\), but the OS keyring cannot be read/);
    put(home, '.gemini/gemini-credentials.json', 'a1b2:c3d4:e5f6');
    const file = await run(home, { GEMINI_FORCE_ENCRYPTED_FILE_STORAGE: 'true' });
    expect(file.r.notes.join('\n')).toMatch(/encrypted in ~\/\.gemini\/gemini-credentials\.json/);
    expect(file.google).toEqual([]);
  });

  it('no Gemini CLI on the machine adds no rows and no notes', async () => {
    const r = await run(tempHome());
    expect(r.google).toEqual([]);
    expect(r.r.notes).toEqual([]);
  });
});
