// onboard's "add another account": where Codex or Claude Code already has a
// usable sign-in, the wizard offers to sign in one more account through
// `accounts add` (its function, not a copy), asked at a terminal or given by
// --add-account [--name N] unattended. The strict fake prompter fails on any
// question not scripted; the ChatGPT sign-in is the injected login runner, and
// Claude Code's `claude auth login` is deps.exec, recorded.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LoginOptions } from '../src/commands/login';
import { run, type OnboardOptions } from '../src/commands/onboard';
import { claudeAccountDir } from '../src/accounts/claude-dirs';
import type { AppError } from '../src/errors';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { type Expectation, fakePrompter } from './helpers/fake-prompter';
import { fullFixtureHome } from './helpers/fixture-home';

const base: OnboardOptions = { methods: [], noBrowser: false, yes: false, force: false };

function setup(interactive: boolean, queue: Expectation[] = []) {
  const { home } = fullFixtureHome();
  const prompter = fakePrompter(queue);
  const logins: LoginOptions[] = [];
  const claudeRuns: Array<{ bin: string; args: readonly string[]; dir: string | undefined }> = [];
  const deps = testDeps(home, { interactive, env: { DISPLAY: ':0' }, prompter: async () => prompter, onPath: () => false, exists: () => false });
  deps.now = () => FIXED_NOW;
  deps.exec = async (bin, args, o) => {
    claudeRuns.push({ bin, args, dir: o?.env?.CLAUDE_CONFIG_DIR });
    return { code: 0, stdout: '', stderr: '' };
  };
  const login = async (o: LoginOptions) => {
    logins.push(o);
  };
  return { home, deps, prompter, logins, claudeRuns, login };
}

describe('onboard: add another account', () => {
  it('at a terminal: offered after "keep" (still the default), asks a name, runs accounts add for each tool', async () => {
    const t = setup(true, [
      { kind: 'multiselect', message: 'Which providers', answer: ['openai', 'anthropic'] },
      { kind: 'select', message: 'How should OpenAI', answer: 'add-account' },
      { kind: 'text', message: 'name for the new ChatGPT account', answer: 'work' },
      { kind: 'select', message: 'How should Anthropic', answer: 'add-account' },
      { kind: 'text', message: 'name for the new Claude Code account', answer: 'max2' },
    ]);
    await run(base, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.prompter.offered[1]!.values.slice(0, 2)).toEqual(['keep', 'add-account']);
    expect(t.prompter.offered[1]!.labels[1]).toBe('Add another account');
    expect(t.prompter.offered[2]!.values.slice(0, 2)).toEqual(['keep', 'add-account']);
    // ChatGPT: login into auth-wizard's store under the name; the tool's own file is not the target.
    expect(t.logins.map((l) => [l.provider, l.method, l.target, l.profile])).toEqual([['openai', 'browser', 'auth-wizard', 'work']]);
    // Claude Code: its own CLI, in a config folder of that account's own.
    expect(t.claudeRuns).toEqual([{ bin: 'claude', args: ['auth', 'login'], dir: claudeAccountDir({ home: t.home, env: t.deps.env }, 'max2') }]);
    expect(t.deps.out()).toContain('Saved as work. Make it Codex\'s default with: auth-wizard switch codex work');
    expect(t.deps.out()).toContain('Saved Claude Code account max2');
  });

  it('unattended: --add-account --name runs it with no question; --yes alone keeps what is there', async () => {
    const t = setup(false);
    await run({ ...base, providers: ['openai', 'anthropic'], addAccount: true, name: 'second', methods: ['device'] }, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.logins.map((l) => [l.provider, l.method, l.target, l.profile])).toEqual([['openai', 'device', 'auth-wizard', 'second']]);
    expect(t.claudeRuns.map((r) => r.dir)).toEqual([claudeAccountDir({ home: t.home, env: t.deps.env }, 'second')]);
    expect(existsSync(claudeAccountDir({ home: t.home, env: t.deps.env }, 'second'))).toBe(true);

    // --yes takes the offered name (the first free `<tool>-N`).
    const y = setup(false);
    await run({ ...base, providers: ['anthropic'], addAccount: true, yes: true }, y.deps, y.login);
    expect(y.claudeRuns.map((r) => r.dir)).toEqual([claudeAccountDir({ home: y.home, env: y.deps.env }, 'claude-2')]);

    // No terminal, no --name, no --yes: an error naming the flag, nothing run.
    const n = setup(false);
    const err = await run({ ...base, providers: ['openai'], addAccount: true }, n.deps, n.login).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'needs_tty', exitCode: 3 });
    expect((err as AppError).hint).toContain('--name');
    expect(n.logins).toEqual([]);

    // Without the flag nothing changes: --yes keeps both sign-ins.
    const k = setup(false);
    await run({ ...base, providers: ['openai', 'anthropic'], yes: true }, k.deps, k.login);
    expect(k.logins).toEqual([]);
    expect(k.claudeRuns).toEqual([]);
  });

  it('--add-account with --method keep is a usage error', async () => {
    const t = setup(false);
    const err = await run({ ...base, providers: ['openai'], addAccount: true, methods: ['keep'] }, t.deps, t.login).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'usage', exitCode: 3 });
    expect(t.logins).toEqual([]);
  });
});
