// onboard --host: the wizard runs here and every sign-in it makes is
// `login --host`, so the tokens land only on the other machine. Step logic
// through the fake prompter; end to end over a real OpenSSH with the built CLI.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginOptions } from '../src/commands/login';
import { run, type OnboardOptions } from '../src/commands/onboard';
import { builtCli } from './helpers/built-cli';
import { testDeps } from './helpers/deps';
import { fakePrompter, type Expectation } from './helpers/fake-prompter';
import { tempHome } from './helpers/fixture-home';
import { startSshd, type TestSshd } from './helpers/sshd';

const base: OnboardOptions = { methods: [], noBrowser: false, yes: false, force: false };

function setup(queue: Expectation[], interactive = true) {
  const prompter = fakePrompter(queue);
  const logins: LoginOptions[] = [];
  const deps = testDeps(tempHome(), { interactive, env: { DISPLAY: ':0' }, prompter: async () => prompter, onPath: (bin: string) => bin === 'gemini', exists: () => false });
  return { deps, prompter, logins, login: async (o: LoginOptions) => void logins.push(o) };
}

describe('onboard --host: step logic', () => {
  it('several hosts: asks which machine, then every sign-in is for it; tools with their own CLI are not offered', async () => {
    const t = setup([
      { kind: 'select', message: 'Which machine will use this sign-in?', answer: 'cloud' },
      { kind: 'multiselect', message: 'Which providers', answer: ['anthropic'] },
      { kind: 'select', message: 'How should Anthropic', answer: 'setup-token' },
    ]);
    await run({ ...base, hosts: ['gpu', 'cloud'] }, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.prompter.offered[0]!.values).toEqual(['gpu', 'cloud']);
    expect(t.prompter.offered[1]!.values).toEqual(['openai', 'anthropic']);
    expect(t.logins.map((l) => [l.provider, l.method, l.host])).toEqual([['anthropic', 'setup-token', 'cloud']]);
    expect(t.prompter.transcript.some((l) => l.startsWith('note For cloud: You sign in here; the tokens are sent over ssh to auth-wizard on cloud'))).toBe(true);
    expect(t.prompter.transcript.find((l) => l.startsWith('note Now'))).toContain('auth-wizard status --host cloud');
  });

  it('without --host nothing is asked about machines and login gets no host', async () => {
    const t = setup([
      { kind: 'multiselect', message: 'Which providers', answer: ['anthropic'] },
      { kind: 'select', message: 'How should Anthropic', answer: 'setup-token' },
    ]);
    await run({ ...base, providers: undefined }, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.logins.map((l) => l.host)).toEqual([undefined]);
  });

  it('unattended with several hosts, or a host that is an ssh option: a usage error before anything runs', async () => {
    const t = setup([], false);
    await expect(run({ ...base, hosts: ['gpu', 'cloud'], providers: ['anthropic'], methods: ['setup-token'] }, t.deps, t.login)).rejects.toThrow('give one --host');
    await expect(run({ ...base, hosts: ['-oProxyCommand=x'], providers: ['anthropic'], methods: ['setup-token'] }, t.deps, t.login)).rejects.toThrow('starts with "-"');
    expect(t.logins).toEqual([]);
  });
});

describe('onboard --host over ssh', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd({ gpu: {} });
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it('a setup-token read from stdin lands in the remote auth-wizard store; nothing is written here', async () => {
    const home = tempHome();
    const token = `sk-ant-oat01-${'Zq9_'.repeat(20)}`;
    const child = spawn(process.execPath, [builtCli(), 'onboard', '--host', 'gpu', '--provider', 'anthropic', '--method', 'setup-token'], { env: { PATH: process.env.PATH ?? '', HOME: home, AUTH_WIZARD_SSH_COMMAND: sshd.sshCommand }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.stdin.end(`${token}\n`);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, out).toBe(0);
    const store = JSON.parse(readFileSync(join(sshd.home('gpu'), '.config', 'auth-wizard', 'auth-profiles.json'), 'utf8')) as { profiles: Record<string, { type: string; token: string }> };
    expect(store.profiles['anthropic:default']).toMatchObject({ type: 'token', token });
    expect(out).toContain('auth-wizard status --host gpu');
    expect(out).not.toContain(token);
    expect(readdirSync(home)).toEqual([]);
  }, 60_000);
});
