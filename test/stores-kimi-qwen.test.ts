// Kimi CLI (expires_at in seconds; the OAuth file wins over KIMI_API_KEY) and
// Qwen Code (its OAuth file is a dead sign-in since 2026-04-15).
import { describe, expect, it } from 'vitest';
import { discover } from '../src/report/discover';
import { KIMI_MS_REASON, parseKimiCredentials } from '../src/stores/kimi';
import { QWEN_DEAD_REASON, QWEN_FIX } from '../src/stores/qwen';
import { FIXED_NOW } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { kimiCreds, qwenCreds } from './helpers/new-stores-home';
import { fakeSecret } from './helpers/tokens';

const exec = async () => ({ code: null, stdout: '', stderr: '', notFound: true });

async function run(home: string, env: Record<string, string> = {}, provider?: string) {
  const r = await discover({ home, env, platform: 'linux', exec }, FIXED_NOW, { provider });
  return { r, creds: r.credentials, one: (id: string) => r.credentials.find((c) => c.id === id) };
}

describe('Kimi CLI', () => {
  it('reads expires_at as seconds (a float)', () => {
    const k = kimiCreds();
    const [c] = parseKimiCredentials(JSON.stringify(k.doc), '/h/.kimi/credentials/kimi-code.json');
    expect(c).toMatchObject({ id: 'kimi', provider: 'kimi', source: 'kimi', kind: 'oauth', expiresAt: FIXED_NOW + 86399_500, canRefresh: true, scopes: ['kimi-code'] });
    expect(c!.secrets).toEqual({ access: k.access, refresh: k.refresh });
  });

  it('a numeric string is read as Kimi CLI reads it (Python float())', () => {
    const [c] = parseKimiCredentials(JSON.stringify(kimiCreds(FIXED_NOW, { expires_at: String(FIXED_NOW / 1000 + 60) }).doc), 'p');
    expect(c!.expiresAt).toBe(FIXED_NOW + 60_000);
  });

  it('milliseconds where seconds belong: detected, shown at the meant time, not refreshable, with a note', async () => {
    const home = tempHome();
    put(home, '.kimi/credentials/kimi-code.json', kimiCreds(FIXED_NOW, { expires_at: FIXED_NOW + 3 * 3600_000 }).doc);
    const { r, one } = await run(home);
    expect(one('kimi')).toMatchObject({ expiresAt: FIXED_NOW + 3 * 3600_000, canRefresh: false, state: 'valid', reason: KIMI_MS_REASON, usedBy: ['kimi'] });
    expect(r.notes.join('\n')).toMatch(/"expires_at" in milliseconds; Kimi CLI reads seconds .* run `kimi login`/);
  });

  it.each([
    ['truncated', '{"access_token": "abc', /not valid JSON/],
    ['expires_at an object', JSON.stringify({ access_token: 'a', refresh_token: 'r', expires_at: {} }), /"expires_at" is not a number of seconds/],
    ['expires_at a word', JSON.stringify({ access_token: 'a', refresh_token: 'r', expires_at: 'soon' }), /"expires_at" is not a number of seconds/],
    ['refresh_token a number', JSON.stringify({ access_token: 'a', refresh_token: 7, expires_at: 1 }), /"refresh_token" is not a string/],
  ])('%s → unreadable', async (_n, text, reason) => {
    const home = tempHome();
    put(home, '.kimi/credentials/kimi-code.json', text);
    const c = (await run(home)).one('kimi')!;
    expect(c.state).toBe('unreadable');
    expect(c.reason).toMatch(reason);
    expect(c.fix).toBe('kimi login');
  });

  it('no expires_at is 0.0 to Kimi CLI: expired, refreshable', async () => {
    const home = tempHome();
    put(home, '.kimi/credentials/kimi-code.json', kimiCreds(FIXED_NOW, { expires_at: undefined }).doc);
    expect((await run(home)).one('kimi')).toMatchObject({ state: 'expired', canRefresh: true, usable: true });
  });

  it('the OAuth file wins over KIMI_API_KEY; a signed-out file leaves the key in use', async () => {
    const home = tempHome();
    put(home, '.kimi/credentials/kimi-code.json', kimiCreds().doc);
    const key = { KIMI_API_KEY: fakeSecret('sk-') };
    const a = await run(home, key);
    expect(a.one('kimi')!.usedBy).toEqual(['kimi']);
    expect(a.one('env:KIMI_API_KEY')).toMatchObject({ source: 'env', provider: 'kimi', kind: 'api_key', usedBy: [], shadowedBy: [{ tool: 'kimi', by: 'kimi' }] });
    put(home, '.kimi/credentials/kimi-code.json', { access_token: '', refresh_token: '', expires_at: 0 });
    const b = await run(home, key);
    expect(b.one('kimi')!.state).toBe('signed-out');
    expect(b.one('env:KIMI_API_KEY')!.usedBy).toEqual(['kimi']);
  });

  it('KIMI_SHARE_DIR moves ~/.kimi, literally; the legacy keyring storage is a note', async () => {
    const home = tempHome();
    const share = tempHome();
    put(share, 'credentials/kimi-code.json', kimiCreds().doc);
    expect((await run(home, { KIMI_SHARE_DIR: share })).one('kimi')!.path).toBe(`${share}/credentials/kimi-code.json`);
    expect((await run(home, { KIMI_SHARE_DIR: '~/.kimi' })).one('kimi')).toMatchObject({ state: 'unreadable', path: '$KIMI_SHARE_DIR' });
    put(home, '.kimi/config.toml', '[providers."managed:kimi-code"]\napi_key = ""\noauth = { storage = "keyring", key = "oauth/kimi-code" }\n');
    expect((await run(home)).r.notes.join('\n')).toMatch(/OS keyring \(service kimi-code, account oauth\/kimi-code\)/);
  });
});

describe('Qwen Code', () => {
  it('a well-formed OAuth file is a dead sign-in: signed-out, with the reason and the fix', async () => {
    const home = tempHome();
    const q = qwenCreds();
    put(home, '.qwen/oauth_creds.json', q.doc);
    const c = (await run(home)).one('qwen')!;
    expect(c).toMatchObject({ provider: 'qwen', source: 'qwen', kind: 'oauth', state: 'signed-out', usable: false, reason: QWEN_DEAD_REASON, fix: QWEN_FIX, usedBy: [], expiresAt: null });
    // Kept (never shown) so doctor can still see the refresh-token family.
    expect(c.secrets.refresh).toBe(q.refresh);
  });

  it('settings still selecting qwen-oauth add a note with the way out', async () => {
    const home = tempHome();
    put(home, '.qwen/oauth_creds.json', qwenCreds().doc);
    put(home, '.qwen/settings.json', { security: { auth: { selectedType: 'qwen-oauth' } } });
    expect((await run(home)).r.notes.join('\n')).toMatch(/Qwen Code is still set to Qwen OAuth .* run `qwen auth`/);
  });

  it('broken shapes are unreadable and still say the sign-in is dead', async () => {
    const home = tempHome();
    put(home, '.qwen/oauth_creds.json', '{"access_token":');
    expect((await run(home)).one('qwen')!.reason).toMatch(/not valid JSON.*ended 2026-04-15/);
    put(home, '.qwen/oauth_creds.json', qwenCreds(FIXED_NOW, { expiry_date: '2026-12-01' }).doc);
    const c = (await run(home)).one('qwen')!;
    expect(c.state).toBe('unreadable');
    expect(c.reason).toMatch(/"expiry_date" is not a time in epoch milliseconds; in any case Qwen OAuth free tier ended/);
  });

  it('QWEN_HOME replaces ~/.qwen, with ~ expanded as Qwen Code does', async () => {
    const home = tempHome();
    put(home, 'qwen-state/oauth_creds.json', qwenCreds().doc);
    expect((await run(home, { QWEN_HOME: '~/qwen-state' })).one('qwen')!.path).toBe(`${home}/qwen-state/oauth_creds.json`);
    expect((await run(home, { QWEN_HOME: 'qwen-state' })).one('qwen')).toMatchObject({ state: 'unreadable', path: '$QWEN_HOME' });
  });
});
