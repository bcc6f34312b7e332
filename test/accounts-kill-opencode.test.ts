// Switching OpenCode accounts with the built CLI SIGKILLed at random moments
// (the Codex run, and what both check, are described in
// accounts-kill-codex.test.ts), then `opencode auth list` accepts the file.
// Also: the refusal while a real process named `codex` runs.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_OPENCODE, REAL_PATH, switchKillsFile, toolFile } from './helpers/switch-kills';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const k = switchKillsFile('accounts-kill-opencode');

describe('switch under SIGKILL', () => {
  it('opencode: 15 switches with random kills, then `opencode auth list` accepts the file', async () => {
    const { home, a, env } = await k.switchUnderKills('opencode', 15);
    if (existsSync(REAL_OPENCODE)) {
      const st = spawnSync(REAL_OPENCODE, ['auth', 'list'], { env: { PATH: REAL_PATH, HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
      expect(st.status, st.stderr).toBe(0);
      expect((st.stdout + st.stderr).replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/OpenAI\s+oauth/i);
    } else {
      console.log(`OpenCode not found at ${REAL_OPENCODE}: opencode auth list not run`);
    }
    await k.refreshBoth(home, env, 'opencode', a);
  }, 300_000);
});

describe('switch while the tool runs', () => {
  it('a real process named `codex` of this user makes switch refuse with its pid; --force warns and switches', async () => {
    const { home, b } = await k.twoAccounts('codex');
    const bin = join(home, 'bin');
    mkdirSync(bin);
    symlinkSync('/bin/sleep', join(bin, 'codex'));
    // Started as this user's Codex of this home: the check counts only a Codex that writes the same auth.json.
    const child: ChildProcess = spawn(join(bin, 'codex'), ['60'], { stdio: 'ignore', env: { ...process.env, ...k.envOf(home) } });
    try {
      await sleep(200);
      const env = k.envOf(home);
      const r = await k.run(['switch', 'codex', 'b', '--save-as', 'a'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Codex is running (process ${child.pid}`);
      expect(r.stderr).toContain('writes it back');
      expect(JSON.parse(readFileSync(toolFile(home, 'codex'), 'utf8')).tokens.refresh_token).not.toBe(b.refresh_token);
      const f = await k.run(['switch', 'codex', 'b', '--save-as', 'a', '--force'], env);
      expect(f.code, f.stderr).toBe(0);
      expect(f.stderr).toContain('Switching anyway (--force)');
      expect(JSON.parse(readFileSync(toolFile(home, 'codex'), 'utf8')).tokens.refresh_token).toBe(b.refresh_token);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
