import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { fullFixtureHome, put, tempHome } from './helpers/fixture-home';
import { fakeSecret, openAiTokens, signatureOf } from './helpers/tokens';

async function runCli(home: string, args: string[], env: Record<string, string> = {}, color = false) {
  const deps = testDeps(home, { env, color });
  const code = await main(args, deps);
  return { code, out: deps.out(), err: deps.err() };
}

/** Joins lines wrapped to the width (continuations are indented) back into one, for matching sentences. */
function unwrap(text: string): string {
  return text.replace(/\n +/g, ' ');
}

/** Replaces the temp home so snapshots are machine-independent. */
function scrub(text: string, home: string): string {
  return text.split(home).join('<home>');
}

describe('status', () => {
  it('renders every store in one table (snapshot, colour off and on)', async () => {
    const { home } = fullFixtureHome();
    const plain = await runCli(home, ['status']);
    expect(plain.code).toBe(0);
    await expect(scrub(plain.out, home)).toMatchFileSnapshot('../snapshots/status-full.txt');
    const coloured = await runCli(home, ['status'], {}, true);
    expect(coloured.out).toContain('\u001b[');
    await expect(scrub(coloured.out, home)).toMatchFileSnapshot('../snapshots/status-full.color.txt');
  });

  it('json carries the documented keys for every credential', async () => {
    const { home } = fullFixtureHome();
    const r = await runCli(home, ['status', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { credentials: Record<string, unknown>[] };
    const keys = ['provider', 'source', 'kind', 'path', 'accountId', 'email', 'plan', 'expiresAt', 'state', 'usable', 'usedBy'];
    for (const c of doc.credentials) for (const k of keys) expect(c).toHaveProperty(k);
    const summary = doc.credentials.map((c) => `${c.provider} ${c.source} ${c.kind} ${c.state} ${(c.usedBy as string[]).join('+')}`);
    expect(summary).toEqual([
      'anthropic claude-code oauth valid claude-code',
      'anthropic opencode api_key valid opencode',
      'anthropic auth-wizard token valid ',
      'anthropic openclaw token valid ',
      'anthropic jcode oauth expired ',
      'openai codex oauth valid codex',
      'openai opencode oauth expiring opencode',
      'openai openclaw oauth expired ',
      'openrouter opencode api_key valid opencode',
    ]);
    const codex = doc.credentials.find((c) => c.source === 'codex')!;
    expect(codex).toMatchObject({ email: 'codex-user@example.test', plan: 'pro', accountId: 'acct-11111111-2222-3333-4444-555555555555', canRefresh: true });
    expect(codex.expiresAt).toBe(new Date(FIXED_NOW + 9 * 24 * 3600_000).toISOString());
  });

  it('--provider filters, and exit 4 when nothing usable is found', async () => {
    const { home } = fullFixtureHome();
    const r = await runCli(home, ['status', '--provider', 'openai', '--json']);
    expect(JSON.parse(r.out).credentials.every((c: { provider: string }) => c.provider === 'openai')).toBe(true);
    const empty = await runCli(tempHome(), ['status']);
    expect(empty.code).toBe(4);
    expect(empty.out).toContain('No credentials found');
    const onlyExpired = tempHome();
    put(onlyExpired, '.claude/.credentials.json', { claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0 } });
    const so = await runCli(onlyExpired, ['status', '--json']);
    expect(so.code).toBe(4);
    expect(JSON.parse(so.out).credentials[0]).toMatchObject({ state: 'signed-out', source: 'claude-code', fix: 'auth-wizard login --provider anthropic --method claude-cli' });
  });

  it('says plainly when an environment variable hides a stored sign-in', async () => {
    const { home } = fullFixtureHome();
    const r = await runCli(home, ['status', '--provider', 'anthropic'], { ANTHROPIC_API_KEY: fakeSecret('sk-ant-api03-') });
    expect(unwrap(r.out)).toMatch(/claude-code ignores claude-code ~\/\.claude\/\.credentials\.json: \$ANTHROPIC_API_KEY comes first\./);
    const json = JSON.parse((await runCli(home, ['status', '--json'], { ANTHROPIC_API_KEY: fakeSecret('sk-ant-api03-') })).out);
    const env = json.credentials.find((c: { id: string }) => c.id === 'env:ANTHROPIC_API_KEY');
    // OpenCode prefers its own auth.json entry over the environment key.
    expect(env.usedBy).toEqual(['claude-code']);
    const cc = json.credentials.find((c: { id: string }) => c.id === 'claude-code');
    expect(cc.usedBy).toEqual([]);
    expect(cc.shadowedBy).toEqual([{ tool: 'claude-code', by: 'env:ANTHROPIC_API_KEY' }]);
  });

  it("Claude Code's apiKeyHelper setting comes before a setup-token and the stored sign-in", async () => {
    const { home } = fullFixtureHome();
    put(home, '.claude/settings.json', { apiKeyHelper: '~/bin/get-key.sh', theme: 'dark' });
    const r = await runCli(home, ['status', '--provider', 'anthropic', '--json'], { CLAUDE_CODE_OAUTH_TOKEN: fakeSecret('sk-ant-oat01-') });
    const creds = JSON.parse(r.out).credentials as Array<{ id: string; usedBy: string[]; shadowedBy: unknown[] }>;
    expect(creds.find((c) => c.id === 'claude-code:apiKeyHelper')!.usedBy).toEqual(['claude-code']);
    expect(creds.find((c) => c.id === 'env:CLAUDE_CODE_OAUTH_TOKEN')!.shadowedBy).toEqual([{ tool: 'claude-code', by: 'claude-code:apiKeyHelper' }]);
    expect(creds.find((c) => c.id === 'claude-code')!.usedBy).toEqual([]);
    const text = await runCli(home, ['status', '--provider', 'anthropic']);
    expect(unwrap(text.out)).toContain('claude-code ignores claude-code ~/.claude/.credentials.json: the apiKeyHelper setting comes first.');
  });

  it('honours CODEX_HOME, CLAUDE_CONFIG_DIR, XDG_DATA_HOME and OPENCODE_AUTH_CONTENT', async () => {
    const home = tempHome();
    const alt = tempHome('aw-alt-');
    const t = openAiTokens({ expSec: Math.floor(FIXED_NOW / 1000) + 7200 });
    put(alt, 'codex/auth.json', { tokens: { id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken } });
    put(alt, 'claude/.credentials.json', { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: FIXED_NOW + 3600_000 * 5 } });
    put(alt, 'claude/.claude.json', { oauthAccount: { emailAddress: 'alt@example.test' } });
    put(alt, 'data/opencode/auth.json', { anthropic: { type: 'api', key: fakeSecret('sk-ant-api03-') } });
    const env = { CODEX_HOME: join(alt, 'codex'), CLAUDE_CONFIG_DIR: join(alt, 'claude'), XDG_DATA_HOME: join(alt, 'data'), OPENCODE_AUTH_CONTENT: JSON.stringify({ openai: { type: 'api', key: fakeSecret('sk-') } }) };
    const json = JSON.parse((await runCli(home, ['status', '--json'], env)).out);
    const ids = json.credentials.map((c: { id: string; path: string }) => `${c.id} ${c.path.replace(alt, '<alt>')}`);
    expect(ids).toEqual([
      'claude-code <alt>/claude/.credentials.json',
      'opencode:anthropic <alt>/data/opencode/auth.json',
      'env:OPENCODE_AUTH_CONTENT:openai $OPENCODE_AUTH_CONTENT',
      'codex <alt>/codex/auth.json',
    ]);
    expect(json.credentials[0].email).toBe('alt@example.test');
    expect(json.credentials[1].shadowedBy).toEqual([{ tool: 'opencode', by: 'env:OPENCODE_AUTH_CONTENT' }]);
  });

  it('reports Codex keyring mode instead of "signed out"', async () => {
    const home = tempHome();
    put(home, '.codex/config.toml', 'model = "gpt-5"\ncli_auth_credentials_store = "keyring"\n');
    const r = await runCli(home, ['status']);
    expect(r.out).toContain('Codex keeps its sign-in in the OS keyring');
  });

  it('Codex in keyring mode ignores an existing auth.json: not "used by codex", and said so', async () => {
    const { home } = fullFixtureHome();
    put(home, '.codex/config.toml', 'cli_auth_credentials_store = "keyring"\n[profiles.x]\nmodel = "o3"\n');
    const doc = JSON.parse((await runCli(home, ['status', '--json'])).out);
    expect(doc.credentials.find((c: { source: string }) => c.source === 'codex').usedBy).toEqual([]);
    expect(doc.notes.join('\n')).toContain('Codex ignores');
    const auto = tempHome();
    put(auto, '.codex/config.toml', 'cli_auth_credentials_store = "auto"\n');
    put(auto, '.codex/auth.json', { OPENAI_API_KEY: fakeSecret('sk-') });
    expect(JSON.parse((await runCli(auto, ['status', '--json'])).out).credentials[0].usedBy).toEqual(['codex']);
  });

  it('reads the macOS Keychain through the injected exec, with a timeout', async () => {
    const home = tempHome();
    const item = JSON.stringify({ claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: FIXED_NOW + 3600_000 * 3, subscriptionType: 'pro' } });
    const calls: unknown[] = [];
    const deps = testDeps(home, {
      platform: 'darwin',
      env: { USER: 'dev' },
      exec: async (cmd, args, opts) => {
        calls.push([cmd, args, opts]);
        return { code: 0, stdout: item + '\n', stderr: '' };
      },
    });
    expect(await main(['status', '--json'], deps)).toBe(0);
    expect(calls).toEqual([['security', ['find-generic-password', '-s', 'Claude Code-credentials', '-a', 'dev', '-w'], { timeoutMs: 3000 }]]);
    expect(JSON.parse(deps.out()).credentials[0]).toMatchObject({ path: 'keychain:Claude Code-credentials', plan: 'pro', state: 'valid' });
    const slow = testDeps(home, { platform: 'darwin', env: { USER: 'dev', CLAUDE_CONFIG_DIR: '/x/y' }, exec: async (_c, args) => { calls.push(args[2]); return { code: null, stdout: '', stderr: '', timedOut: true }; } });
    await main(['status', '--json'], slow);
    expect(calls.at(-1)).toMatch(/^Claude Code-credentials-[0-9a-f]{8}$/);
    expect(JSON.parse(slow.out()).credentials[0]).toMatchObject({ state: 'unreadable', reason: 'the Keychain did not answer within 3 s (is it locked?)' });
  });
});

describe('bad input', () => {
  const cases: Array<[string, (home: string) => void, RegExp]> = [
    ['empty file', (h) => put(h, '.codex/auth.json', ''), /is empty/],
    ['truncated JSON', (h) => put(h, '.codex/auth.json', '{"tokens": {"access_token": "ey'), /is not valid JSON/],
    ['wrong type', (h) => put(h, '.codex/auth.json', '{"tokens": "nope"}'), /"tokens" is not an object/],
    ['array document', (h) => put(h, '.codex/auth.json', '[1,2]'), /is not a JSON object/],
    ['directory', (h) => { rmSync(join(h, '.codex/auth.json')); mkdirSync(join(h, '.codex/auth.json')); }, /is a directory/],
    ['dangling symlink', (h) => { rmSync(join(h, '.codex/auth.json')); symlinkSync(join(h, 'nowhere.json'), join(h, '.codex/auth.json')); }, /symlink to a missing file/],
    ['huge file', (h) => put(h, '.codex/auth.json', ' '.repeat(5 * 1024 * 1024)), /too large/],
  ];
  it.each(cases)('%s gives an unreadable row, and the other rows still print', async (_name, make, reason) => {
    const { home } = fullFixtureHome();
    make(home);
    const r = await runCli(home, ['status', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const codex = doc.credentials.find((c: { source: string }) => c.source === 'codex');
    expect(codex.state).toBe('unreadable');
    expect(codex.reason).toMatch(reason);
    expect(codex.path).toBe(join(home, '.codex/auth.json'));
    expect(doc.credentials.length).toBe(9);
    const text = await runCli(home, ['status']);
    expect(text.out).toMatch(/✗ codex ~\/\.codex\/auth\.json: unreadable/);
  });

  it('an unreadable file (no permission) is reported, not fatal', async () => {
    if (process.getuid?.() === 0) {
      // root reads anything; the permission branch is covered through the reader's error mapping.
      const { readCredentialFile } = await import('../src/fs/read-file');
      const { home } = fullFixtureHome();
      const p = put(home, 'x.json', '{}');
      chmodSync(p, 0);
      expect((await readCredentialFile(p)).kind).toBe('ok');
      return;
    }
    const { home } = fullFixtureHome();
    chmodSync(join(home, '.codex/auth.json'), 0);
    const doc = JSON.parse((await runCli(home, ['status', '--json'])).out);
    expect(doc.credentials.find((c: { source: string }) => c.source === 'codex').reason).toBe('permission denied');
  });

  it('a parse error never quotes the file (it may hold a token)', async () => {
    const home = tempHome();
    const secret = fakeSecret('sk-ant-oat01-');
    // The syntax error sits inside the token, where V8's message would quote it.
    put(home, '.claude/.credentials.json', `{"claudeAiOauth": {"accessToken": "${secret.slice(0, 20)}"x"${secret.slice(20)}"}}`);
    for (const args of [['status'], ['status', '--json'], ['info', '--provider', 'anthropic']]) {
      const r = await runCli(home, args);
      expect(r.out + r.err).toContain('is not valid JSON');
      expect(r.out + r.err).not.toContain('sk-ant-oat');
      expect(r.out + r.err).not.toContain(secret.slice(20, 30));
    }
  });
});

describe('redaction', () => {
  it('no token, refresh token or JWT signature appears in any output without --show-token', async () => {
    const { home, secrets } = fullFixtureHome();
    const outputs: string[] = [];
    for (const args of [
      ['status'], ['status', '--json'],
      ['info', '--provider', 'openai'], ['info', '--provider', 'openai', '--json'], ['info', '--provider', 'openai', '--source', 'opencode'],
      ['info', '--provider', 'openai', '--source', 'openclaw', '--json'],
      ['info', '--provider', 'anthropic'], ['info', '--provider', 'anthropic', '--json'], ['info', '--provider', 'anthropic', '--source', 'auth-wizard'],
      ['info', '--provider', 'anthropic', '--source', 'jcode', '--json'],
    ]) {
      const r = await runCli(home, args, {}, true);
      outputs.push(r.out + r.err);
    }
    const all = outputs.join('\n');
    for (const s of secrets.all) {
      const parts = s.split('.');
      if (parts.length === 3) {
        expect(all).not.toContain(signatureOf(s));
        expect(all).not.toContain(parts[1]);
      } else {
        expect(all).not.toContain(s);
        expect(all).not.toContain(s.slice(-12));
      }
    }
  });

  it('--show-token does print them (so the test above can fail)', async () => {
    const { home, secrets } = fullFixtureHome();
    const r = await runCli(home, ['info', '--provider', 'openai', '--show-token']);
    expect(r.out).toContain(secrets.codex.accessToken);
    expect(r.out).toContain(secrets.codex.refreshToken);
    expect(r.out).toContain(secrets.codex.idToken);
    expect(r.out.replace(/\s+/g, ' ')).toContain('Tokens are printed in full (--show-token)');
    expect(r.out).not.toContain('Tokens are masked');
  });
});

describe('status --provider', () => {
  it('takes any provider id in the table, and says what it found when the one asked has none', async () => {
    const { home } = fullFixtureHome();
    const openrouter = testDeps(home);
    expect(await main(['status', '--provider', 'openrouter'], openrouter)).toBe(0);
    expect(openrouter.out().split('\n').filter((l) => /^\S/.test(l)).slice(1, -1).map((l) => l.split(/\s+/)[0])).toEqual(['openrouter']);

    const typo = testDeps(home);
    expect(await main(['status', '--provider', 'opnai'], typo)).toBe(4);
    expect(typo.out()).toBe('No credentials found for --provider opnai. Found for: anthropic, openai, openrouter.\n');

    const empty = testDeps(tempHome());
    expect(await main(['status', '--provider', 'openai'], empty)).toBe(4);
    expect(empty.out()).toBe('No credentials found for --provider openai.\n\nSign in with: auth-wizard login --provider openai\n');
  });
});
