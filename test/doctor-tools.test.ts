// doctor's findings for the tools that sign in through their own CLI
// (src/doctor/tools.ts): each from a fixture home in the tool's format, or —
// for stores still being written (Copilot, Crush) and the keyring — from a
// credential carrying the flag its store sets, checked through the same code.
import { describe, expect, it } from 'vitest';
import type { AssessedCredential } from '../src/core/credential';
import { toolChecks } from '../src/doctor/tools';
import { main } from '../src/main';
import type { Store } from '../src/stores/types';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { geminiCreds, kimiCreds, newStoresHome, qwenCreds } from './helpers/new-stores-home';

interface JsonFinding {
  id: string;
  severity: string;
  title: string;
  detail: string;
  fix?: string;
  paths: string[];
}

async function doctor(home: string, env: Record<string, string> = {}): Promise<JsonFinding[]> {
  const deps = testDeps(home, { env: { HOME: home, DISPLAY: ':0', BROWSER: '/bin/false', ...env } });
  await main(['doctor', '--json'], deps);
  return (JSON.parse(deps.out()) as { findings: JsonFinding[] }).findings;
}

const ids = (fs: JsonFinding[]) => fs.map((f) => f.id);

describe('doctor: Qwen Code', () => {
  it('a Qwen OAuth file → qwen-oauth-dead (error) with `qwen auth`, instead of the generic signed-out finding', async () => {
    const home = tempHome();
    put(home, '.qwen/oauth_creds.json', JSON.stringify(qwenCreds().doc, null, 2));
    const fs = await doctor(home);
    const f = fs.find((x) => x.id === 'qwen-oauth-dead');
    expect(f).toMatchObject({ severity: 'error', paths: [`${home}/.qwen/oauth_creds.json`] });
    expect(f?.title).toContain('free tier ended on 2026-04-15');
    expect(f?.fix).toContain('qwen auth');
    expect(ids(fs)).not.toContain('credential-signed-out');
  });

  it('a truncated Qwen file is dead too (and says it is unreadable), not a separate credential-unreadable', async () => {
    const home = tempHome();
    put(home, '.qwen/oauth_creds.json', '{"access_token": "qwen-at-');
    const fs = await doctor(home);
    expect(fs.find((x) => x.id === 'qwen-oauth-dead')?.detail).toContain('unreadable');
    expect(ids(fs)).not.toContain('credential-unreadable');
  });
});

describe('doctor: Gemini CLI', () => {
  it('GEMINI_API_KEY while settings select Google sign-in → gemini-api-key-ignored (info), worded as Gemini CLI decides', async () => {
    const { home } = newStoresHome();
    const fs = await doctor(home, { GEMINI_API_KEY: 'AIzaSy-fake-key-for-a-test-0000000000' });
    const f = fs.find((x) => x.id === 'gemini-api-key-ignored');
    expect(f?.severity).toBe('info');
    expect(f?.title).toBe("GEMINI_API_KEY is set, but Gemini CLI's settings select Google sign-in: Gemini CLI ignores the key.");
    expect(JSON.stringify(fs)).not.toContain('AIzaSy-fake-key');
  });

  it('no finding when settings select the Gemini API key', async () => {
    const home = tempHome();
    put(home, '.gemini/settings.json', '{"security":{"auth":{"selectedType":"gemini-api-key"}}}');
    expect(ids(await doctor(home, { GEMINI_API_KEY: 'AIzaSy-fake-key-for-a-test-0000000000' }))).not.toContain('gemini-api-key-ignored');
  });

  it('GOOGLE_CLOUD_ACCESS_TOKEN over the stored sign-in (GOOGLE_GENAI_USE_GCA) → env-token-hides-gemini-login, not env-shadows-sign-in', async () => {
    const { home } = newStoresHome();
    const fs = await doctor(home, { GOOGLE_GENAI_USE_GCA: 'true', GOOGLE_CLOUD_ACCESS_TOKEN: 'ya29.fake-access-token-for-a-test' });
    const f = fs.find((x) => x.id === 'env-token-hides-gemini-login');
    expect(f?.severity).toBe('warning');
    expect(f?.title).toBe("$GOOGLE_CLOUD_ACCESS_TOKEN hides Gemini CLI's stored login.");
    expect(f?.fix).toContain("alias gemini='env -u GOOGLE_CLOUD_ACCESS_TOKEN gemini'");
    expect(ids(fs)).not.toContain('env-shadows-sign-in');
  });
});

describe('doctor: refresh-token families reach the new stores', () => {
  it('the same refresh token in Gemini CLI and Kimi CLI files → refresh-token-family naming both', async () => {
    const home = tempHome();
    const g = geminiCreds();
    put(home, '.gemini/oauth_creds.json', JSON.stringify(g.doc));
    put(home, '.kimi/credentials/kimi-code.json', JSON.stringify(kimiCreds(undefined, { refresh_token: g.refresh }).doc));
    const f = (await doctor(home)).find((x) => x.id === 'refresh-token-family');
    expect(f?.paths.sort()).toEqual([`${home}/.gemini/oauth_creds.json`, `${home}/.kimi/credentials/kimi-code.json`]);
    expect(JSON.stringify(f)).not.toContain(g.refresh);
  });
});

// Stores still being written elsewhere: a test-only store and credentials with
// the flags those stores set, through toolChecks itself.
describe('doctor: flags set by other stores (Copilot, Crush, the keyring)', () => {
  const home = '/home/u';
  const copilot: Store = { id: 'copilot', name: 'GitHub Copilot CLI', tools: ['copilot'], providers: ['github-copilot'], bins: ['copilot'], signIn: { bin: 'copilot', args: ['login'] }, discover: async () => ({ credentials: [], notes: [] }) };
  const cred = (over: Partial<AssessedCredential>): AssessedCredential => ({
    id: 'x', provider: 'github-copilot', source: 'env', kind: 'token', path: '$X', expiresAt: null, canRefresh: false, secrets: {},
    state: 'valid', usable: true, usedBy: [], shadowedBy: [], ...over,
  });
  // `source` is typed by the stores merged so far; Copilot's and Crush's ids arrive with their stores.
  const copilotLogin = cred({ id: 'copilot:github.com:octo', source: 'copilot' as AssessedCredential['source'], path: `${home}/.copilot/config.json`, entry: 'github.com:octo', flags: ['copilot-plaintext-token'], shadowedBy: [{ tool: 'copilot', by: 'env:GH_TOKEN' }, { tool: 'copilot', by: 'env:GITHUB_TOKEN' }] });
  const ctx = (credentials: AssessedCredential[]) => ({ deps: testDeps(home), report: { now: 0, credentials, notes: [] } });

  it('GH_TOKEN/GITHUB_TOKEN over Copilot CLI\'s login → env-token-hides-copilot-login; a plain-text token → copilot-plaintext-token', () => {
    const fs = toolChecks(ctx([copilotLogin, cred({ id: 'env:GH_TOKEN', path: '$GH_TOKEN', usedBy: ['copilot'] })]), [copilot]);
    expect(fs.map((f) => [f.id, f.severity])).toEqual([
      ['copilot-plaintext-token', 'warning'],
      ['env-token-hides-copilot-login', 'warning'],
    ]);
    expect(fs[0]?.title).toBe('GitHub Copilot CLI keeps its GitHub token in plain text in ~/.copilot/config.json.');
    expect(fs[1]?.title).toBe("$GH_TOKEN, $GITHUB_TOKEN hide GitHub Copilot CLI's stored login.");
    expect(fs[1]?.fix).toContain("alias copilot='env -u GH_TOKEN -u GITHUB_TOKEN copilot'");
    expect(fs[1]?.paths).toEqual([`${home}/.copilot/config.json`]);
  });

  it('a Crush Claude OAuth entry → crush-claude-oauth-dead; a keyring that could not be read → keyring-unreadable', () => {
    const crush = cred({ id: 'crush:anthropic', provider: 'anthropic', source: 'crush' as AssessedCredential['source'], kind: 'oauth', path: `${home}/.local/share/crush/crush.json`, entry: 'anthropic', state: 'signed-out', usable: false, flags: ['crush-claude-oauth-dead'], fix: 'start crush and choose an Anthropic API key' });
    const keyring = cred({ id: 'codex', provider: 'openai', source: 'codex', kind: null, path: 'keychain:Codex Auth', state: 'unreadable', usable: false, reason: 'the Secret Service is locked', flags: ['keyring-unreadable'] });
    const fs = toolChecks(ctx([crush, keyring]), [copilot]);
    expect(fs.map((f) => [f.id, f.severity])).toEqual([
      ['crush-claude-oauth-dead', 'warning'],
      ['keyring-unreadable', 'warning'],
    ]);
    expect(fs[0]?.fix).toBe('start crush and choose an Anthropic API key');
    expect(fs[1]?.detail).toContain('the Secret Service is locked');
    expect(fs[1]?.paths).toEqual([]);
  });
});
