// `login --provider google|kimi|qwen|…`: the tool's own CLI signs in with the
// terminal handed over (fake CLIs on PATH, run by the real exec), then
// auth-wizard reads back what the tool wrote and reports it. Headless hosts
// hear the tool's own headless way first; a missing CLI names its install.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exec as realExec } from '../src/adapters/real-deps';
import type { Deps } from '../src/deps';
import { main } from '../src/main';
import { signInArgs, toolProviders } from '../src/stores/tool-sign-in';
import type { Store } from '../src/stores/types';
import { testDeps } from './helpers/deps';
import { fakeBin, type FakeTool } from './helpers/fake-tools';
import { tempHome } from './helpers/fixture-home';
import { geminiCreds, kimiCreds } from './helpers/new-stores-home';

const DESKTOP = { DISPLAY: ':0', BROWSER: '/bin/false' };

async function login(args: string[], tools: readonly FakeTool[], o: { env?: Record<string, string>; interactive?: boolean; home?: string } = {}) {
  const home = o.home ?? tempHome();
  const bin = fakeBin(tools);
  const deps = testDeps(home, { env: { PATH: bin.path, HOME: home, ...(o.env ?? DESKTOP) }, interactive: o.interactive ?? true, exec: (c, a, x) => realExec(c, a, x) } satisfies Partial<Deps>);
  const code = await main(['login', ...args], deps);
  return { code, out: deps.out(), err: deps.err(), home, log: bin.log() };
}

const geminiWrites = () => ({ rel: '.gemini/oauth_creds.json', content: JSON.stringify(geminiCreds().doc, null, 2) });
const GEMINI_SETTINGS = { rel: '.gemini/settings.json', content: '{"security":{"auth":{"selectedType":"oauth-personal"}}}' };

describe('login --provider google (Gemini CLI)', () => {
  it('hands the terminal to `gemini`, then reads back the oauth_creds.json it wrote', async () => {
    const home = tempHome();
    // The auth dialog writes the selected type into settings.json before the sign-in; put it there as Gemini CLI does.
    const { put } = await import('./helpers/fixture-home');
    put(home, GEMINI_SETTINGS.rel, GEMINI_SETTINGS.content, 0o644);
    const r = await login(['--provider', 'google'], [{ bin: 'gemini', writes: geminiWrites(), logEnv: ['NO_BROWSER'] }], { home });
    expect(r.code).toBe(0);
    expect(r.log).toEqual(['gemini args: ', 'gemini env NO_BROWSER=<unset>']);
    expect(r.err).toContain('Handing the terminal to Gemini CLI: gemini');
    expect(r.err).not.toContain('NO_BROWSER');
    expect(r.out).toContain('✓ Gemini CLI is signed in as gemini-user@example.test');
    expect(r.out).toContain('credentials  ~/.gemini/oauth_creds.json');
  });

  it('headless (SSH): names NO_BROWSER=true up front and passes it to gemini', async () => {
    const r = await login(['--provider', 'google'], [{ bin: 'gemini', writes: geminiWrites(), logEnv: ['NO_BROWSER'] }], { env: { SSH_CONNECTION: '10.0.0.1 5555 10.0.0.2 22' } });
    expect(r.code).toBe(0);
    expect(r.log).toContain('gemini env NO_BROWSER=true');
    const first = r.err.split('\n')[0] ?? '';
    expect(first).toContain('No browser here can reach this machine (this is an SSH session)');
    expect(first).toContain('NO_BROWSER=true');
    expect(r.err).toContain('Handing the terminal to Gemini CLI: NO_BROWSER=true gemini');
  });

  it('--no-browser counts as headless too', async () => {
    const r = await login(['--provider', 'google', '--no-browser'], [{ bin: 'gemini', writes: geminiWrites(), logEnv: ['NO_BROWSER'] }]);
    expect(r.code).toBe(0);
    expect(r.log).toContain('gemini env NO_BROWSER=true');
  });

  it('gemini exits 0 but wrote nothing → exit 4, says no sign-in is there', async () => {
    const r = await login(['--provider', 'google'], [{ bin: 'gemini' }]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/`gemini` finished, but Gemini CLI shows no usable sign-in/);
  });

  it('`gemini` not on PATH → exit 1 with the install command; nothing run', async () => {
    const r = await login(['--provider', 'google'], []);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Gemini CLI \(the `gemini` command\) is not installed or not on PATH/);
    expect(r.err).toContain('npm install -g @google/gemini-cli');
  });

  it('no terminal → exit 3, nothing run', async () => {
    const r = await login(['--provider', 'google'], [{ bin: 'gemini', writes: geminiWrites() }], { interactive: false });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/`gemini` signs in in a terminal, and there is none/);
    expect(r.log).toEqual([]);
    expect(existsSync(join(r.home, '.gemini'))).toBe(false);
  });

  it.each([
    [['--device'], /--device does not go with --provider google/],
    [['--target', 'codex'], /--target does not go with --provider google/],
    [['--method', 'api-key'], /--method api-key is not a google sign-in/],
  ])('OpenAI/Anthropic flags %j → exit 3, nothing run', async (extra, message) => {
    const r = await login(['--provider', 'google', ...extra], [{ bin: 'gemini', writes: geminiWrites() }]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(message);
    expect(r.log).toEqual([]);
  });
});

describe('login --provider kimi (Kimi CLI)', () => {
  it('runs `kimi login` (device flow named up front when headless), reads back credentials/kimi-code.json', async () => {
    const r = await login(['--provider', 'kimi'], [{ bin: 'kimi', writes: { rel: '.kimi/credentials/kimi-code.json', content: JSON.stringify(kimiCreds().doc) } }], { env: { SSH_TTY: '/dev/pts/1' } });
    expect(r.code).toBe(0);
    expect(r.log).toEqual(['kimi args: login']);
    expect(r.err.split('\n')[0]).toMatch(/No browser here .*Kimi CLI: kimi login shows a code and a link to open on any device/);
    expect(r.out).toContain('✓ Kimi CLI is signed in');
    expect(r.out).toContain('credentials  ~/.kimi/credentials/kimi-code.json');
  });

  it('`kimi login` exits 1 → exit 4, the exit code named, nothing written by auth-wizard', async () => {
    const r = await login(['--provider', 'kimi'], [{ bin: 'kimi', exit: 1 }]);
    expect(r.code).toBe(4);
    expect(r.err).toContain('`kimi login` ended with exit code 1');
    expect(existsSync(join(r.home, '.kimi'))).toBe(false);
  });

  it('not installed → exit 1 naming uv tool install', async () => {
    const r = await login(['--provider', 'kimi'], []);
    expect(r.code).toBe(1);
    expect(r.err).toContain('uv tool install --python 3.13 kimi-cli');
  });
});

describe('login --provider qwen (Qwen Code)', () => {
  it('runs `qwen auth` and, since auth-wizard cannot read the key it saves, says where to look', async () => {
    const r = await login(['--provider', 'qwen'], [{ bin: 'qwen' }]);
    expect(r.code).toBe(0);
    expect(r.log).toEqual(['qwen args: auth']);
    expect(r.out).toContain('✓ `qwen auth` finished.');
    expect(r.out).toContain('qwen auth status');
  });
});

describe('login --provider: the list and the usage errors', () => {
  it('an unknown provider is a usage error listing the tool providers', async () => {
    const r = await login(['--provider', 'gemini'], []);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/google/);
  });

  it('--help names the tool providers', async () => {
    const deps = testDeps(tempHome());
    expect(await main(['login', '--help'], deps)).toBe(0);
    expect(deps.out()).toMatch(/--provider google +runs `gemini`/);
    expect(deps.out()).toContain('kimi login');
  });
});

describe('toolProviders / signInArgs (a store plugs in by its fields)', () => {
  const fake = (over: Partial<Store>): Store => ({ id: 'x', name: 'X', tools: ['x'], providers: [], discover: async () => ({ credentials: [], notes: [] }), ...over });
  it('openai and anthropic keep their own sign-in; a provider two stores offer lists both, first first; per-provider args', () => {
    const crushLike = fake({ id: 'crush', name: 'Crush', providers: ['hyper', 'github-copilot', 'openai', 'anthropic'], signIn: { bin: 'crush', args: ['login'], providerArgs: { 'github-copilot': ['login', 'copilot'] } } });
    const copilotLike = fake({ id: 'copilot', name: 'GitHub Copilot CLI', providers: ['github-copilot'], signIn: { bin: 'copilot', args: ['login'] } });
    const readOnly = fake({ id: 'ro', providers: ['nobody'] });
    const list = toolProviders([copilotLike, crushLike, readOnly]);
    expect(list.map((t) => [t.provider, t.stores.map((s) => s.id)])).toEqual([
      ['github-copilot', ['copilot', 'crush']],
      ['hyper', ['crush']],
    ]);
    const crush = list[1]!.stores[0]!;
    expect(signInArgs(crush, 'hyper')).toEqual(['login']);
    expect(signInArgs(crush, 'github-copilot')).toEqual(['login', 'copilot']);
  });

  it('the merged stores give google, qwen, kimi, github-copilot, hyper and cursor (STORES order)', () => {
    expect(toolProviders().map((t) => t.provider)).toEqual(['google', 'qwen', 'kimi', 'github-copilot', 'hyper', 'cursor']);
  });
});
