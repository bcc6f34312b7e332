// Switching accounts with the built CLI SIGKILLed at random moments, shared by
// the Codex and OpenCode kill tests (test/accounts-kill-*.test.ts). They are
// two files so that the two chains of switches run side by side on separate
// workers: each is sequential by nature (a switch follows the last).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { saveOpenAiGrant } from '../../src/stores/sign-in';
import { ageLeftLocks, tempHome } from './fixture-home';
import { startTestIssuer, type TestIssuer, type TokenResponse } from './oidc-server';
import { cliHomeEnv, filesWith, type PrivateCli, privateCli } from './private-cli';

export type SwitchTool = 'codex' | 'opencode';

const PREFIX = process.env.REAL_CLIS_PREFIX ?? '/opt/realclis';
export const REAL_CODEX = join(PREFIX, 'bin/codex');
export const REAL_OPENCODE = join(PREFIX, 'bin/opencode');
export const REAL_PATH = `${dirname(process.execPath)}:${join(PREFIX, 'bin')}:/usr/bin:/bin`;

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export const toolFile = (home: string, tool: SwitchTool) => join(home, tool === 'codex' ? '.codex/auth.json' : '.local/share/opencode/auth.json');

const tokensOf = (t: TokenResponse) => ({ idToken: t.id_token, accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in });

export interface SwitchKills {
  envOf(home: string): Record<string, string>;
  /** Runs the built CLI, SIGKILLing it after `killAfterMs` when given. */
  run(args: string[], env: Record<string, string>, killAfterMs?: number): Promise<RunResult>;
  /** A home where `tool` holds account a and auth-wizard's store holds b (saved as `b`). */
  twoAccounts(tool: SwitchTool): Promise<{ home: string; a: TokenResponse; b: TokenResponse }>;
  switchUnderKills(tool: SwitchTool, rounds: number, minKills?: number): Promise<{ home: string; a: TokenResponse; b: TokenResponse; env: Record<string, string>; kills: number; finished: number; midSwitch: number; leftLocks: number; rounds: number }>;
  /** Both accounts refresh at the issuer, one request each: no refresh token was reused. */
  refreshBoth(home: string, env: Record<string, string>, tool: SwitchTool, a: TokenResponse): Promise<void>;
}

/** For a test file: its own issuer and copy of the built CLI, started before its tests and stopped after them. */
export function switchKillsFile(tag: string): SwitchKills {
  let op: TestIssuer | undefined;
  let cli: PrivateCli | undefined;
  beforeAll(async () => {
    cli = privateCli(tag);
    op = await startTestIssuer();
  }, 120_000);
  afterAll(async () => {
    await op?.stop();
    cli?.dispose();
  });
  return switchKills(() => op!, () => cli!);
}

function switchKills(op: () => TestIssuer, cli: () => PrivateCli): SwitchKills {
  // A killed lock holder's lock is taken over after 2 s, not a minute.
  const envOf = (home: string) => cliHomeEnv(home, op().issuer, { AUTH_WIZARD_LOCK_STALE_MS: '2000' });

  function run(args: string[], env: Record<string, string>, killAfterMs?: number): Promise<RunResult> {
    const proc = spawn(process.execPath, [cli().bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
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

  async function twoAccounts(tool: SwitchTool) {
    const home = tempHome();
    const [a, b] = [await op().signIn({ email: `a-${tool}@example.test` }), await op().signIn({ email: `b-${tool}@example.test`, plan: 'team' })];
    const p = { home, env: envOf(home) };
    await saveOpenAiGrant(p, tool, tokensOf(a), { now: Date.now() });
    await saveOpenAiGrant(p, 'auth-wizard', tokensOf(b), { now: Date.now(), profileName: 'b' });
    return { home, a, b };
  }

  /**
   * `rounds` switches, and more until `minKills` of them were killed: a kill is
   * timed by how long the last unkilled run took (below), so a run that took
   * longer than the next one lets that one finish first; one CI run had 15
   * kills in 50 (others: 21-32). At most twice `rounds`.
   */
  async function switchUnderKills(tool: SwitchTool, rounds: number, minKills = 0) {
    const { home, a, b } = await twoAccounts(tool);
    const env = envOf(home);
    let kills = 0;
    let finished = 0;
    let midSwitch = 0;
    let leftLocks = 0;
    let runMs = 400;
    let i = 0;
    for (; i < rounds || (kills < minKills && i < 2 * rounds); i++) {
      // Switch to whichever account the tool does not hold. A kill may have left
      // a switch half done; the user's next command (here `accounts`) finishes it.
      if (existsSync(join(home, '.config/auth-wizard/switch-intent.json')) || readdirSync(join(home, '.config/auth-wizard')).some((n) => n.startsWith('.switch-intent.json.'))) {
        const rec = await run(['accounts', '--json'], env);
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
      // --force: a Codex of someone else's test may run on this machine (the refusal is tested in accounts-kill-opencode).
      const r = await run(['switch', tool, take, '--save-as', saveAs, '--force'], env, kill);
      if (r.signal === 'SIGKILL') {
        kills++;
        // A kill inside the lock left it held (4 to 21 switches of 50;
        // waiting out its 2 s stale time was 26 s of a 33 s file): dated back,
        // the next run takes it over at once.
        leftLocks += ageLeftLocks(home);
      } else {
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
    const last = await run(['accounts', '--json'], env);
    expect(last.code, last.stderr).toBe(0);
    for (const t of [a, b]) expect(filesWith(home, t.refresh_token)).toHaveLength(1);
    expect(existsSync(join(home, '.config/auth-wizard/switch-intent.json'))).toBe(false);
    return { home, a, b, env, kills, finished, midSwitch, leftLocks, rounds: i };
  }

  async function refreshBoth(home: string, env: Record<string, string>, tool: SwitchTool, a: TokenResponse) {
    // Whichever account the tool holds, the other is saved under its name.
    const doc = JSON.parse(readFileSync(toolFile(home, tool), 'utf8'));
    const inTool = tool === 'codex' ? doc.tokens.refresh_token : doc.openai.refresh;
    const saved = inTool === a.refresh_token ? 'b' : 'a';
    op().resetCounts();
    const r1 = await run(['refresh', '--provider', 'openai', '--source', tool, '--force'], env);
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = await run(['refresh', '--provider', 'openai', '--profile', saved, '--force'], env);
    expect(r2.code, r2.stderr).toBe(0);
    expect(op().counts.refresh).toBe(2);
  }

  return { envOf, run, twoAccounts, switchUnderKills, refreshBoth };
}
