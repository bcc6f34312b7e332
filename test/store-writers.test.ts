import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodexAuth } from '../src/stores/codex';
import { parseOpencodeAuth } from '../src/stores/opencode';
import { parseProfileStore } from '../src/stores/profile-store';
import { removeCodexAuth, writeCodexApiKey, writeCodexGrant } from '../src/stores/codex.write';
import { rewriteMembers, topLevelMembers } from '../src/fs/json-members';
import { opencodeWriter, writeOpencodeEntry } from '../src/stores/opencode.write';
import { authWizardWriter, upsertProfile } from '../src/stores/auth-wizard.write';
import { removeEntry } from '../src/stores/remove-entry';
import { FIXED_NOW } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { fakeSecret, openAiTokens } from './helpers/tokens';

const opts = { now: FIXED_NOW };

describe('json members', () => {
  it('keeps untouched members byte-for-byte, including big numbers, escapes and odd spacing', () => {
    const text = '{ "big": 12345678901234567890, "s":"a\\"b\\\\", "nested" : {"x":[1, 2,{"y":"}"}]},\n"n":null,"t":true,"f":-1.5e3 }';
    const members = topLevelMembers(text)!;
    expect(members.map((m) => m.raw)).toEqual(['12345678901234567890', '"a\\"b\\\\"', '{"x":[1, 2,{"y":"}"}]}', 'null', 'true', '-1.5e3']);
    const out = rewriteMembers(members, { s: 'new', added: { k: 1 }, n: undefined });
    expect(out).toContain('"big": 12345678901234567890');
    expect(out).toContain('"nested": {"x":[1, 2,{"y":"}"}]}');
    expect(out).not.toContain('"n"');
    expect(JSON.parse(out)).toMatchObject({ s: 'new', added: { k: 1 }, t: true, f: -1500 });
  });

  it('is not fooled by non-objects', () => {
    for (const t of ['[]', '1', '"x"', 'null', '{', '']) expect(topLevelMembers(t)).toBeUndefined();
    expect(topLevelMembers('{}')).toEqual([]);
  });
});

describe('writers', () => {
  it('codex: writes a grant Codex can read, keeps unknown members, 0600 in a 0700 dir', async () => {
    const home = tempHome();
    const path = put(home, '.codex/auth.json', '{"future_field": {"keep": 123456789012345678901}, "OPENAI_API_KEY": null}');
    const t = openAiTokens({ expSec: Math.floor(FIXED_NOW / 1000) + 3600 });
    await writeCodexGrant({ home, env: {} }, { idToken: t.idToken, accessToken: t.accessToken, refreshToken: t.refreshToken, accountId: t.accountId }, opts);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('"future_field": {"keep": 123456789012345678901}');
    const cred = parseCodexAuth(text, path);
    expect(cred).toMatchObject({ kind: 'oauth', canRefresh: true, accountId: t.accountId, lastRefresh: FIXED_NOW });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await writeCodexApiKey({ home, env: {} }, 'sk-test-' + 'x'.repeat(20), opts);
    expect(parseCodexAuth(readFileSync(path, 'utf8'), path)).toMatchObject({ kind: 'api_key' });
    await removeCodexAuth({ home, env: {} }, opts);
    // Codex's own lock files stay, empty, as Codex itself leaves them.
    expect(readdirSync(join(home, '.codex')).sort()).toEqual(['auth.json.lock', 'auth.lock']);
  });

  it('opencode: one entry changes, the others keep their exact text', async () => {
    const home = tempHome();
    const other = '{"type":"api","key":"sk-or-v1-keep-me","extra":[1,2,3]}';
    const path = put(home, '.local/share/opencode/auth.json', `{"openrouter": ${other}, "openai": {"type":"api","key":"old"}}`);
    await writeOpencodeEntry({ home, env: {} }, 'openai', { type: 'oauth', access: 'a'.repeat(20), refresh: 'r'.repeat(20), expires: FIXED_NOW + 1000 }, opts);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(`"openrouter": ${other}`);
    expect(parseOpencodeAuth(text, path).map((c) => `${c.provider}:${c.kind}`)).toEqual(['openrouter:api_key', 'openai:oauth']);
    expect(await removeEntry(path, opencodeWriter, 'openai', opts)).toBe(true);
    expect(await removeEntry(path, opencodeWriter, 'openai', opts)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ openrouter: JSON.parse(other) });
  });

  it('profiles: upsert puts the profile first in its order; remove takes it out of both', async () => {
    const home = tempHome();
    const p = { home, env: {} };
    await upsertProfile(p, 'anthropic:a', { type: 'api_key', provider: 'anthropic', key: fakeSecret('sk-ant-api03-') }, opts);
    await upsertProfile(p, 'anthropic:b', { type: 'token', provider: 'anthropic', token: fakeSecret('sk-ant-oat01-'), expires: FIXED_NOW + 1 }, opts);
    const path = join(home, '.config/auth-wizard/auth-profiles.json');
    const parsed = parseProfileStore(readFileSync(path, 'utf8'), path, 'auth-wizard', 'auth-wizard');
    expect(parsed.order).toEqual({ anthropic: ['anthropic:b', 'anthropic:a'] });
    expect(parsed.credentials.map((c) => c.kind)).toEqual(['api_key', 'token']);
    expect(await removeEntry(path, authWizardWriter, 'anthropic:b', opts)).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).order).toEqual({ anthropic: ['anthropic:a'] });
    expect(statSync(join(home, '.config/auth-wizard')).mode & 0o777).toBe(0o700);
  });

  it('a corrupt target is left untouched; --force keeps a .corrupt copy first', async () => {
    const home = tempHome();
    const path = put(home, '.local/share/opencode/auth.json', '{"openrouter": {"type":"api","key":"sk-or-trunc');
    const before = readFileSync(path);
    const entry = { type: 'api' as const, key: 'sk-' + 'k'.repeat(30) };
    await expect(writeOpencodeEntry({ home, env: {} }, 'openai', entry, opts)).rejects.toMatchObject({ code: 'corrupt_file', message: expect.stringContaining(path) });
    expect(readFileSync(path)).toEqual(before);
    await writeOpencodeEntry({ home, env: {} }, 'openai', entry, { ...opts, force: true });
    const copies = readdirSync(join(home, '.local/share/opencode')).filter((f) => f.includes('.corrupt-'));
    expect(copies).toHaveLength(1);
    expect(readFileSync(join(home, '.local/share/opencode', copies[0]!))).toEqual(before);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ openai: entry });
  });

  it('--force on a file too large to parse keeps a private copy first', async () => {
    const home = tempHome();
    const path = put(home, '.local/share/opencode/auth.json', '{"x":"' + 'y'.repeat(5 * 1024 * 1024) + '"}', 0o644);
    await writeOpencodeEntry({ home, env: {} }, 'openai', { type: 'api', key: 'sk-' + 'k'.repeat(30) }, { ...opts, force: true });
    const copies = readdirSync(join(home, '.local/share/opencode')).filter((f) => f.includes('.corrupt-'));
    expect(copies).toHaveLength(1);
    expect(statSync(join(home, '.local/share/opencode', copies[0]!)).size).toBeGreaterThan(5 * 1024 * 1024);
    expect(statSync(join(home, '.local/share/opencode', copies[0]!)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveProperty('openai');
  });

  it('a symlinked credentials file stays a symlink and its target gets the content', async () => {
    const home = tempHome();
    const real = put(home, 'dotfiles/codex-auth.json', '{}');
    mkdirSync(join(home, '.codex'));
    symlinkSync(real, join(home, '.codex/auth.json'));
    await writeCodexApiKey({ home, env: {} }, 'sk-' + 'z'.repeat(30), opts);
    expect(lstatSync(join(home, '.codex/auth.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).auth_mode).toBe('apikey');
    expect(readdirSync(join(home, 'dotfiles')).sort()).toEqual(['codex-auth.json']);
  });

  it('no lock directory is left behind (only the empty lock files Codex leaves too)', async () => {
    const home = tempHome();
    writeFileSync(join(home, 'x'), '');
    await writeCodexApiKey({ home, env: {} }, 'sk-' + 'z'.repeat(30), opts);
    expect(readdirSync(join(home, '.codex')).sort()).toEqual(['auth.json', 'auth.json.lock', 'auth.lock']);
    expect(statSync(join(home, '.codex/auth.json.lock')).isFile()).toBe(true);
  });
});
