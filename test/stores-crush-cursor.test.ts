// Crush's crush.json (api keys, $VAR templates, OAuth entries with SECOND
// expiries, the dropped Claude sign-in) and Cursor CLI (only what Cursor
// documents: CURSOR_API_KEY; the sign-in is "not readable").
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../src/report/discover';
import { crushDataFile, parseCrush } from '../src/stores/crush';
import { cursorConfigDir } from '../src/stores/cursor';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { ghFixtureHome } from './helpers/fixture-2026-gh';
import { put, tempHome } from './helpers/fixture-home';
import { fakeSecret } from './helpers/tokens';

const ctx = (home: string, env: Record<string, string> = {}, platform: NodeJS.Platform = 'linux') => ({ home, env, platform, exec: testDeps(home).exec });
const nowSec = Math.floor(FIXED_NOW / 1000);

describe('crush.json', () => {
  it('locations: CRUSH_GLOBAL_DATA > XDG_DATA_HOME > %LOCALAPPDATA% (Windows) > ~/.local/share', () => {
    expect(crushDataFile({ home: '/h', env: { CRUSH_GLOBAL_DATA: '/d', XDG_DATA_HOME: '/x' }, platform: 'linux' })).toBe('/d/crush.json');
    expect(crushDataFile({ home: '/h', env: { XDG_DATA_HOME: '/x' }, platform: 'linux' })).toBe('/x/crush/crush.json');
    expect(crushDataFile({ home: '/h', env: { LOCALAPPDATA: '/l' }, platform: 'win32' })).toBe(join('/l', 'crush', 'crush.json'));
    expect(crushDataFile({ home: '/h', env: {}, platform: 'darwin' })).toBe('/h/.local/share/crush/crush.json');
  });

  it('an OAuth entry: expires_at in seconds, refresh token → ↻ when expired', () => {
    const refresh = fakeSecret('rt_');
    const [c] = parseCrush(JSON.stringify({ providers: { hyper: { api_key: 'a', oauth: { access_token: 'a', refresh_token: refresh, expires_in: 3600, expires_at: nowSec + 7200 } } } }), '/p', {}).credentials;
    expect(c).toMatchObject({ id: 'crush:hyper', provider: 'hyper', kind: 'oauth', expiresAt: (nowSec + 7200) * 1000, canRefresh: true });
  });

  it('expiry in the wrong unit (milliseconds) and wrong types are unreadable, the refresh token kept for families', () => {
    const refresh = fakeSecret('rt_');
    const ms = parseCrush(JSON.stringify({ providers: { hyper: { oauth: { access_token: 'a', refresh_token: refresh, expires_at: FIXED_NOW + 3600_000 } } } }), '/p', {}).credentials[0];
    expect(ms).toMatchObject({ fixedState: 'unreadable', reason: 'provider "hyper": oauth "expires_at" looks like milliseconds; Crush reads seconds', secrets: { refresh } });
    const str = parseCrush(JSON.stringify({ providers: { hyper: { oauth: { access_token: 'a', expires_at: 'soon' } } } }), '/p', {}).credentials[0];
    expect(str?.fixedState).toBe('unreadable');
    expect(parseCrush('{"providers": {"openai": {"api_key": 5}}}', '/p', {}).credentials[0]?.fixedState).toBe('unreadable');
    expect(parseCrush('{"providers": []}', '/p', {}).credentials[0]?.reason).toBe('"providers" is not an object');
    expect(parseCrush('{"providers": {"openai": {"api_ke', '/p', {}).credentials[0]?.fixedState).toBe('unreadable');
  });

  it('$VAR templates are reported as "from $VAR", never as a secret; set or not decides the state', () => {
    const text = JSON.stringify({ providers: { openai: { api_key: '$OPENAI_API_KEY' }, groq: { api_key: '${GROQ_API_KEY}' }, x: { api_key: '$(pass show x)' } } });
    const unset = parseCrush(text, '/p', {});
    expect(unset.credentials.map((c) => [c.id, c.fixedState, c.secrets])).toEqual([
      ['crush:openai', 'signed-out', {}],
      ['crush:groq', 'signed-out', {}],
      ['crush:x', undefined, {}],
    ]);
    expect(unset.notes).toContain('Crush takes its openai key from $OPENAI_API_KEY (not set here), not from a stored secret.');
    expect(unset.notes.join('\n')).toContain('auth-wizard does not run it');
    const set = parseCrush(text, '/p', { OPENAI_API_KEY: fakeSecret('sk-proj-') });
    expect(set.credentials[0]?.fixedState).toBeUndefined();
  });

  it('template forms: $VAR, ${VAR}, ${VAR:-default} and the other operators name the variable; anything else is a literal key', () => {
    const named = (v: string) => parseCrush(JSON.stringify({ providers: { p: { api_key: v } } }), '/p', {}).notes.join(' ');
    for (const [v, name] of [['$A_1', 'A_1'], [' ${_x} ', '_x'], ['${K:-fallback}', 'K'], ['${K-}', 'K'], ['${K:+alt}', 'K'], ['${K?}', 'K'], ['${K:=v}', 'K']] as const) {
      expect(named(v), v).toContain(`from $${name} (not set here)`);
    }
    for (const v of ['$', '$1A', '${}', '${K', '${K}x', '${K:}', '${K:-a}b}', '${K%x}', '$A-B', '${1}', 'x$A']) {
      expect(named(v), v).not.toContain('from $');
    }
  });

  it('a leftover Anthropic OAuth entry is dead, with the fix; Crush\'s copilot entry is github-copilot', async () => {
    const f = ghFixtureHome();
    const r = await discover(ctx(f.home), FIXED_NOW);
    const claude = r.credentials.find((c) => c.id === 'crush:anthropic');
    expect(claude).toMatchObject({ state: 'signed-out', usable: false, usedBy: [] });
    expect(claude?.reason).toContain('v0.31.0 (PR #1783)');
    expect(claude?.fix).toContain('Anthropic API key');
    expect(r.credentials.find((c) => c.id === 'crush:copilot')).toMatchObject({ provider: 'github-copilot', state: 'expired', usable: true, usedBy: ['crush'] });
    expect(r.credentials.find((c) => c.id === 'crush:openrouter')?.usedBy).toEqual(['crush']);
  });

  it('Crush falls back to OPENAI_API_KEY when crush.json has no openai key', async () => {
    const home = tempHome();
    put(home, '.local/share/crush/crush.json', { providers: { openai: { base_url: 'https://proxy.example/v1' }, openrouter: { api_key: fakeSecret('sk-or-v1-') } } });
    const r = await discover(ctx(home, { OPENAI_API_KEY: fakeSecret('sk-proj-') }), FIXED_NOW);
    expect(r.credentials.find((c) => c.id === 'env:OPENAI_API_KEY')?.usedBy).toContain('crush');
  });
});

describe('cursor', () => {
  it('config dir: CURSOR_CONFIG_DIR, XDG_CONFIG_HOME/cursor on Linux, else ~/.cursor', () => {
    expect(cursorConfigDir({ home: '/h', env: { CURSOR_CONFIG_DIR: '/c', XDG_CONFIG_HOME: '/x' }, platform: 'linux' })).toBe('/c');
    expect(cursorConfigDir({ home: '/h', env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux' })).toBe('/x/cursor');
    expect(cursorConfigDir({ home: '/h', env: { XDG_CONFIG_HOME: '/x' }, platform: 'darwin' })).toBe('/h/.cursor');
  });

  it('CURSOR_API_KEY is used by cursor; installed means a note, never a guessed sign-in', async () => {
    const home = tempHome();
    const bin = join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'cursor-agent'), '#!/bin/sh\n');
    chmodSync(join(bin, 'cursor-agent'), 0o755);
    // A file other tools read as Cursor's sign-in: not read, not a row.
    put(home, '.config/cursor/auth.json', { accessToken: fakeSecret('eyJ'), refreshToken: fakeSecret('eyJ') });
    const r = await discover(ctx(home, { PATH: bin, CURSOR_API_KEY: fakeSecret('key_') }), FIXED_NOW);
    expect(r.credentials.filter((c) => c.provider === 'cursor').map((c) => [c.id, c.usedBy])).toEqual([['env:CURSOR_API_KEY', ['cursor']]]);
    expect(r.notes.join('\n')).toContain('Cursor CLI is installed (cursor-agent on PATH); its sign-in is not readable');
    const none = await discover(ctx(tempHome(), { PATH: '' }), FIXED_NOW);
    expect(none.notes.join('\n')).not.toContain('Cursor');
  });
});
