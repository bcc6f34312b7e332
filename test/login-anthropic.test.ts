// `login` for Anthropic (official CLI, setup-token, API key), OpenAI API keys,
// and the interactive paths driven by a strict scripted Prompter.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as runLogin, type LoginOptions } from '../src/commands/login';
import type { Deps, Exec, ExecOptions } from '../src/deps';
import { AppError } from '../src/errors';
import { main } from '../src/main';
import type { Prompter } from '../src/ui/prompter';
import { FIXED_NOW, stdinOf, testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { fakeSecret } from './helpers/tokens';

const SETUP_TOKEN = fakeSecret('sk-ant-oat01-', 70);
const ANTHROPIC_KEY = fakeSecret('sk-ant-api03-', 64);
const OPENAI_KEY = fakeSecret('sk-proj-', 40);

async function cli(args: string[], o: Partial<Deps> & { home?: string } = {}) {
  const home = o.home ?? tempHome();
  const deps = testDeps(home, o);
  const code = await main(['login', ...args], deps);
  return { code, out: deps.out(), err: deps.err(), home };
}

function profiles(home: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(join(home, '.config/auth-wizard/auth-profiles.json'), 'utf8')).profiles;
}

async function statusOf(home: string, provider: string) {
  const d = testDeps(home);
  await main(['status', '--json', '--provider', provider], d);
  return JSON.parse(d.out()).credentials as Array<Record<string, unknown>>;
}

describe('login --provider anthropic --method setup-token', () => {
  it('explains `claude setup-token`, reads the token from stdin, stores a one-year token profile, never echoes it', async () => {
    const r = await cli(['--provider', 'anthropic', '--method', 'setup-token'], { stdin: stdinOf(`${SETUP_TOKEN}\n`) });
    expect(r.code).toBe(0);
    expect(r.err).toContain('claude setup-token');
    expect(r.out).toContain('✓ Saved the setup-token as anthropic:default in ~/.config/auth-wizard/auth-profiles.json');
    expect(r.out).toContain('CLAUDE_CODE_OAUTH_TOKEN');
    expect(r.out).toContain('eval "$(auth-wizard env --provider anthropic)"');
    expect(r.out + r.err).not.toContain(SETUP_TOKEN);
    expect(r.out + r.err).not.toContain(SETUP_TOKEN.slice(13, 40));
    expect(profiles(r.home)['anthropic:default']).toEqual({ type: 'token', provider: 'anthropic', token: SETUP_TOKEN, expires: FIXED_NOW + 365 * 24 * 3600_000 });
    expect(statSync(join(r.home, '.config/auth-wizard/auth-profiles.json')).mode & 0o777).toBe(0o600);
    expect(await statusOf(r.home, 'anthropic')).toEqual([expect.objectContaining({ source: 'auth-wizard', kind: 'token', profile: 'anthropic:default', expiresAt: '2027-11-23T12:00:00.000Z', usable: true })]);
  });

  it('--profile names the profile, and other profiles are kept', async () => {
    const home = tempHome();
    await cli(['--provider', 'anthropic', '--method', 'api-key'], { home, stdin: stdinOf(ANTHROPIC_KEY) });
    const r = await cli(['--provider', 'anthropic', '--method', 'setup-token', '--profile', 'laptop'], { home, stdin: stdinOf(`"${SETUP_TOKEN}"\r\n`) });
    expect(r.code).toBe(0);
    expect(Object.keys(profiles(home)).sort()).toEqual(['anthropic:default', 'anthropic:laptop']);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['an API key', ANTHROPIC_KEY, /an Anthropic API key, not a setup-token; use --method api-key/],
    ['a refresh token', fakeSecret('sk-ant-ort01-', 70), /refresh token/],
    ['too short', 'sk-ant-oat01-abc', /too short/],
    ['inner whitespace', `${SETUP_TOKEN.slice(0, 40)} ${SETUP_TOKEN.slice(40)}`, /cannot contain spaces/],
    ['another prefix', fakeSecret('sk-ant-xyz01-', 70), /starts with sk-ant-oat01-/],
    ['odd characters', `${SETUP_TOKEN}$%`, /characters/],
  ];
  it.each(bad)('refuses %s with a clear sentence, exit 3, nothing stored, nothing echoed', async (_name, value, message) => {
    const r = await cli(['--provider', 'anthropic', '--method', 'setup-token'], { stdin: stdinOf(`${value}\n`) });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/Nothing was saved/);
    expect(r.out + r.err).not.toContain(value.slice(13, 30));
    expect(existsSync(join(r.home, '.config/auth-wizard'))).toBe(false);
  });

  it('no token on stdin, or a terminal on stdin without one on stdout → exit 3 naming how to supply it', async () => {
    const empty = await cli(['--provider', 'anthropic', '--method', 'setup-token']);
    expect(empty.code).toBe(3);
    expect(empty.err).toMatch(/stdin was empty[\s\S]*add the token on stdin/);
    const tty = await cli(['--provider', 'anthropic', '--method', 'setup-token'], { stdin: { isTTY: true, async *[Symbol.asyncIterator]() {} } });
    expect(tty.code).toBe(3);
    expect(tty.err).toMatch(/no terminal to ask on/);
  });
});

describe('login --method api-key', () => {
  it('anthropic: stored as an api_key profile', async () => {
    const r = await cli(['--provider', 'anthropic', '--method', 'api-key'], { stdin: stdinOf(`${ANTHROPIC_KEY}\n`) });
    expect(r.code).toBe(0);
    expect(profiles(r.home)['anthropic:default']).toEqual({ type: 'api_key', provider: 'anthropic', key: ANTHROPIC_KEY });
    expect(r.out + r.err).not.toContain(ANTHROPIC_KEY);
    expect(r.err).toContain('ANTHROPIC_API_KEY');
  });

  it('openai --target codex: auth-wizard profile plus Codex OPENAI_API_KEY (other members kept)', async () => {
    const home = tempHome();
    put(home, '.codex/auth.json', '{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"custom":{"x":1}}');
    const r = await cli(['--provider', 'openai', '--method', 'api-key', '--target', 'codex'], { home, stdin: stdinOf(`${OPENAI_KEY}\n`) });
    expect(r.code).toBe(0);
    const auth = JSON.parse(readFileSync(join(home, '.codex/auth.json'), 'utf8'));
    expect(auth).toEqual({ auth_mode: 'apikey', tokens: null, OPENAI_API_KEY: OPENAI_KEY, custom: { x: 1 } });
    expect(profiles(home)['openai:default']).toEqual({ type: 'api_key', provider: 'openai', key: OPENAI_KEY });
    expect(r.out).toContain("Codex CLI's OPENAI_API_KEY");
    expect(r.out + r.err).not.toContain(OPENAI_KEY);
    const creds = await statusOf(home, 'openai');
    expect(creds).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'codex', kind: 'api_key', usable: true }), expect.objectContaining({ source: 'auth-wizard', kind: 'api_key' })]));
  });

  it('openai --target opencode writes an api entry', async () => {
    const r = await cli(['--provider', 'openai', '--method', 'api-key', '--target', 'opencode'], { stdin: stdinOf(OPENAI_KEY) });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(r.home, '.local/share/opencode/auth.json'), 'utf8')).openai).toEqual({ type: 'api', key: OPENAI_KEY });
  });

  it('shape errors: an Anthropic key for openai, whitespace, no sk- prefix', async () => {
    for (const [provider, value, msg] of [
      ['openai', ANTHROPIC_KEY, /Anthropic key; use --provider anthropic/],
      ['openai', 'sk-proj-abc def-0000000000000', /cannot contain spaces/],
      ['openai', 'pk-0000000000000000000000000', /starts with sk-/],
      ['anthropic', SETUP_TOKEN, /use --method setup-token/],
      ['anthropic', 'sk-short', /too short/],
    ] as const) {
      const r = await cli(['--provider', provider, '--method', 'api-key'], { stdin: stdinOf(value + '\n') });
      expect(r.code).toBe(3);
      expect(r.err).toMatch(msg);
      expect(r.out + r.err).not.toContain(value);
    }
  });
});

describe('login --provider anthropic --method claude-cli', () => {
  const CREDS = { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: FIXED_NOW + 8 * 3600_000, scopes: ['user:inference', 'user:profile'], subscriptionType: 'max' } };

  function claudeStub(home: string, o: { code?: number; write?: boolean; status?: unknown } = {}) {
    const calls: Array<{ cmd: string; args: string[]; opts: ExecOptions | undefined }> = [];
    const exec: Exec = async (cmd, args, opts) => {
      calls.push({ cmd, args, opts });
      if (args[1] === 'login') {
        if (o.write !== false) put(home, '.claude/.credentials.json', CREDS);
        return { code: o.code ?? 0, stdout: '', stderr: '' };
      }
      if (args[1] === 'status') return { code: 0, stdout: JSON.stringify(o.status ?? { loggedIn: false }), stderr: '' };
      return { code: null, stdout: '', stderr: '', notFound: true };
    };
    return { exec, calls };
  }

  it('hands the terminal to `claude auth login`, then reads back what Claude Code wrote', async () => {
    const home = tempHome();
    const stub = claudeStub(home);
    const r = await cli(['--provider', 'anthropic', '--method', 'claude-cli'], { home, interactive: true, exec: stub.exec });
    expect(r.code).toBe(0);
    expect(stub.calls[0]).toEqual({ cmd: 'claude', args: ['auth', 'login'], opts: { inheritStdio: true } });
    expect(r.out).toContain('✓ Claude Code is signed in (max)');
    expect(r.out).toContain('~/.claude/.credentials.json');
    expect(r.out + r.err).not.toContain(CREDS.claudeAiOauth.accessToken);
    // auth-wizard stored nothing of its own.
    expect(existsSync(join(home, '.config/auth-wizard'))).toBe(false);
  });

  it('--console passes through', async () => {
    const home = tempHome();
    const stub = claudeStub(home);
    expect((await cli(['--provider', 'anthropic', '--method', 'claude-cli', '--console'], { home, interactive: true, exec: stub.exec })).code).toBe(0);
    expect(stub.calls[0]!.args).toEqual(['auth', 'login', '--console']);
  });

  it('no credentials file afterwards: asks `claude auth status` (e.g. macOS Keychain, --console)', async () => {
    const home = tempHome();
    const ok = claudeStub(home, { write: false, status: { loggedIn: true, authMethod: 'api_key', email: 'c@example.test' } });
    const r = await cli(['--provider', 'anthropic', '--method', 'claude-cli'], { home, interactive: true, exec: ok.exec });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Claude Code is signed in (api_key, c@example.test)');
    const no = claudeStub(home, { write: false, status: { loggedIn: false } });
    const r2 = await cli(['--provider', 'anthropic', '--method', 'claude-cli'], { home, interactive: true, exec: no.exec });
    expect(r2.code).toBe(4);
    expect(r2.err).toMatch(/shows no sign-in/);
  });

  it('`claude` not installed → exit 1 with the install command', async () => {
    const r = await cli(['--provider', 'anthropic', '--method', 'claude-cli'], { interactive: true });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Claude Code \(the `claude` command\) is not installed/);
    expect(r.err).toContain('npm install -g @anthropic-ai/claude-code');
  });

  it('`claude auth login` failing → exit 4; without a terminal → exit 3 pointing at setup-token', async () => {
    const home = tempHome();
    const r = await cli(['--provider', 'anthropic', '--method', 'claude-cli'], { home, interactive: true, exec: claudeStub(home, { code: 1, write: false }).exec });
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/ended with exit code 1/);
    const n = await cli(['--provider', 'anthropic', '--method', 'claude-cli']);
    expect(n.code).toBe(3);
    expect(n.err).toMatch(/--method setup-token/);
  });
});

// --- interactive, through a strict scripted Prompter ------------------------

type Step = { kind: 'select' | 'password' | 'text' | 'confirm' | 'multiselect'; answer: (q: { message: string; validate?: (v: string) => string | undefined; signal?: AbortSignal }) => unknown };

function scripted(steps: Step[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (kind: Step['kind'], q: { message: string }) => {
    asked.push(`${kind}: ${q.message}`);
    const step = steps.shift();
    if (step === undefined || step.kind !== kind) throw new Error(`unexpected ${kind} prompt: ${q.message}`);
    return step.answer(q);
  };
  const noop = () => {};
  return {
    asked,
    intro: noop,
    outro: noop,
    note: noop,
    log: { info: noop, success: noop, step: noop, warn: noop, error: noop, message: noop },
    spinner: () => ({ start: noop, message: noop, stop: noop, error: noop }),
    text: async (q) => next('text', q) as string,
    password: async (q) => next('password', q) as string,
    select: async <T,>(q: { message: string }) => next('select', q) as T,
    multiselect: async <T,>(q: { message: string }) => next('multiselect', q) as T[],
    confirm: async (q) => next('confirm', q) as boolean,
  };
}

const base: LoginOptions = { noBrowser: false, device: false, printUrl: false, force: false, console: false };

describe('login, interactive (scripted Prompter)', () => {
  it('asks provider and method, then the token hidden, re-checking its shape', async () => {
    const home = tempHome();
    const deps = testDeps(home, { interactive: true });
    let problem: string | undefined;
    const prompter = scripted([
      { kind: 'select', answer: () => 'anthropic' },
      { kind: 'select', answer: () => 'setup-token' },
      {
        kind: 'password',
        answer: (q) => {
          problem = q.validate?.('sk-ant-api03-nope');
          expect(q.validate?.(`  ${SETUP_TOKEN}\n`)).toBeUndefined();
          return ` ${SETUP_TOKEN} `;
        },
      },
    ]);
    await runLogin(base, { ...deps, prompter: async () => prompter });
    expect(prompter.asked).toEqual(['select: Sign in to which provider?', 'select: How do you want to sign in to Anthropic?', 'password: setup-token:']);
    expect(problem).toMatch(/API key/);
    expect(profiles(home)['anthropic:default']!.token).toBe(SETUP_TOKEN);
    expect(deps.out() + deps.err()).not.toContain(SETUP_TOKEN);
  });

  it('a cancel in any prompt is AppError("cancelled") → exit 2 from main, nothing written', async () => {
    const home = tempHome();
    const deps = testDeps(home, { interactive: true });
    const prompter = scripted([
      {
        kind: 'select',
        answer: () => {
          throw new AppError('cancelled', 'Cancelled.');
        },
      },
    ]);
    await expect(runLogin(base, { ...deps, prompter: async () => prompter })).rejects.toMatchObject({ code: 'cancelled', exitCode: 2 });
    expect(existsSync(join(home, '.config'))).toBe(false);
  });
});
