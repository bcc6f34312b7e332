// Switching Codex accounts with the built CLI against the in-process
// OpenAI-like issuer: two real sign-ins, 50 switches back and forth with the
// CLI SIGKILLed at random moments, then every refresh token is in exactly one
// file under the home, auth.json always parsed, each account still refreshes
// at the server (a reused refresh token would be refused) and the real Codex
// CLI accepts the result. OpenCode's run and the refusal while Codex runs are
// in accounts-kill-opencode.test.ts, so the two chains run side by side.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL_CODEX, REAL_PATH, switchKillsFile } from './helpers/switch-kills';

const k = switchKillsFile('accounts-kill-codex');

describe('switch under SIGKILL', () => {
  it('codex: 50 switches with random kills (more until 16 were killed); every refresh token in exactly one file; both accounts refresh; the real Codex accepts the file', async () => {
    const { home, a, env, kills, finished, midSwitch, leftLocks, rounds } = await k.switchUnderKills('codex', 50, 16);
    console.log(`codex: ${kills} of ${rounds} switches killed, ${midSwitch} of them with the intent record written, ${leftLocks} leaving a lock; ${finished} finished by the next run`);
    expect(rounds).toBeGreaterThanOrEqual(50);
    expect(kills).toBeGreaterThan(15);
    // Some kills landed inside the lock, so later runs took a dead holder's lock over.
    expect(leftLocks).toBeGreaterThan(0);
    if (existsSync(REAL_CODEX)) {
      const st = spawnSync(REAL_CODEX, ['login', 'status'], { env: { PATH: REAL_PATH, HOME: home, CODEX_HOME: join(home, '.codex') }, encoding: 'utf8', timeout: 30_000 });
      expect(st.status, st.stderr).toBe(0);
      expect(st.stdout + st.stderr).toMatch(/Logged in using ChatGPT/);
    } else {
      // Not installed here (CI installs no real CLIs: .ci/run); tool-locks.test.ts does the same.
      console.log(`real Codex CLI not found at ${REAL_CODEX}: codex login status not run`);
    }
    await k.refreshBoth(home, env, 'codex', a);
  }, 300_000);
});
