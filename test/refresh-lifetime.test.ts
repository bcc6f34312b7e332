// Short-lived tokens against the real OpenAI-like issuer: a token that lives
// less than the 5-minute refresh margin must not be refreshed on every call.
// The margin is bounded by half the token's lifetime, and a grant another
// process changed while this one waited for the lock is adopted whenever it
// has not expired. So 8 concurrent or 3 sequential `token` runs with 2-minute
// tokens make exactly one refresh and print the same token.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { resolveWriteTarget } from '../src/fs/atomic-write';
import { withLock } from '../src/fs/lock';
import { saveOpenAiGrant } from '../src/stores/sign-in';
import { testDeps } from './helpers/deps';
import { tempHome } from './helpers/fixture-home';
import { issuerAndCli } from './helpers/issuer-and-cli';
import { untilDue } from './helpers/oidc-server';
import { cliHomeEnv } from './helpers/private-cli';
import { openAiTokens } from './helpers/tokens';

const setup = issuerAndCli('refresh-lifetime', { accessTtlSeconds: 120 }); // every refresh issues a 2-minute access token

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const profilesFile = (home: string) => join(home, '.config/auth-wizard/auth-profiles.json');
const stored = (home: string) => (JSON.parse(readFileSync(profilesFile(home), 'utf8')) as { profiles: Record<string, { access: string; refresh: string }> }).profiles['openai:default']!;

/** A home whose grant is due: a real sign-in whose 1-second access token is inside its refresh margin (its refresh token is live). */
async function dueHome(email: string): Promise<string> {
  const home = tempHome('aw-life-');
  const t = await setup.op.signIn({ email, accessTtlSeconds: 1 });
  await saveOpenAiGrant({ home, env: {} }, 'auth-wizard', { idToken: t.id_token, accessToken: t.access_token, refreshToken: t.refresh_token, expiresIn: t.expires_in }, { now: Date.now() });
  await untilDue(t.access_token);
  setup.op.resetCounts();
  return home;
}

describe('refresh margin bounded by the token lifetime (2-minute tokens)', () => {
  it('8 concurrent `token` runs: exactly 1 refresh request, 8 identical tokens (the stored one)', async () => {
    const home = await dueHome('eight-2min@example.test');
    const runs = await Promise.all(Array.from({ length: 8 }, () => setup.cli.run(['token', '--provider', 'openai'], cliHomeEnv(home, setup.op.issuer))));
    for (const r of runs) expect(r).toMatchObject({ code: 0, stderr: '' });
    const refreshes = setup.op.counts.refresh;
    console.log(`[refresh-lifetime] 8 concurrent token runs, 2-minute tokens: ${refreshes} refresh request(s)`);
    expect(refreshes).toBe(1);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(runs[0]!.stdout).toBe(`${stored(home).access}\n`);
  });

  it('3 sequential `token` runs: 1 refresh in total, the same token each time; `refresh` then finds it valid', async () => {
    const home = await dueHome('three-2min@example.test');
    const printed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await setup.cli.run(['token', '--provider', 'openai'], cliHomeEnv(home, setup.op.issuer));
      expect(r).toMatchObject({ code: 0, stderr: '' });
      printed.push(r.stdout);
    }
    const r = await setup.cli.run(['refresh', '--provider', 'openai', '--json'], cliHomeEnv(home, setup.op.issuer));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'valid' });
    console.log(`[refresh-lifetime] 3 sequential token runs + refresh, 2-minute tokens: ${setup.op.counts.refresh} refresh request(s)`);
    expect(setup.op.counts.refresh).toBe(1);
    expect(new Set(printed).size).toBe(1);
    expect(printed[0]).toBe(`${stored(home).access}\n`);
  });

  it('inside the lock, a grant another process wrote is adopted while unexpired, even inside its margin', async () => {
    const home = tempHome('aw-life-');
    const old = await setup.op.signIn({ email: 'adopt-margin@example.test', accessTtlSeconds: 1 });
    await saveOpenAiGrant({ home, env: {} }, 'auth-wizard', { idToken: old.id_token, accessToken: old.access_token, refreshToken: old.refresh_token }, { now: Date.now() });
    await untilDue(old.access_token);
    setup.op.resetCounts();
    // What the other writer stored: a 4-minute token with 40 s left (inside any margin, not expired).
    const nowSec = Math.floor(Date.now() / 1000);
    const other = openAiTokens({ email: 'adopt-margin@example.test', iatSec: nowSec - 200, expSec: nowSec + 40 });
    const deps = testDeps(home, {
      env: { AUTH_WIZARD_OPENAI_ISSUER: setup.op.issuer },
      now: () => Date.now(),
      fetch: (url, init = {}) => {
        const { timeoutMs, ...rest } = init;
        return fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs ?? 10_000) });
      },
    });
    const real = await resolveWriteTarget(profilesFile(home));
    let code: Promise<number> | undefined;
    await withLock(real, async () => {
      code = main(['refresh', '--provider', 'openai', '--json'], deps); // reads the expired grant, then waits for our lock
      await sleep(300);
      await saveOpenAiGrant({ home, env: {} }, 'auth-wizard', { idToken: other.idToken, accessToken: other.accessToken, refreshToken: other.refreshToken }, { now: Date.now(), lockHeld: true });
    });
    expect(await code).toBe(0);
    expect(setup.op.counts.refresh).toBe(0);
    expect(JSON.parse(deps.out())).toMatchObject({ result: 'adopted' });
    expect(stored(home).access).toBe(other.accessToken);
  });
});
