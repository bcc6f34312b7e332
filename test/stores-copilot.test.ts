// GitHub Copilot CLI store: the shapes copilot 1.0.102 writes (config.json with
// its comment header), gh's hosts.yml, the editor plugins' apps.json, token
// kinds by prefix, and Copilot CLI's own order (USED BY) under env combinations.
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { discover } from '../src/report/discover';
import { parseCopilotConfig, parseEditorPluginFile, parseGhHosts } from '../src/stores/copilot';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { copilotConfigText, ghFixtureHome, ghToken } from './helpers/fixture-2026-gh';
import { put, tempHome } from './helpers/fixture-home';

const ctx = (home: string, env: Record<string, string> = {}) => ({ home, env, platform: 'linux' as const, exec: testDeps(home).exec });

async function report(home: string, env: Record<string, string> = {}) {
  return discover(ctx(home, env), FIXED_NOW);
}

function usedBy(r: Awaited<ReturnType<typeof report>>, tool: string): string[] {
  return r.credentials.filter((c) => c.usedBy.includes(tool)).map((c) => c.id);
}

describe('copilot config.json', () => {
  it('reads the plaintext login under the comment header, one credential per account', () => {
    const t = ghToken('gho_');
    const r = parseCopilotConfig(copilotConfigText([{ login: 'a', token: t }, { login: 'b' }], 'a'), '/p');
    expect(r.active).toBe('a@github.com');
    expect(r.inKeychain).toEqual(['b@github.com']);
    expect(r.credentials).toHaveLength(1);
    expect(r.credentials[0]).toMatchObject({ id: 'copilot:a@github.com', provider: 'github-copilot', source: 'copilot', kind: 'oauth', accountId: 'a', expiresAt: null, secrets: { access: t } });
  });

  it('token kinds by prefix: github_pat_ accepted, ghp_ rejected with the reason, unknown prefixes not accepted', () => {
    const pat = parseCopilotConfig(copilotConfigText([{ login: 'a', token: ghToken('github_pat_', 82) }], 'a'), '/p').credentials[0];
    expect(pat).toMatchObject({ kind: 'token' });
    expect(pat?.fixedState).toBeUndefined();
    const classic = parseCopilotConfig(copilotConfigText([{ login: 'a', token: ghToken('ghp_') }], 'a'), '/p').credentials[0];
    expect(classic).toMatchObject({ fixedState: 'unreadable', reason: 'Copilot CLI rejects classic personal access tokens (ghp_)' });
    const server = parseCopilotConfig(copilotConfigText([{ login: 'a', token: ghToken('ghs_') }], 'a'), '/p').credentials[0];
    expect(server?.fixedState).toBe('unreadable');
  });

  it('comment lines above the JSON are dropped, whatever the blank lines between them; a // inside the document is kept', () => {
    const t = ghToken('gho_');
    const doc = JSON.stringify({ authTokens: { 'https://github.com:a': { token: t } }, loggedInUsers: [{ host: 'https://github.com', login: 'a' }], note: 'see // here' });
    for (const head of ['', '// one\n', '\n  // one\r\n\t// two\n\n', '//\n//']) {
      const r = parseCopilotConfig(head + doc, '/p');
      expect(r.credentials.map((c) => c.id), JSON.stringify(head)).toEqual(head === '//\n//' ? ['copilot'] : ['copilot:a@github.com']);
    }
  });

  it('token keys: <http(s)://host>:<login>[:<suffix>] name an account; other shapes name none', () => {
    const t = ghToken('gho_');
    const ids = (keys: string[]) => parseCopilotConfig(JSON.stringify({ authTokens: Object.fromEntries(keys.map((k) => [k, { token: t }])) }), '/p').credentials.map((c) => c.id);
    expect(ids(['https://github.com:a', 'http://ghe.example/:b:github', 'https://ghe.example:c'])).toEqual(['copilot:a@github.com', 'copilot:b@ghe.example', 'copilot:c@ghe.example']);
    expect(ids(['github.com:a', 'https://:a', 'https://x:', 'https://x:a:', 'https://x:a:b:c', 'ftp://x:a', 'https:x:a'])).toEqual([]);
  });

  it('broken shapes: truncated, not an object, wrong types', () => {
    const good = copilotConfigText([{ login: 'a', token: ghToken('gho_') }], 'a');
    expect(parseCopilotConfig(good.slice(0, good.length - 30), '/p').credentials[0]).toMatchObject({ fixedState: 'unreadable', kind: null });
    expect(parseCopilotConfig('// x\n[]', '/p').credentials[0]?.reason).toBe('is not a JSON object');
    expect(parseCopilotConfig('{"authTokens": []}', '/p').credentials[0]?.reason).toBe('"authTokens" is not an object');
    expect(parseCopilotConfig('{"loggedInUsers": {}}', '/p').credentials[0]?.reason).toBe('"loggedInUsers" is not a list');
    const num = parseCopilotConfig('{"authTokens": {"https://github.com:a": {"token": 5}}, "loggedInUsers": [{"host":"https://github.com","login":"a"}]}', '/p');
    expect(num.credentials[0]).toMatchObject({ fixedState: 'unreadable', reason: '"token" of a@github.com is not a string' });
  });
});

describe('gh hosts.yml and apps.json', () => {
  it('gh: the github.com oauth_token in plain text; none when gh uses its keyring', () => {
    const t = ghToken('gho_');
    expect(parseGhHosts(`github.com:\n    users:\n        me:\n            oauth_token: ${t}\n    oauth_token: ${t}\n    user: me\n`, '/h')[0]).toMatchObject({ id: 'copilot:gh:github.com', accountId: 'me', secrets: { access: t } });
    expect(parseGhHosts('github.com:\n    users:\n        me:\n    git_protocol: https\n    user: me\n', '/h')).toEqual([]);
    expect(parseGhHosts('enterprise.example:\n    oauth_token: x\n', '/h')).toEqual([]);
  });

  it('apps.json entries, with wrong types unreadable', () => {
    const t = ghToken('ghu_');
    expect(parseEditorPluginFile(JSON.stringify({ 'github.com:Iv1.x': { user: 'me', oauth_token: t, githubAppId: 'Iv1.x' } }), '/a', 'apps')[0]).toMatchObject({ kind: 'oauth', accountId: 'me', secrets: { access: t } });
    expect(parseEditorPluginFile('{"github.com:Iv1.x": {"oauth_token": 7}}', '/a', 'apps')[0]?.fixedState).toBe('unreadable');
    expect(parseEditorPluginFile('{"github.com', '/a', 'apps')[0]?.fixedState).toBe('unreadable');
  });
});

describe('USED BY copilot follows the CLI order', () => {
  it('stored login beats gh; COPILOT_GITHUB_TOKEN > GH_TOKEN > GITHUB_TOKEN beat it', async () => {
    const { home } = ghFixtureHome();
    expect(usedBy(await report(home), 'copilot')).toEqual(['copilot:octo-user@github.com']);
    expect(usedBy(await report(home, { GITHUB_TOKEN: ghToken('gho_') }), 'copilot')).toEqual(['env:GITHUB_TOKEN']);
    expect(usedBy(await report(home, { GITHUB_TOKEN: ghToken('gho_'), GH_TOKEN: ghToken('github_pat_', 82) }), 'copilot')).toEqual(['env:GH_TOKEN']);
    const all = await report(home, { GITHUB_TOKEN: ghToken('gho_'), GH_TOKEN: ghToken('gho_'), COPILOT_GITHUB_TOKEN: ghToken('gho_') });
    expect(usedBy(all, 'copilot')).toEqual(['env:COPILOT_GITHUB_TOKEN']);
    expect(all.credentials.find((c) => c.id === 'copilot:octo-user@github.com')?.shadowedBy).toEqual([{ tool: 'copilot', by: 'env:COPILOT_GITHUB_TOKEN' }]);
  });

  it('without a stored login, gh\'s token is the fallback; behind a keychain login it is not used', async () => {
    const home = tempHome();
    put(home, '.config/gh/hosts.yml', `github.com:\n    oauth_token: ${ghToken('gho_')}\n    user: me\n`);
    expect(usedBy(await report(home), 'copilot')).toEqual(['copilot:gh:github.com']);
    put(home, '.copilot/config.json', copilotConfigText([{ login: 'me' }], 'me'));
    const r = await report(home);
    expect(usedBy(r, 'copilot')).toEqual([]);
    // No keyring reader in this test: the keychain login is a row saying the keyring
    // cannot be read (the real Secret Service read is test/keyring.test.ts).
    expect(r.credentials.find((c) => c.source === 'copilot' && c.path === 'keyring:copilot-cli')).toMatchObject({ state: 'unreadable', flags: ['keyring-unreadable'] });
  });

  it('a classic token in the first env variable set stops the CLI: nothing is used, a note and the fix say why', async () => {
    const { home } = ghFixtureHome();
    const r = await report(home, { GH_TOKEN: ghToken('ghp_') });
    expect(usedBy(r, 'copilot')).toEqual([]);
    expect(r.notes.join('\n')).toContain('$GH_TOKEN is a classic personal access token (ghp_)');
    const env = r.credentials.find((c) => c.id === 'env:GH_TOKEN');
    expect(env).toMatchObject({ source: 'env', state: 'unreadable', reason: 'Copilot CLI rejects classic personal access tokens (ghp_)' });
    expect(env?.fix).toContain('COPILOT_GITHUB_TOKEN');
    // COPILOT_GITHUB_TOKEN comes first, so a good one there wins over the classic GH_TOKEN.
    expect(usedBy(await report(home, { GH_TOKEN: ghToken('ghp_'), COPILOT_GITHUB_TOKEN: ghToken('github_pat_', 82) }), 'copilot')).toEqual(['env:COPILOT_GITHUB_TOKEN']);
  });

  it('COPILOT_HOME and GH_CONFIG_DIR move the files', async () => {
    const home = tempHome();
    const t = ghToken('gho_');
    put(home, 'elsewhere/config.json', copilotConfigText([{ login: 'moved', token: t }], 'moved'));
    put(home, 'ghdir/hosts.yml', `github.com:\n    oauth_token: ${ghToken('gho_')}\n`);
    const r = await report(home, { COPILOT_HOME: `${home}/elsewhere`, GH_CONFIG_DIR: `${home}/ghdir` });
    expect(r.credentials.map((c) => c.id)).toEqual(expect.arrayContaining(['copilot:moved@github.com', 'copilot:gh:github.com']));
  });

  it('status names the plaintext token for doctor, and never prints a token', async () => {
    const f = ghFixtureHome();
    const d = testDeps(f.home, { env: { GH_TOKEN: ghToken('ghp_') } });
    await main(['status'], d);
    const out = d.out().replace(/\n +/g, ' ');
    expect(out).toContain('keeps the token of octo-user@github.com in plain text in ~/.copilot/config.json');
    for (const s of f.all) expect(out).not.toContain(s);
  });
});
