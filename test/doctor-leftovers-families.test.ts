// doctor and the refresh-token family / temp-file leftovers of issue 10 §5:
// - leftover temp files of a crashed write beside a store we write are
//   reported (`store-leftover-temp`), never changed by doctor itself;
// - a refresh token shared with an entry that is otherwise malformed (a
//   non-JWT access token, a mistyped expiry) is still a family.
import { shellQuote } from '../src/core/shell-quote';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/commands/doctor';
import type { Finding } from '../src/doctor/finding';
import type { DoctorSystem } from '../src/doctor/system';
import { ReportPrinted } from '../src/errors';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { fakeSecret, openAiTokens } from './helpers/tokens';

const HOUR = 3600_000;
const NOW_SEC = Math.floor(FIXED_NOW / 1000);
const system: DoctorSystem = { readText: async () => undefined, exists: async () => false, probePort: async () => ({ state: 'free' }) };

async function doctorJson(home: string): Promise<{ findings: Finding[]; text: string }> {
  const deps = testDeps(home, { env: { DISPLAY: ':0' } });
  try {
    await run({ json: true, strict: false, fix: false, live: false }, deps, system);
  } catch (e) {
    if (!(e instanceof ReportPrinted)) throw e;
  }
  const text = deps.out();
  const plain = testDeps(home, { env: { DISPLAY: ':0' } });
  try {
    await run({ json: false, strict: false, fix: false, live: false }, plain, system);
  } catch (e) {
    if (!(e instanceof ReportPrinted)) throw e;
  }
  return { findings: (JSON.parse(text) as { findings: Finding[] }).findings, text: text + plain.out() + plain.err() };
}

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

function profileStore(home: string, t = openAiTokens({ expSec: NOW_SEC + 5 * 24 * 3600, iatSec: NOW_SEC - HOUR })): { path: string; text: string } {
  const doc = { version: 1, profiles: { 'openai:default': { type: 'oauth', provider: 'openai', access: t.accessToken, refresh: t.refreshToken, idToken: t.idToken, expires: (NOW_SEC + 5 * 24 * 3600) * 1000, lastRefresh: new Date(FIXED_NOW - HOUR).toISOString() } } };
  const text = JSON.stringify(doc, null, 2);
  return { path: put(home, '.config/auth-wizard/auth-profiles.json', text), text };
}

describe('doctor: leftover temp files of a crashed write', () => {
  it('reports a complete newer one (warning, with the command that adopts it) and a useless one (info, rm); changes nothing', async () => {
    const home = tempHome();
    const store = profileStore(home);
    const dir = join(home, '.config/auth-wizard');
    const pid = deadPid();
    const newer = openAiTokens({ email: 'newer@example.test', expSec: NOW_SEC + 9 * 24 * 3600 });
    const complete = join(dir, `.auth-profiles.json.${pid}.0123456789ab.tmp`);
    const completeText = store.text.replace(/"refresh": "[^"]*"/, `"refresh": "${newer.refreshToken}"`);
    writeFileSync(complete, completeText, { mode: 0o600 });
    const future = new Date(Date.now() + 60_000);
    utimesSync(complete, future, future);
    const broken = join(dir, `.auth-profiles.json.${pid}.ba9876543210.tmp`);
    writeFileSync(broken, store.text.slice(0, 40), { mode: 0o600 });
    const live = join(dir, `.auth-profiles.json.${process.pid}.aaaaaaaaaaaa.tmp`); // its writer is running
    writeFileSync(live, store.text, { mode: 0o600 });
    const codexTemp = put(home, `.codex/.auth.json.${pid}.cccccccccccc.tmp`, '{"tokens":');

    const { findings, text } = await doctorJson(home);
    const left = findings.filter((f) => f.id === 'store-leftover-temp');
    expect(left.map((f) => [f.severity, f.paths[0]]).sort()).toEqual(
      [
        ['warning', complete],
        ['info', broken],
        ['info', codexTemp],
      ].sort(),
    );
    expect(left.find((f) => f.paths[0] === complete)!.fix).toBe('auth-wizard refresh --provider openai --force');
    expect(left.find((f) => f.paths[0] === broken)!.fix).toBe(`rm -- ${shellQuote(broken)}`);
    expect(text).not.toContain(newer.refreshToken);
    // doctor takes no lock: it only looks.
    for (const p of [complete, broken, live, codexTemp]) expect(existsSync(p)).toBe(true);
    expect(readFileSync(store.path, 'utf8')).toBe(store.text);
  });

  it('nothing to report without leftovers', async () => {
    const home = tempHome();
    profileStore(home);
    const { findings } = await doctorJson(home);
    expect(findings.filter((f) => f.id === 'store-leftover-temp')).toEqual([]);
  });
});

describe('doctor: a refresh-token family with a malformed member', () => {
  const shared = () => openAiTokens({ email: 'fam@example.test', expSec: NOW_SEC + 5 * 24 * 3600, iatSec: NOW_SEC - HOUR });

  it.each([
    ['a non-JWT access token (OpenCode)', (home: string, refresh: string) => put(home, '.local/share/opencode/auth.json', { openai: { type: 'oauth', access: 'not-a-jwt', refresh, expires: FIXED_NOW + HOUR } })],
    ['a mistyped expiry (auth-wizard profile)', (home: string, refresh: string) => put(home, '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { 'openai:copy': { type: 'oauth', provider: 'openai', access: 'opaque', refresh, expires: 'tomorrow' } } })],
    ['a non-JWT id_token (Codex)', (home: string, refresh: string) => put(home, '.codex/auth.json', { auth_mode: 'chatgpt', tokens: { id_token: 'garbage', access_token: 'garbage', refresh_token: refresh } })],
  ])('the shared token is found when one holder has %s; its fingerprint only', async (_name, malformed) => {
    const home = tempHome();
    const t = shared();
    const good = put(home, '.codex/auth.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, account_id: t.accountId }, last_refresh: new Date(FIXED_NOW - HOUR).toISOString() });
    // When the malformed holder is Codex itself, the well-formed one lives in OpenCode.
    const bad = malformed(home, t.refreshToken);
    const goodPath = bad === good ? put(home, '.local/share/opencode/auth.json', { openai: { type: 'oauth', access: t.accessToken, refresh: t.refreshToken, expires: FIXED_NOW + HOUR } }) : good;
    const { findings, text } = await doctorJson(home);
    const fam = findings.filter((f) => f.id === 'refresh-token-family');
    expect(fam).toHaveLength(1);
    expect(fam[0]!.paths.sort()).toEqual([bad, goodPath].sort());
    expect(text).not.toContain(t.refreshToken);
  });

  it('two malformed holders of one token are a family too; different tokens are not', async () => {
    const home = tempHome();
    const refresh = fakeSecret('rt_', 32);
    const a = put(home, '.local/share/opencode/auth.json', { openai: { type: 'oauth', access: 'x', refresh } });
    const b = put(home, '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { 'openai:x': { type: 'oauth', provider: 'openai', access: 'y', refresh, expires: 'never' }, 'openai:y': { type: 'oauth', provider: 'openai', access: 'z', refresh: fakeSecret('rt_', 32) } } });
    const { findings, text } = await doctorJson(home);
    const fam = findings.filter((f) => f.id === 'refresh-token-family');
    expect(fam).toHaveLength(1);
    expect(fam[0]!.paths.sort()).toEqual([a, b].sort());
    expect(text).not.toContain(refresh);
  });
});
