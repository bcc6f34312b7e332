// The temp-file window: a writer killed after its temp file was complete and
// synced, but before the rename, leaves the rotated grant (the only live
// refresh token) in the temp file and a dead one in the store. The next locked
// run adopts a complete, newer temp file of ours; any other leftover of ours
// is removed; files of other names, and a live writer's temp file, are not
// touched. Against the real OpenAI-like issuer and the built CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveOpenAiGrant } from '../src/stores/sign-in';
import { ageLeftLocks, tempHome } from './helpers/fixture-home';
import { TEST_CLIENT_ID, type TokenResponse, untilDue } from './helpers/oidc-server';
import { issuerAndCli } from './helpers/issuer-and-cli';
import { cliHomeEnv } from './helpers/private-cli';

const setup = issuerAndCli('temp-recovery');

const dirOf = (home: string) => join(home, '.config/auth-wizard');
const fileOf = (home: string) => join(dirOf(home), 'auth-profiles.json');
type Profile = { access: string; refresh: string };
const profileIn = (text: string) => (JSON.parse(text) as { profiles: Record<string, Profile> }).profiles['openai:default']!;
const stored = (home: string) => profileIn(readFileSync(fileOf(home), 'utf8'));
/** A pid no process has now (a child that has exited). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const tempName = (pid: number, hex = 'a1b2c3d4e5f6') => `.auth-profiles.json.${pid}.${hex}.tmp`;

/** A home whose stored grant is due (its 1-second access token is inside its refresh margin); the refresh token is live. */
async function dueHome(email: string): Promise<{ home: string; first: TokenResponse }> {
  const home = tempHome('aw-tmp-');
  const first = await setup.op.signIn({ email, accessTtlSeconds: 1 });
  await saveOpenAiGrant({ home, env: {} }, 'auth-wizard', { idToken: first.id_token, accessToken: first.access_token, refreshToken: first.refresh_token, expiresIn: first.expires_in }, { now: Date.now() });
  await untilDue(first.access_token);
  return { home, first };
}

/** Refreshes at the server directly, as the killed writer did: the stored refresh token is dead afterwards. */
async function rotateAtServer(refreshToken: string): Promise<TokenResponse> {
  const res = await fetch(`${setup.op.issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: TEST_CLIENT_ID, grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as TokenResponse;
}

/** The store's text with the grant replaced, as writeFileAtomic would have written it. */
function withGrant(home: string, t: TokenResponse): string {
  const doc = JSON.parse(readFileSync(fileOf(home), 'utf8')) as { profiles: Record<string, Record<string, unknown>> };
  doc.profiles['openai:default'] = { ...doc.profiles['openai:default'], access: t.access_token, refresh: t.refresh_token, idToken: t.id_token, expires: Date.now() + t.expires_in * 1000, lastRefresh: new Date().toISOString() };
  return JSON.stringify(doc, null, 2);
}

describe('a writer killed between its synced temp file and the rename', () => {
  it('real SIGKILL at the rename: the next `token` adopts the temp file, with no refresh request (none rejected)', async () => {
    const { home, first } = await dueHome('killed@example.test');
    setup.op.resetCounts();
    // The real built CLI, with fs.promises.rename made to hang for a temp file
    // (only in this child, before the CLI loads): it has refreshed, written and
    // fsynced its temp file, and is killed right there. The interval keeps it
    // alive until then: with nothing else pending, Node 24 ends a process whose
    // last promise never settles, and its exit handler let go of the lock.
    const hook =
      `const fsp = require('node:fs/promises'); const rename = fsp.rename;` +
      `fsp.rename = (from, to) => { if (String(from).endsWith('.tmp')) { process.stderr.write('AT-RENAME\\n'); return new Promise(() => void setInterval(() => {}, 60_000)); } return rename(from, to); };` +
      `process.argv.splice(1, 0, ${JSON.stringify(setup.cli.bin)}); require(${JSON.stringify(setup.cli.bin)});`;
    const child = spawn(process.execPath, ['-e', hook, 'token', '--provider', 'openai'], { env: cliHomeEnv(home, setup.op.issuer), stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((res, rej) => {
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        if (err.includes('AT-RENAME')) res();
      });
      child.once('exit', (code) => rej(new Error(`the writer exited (${code}) before the rename: ${err}`)));
    });
    child.kill('SIGKILL');
    expect(await new Promise((r) => child.once('exit', (_code, signal) => r(signal)))).toBe('SIGKILL');
    expect(setup.op.counts.refresh).toBe(1); // the server has rotated…
    expect(stored(home).refresh).toBe(first.refresh_token); // …the store still holds the dead token
    const temps = readdirSync(dirOf(home)).filter((n) => n.endsWith('.tmp'));
    expect(temps).toHaveLength(1);
    const inTemp = profileIn(readFileSync(join(dirOf(home), temps[0]!), 'utf8'));

    // The killed process held the lock; dated back, it is taken over at once
    // (waiting out a stale time is store-lock.test.ts's).
    expect(ageLeftLocks(home)).toBe(1);
    const r = await setup.cli.run(['token', '--provider', 'openai'], cliHomeEnv(home, setup.op.issuer, { AUTH_WIZARD_LOCK_STALE_MS: '2000' }));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`${inTemp.access}\n`);
    expect(setup.op.counts.refresh).toBe(1); // no second request, so none was rejected
    expect(stored(home)).toMatchObject({ access: inTemp.access, refresh: inTemp.refresh });
    expect(readdirSync(dirOf(home)).sort()).toEqual(['auth-profiles.json']);
    expect(statSync(fileOf(home)).mode & 0o777).toBe(0o600);

    // And the adopted refresh token is the live one: a forced refresh works.
    const f = await setup.cli.run(['refresh', '--provider', 'openai', '--force', '--json'], cliHomeEnv(home, setup.op.issuer));
    expect(f.code).toBe(0);
    expect(JSON.parse(f.stdout)).toMatchObject({ result: 'refreshed' });
  });

  it('the exact leftover state: `refresh` adopts a complete, newer temp file and sends nothing', async () => {
    const { home, first } = await dueHome('constructed@example.test');
    const rotated = await rotateAtServer(first.refresh_token);
    setup.op.resetCounts();
    const temp = join(dirOf(home), tempName(deadPid()));
    writeFileSync(temp, withGrant(home, rotated), { mode: 0o600 });
    const r = await setup.cli.run(['refresh', '--provider', 'openai', '--json'], cliHomeEnv(home, setup.op.issuer));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'adopted' });
    expect(setup.op.counts.refresh).toBe(0);
    expect(stored(home)).toMatchObject({ access: rotated.access_token, refresh: rotated.refresh_token });
    expect(existsSync(temp)).toBe(false);
  });

  it('incomplete, garbage and older leftovers are removed and ignored; other files and a live writer’s temp file are left alone', async () => {
    const { home, first } = await dueHome('garbage@example.test');
    const dir = dirOf(home);
    const dead = deadPid();
    const full = withGrant(home, { ...first, access_token: 'x.y.z', refresh_token: 'stale-refresh-token-000000' });
    const truncated = join(dir, tempName(dead, '000000000001'));
    writeFileSync(truncated, full.slice(0, Math.floor(full.length / 2)), { mode: 0o600 });
    const garbage = join(dir, tempName(dead, '000000000002'));
    writeFileSync(garbage, '\u0000\u0001 not json', { mode: 0o600 });
    const older = join(dir, tempName(dead, '000000000003'));
    writeFileSync(older, full, { mode: 0o600 });
    const past = new Date(Date.now() - 3600_000);
    utimesSync(older, past, past); // written before the store's content: stale
    const live = join(dir, tempName(process.pid, '000000000004')); // its writer (this test process) is alive
    writeFileSync(live, full, { mode: 0o600 });
    const others = ['.auth-profiles.json.tmp', '.auth-profiles.json.123.zzzzzzzzzzzz.tmp', '.other.json.1.a1b2c3d4e5f6.tmp', 'auth-profiles.json.bak'];
    for (const n of others) writeFileSync(join(dir, n), full, { mode: 0o600 });

    setup.op.resetCounts();
    const r = await setup.cli.run(['token', '--provider', 'openai'], cliHomeEnv(home, setup.op.issuer));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(setup.op.counts.refresh).toBe(1); // the store's own (live) refresh token was used, not a leftover's
    expect(stored(home).refresh).not.toBe(first.refresh_token);
    expect(r.stdout).toBe(`${stored(home).access}\n`);
    for (const p of [truncated, garbage, older]) expect(existsSync(p)).toBe(false);
    expect(readFileSync(live, 'utf8')).toBe(full);
    for (const n of others) expect(readFileSync(join(dir, n), 'utf8')).toBe(full);
  });
});
