// Switching accounts with the built CLI against the in-process OpenAI-like
// issuer: two real sign-ins, 50 switches back and forth with the CLI SIGKILLed
// at random moments, then every refresh token is in exactly one file under the
// home, the tool's file always parsed, each account still refreshes at the
// server (a reused refresh token would be refused) and the real Codex CLI /
// OpenCode accept the result. Also: the refusal while a real process named
// `codex` runs.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveOpenAiGrant } from '../src/stores/sign-in';
import { tempHome } from './helpers/fixture-home';
import { startTestIssuer, type TestIssuer, type TokenResponse } from './helpers/oidc-server';
import { cliHomeEnv, filesWith, type PrivateCli, privateCli } from './helpers/private-cli';

const PREFIX = process.env.REAL_CLIS_PREFIX ?? '/opt/realclis';
const REAL_CODEX = join(PREFIX, 'bin/codex');
const REAL_OPENCODE = join(PREFIX, 'bin/opencode');
const REAL_PATH = `${dirname(process.execPath)}:${join(PREFIX, 'bin')}:/usr/bin:/bin`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let op: TestIssuer;
let cli: PrivateCli;
beforeAll(async () => {
  cli = privateCli('accounts-kill');
  op = await startTestIssuer();
}, 120_000);
afterAll(async () => {
  await op?.stop();
  cli?.dispose();
});

const tokensOf = (t: TokenResponse) => ({ idToken: t.id_token, accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in });

function envOf(home: string): Record<string, string> {
  // A killed lock holder's lock is taken over after 2 s, not a minute.
  return cliHomeEnv(home, op.issuer, { AUTH_WIZARD_LOCK_STALE_MS: '2000' });
}

/** Runs the built CLI, SIGKILLing it after `killAfterMs` when given. */
function runMaybeKilled(args: string[], env: Record<string, string>, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const proc = spawn(process.execPath, [cli.bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = killAfterMs !== undefined ? setTimeout(() => proc.kill('SIGKILL'), killAfterMs) : undefined;
  return new Promise((res, rej) => {
    proc.on('error', rej);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, stderr });
    });
  });
}

const toolFile = (home: string, tool: 'codex' | 'opencode') => join(home, tool === 'codex' ? '.codex/auth.json' : '.local/share/opencode/auth.json');

async function twoAccounts(tool: 'codex' | 'opencode'): Promise<{ home: string; a: TokenResponse; b: TokenResponse }> {
  const home = tempHome();
  const [a, b] = [await op.signIn({ email: `a-${tool}@example.test` }), await op.signIn({ email: `b-${tool}@example.test`, plan: 'team' })];
  const p = { home, env: envOf(home) };
  await saveOpenAiGrant(p, tool, tokensOf(a), { now: Date.now() });
  await saveOpenAiGrant(p, 'auth-wizard', tokensOf(b), { now: Date.now(), profileName: 'b' });
  return { home, a, b };
}

/**
 * `rounds` switches, and more until `minKills` of them were killed: a kill is
 * timed by how long the last unkilled run took (below), so a run that took
 * longer than the next one lets that one finish first; one CI run had 15 kills
 * in 50 (others: 21-32). At most twice `rounds`.
 */
async function switchUnderKills(tool: 'codex' | 'opencode', rounds: number, minKills = 0) {
  const { home, a, b } = await twoAccounts(tool);
  const env = envOf(home);
  let kills = 0;
  let finished = 0;
  let midSwitch = 0;
  let runMs = 400;
  let i = 0;
  for (; i < rounds || (kills < minKills && i < 2 * rounds); i++) {
    // Switch to whichever account the tool does not hold. A kill may have left
    // a switch half done; the user's next command (here `accounts`) finishes it.
    if (existsSync(join(home, '.config/auth-wizard/switch-intent.json')) || readdirSync(join(home, '.config/auth-wizard')).some((n) => n.startsWith('.switch-intent.json.'))) {
      const rec = await runMaybeKilled(['accounts', '--json'], env);
      expect(rec.code, rec.stderr).toBe(0);
      if (rec.stderr.includes('finished an interrupted switch')) finished++;
    }
    const held = JSON.parse(readFileSync(toolFile(home, tool), 'utf8'));
    const holdsA = (tool === 'codex' ? held.tokens.refresh_token : held.openai.refresh) === a.refresh_token;
    const [take, saveAs] = holdsA ? ['b', 'a'] : ['a', 'b'];
    // Two runs in three are killed at a random moment of a run's length (as the
    // last unkilled run took): from start-up to the end of the switch.
    const kill = Math.random() < 2 / 3 ? runMs * (0.3 + Math.random() * 0.75) : undefined;
    const t0 = performance.now();
    // --force: a Codex of someone else's test may run on this machine (the refusal is tested below).
    const r = await runMaybeKilled(['switch', tool, take, '--save-as', saveAs, '--force'], env, kill);
    if (r.signal === 'SIGKILL') kills++;
    else {
      expect(r.code, r.stderr).toBe(0);
      runMs = performance.now() - t0;
      // A switch that returned left every refresh token in exactly one file.
      for (const t of [a, b]) expect(filesWith(home, t.refresh_token), `round ${i}`).toHaveLength(1);
    }
    if (existsSync(join(home, '.config/auth-wizard/switch-intent.json'))) midSwitch++;
    if (r.stderr.includes('finished an interrupted switch')) finished++;
    // The tool's file always parses: an atomic write leaves the old or the new content.
    const text = readFileSync(toolFile(home, tool), 'utf8');
    expect(() => JSON.parse(text)).not.toThrow();
  }
  // The next command finishes whatever the last kill interrupted.
  const last = await runMaybeKilled(['accounts', '--json'], env);
  expect(last.code, last.stderr).toBe(0);
  for (const t of [a, b]) expect(filesWith(home, t.refresh_token)).toHaveLength(1);
  expect(existsSync(join(home, '.config/auth-wizard/switch-intent.json'))).toBe(false);
  return { home, a, b, env, kills, finished, midSwitch, rounds: i };
}

async function refreshBoth(home: string, env: Record<string, string>, tool: 'codex' | 'opencode', a: TokenResponse) {
  // Whichever account the tool holds, the other is saved under its name.
  const doc = JSON.parse(readFileSync(toolFile(home, tool), 'utf8'));
  const inTool = tool === 'codex' ? doc.tokens.refresh_token : doc.openai.refresh;
  const saved = inTool === a.refresh_token ? 'b' : 'a';
  op.resetCounts();
  const r1 = await runMaybeKilled(['refresh', '--provider', 'openai', '--source', tool, '--force'], env);
  expect(r1.code, r1.stderr).toBe(0);
  const r2 = await runMaybeKilled(['refresh', '--provider', 'openai', '--profile', saved, '--force'], env);
  expect(r2.code, r2.stderr).toBe(0);
  expect(op.counts.refresh).toBe(2);
}

describe('switch under SIGKILL', () => {
  it('codex: 50 switches with random kills (more until 16 were killed); every refresh token in exactly one file; both accounts refresh; the real Codex accepts the file', async () => {
    const { home, a, env, kills, finished, midSwitch, rounds } = await switchUnderKills('codex', 50, 16);
    console.log(`codex: ${kills} of ${rounds} switches killed, ${midSwitch} of them with the intent record written; ${finished} finished by the next run`);
    expect(rounds).toBeGreaterThanOrEqual(50);
    expect(kills).toBeGreaterThan(15);
    if (existsSync(REAL_CODEX)) {
      const st = spawnSync(REAL_CODEX, ['login', 'status'], { env: { PATH: REAL_PATH, HOME: home, CODEX_HOME: join(home, '.codex') }, encoding: 'utf8', timeout: 30_000 });
      expect(st.status, st.stderr).toBe(0);
      expect(st.stdout + st.stderr).toMatch(/Logged in using ChatGPT/);
    } else {
      // Not installed here (CI installs no real CLIs: .ci/run); tool-locks.test.ts does the same.
      console.log(`real Codex CLI not found at ${REAL_CODEX}: codex login status not run`);
    }
    await refreshBoth(home, env, 'codex', a);
  }, 300_000);

  it('opencode: 15 switches with random kills, then `opencode auth list` accepts the file', async () => {
    const { home, a, env } = await switchUnderKills('opencode', 15);
    if (existsSync(REAL_OPENCODE)) {
      const st = spawnSync(REAL_OPENCODE, ['auth', 'list'], { env: { PATH: REAL_PATH, HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
      expect(st.status, st.stderr).toBe(0);
      expect((st.stdout + st.stderr).replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/OpenAI\s+oauth/i);
    } else {
      console.log(`OpenCode not found at ${REAL_OPENCODE}: opencode auth list not run`);
    }
    await refreshBoth(home, env, 'opencode', a);
  }, 300_000);
});

describe('switch while the tool runs', () => {
  it('a real process named `codex` of this user makes switch refuse with its pid; --force warns and switches', async () => {
    const { home, b } = await twoAccounts('codex');
    const bin = join(home, 'bin');
    mkdirSync(bin);
    symlinkSync('/bin/sleep', join(bin, 'codex'));
    // Started as this user's Codex of this home: the check counts only a Codex that writes the same auth.json.
    const child: ChildProcess = spawn(join(bin, 'codex'), ['60'], { stdio: 'ignore', env: { ...process.env, ...envOf(home) } });
    try {
      await sleep(200);
      const env = envOf(home);
      const r = await runMaybeKilled(['switch', 'codex', 'b', '--save-as', 'a'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Codex is running (process ${child.pid}`);
      expect(r.stderr).toContain('writes it back');
      expect(JSON.parse(readFileSync(toolFile(home, 'codex'), 'utf8')).tokens.refresh_token).not.toBe(b.refresh_token);
      const f = await runMaybeKilled(['switch', 'codex', 'b', '--save-as', 'a', '--force'], env);
      expect(f.code, f.stderr).toBe(0);
      expect(f.stderr).toContain('Switching anyway (--force)');
      expect(JSON.parse(readFileSync(toolFile(home, 'codex'), 'utf8')).tokens.refresh_token).toBe(b.refresh_token);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
