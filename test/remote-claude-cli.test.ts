// login --provider anthropic --method claude-cli --host: `claude auth login`
// runs on the other machine with this terminal handed over (`ssh -t`). A real
// terminal (tmux) drives the built CLI here; a real sshd plays the host, with
// a fake `claude` first on its PATH that insists on a terminal (as the real
// browser sign-in does) and writes Claude Code's credentials file in the
// remote home. Nothing is written on this machine.
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from './helpers/built-cli';
import { tempDir, tempHome } from './helpers/fixture-home';
import { startSshd, type TestSshd } from './helpers/sshd';
import { startTerminal, type Terminal } from './helpers/tmux';

let sshd: TestSshd;
let term: Terminal | undefined;
const bin = tempDir('aw-fake-claude-');
const access = `sk-ant-oat01-${'Rm7_'.repeat(20)}`;
const refresh = `sk-ant-ort01-${'Kp2_'.repeat(20)}`;

beforeAll(async () => {
  const creds = JSON.stringify({ claudeAiOauth: { accessToken: access, refreshToken: refresh, expiresAt: Date.now() + 8 * 3600_000, scopes: ['user:inference', 'user:profile'], subscriptionType: 'max' } });
  writeFileSync(
    join(bin, 'claude'),
    [
      '#!/bin/sh',
      // Without a terminal on both ends the real sign-in cannot run: say so and fail, as a missing `ssh -t` would make it.
      '[ -t 0 ] && [ -t 1 ] || { echo "claude: no terminal" >&2; exit 7; }',
      'echo "$@" > "$HOME/claude-args"',
      'printf "Opening the browser… press Enter when done: "',
      'read answer',
      'mkdir -p "$HOME/.claude"',
      `printf '%s' '${creds}' > "$HOME/.claude/.credentials.json"`,
      'chmod 600 "$HOME/.claude/.credentials.json"',
      'echo "Login successful."',
    ].join('\n') + '\n',
  );
  chmodSync(join(bin, 'claude'), 0o755);
  sshd = await startSshd({ gpu: { path: [bin] } });
}, 60_000);

afterAll(async () => {
  term?.kill();
  await sshd?.stop();
});

describe('login --method claude-cli --host', () => {
  it('runs `claude auth login` on the host in this terminal (ssh -t); its credentials land there, nothing here', async () => {
    const home = tempHome();
    term = startTerminal([process.execPath, builtCli(), 'login', '--provider', 'anthropic', '--method', 'claude-cli', '--host', 'gpu'], {
      env: { PATH: process.env.PATH ?? '', HOME: home, TERM: 'xterm-256color', AUTH_WIZARD_SSH_COMMAND: sshd.sshCommand },
    });
    await term.waitFor('Handing the terminal to Claude Code on gpu: ssh -t gpu claude auth login');
    await term.waitFor('press Enter when done');
    term.press('Enter');
    expect(await term.exitCode(30_000), term.screen()).toBe(0);
    const screen = term.screen({ joined: true });
    expect(screen).toContain('Login successful.');
    expect(screen).toContain("✓ Claude Code's sign-in finished on gpu; see it with `auth-wizard status --host gpu`.");
    expect(screen).not.toContain(access);
    expect(readFileSync(join(sshd.home('gpu'), 'claude-args'), 'utf8').trim()).toBe('auth login');
    const file = join(sshd.home('gpu'), '.claude', '.credentials.json');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { claudeAiOauth: { refreshToken: string } }).claudeAiOauth.refreshToken).toBe(refresh);
    expect(readdirSync(home)).toEqual([]);
    expect(existsSync(join(home, '.claude'))).toBe(false);
  }, 60_000);
});
