// onboard and the tools that sign in through their own CLI: pre-selected when
// found on PATH (`bins`) or on disk (a credential of their store), the others
// listed as available; each signed in through `login --provider <p>` (its own
// CLI). In a real terminal too: a fake `gemini` on PATH that signs in as
// Gemini CLI does, with the screen kept in snapshots/onboard-tools-*.txt.
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoginOptions } from '../src/commands/login';
import { run, type OnboardOptions } from '../src/commands/onboard';
import type { Prompter } from '../src/ui/prompter';
import { builtCli } from './helpers/built-cli';
import { testDeps } from './helpers/deps';
import { type Expectation, fakePrompter } from './helpers/fake-prompter';
import { fakeBin } from './helpers/fake-tools';
import { put, tempHome } from './helpers/fixture-home';
import { geminiCreds, kimiCreds } from './helpers/new-stores-home';
import { hasTmux, startTerminal, type Terminal } from './helpers/tmux';

const base: OnboardOptions = { methods: [], noBrowser: false, yes: false, force: false };

function setup(opts: { home?: string; installed?: string[]; queue?: Expectation[]; interactive?: boolean }) {
  const home = opts.home ?? tempHome();
  const prompter = fakePrompter(opts.queue ?? []);
  const initial: unknown[][] = [];
  const recording: Prompter = { ...prompter, multiselect: async (q) => (initial.push([...(q.initialValues ?? [])]), prompter.multiselect(q)) };
  const installed = new Set(opts.installed ?? []);
  const deps = testDeps(home, { interactive: opts.interactive ?? true, env: { DISPLAY: ':0' }, prompter: async () => recording, onPath: (bin: string) => installed.has(bin), exists: () => false });
  const logins: LoginOptions[] = [];
  const login = async (o: LoginOptions) => void logins.push(o);
  return { home, deps, prompter, initial, logins, login };
}

describe('onboard: tools with their own sign-in', () => {
  it('gemini on PATH: Gemini CLI pre-selected (and OpenAI/Anthropic not, nothing of theirs is here), Qwen and Kimi listed as available', async () => {
    const t = setup({ installed: ['gemini'], queue: [{ kind: 'multiselect', message: 'Which providers', answer: ['google'] }] });
    await run(base, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.prompter.offered[0]!.values).toEqual(['openai', 'anthropic', 'google', 'qwen', 'kimi', 'github-copilot', 'hyper', 'cursor']);
    expect(t.prompter.offered[0]!.labels.slice(2, 5)).toEqual(['Gemini CLI (google)', 'Qwen Code (qwen)', 'Kimi CLI (kimi)']);
    expect(t.initial).toEqual([['google']]);
    expect(t.logins.map((l) => [l.provider, l.method])).toEqual([['google', 'tool-cli']]);
    expect(t.prompter.transcript.find((l) => l.startsWith('note What is here'))).toContain('Gemini CLI: not signed in');
    expect(t.prompter.transcript.find((l) => l.startsWith('note Now'))).toContain('Gemini CLI: not signed in');
  });

  it('found on disk (a Kimi sign-in, kimi not on PATH) and Codex on PATH: both pre-selected; Kimi kept with --yes, never re-run', async () => {
    const home = tempHome();
    put(home, '.kimi/credentials/kimi-code.json', JSON.stringify(kimiCreds().doc));
    const t = setup({ home, installed: ['codex'] });
    await run({ ...base, yes: true }, t.deps, t.login);
    expect(t.logins.map((l) => l.provider)).toEqual(['openai']);
    expect(t.prompter.transcript).toContain('info Kimi CLI: keeping what is there.');
    expect(t.prompter.transcript.find((l) => l.startsWith('note Now'))).toMatch(/✓ kimi: oauth, valid, expires/);
  });

  it('no terminal, --yes: a found tool that is not signed in is skipped with the command to run, the others go on', async () => {
    const t = setup({ installed: ['gemini', 'codex'], interactive: false });
    await run({ ...base, yes: true }, t.deps, t.login);
    expect(t.logins.map((l) => l.provider)).toEqual(['openai']);
    expect(t.prompter.transcript.some((l) => l.startsWith('warn Gemini CLI: its sign-in (`gemini`) needs a terminal; skipped. Run `auth-wizard login --provider google`'))).toBe(true);
  });

  it('--provider google runs its sign-in even when gemini was not found', async () => {
    const t = setup({});
    await run({ ...base, providers: ['google'] }, t.deps, t.login);
    expect(t.logins.map((l) => [l.provider, l.method])).toEqual([['google', 'tool-cli']]);
  });

  it('already signed in: asks keep or sign in again, keep first', async () => {
    const home = tempHome();
    put(home, '.gemini/oauth_creds.json', JSON.stringify(geminiCreds().doc));
    put(home, '.gemini/settings.json', '{"security":{"auth":{"selectedType":"oauth-personal"}}}');
    const t = setup({ home, queue: [
      { kind: 'multiselect', message: 'Which providers', answer: ['google'] },
      { kind: 'select', message: 'How should Gemini CLI be signed in?', answer: 'cli' },
    ] });
    await run(base, t.deps, t.login);
    t.prompter.assertDone();
    expect(t.initial).toEqual([['google']]);
    expect(t.prompter.offered[1]!.values).toEqual(['keep', 'cli']);
    expect(t.logins.map((l) => l.provider)).toEqual(['google']);
  });
});

const terminals: Terminal[] = [];
afterAll(() => {
  for (const t of terminals) t.kill();
});

describe.skipIf(!hasTmux())('onboard in a real terminal, with gemini on PATH', () => {
  it('pre-selects Gemini CLI, hands the terminal to `gemini`, shows the sign-in it wrote', async () => {
    const home = tempHome();
    put(home, '.gemini/settings.json', '{"security":{"auth":{"selectedType":"oauth-personal"}}}', 0o644);
    const bin = fakeBin([{ bin: 'gemini', writes: { rel: '.gemini/oauth_creds.json', content: JSON.stringify(geminiCreds(Date.now(), { expiry_date: Date.now() + 2 * 3600_000 }).doc, null, 2) } }]);
    const env = { PATH: `${bin.dir}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, TERM: 'xterm-256color', NO_COLOR: '1', LANG: 'C.UTF-8', DISPLAY: ':0', BROWSER: '/bin/false' };
    const t = startTerminal([process.execPath, builtCli(), 'onboard'], { env, cols: 80, rows: 30 });
    terminals.push(t);
    const scrub = (s: string) => s.split(home).join('<home>').replace(/^__AW_EXIT_aw-[0-9a-f]+__\d+\n?/gm, '').replace(/\n+$/, '\n').replace(/in \d+(mo|y|m|h|d|s)( \d+m)?/g, 'in <t>').replace(/─+/g, '─').replace(/ {2,}│$/gm, ' │');
    const providers = await t.waitFor('Which providers should be signed in?');
    await expect(scrub(providers)).toMatchFileSnapshot('../snapshots/onboard-tools-providers.txt');
    t.press('Enter');
    await t.waitFor(/└  Done\./, 20_000);
    expect(await t.exitCode()).toBe(0);
    const done = t.screen();
    expect(done).toContain('Handing the terminal to Gemini CLI: gemini');
    expect(done).toMatch(/✓ gemini: gemini-user@example\.test, valid/);
    await expect(scrub(done.slice(Math.max(0, done.indexOf('◇  Now'))))).toMatchFileSnapshot('../snapshots/onboard-tools-done.txt');
    expect(bin.log()).toEqual(['gemini args: ']);
  }, 60_000);
});
