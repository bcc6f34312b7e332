// The wizard's step logic through the Prompter interface, with a strict
// queue-based fake (unexpected questions and unused answers fail) and a
// recording login runner. The real sign-ins are tested in login*.test.ts and,
// end to end in a real terminal, in onboard-e2e.test.ts.
import { describe, expect, it } from 'vitest';
import type { LoginOptions } from '../src/commands/login';
import { run, type OnboardOptions } from '../src/commands/onboard';
import { AppError } from '../src/errors';
import { main } from '../src/main';
import { methodChoices, recommendedProviders, type Situation } from '../src/onboard/plan';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { CANCEL, type Expectation, fakePrompter } from './helpers/fake-prompter';
import { fullFixtureHome, put, tempHome } from './helpers/fixture-home';
import { fakeJwt, fakeSecret } from './helpers/tokens';

const base: OnboardOptions = { methods: [], noBrowser: false, yes: false, force: false };
const desktop = { DISPLAY: ':0' };

function setup(opts: { home?: string; interactive?: boolean; installed?: string[]; queue?: Expectation[]; env?: Record<string, string>; login?: (o: LoginOptions) => Promise<void> }) {
  const home = opts.home ?? tempHome();
  const prompter = fakePrompter(opts.queue ?? []);
  const logins: LoginOptions[] = [];
  const installed = new Set(opts.installed ?? []);
  const deps = testDeps(home, { interactive: opts.interactive ?? true, env: opts.env ?? desktop, prompter: async () => prompter, onPath: (bin: string) => installed.has(bin), exists: () => false });
  const login = async (o: LoginOptions) => {
    logins.push(o);
    await opts.login?.(o);
  };
  return { home, deps, prompter, logins, login };
}

describe('onboard step logic', () => {
  it('pre-selects installed tools, recommends browser on a desktop, asks the target, verifies', async () => {
    const t = setup({
      installed: ['codex', 'claude'],
      queue: [
        { kind: 'multiselect', message: 'Which providers', answer: ['openai', 'anthropic'] },
        { kind: 'select', message: 'How should OpenAI', answer: (c: unknown[]) => c[0] },
        { kind: 'select', message: 'Which tool should this ChatGPT sign-in', answer: 'codex' },
        { kind: 'select', message: 'How should Anthropic', answer: (c: unknown[]) => c[0] },
      ],
    });
    await run(base, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.prompter.offered[1]!.values).toEqual(['browser', 'paste', 'device', 'api-key']);
    expect(t.prompter.offered[3]!.values).toEqual(['claude-cli', 'setup-token', 'api-key']);
    expect(t.logins.map((l) => [l.provider, l.method, l.target])).toEqual([
      ['openai', 'browser', 'codex'],
      ['anthropic', 'claude-cli', undefined],
    ]);
    expect(t.prompter.transcript.some((l) => l.startsWith('note What is here: Claude Code: not signed in'))).toBe(true);
    expect(t.prompter.transcript.find((l) => l.startsWith('note Now'))).toMatch(/Next:\n  auth-wizard status .*\n  auth-wizard info --provider openai .*\n  auth-wizard env /);
    expect(t.prompter.transcript.at(-1)).toBe('outro Done.');
  });

  it('headless: explained once up front, paste and device first, Claude setup-token first', async () => {
    const t = setup({ env: { SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22' }, installed: ['claude'], queue: [
      { kind: 'multiselect', message: 'Which providers', answer: ['openai'] },
      { kind: 'select', message: 'How should OpenAI', answer: 'paste' },
      { kind: 'select', message: 'Which tool', answer: 'opencode' },
    ] });
    await run(base, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.prompter.transcript.filter((l) => l.startsWith('note Headless')).length).toBe(1);
    expect(t.prompter.transcript.find((l) => l.startsWith('note Headless'))).toContain('this is an SSH session');
    expect(t.prompter.offered[1]!.values).toEqual(['paste', 'device', 'browser', 'api-key']);
    expect(t.prompter.offered[1]!.labels[0]).toBe('Sign in with ChatGPT on another device');
    expect(t.logins).toEqual([expect.objectContaining({ provider: 'openai', method: 'paste', target: 'opencode' })]);
  });

  it('"keep what is there" is offered first when the tool already has a usable sign-in', async () => {
    const { home } = fullFixtureHome();
    const t = setup({ home, queue: [
      { kind: 'multiselect', message: 'Which providers', answer: (c: unknown[]) => c },
      { kind: 'select', message: 'How should OpenAI', answer: 'keep' },
      { kind: 'select', message: 'How should Anthropic', answer: 'keep' },
    ] });
    t.deps.now = () => FIXED_NOW;
    await run(base, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.prompter.offered[1]!.values[0]).toBe('keep');
    expect(t.logins).toEqual([]);
    expect(t.prompter.transcript.some((l) => /note Now: ✓ codex: codex-user@example.test \(pro\), valid/.test(l))).toBe(true);
  });

  it('flags alone: no questions at all, even without a terminal', async () => {
    const t = setup({ interactive: false });
    await run({ ...base, providers: ['openai', 'anthropic'], methods: ['device', 'setup-token'], target: 'auth-wizard', profile: 'work' }, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.logins.map((l) => [l.provider, l.method, l.target, l.profile])).toEqual([
      ['openai', 'device', 'auth-wizard', 'work'],
      ['anthropic', 'setup-token', undefined, 'work'],
    ]);
  });

  it('--yes takes the recommended answers', async () => {
    const t = setup({ installed: ['opencode'], interactive: false });
    await run({ ...base, yes: true }, t.deps, t.login);
    expect(t.logins.map((l) => [l.provider, l.method, l.target])).toEqual([['openai', 'browser', 'opencode']]);
  });

  it('the final status shows a setup-token or key saved to auth-wizard\'s store, and how tools get it', async () => {
    const home = tempHome();
    const token = fakeSecret('sk-ant-oat01-', 72);
    const t = setup({
      home,
      interactive: false,
      login: async (o) => {
        expect(o).toMatchObject({ provider: 'anthropic', method: 'setup-token', target: undefined });
        put(home, '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token, expires: FIXED_NOW + 300 * 86_400_000 } } });
      },
    });
    t.deps.now = () => FIXED_NOW;
    await run({ ...base, providers: ['anthropic'], methods: ['setup-token'] }, t.deps, t.login);
    const now = t.prompter.transcript.find((l) => l.startsWith('note Now'))!;
    expect(now).toContain('✓ auth-wizard anthropic:default: token, valid, expires in 10mo');
    expect(now).not.toContain('not signed in');
    expect(now).toContain('eval "$(auth-wizard env)"');
    expect(now).not.toContain(token);
  });

  it('--yes without a terminal never picks a method that would wait for typed input', async () => {
    // Headless OpenAI: paste is recommended at a terminal; unattended it is the device code.
    const ssh = { SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22' };
    const openai = setup({ env: ssh, interactive: false });
    await run({ ...base, providers: ['openai'], yes: true }, openai.deps, openai.login);
    expect(openai.logins.map((l) => [l.method, l.target])).toEqual([['device', 'codex']]);
    // Anthropic: a setup-token, a key or `claude auth login` all need someone there.
    const anthropic = setup({ installed: ['claude'], interactive: false });
    const err = await run({ ...base, providers: ['anthropic'], yes: true }, anthropic.deps, anthropic.login).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'needs_tty', exitCode: 3 });
    expect((err as AppError).hint).toContain('--method claude-cli|setup-token|api-key|keep');
    expect(anthropic.logins).toEqual([]);
    // Two providers: the second one's missing answer stops the run before the first signs in.
    const both = setup({ installed: ['claude'], interactive: false });
    const early = await run({ ...base, providers: ['openai', 'anthropic'], yes: true }, both.deps, both.login).catch((e: unknown) => e);
    expect(early).toMatchObject({ code: 'needs_tty' });
    expect(both.logins).toEqual([]);
    // With a sign-in already there, --yes keeps it.
    const kept = setup({ home: fullFixtureHome().home, interactive: false });
    kept.deps.now = () => FIXED_NOW;
    await run({ ...base, providers: ['anthropic'], yes: true }, kept.deps, kept.login);
    expect(kept.logins).toEqual([]);
  });

  it('without a terminal, a missing answer is an error that names the flag (never a wait)', async () => {
    for (const [opts, flag] of [
      [base, '--provider openai and/or --provider anthropic'],
      [{ ...base, providers: ['openai'] as const }, '--method browser|paste|device|api-key|keep'],
      [{ ...base, providers: ['openai'] as const, methods: ['browser'] }, '--target codex|opencode|auth-wizard'],
    ] as const) {
      const t = setup({ interactive: false });
      const err = await run({ ...opts, providers: opts.providers ? [...opts.providers] : undefined, methods: [...(opts.methods ?? [])] }, t.deps, t.login).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'needs_tty', exitCode: 3 });
      expect((err as AppError).hint).toContain(flag);
      expect(t.logins).toEqual([]);
    }
  });

  it('a failed sign-in offers retry, another method, or skip', async () => {
    let calls = 0;
    const t = setup({
      queue: [
        { kind: 'select', message: 'How should OpenAI', answer: 'browser' },
        { kind: 'select', message: 'Which tool', answer: 'codex' },
        { kind: 'select', message: 'OpenAI is not signed in. What now?', answer: 'retry' },
        { kind: 'select', message: 'Which tool', answer: 'codex' },
        { kind: 'select', message: 'OpenAI is not signed in. What now?', answer: 'other' },
        { kind: 'select', message: 'How should OpenAI', answer: 'device' },
        { kind: 'select', message: 'Which tool', answer: 'codex' },
      ],
      login: async () => {
        if (++calls <= 2) throw new AppError('oauth', 'The sign-in was refused: access_denied');
      },
    });
    await run({ ...base, providers: ['openai'] }, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.logins.map((l) => l.method)).toEqual(['browser', 'browser', 'device']);
    // "another way" does not offer the one that just failed.
    expect(t.prompter.offered[5]!.values).not.toContain('browser');
    expect(t.prompter.transcript).toContain('error The sign-in was refused: access_denied');

    const s = setup({
      queue: [
        { kind: 'select', message: 'How should Anthropic', answer: 'api-key' },
        { kind: 'select', message: 'What now?', answer: 'skip' },
      ],
      login: async () => {
        throw new AppError('io', 'disk full');
      },
    });
    await run({ ...base, providers: ['anthropic'] }, s.deps, s.login);
    s.prompter.assertDone();
    expect(s.prompter.transcript.some((l) => l.includes('Anthropic: not signed in (skipped)'))).toBe(true);
  });

  it('Ctrl-C at a prompt: exit 2, and it says what was and was not saved', async () => {
    const t = setup({
      queue: [
        { kind: 'select', message: 'How should OpenAI', answer: 'api-key' },
        { kind: 'select', message: 'How should Anthropic', answer: CANCEL },
      ],
    });
    const err = await run({ ...base, providers: ['openai', 'anthropic'] }, t.deps, t.login).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'cancelled', exitCode: 2 });
    expect(t.deps.err()).toContain('Cancelled. Saved: OpenAI.\nNot set up: Anthropic (no file was changed for it).');
  });

  it('a spinner only when detection is slow enough to watch (e.g. a locked macOS Keychain)', async () => {
    const fast = setup({ interactive: false });
    await run({ ...base, providers: [] }, fast.deps, fast.login);
    expect(fast.prompter.transcript).toContain('step Found 0 credentials');
    expect(fast.prompter.transcript.some((l) => l.startsWith('…'))).toBe(false);
    const slow = setup({ interactive: false });
    slow.deps.platform = 'darwin';
    slow.deps.exec = async () => {
      await new Promise((r) => setTimeout(r, 200));
      return { code: 44, stdout: '', stderr: 'not found' };
    };
    await run({ ...base, providers: [] }, slow.deps, slow.login);
    expect(slow.prompter.transcript).toEqual(expect.arrayContaining(['… Looking for credentials already on this machine', '✓ Found 0 credentials']));
  });

  it('rejects a --method that fits no chosen provider', async () => {
    const home = tempHome();
    const deps = testDeps(home);
    expect(await main(['onboard', '--provider', 'anthropic', '--method', 'device'], deps)).toBe(3);
    expect(deps.err()).toContain('--method device does not fit --provider anthropic.');
  });
});

describe('onboard plan', () => {
  const report = { now: FIXED_NOW, credentials: [], notes: [] };
  it('pre-selects both providers when nothing is known', () => {
    expect(recommendedProviders({ report, installed: { codex: false, claude: false, opencode: false }, headless: false })).toEqual(['openai', 'anthropic']);
    expect(recommendedProviders({ report, installed: { codex: false, claude: true, opencode: false }, headless: false })).toEqual(['anthropic']);
  });
  it('without Claude Code installed, the setup-token comes first', () => {
    const s: Situation = { report, installed: { codex: false, claude: false, opencode: false }, headless: false };
    expect(methodChoices('anthropic', s).map((c) => c.value)).toEqual(['setup-token', 'claude-cli', 'api-key']);
  });
  it('problems are called out in the detection summary (expired, shadowed, shared refresh token)', async () => {
    const home = tempHome();
    const refresh = fakeSecret('rt_');
    // OpenAI access tokens are JWTs (anything else is unreadable).
    const access = (exp: number) => fakeJwt({ exp: Math.floor(exp / 1000) });
    put(home, '.local/share/opencode/auth.json', { openai: { type: 'oauth', access: access(FIXED_NOW + 3600_000), refresh, expires: FIXED_NOW + 3600_000 } });
    put(home, '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { 'openai:default': { type: 'oauth', provider: 'openai', access: access(FIXED_NOW - 1), refresh, expires: FIXED_NOW - 1 } } });
    put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0 } });
    const t = setup({ home, env: { ...desktop, ANTHROPIC_API_KEY: fakeSecret('sk-ant-api03-') }, queue: [] });
    await run({ ...base, providers: [] }, t.deps, t.login);
    const warns = t.prompter.transcript.filter((l) => l.startsWith('warn '));
    expect(warns).toEqual([
      'warn claude-code (~/.claude/.credentials.json) is signed-out — auth-wizard login --provider anthropic --method claude-cli',
      'warn claude-code ignores claude-code (~/.claude/.credentials.json): $ANTHROPIC_API_KEY comes first',
      'warn The same refresh token is stored in 2 places: whichever tool refreshes first signs the other out. In: ~/.local/share/opencode/auth.json, ~/.config/auth-wizard/auth-profiles.json. `auth-wizard doctor` says which to keep.',
    ]);
    expect(t.prompter.transcript.join('\n')).not.toContain(refresh);
  });
});
