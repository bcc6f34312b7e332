// `auth-wizard env`: export lines for sh, fish and PowerShell with awkward
// values quoted correctly (and round-tripped through real shells where
// installed), which profiles become which variables, and the TTY warning.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportLine, quoteFish, quotePowerShell, quoteSh } from '../src/commands/env';
import { main } from '../src/main';
import { upsertProfile } from '../src/stores/auth-wizard.write';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { fullFixtureHome, tempDir, tempHome } from './helpers/fixture-home';
import { fakeSecret } from './helpers/tokens';

const AWKWARD: Array<[string, string, string, string, string]> = [
  // name, value, sh, fish, powershell
  ['plain token', 'sk-ant-oat01-AbC_123-xyz', `'sk-ant-oat01-AbC_123-xyz'`, `'sk-ant-oat01-AbC_123-xyz'`, `'sk-ant-oat01-AbC_123-xyz'`],
  ['single quote', "it's", `'it'\\''s'`, `'it\\'s'`, `'it''s'`],
  ['shell syntax', 'a"b$c`d $(rm -rf ~);|&<>*?', `'a"b$c\`d $(rm -rf ~);|&<>*?'`, `'a"b$c\`d $(rm -rf ~);|&<>*?'`, `'a"b$c\`d $(rm -rf ~);|&<>*?'`],
  ['backslashes', 'a\\b\\\\', `'a\\b\\\\'`, `'a\\\\b\\\\\\\\'`, `'a\\b\\\\'`],
  ['newline and tab', 'line1\nline2\tend', `'line1\nline2\tend'`, `'line1\nline2\tend'`, `'line1\nline2\tend'`],
  ['curly quotes', 'a‘b’c‚d‛e', `'a‘b’c‚d‛e'`, `'a‘b’c‚d‛e'`, `'a‘‘b’’c‚‚d‛‛e'`],
  ['quotes at both ends', "'x'", `''\\''x'\\'''`, `'\\'x\\''`, `'''x'''`],
];

describe('quoting', () => {
  it.each(AWKWARD)('%s', (_n, value, sh, fish, ps) => {
    expect(quoteSh(value)).toBe(sh);
    expect(quoteFish(value)).toBe(fish);
    expect(quotePowerShell(value)).toBe(ps);
    expect(exportLine('sh', 'CLAUDE_CODE_OAUTH_TOKEN', value)).toBe(`export CLAUDE_CODE_OAUTH_TOKEN=${sh}`);
    expect(exportLine('fish', 'CLAUDE_CODE_OAUTH_TOKEN', value)).toBe(`set -gx CLAUDE_CODE_OAUTH_TOKEN ${fish}`);
    expect(exportLine('powershell', 'CLAUDE_CODE_OAUTH_TOKEN', value)).toBe(`$env:CLAUDE_CODE_OAUTH_TOKEN = ${ps}`);
  });

  const has = (cmd: string) => spawnSync(cmd, ['-c', 'exit 0']).status === 0;
  const shells: Array<[string, 'sh' | 'fish', string[]]> = [
    ['dash', 'sh', ['-c', 'eval "$(cat)"; printf %s "$V"']],
    ['bash', 'sh', ['-c', 'eval "$(cat)"; printf %s "$V"']],
    // (fish's `source` cannot read Node's stdin socket; a file parses the same as `… | source`.)
    ['fish', 'fish', ['-c', 'source $argv[1]; printf %s "$V"']],
  ];
  for (const [bin, kind, args] of shells) {
    it.skipIf(!has(bin))(`round-trips every awkward value through a real ${bin}`, () => {
      for (const [, value] of AWKWARD) {
        const line = exportLine(kind, 'V', value) + '\n';
        const file = join(tempDir('aw-env-'), 'env.fish');
        writeFileSync(file, line);
        const r = bin === 'fish' ? spawnSync(bin, [...args, file], { encoding: 'utf8' }) : spawnSync(bin, args, { input: line, encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(value);
      }
    });
  }
});

describe('auth-wizard env', () => {
  it('a stored setup-token becomes CLAUDE_CODE_OAUTH_TOKEN (sh by default); nothing from other tools\' stores', async () => {
    const { home, secrets } = fullFixtureHome();
    const deps = testDeps(home);
    expect(await main(['env'], deps)).toBe(0);
    expect(deps.out()).toBe(`export CLAUDE_CODE_OAUTH_TOKEN='${secrets.setupToken}'\n`);
    expect(deps.err()).toBe('');
    for (const s of secrets.all.filter((x) => x !== secrets.setupToken)) expect(deps.out()).not.toContain(s);
  });

  it.each([
    ['sh', `export ANTHROPIC_API_KEY='K1'\nexport OPENAI_API_KEY='K2'\n`],
    ['fish', `set -gx ANTHROPIC_API_KEY 'K1'\nset -gx OPENAI_API_KEY 'K2'\n`],
    ['powershell', `$env:ANTHROPIC_API_KEY = 'K1'\n$env:OPENAI_API_KEY = 'K2'\n`],
  ])('API keys for both providers, --shell %s', async (shell, want) => {
    const home = tempHome();
    const k1 = fakeSecret('sk-ant-api03-');
    const k2 = fakeSecret('sk-proj-');
    await upsertProfile({ home, env: {} }, 'anthropic:key', { type: 'api_key', provider: 'anthropic', key: k1 }, { now: FIXED_NOW });
    await upsertProfile({ home, env: {} }, 'openai:key', { type: 'api_key', provider: 'openai', key: k2 }, { now: FIXED_NOW });
    const deps = testDeps(home);
    expect(await main(['env', '--shell', shell], deps)).toBe(0);
    expect(deps.out()).toBe(want.replace('K1', k1).replace('K2', k2));
    const only = testDeps(home);
    expect(await main(['env', '--shell', shell, '--provider', 'openai'], only)).toBe(0);
    expect(only.out()).toBe(want.split('\n')[1]!.replace('K2', k2) + '\n');
  });

  it('one Anthropic variable at most: the store\'s first choice, a note about the other; --profile picks', async () => {
    const { home, secrets } = fullFixtureHome();
    const key = fakeSecret('sk-ant-api03-');
    await upsertProfile({ home, env: {} }, 'anthropic:key', { type: 'api_key', provider: 'anthropic', key }, { now: FIXED_NOW }); // now first in order
    const deps = testDeps(home);
    expect(await main(['env', '--provider', 'anthropic'], deps)).toBe(0);
    expect(deps.out()).toBe(`export ANTHROPIC_API_KEY='${key}'\n`);
    expect(deps.err()).toBe('auth-wizard: note: not exporting CLAUDE_CODE_OAUTH_TOKEN from anthropic:setup-token as well: Claude Code would prefer it over ANTHROPIC_API_KEY; pick one with --profile\n');
    const pick = testDeps(home);
    expect(await main(['env', '--profile', 'anthropic:setup-token'], pick)).toBe(0);
    expect(pick.out()).toBe(`export CLAUDE_CODE_OAUTH_TOKEN='${secrets.setupToken}'\n`);
    expect(pick.err()).toBe('');
  });

  it('an expired setup-token is skipped with a note; nothing left → exit 4 with the way to store one', async () => {
    const home = tempHome();
    const old = fakeSecret('sk-ant-oat01-', 72);
    await upsertProfile({ home, env: {} }, 'anthropic:old', { type: 'token', provider: 'anthropic', token: old, expires: FIXED_NOW - 1 }, { now: FIXED_NOW });
    const deps = testDeps(home);
    expect(await main(['env'], deps)).toBe(4);
    expect(deps.out()).toBe('');
    expect(deps.err()).toContain('note: skipped anthropic:old: it expired on 2026-11-23 11:59 UTC');
    expect(deps.err()).toContain('→ auth-wizard login --provider anthropic --method setup-token');
    expect(deps.err()).not.toContain(old);
  });

  it('a ChatGPT sign-in is not exported (--profile on one is a usage error naming `token`)', async () => {
    const home = tempHome();
    await upsertProfile({ home, env: {} }, 'openai:default', { type: 'oauth', provider: 'openai', access: 'a'.repeat(30), refresh: 'r'.repeat(30) }, { now: FIXED_NOW });
    const deps = testDeps(home);
    expect(await main(['env', '--profile', 'openai:default'], deps)).toBe(3);
    expect(deps.err()).toContain('auth-wizard token --provider openai');
    expect(deps.err()).not.toContain('a'.repeat(30));
  });

  it('on a terminal: still prints (the user asked), with a one-line warning on stderr', async () => {
    const { home, secrets } = fullFixtureHome();
    let out = '';
    const deps = testDeps(home, { stdout: { write: (s: string) => (out += s), isTTY: true } });
    expect(await main(['env'], deps)).toBe(0);
    expect(out).toBe(`export CLAUDE_CODE_OAUTH_TOKEN='${secrets.setupToken}'\n`);
    expect(deps.err()).toBe('auth-wizard: warning: the lines below contain secrets; load them without showing them: eval "$(auth-wizard env)"\n');
    expect(deps.err()).not.toContain(secrets.setupToken);
  });

  it('default shell: fish when $SHELL is fish, PowerShell on Windows', async () => {
    const { home, secrets } = fullFixtureHome();
    const fish = testDeps(home, { env: { SHELL: '/usr/bin/fish' } });
    expect(await main(['env'], fish)).toBe(0);
    expect(fish.out()).toBe(`set -gx CLAUDE_CODE_OAUTH_TOKEN '${secrets.setupToken}'\n`);
    const win = testDeps(home, { platform: 'win32' });
    expect(await main(['env'], win)).toBe(0);
    expect(win.out()).toBe(`$env:CLAUDE_CODE_OAUTH_TOKEN = '${secrets.setupToken}'\n`);
    const bad = testDeps(home);
    expect(await main(['env', '--shell', 'zsh'], bad)).toBe(3);
    expect(bad.err()).toContain('--shell must be one of sh, fish, powershell; got "zsh".');
  });
});

describe('env --account claude:<name>', () => {
  it('prints the CLAUDE_CONFIG_DIR line of a saved Claude Code account, which a real sh evaluates to that folder', async () => {
    const home = tempHome();
    const dir = join(home, '.config', 'auth-wizard', 'claude', 'work');
    spawnSync('mkdir', ['-p', dir]);
    const d = testDeps(home);
    expect(await main(['env', '--account', 'claude:work', '--shell', 'sh'], d), d.err()).toBe(0);
    expect(d.out()).toBe(`export CLAUDE_CONFIG_DIR=${quoteSh(dir)}\n`);
    const sh = spawnSync('sh', ['-c', `eval "$1"; printf %s "$CLAUDE_CONFIG_DIR"`, 'sh', d.out()], { encoding: 'utf8' });
    expect(sh.stdout).toBe(dir);
  });

  it('an unknown name or another tool is a usage error (exit 3) that says what there is', async () => {
    const home = tempHome();
    const d = testDeps(home);
    expect(await main(['env', '--account', 'claude:nope'], d)).toBe(3);
    expect(d.err()).toContain('No saved Claude Code account "nope"; none is saved yet');
    const d2 = testDeps(home);
    expect(await main(['env', '--account', 'codex:work'], d2)).toBe(3);
    expect(d2.err()).toContain('auth-wizard switch');
  });
});
