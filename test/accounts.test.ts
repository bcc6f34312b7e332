// `accounts` and `switch` in-process, on real files in a temporary home:
// the listing (fingerprints from the account, never a token), the move of two
// grants between a tool's file and auth-wizard's store (other members kept
// byte for byte), bad input, a corrupt file never overwritten, and the
// roll-forward of an interrupted switch at each of its stages.
import type { ProcessInfo } from '../src/accounts/processes';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { openAiTokens } from './helpers/tokens';

const EXP = Math.floor(Date.parse('2026-11-30T12:00:00Z') / 1000);
const A = openAiTokens({ email: 'alice@example.test', plan: 'plus', expSec: EXP, accountId: 'acct-aaaa' });
const B = openAiTokens({ email: 'bob@example.test', plan: 'team', expSec: EXP, accountId: 'acct-bbbb' });

const CODEX = '.codex/auth.json';
const STORE = '.config/auth-wizard/auth-profiles.json';
const OPENCODE = '.local/share/opencode/auth.json';

function env(home: string): Record<string, string> {
  return { HOME: home, CODEX_HOME: join(home, '.codex'), AUTH_WIZARD_HOME: join(home, '.config/auth-wizard'), XDG_DATA_HOME: join(home, '.local/share'), XDG_CONFIG_HOME: join(home, '.config') };
}

async function cli(home: string, args: string[], extra: Record<string, string> = {}) {
  const deps = testDeps(home, { env: { ...env(home), ...extra } });
  const code = await main(args, deps);
  return { code, out: deps.out(), err: deps.err() };
}

// A codex file with members of its own that JSON would rewrite (1.50, a unicode escape).
function codexText(t: typeof A): string {
  return `{\n  "auth_mode": "chatgpt",\n  "OPENAI_API_KEY": null,\n  "tokens": ${JSON.stringify({ id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, account_id: t.accountId })},\n  "last_refresh": "2026-11-23T11:00:00Z",\n  "x_custom": 1.50,\n  "x_note": "caf\\u00e9"\n}\n`;
}

function profile(t: typeof A, email: string) {
  return { type: 'oauth', provider: 'openai', access: t.accessToken, refresh: t.refreshToken, idToken: t.idToken, expires: EXP * 1000, accountId: t.accountId, email, lastRefresh: '2026-11-23T10:00:00.000Z' };
}

function home2(): string {
  const home = tempHome();
  put(home, CODEX, codexText(A));
  put(home, STORE, { version: 1, profiles: { 'openai:bob': profile(B, 'bob@example.test'), 'anthropic:key': { type: 'api_key', provider: 'anthropic', key: 'sk-ant-api03-' + 'k'.repeat(60) } }, order: { openai: ['openai:bob'] } });
  return home;
}

const read = (home: string, rel: string) => readFileSync(join(home, rel), 'utf8');
const json = (home: string, rel: string) => JSON.parse(read(home, rel)) as Record<string, any>;

/** Every refresh token under `home`, and the files it is in. */
function whereIs(home: string, token: string): string[] {
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && readFileSync(p, 'utf8').includes(token)) hits.push(p.slice(home.length + 1));
    }
  };
  walk(home);
  return hits;
}

describe('accounts', () => {
  it('lists the account in use and the saved ones with a fingerprint of the account, never a token', async () => {
    const home = home2();
    // The same account saved as well (by account id): the same fingerprint.
    const A2 = openAiTokens({ email: 'alice@example.test', expSec: EXP, accountId: 'acct-aaaa' });
    const store = json(home, STORE);
    store.profiles['openai:alice-old'] = profile(A2, 'alice@example.test');
    put(home, STORE, store);
    const r = await cli(home, ['accounts', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out).accounts as Array<Record<string, unknown>>;
    const codex = rows.filter((x) => x.tool === 'codex');
    expect(codex.map((x) => [x.name, x.active, x.email, x.state])).toEqual([
      [null, true, 'alice@example.test', 'valid'],
      ['bob', false, 'bob@example.test', 'valid'],
      ['alice-old', false, 'alice@example.test', 'valid'],
    ]);
    expect(codex[0]!.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(codex[0]!.fingerprint).toBe(codex[2]!.fingerprint);
    expect(codex[0]!.fingerprint).not.toBe(codex[1]!.fingerprint);
    const text = await cli(home, ['accounts', '--tool', 'codex']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('(in use)');
    expect(text.out).toContain('bob@example.test');
    for (const t of [A, B, A2]) for (const s of [t.refreshToken, t.accessToken, t.idToken]) expect(r.out + text.out).not.toContain(s);
  });

  it('--tool names a known tool (exit 3, listing them)', async () => {
    const r = await cli(tempHome(), ['accounts', '--tool', 'cursor']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('codex, opencode, claude');
  });
});

describe('switch codex', () => {
  it('moves the saved grant into auth.json and the current one into the store; other members byte for byte; no token in two files', async () => {
    const home = home2();
    const r = await cli(home, ['switch', 'codex', 'bob', '--save-as', 'alice']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Codex now uses bob (bob@example.test)');
    expect(r.out).toContain('saved as alice');
    const text = read(home, CODEX);
    expect(text).toContain('"x_custom": 1.50');
    expect(text).toContain('"x_note": "caf\\u00e9"');
    const doc = JSON.parse(text);
    expect(doc.tokens).toMatchObject({ refresh_token: B.refreshToken, access_token: B.accessToken, id_token: B.idToken, account_id: 'acct-bbbb' });
    expect(doc.last_refresh).toBe('2026-11-23T10:00:00.000Z'); // the grant's own: nothing was refreshed
    const store = json(home, STORE);
    expect(Object.keys(store.profiles).sort()).toEqual(['anthropic:key', 'openai:alice']);
    expect(store.profiles['openai:alice']).toMatchObject({ type: 'oauth', provider: 'openai', refresh: A.refreshToken, access: A.accessToken, idToken: A.idToken, email: 'alice@example.test' });
    expect(store.order.openai).toEqual(['openai:alice']);
    expect(whereIs(home, A.refreshToken)).toEqual([STORE]);
    expect(whereIs(home, B.refreshToken)).toEqual([CODEX]);
    expect(existsSync(join(home, '.config/auth-wizard/switch-intent.json'))).toBe(false);
    expect(statSync(join(home, STORE)).mode & 0o777).toBe(0o600);
    // And back.
    const back = await cli(home, ['switch', 'codex', 'alice', '--save-as', 'bob']);
    expect(back.code).toBe(0);
    expect(JSON.parse(read(home, CODEX)).tokens.refresh_token).toBe(A.refreshToken);
    expect(read(home, CODEX)).toContain('"x_custom": 1.50');
    expect(whereIs(home, A.refreshToken)).toEqual([CODEX]);
    expect(whereIs(home, B.refreshToken)).toEqual([STORE]);
  });

  it('without --save-as and a terminal, names the current account after its email; with no email, exit 3 naming --save-as', async () => {
    const home = home2();
    const r = await cli(home, ['switch', 'codex', 'bob']);
    expect(r.code).toBe(0);
    expect(Object.keys(json(home, STORE).profiles)).toContain('openai:alice-example.test');
    const noEmail = openAiTokens({ expSec: EXP, accountId: 'acct-cccc', idClaims: { email: undefined } });
    const h2 = home2();
    put(h2, CODEX, codexText(noEmail));
    const before = read(h2, STORE);
    const r2 = await cli(h2, ['switch', 'codex', 'bob']);
    expect(r2.code).toBe(3);
    expect(r2.err).toContain('--save-as');
    expect(read(h2, STORE)).toBe(before);
  });

  it('an unknown account or tool is a usage error listing the known ones; nothing is written', async () => {
    const home = home2();
    const before = [read(home, CODEX), read(home, STORE)];
    const r = await cli(home, ['switch', 'codex', 'carol', '--save-as', 'alice']);
    expect(r.code).toBe(3);
    expect(r.err).toContain('the saved ones are: bob');
    const t = await cli(home, ['switch', 'cursor', 'bob']);
    expect(t.code).toBe(3);
    expect(t.err).toContain('codex, opencode, claude');
    expect([read(home, CODEX), read(home, STORE)]).toEqual(before);
    // --save-as may not take the name of another saved account ...
    const store = json(home, STORE);
    store.profiles['openai:carol'] = profile(openAiTokens({ email: 'carol@example.test', expSec: EXP, accountId: 'acct-cccc' }), 'carol@example.test');
    put(home, STORE, store);
    const clash = await cli(home, ['switch', 'codex', 'bob', '--save-as', 'carol']);
    expect(clash.code).toBe(3);
    expect(clash.err).toContain('already named carol');
    // ... but may take the one the switch frees.
    const same = await cli(home, ['switch', 'codex', 'bob', '--save-as', 'bob']);
    expect(same.code).toBe(0);
    expect(json(home, STORE).profiles['openai:bob'].refresh).toBe(A.refreshToken);
  });

  it('a corrupt auth.json or store is never overwritten, and nothing is half-switched', async () => {
    const home = home2();
    writeFileSync(join(home, CODEX), '{"tokens": {', { mode: 0o600 });
    const store = read(home, STORE);
    const r = await cli(home, ['switch', 'codex', 'bob', '--save-as', 'alice']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('will not switch');
    expect(read(home, CODEX)).toBe('{"tokens": {');
    expect(read(home, STORE)).toBe(store);
    const h2 = home2();
    const codex = read(h2, CODEX);
    writeFileSync(join(h2, STORE), '{"profiles": ', { mode: 0o600 });
    const r2 = await cli(h2, ['switch', 'codex', 'bob', '--save-as', 'alice']);
    expect(r2.code).toBe(1);
    expect(read(h2, CODEX)).toBe(codex);
    expect(read(h2, STORE)).toBe('{"profiles": ');
  });

  it('refuses while the tool is running, naming the pids; --force warns and switches', async () => {
    const { run } = await import('../src/commands/switch');
    const home = home2();
    const deps = testDeps(home, { env: env(home) });
    const list = () => [{ pid: 4242, name: 'codex' }, { pid: 77, name: 'bash' }];
    await expect(run({ tool: 'codex', name: 'bob', saveAs: 'alice', force: false, json: false }, deps, { listProcesses: list })).rejects.toThrow(/Codex is running \(process 4242\).*writes it back/);
    expect(JSON.parse(read(home, CODEX)).tokens.refresh_token).toBe(A.refreshToken);
    await run({ tool: 'codex', name: 'bob', saveAs: 'alice', force: true, json: false }, deps, { listProcesses: list });
    expect(deps.err()).toContain('Switching anyway (--force)');
    expect(JSON.parse(read(home, CODEX)).tokens.refresh_token).toBe(B.refreshToken);
  });

  it('a Codex of another home (or CODEX_HOME) writes another auth.json: it does not stop the switch; one of this home does', async () => {
    const { run } = await import('../src/commands/switch');
    const home = home2();
    const deps = testDeps(home, { env: env(home) });
    const elsewhere = (): ProcessInfo[] => [{ pid: 4242, name: 'codex', env: { HOME: '/elsewhere' } }, { pid: 4343, name: 'codex', env: { HOME: home, CODEX_HOME: '/other/codex' } }];
    await run({ tool: 'codex', name: 'bob', saveAs: 'alice', force: false, json: false }, deps, { listProcesses: elsewhere });
    expect(JSON.parse(read(home, CODEX)).tokens.refresh_token).toBe(B.refreshToken);
    const here = (): ProcessInfo[] => [{ pid: 4444, name: 'codex', env: { ...env(home), HOME: home } }];
    await expect(run({ tool: 'codex', name: 'alice', saveAs: 'bob', force: false, json: false }, deps, { listProcesses: here })).rejects.toThrow(/process 4444/);
  });
});

describe('switch opencode', () => {
  it("moves the grant into OpenCode's openai entry; every other entry keeps its text", async () => {
    const home = home2();
    const other = '"anthropic": {"type":"api","key":"sk-ant-api03-xyz",   "n": 1.0}';
    put(home, OPENCODE, `{${other},\n "openai": ${JSON.stringify({ type: 'oauth', refresh: A.refreshToken, access: A.accessToken, expires: EXP * 1000, accountId: 'acct-aaaa' })}}`);
    rmCodex(home);
    const r = await cli(home, ['switch', 'opencode', 'bob', '--save-as', 'alice']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const text = read(home, OPENCODE);
    expect(text).toContain(other);
    expect(JSON.parse(text).openai).toMatchObject({ type: 'oauth', refresh: B.refreshToken, access: B.accessToken, expires: EXP * 1000, accountId: 'acct-bbbb' });
    expect(whereIs(home, A.refreshToken)).toEqual([STORE]);
    expect(whereIs(home, B.refreshToken)).toEqual([OPENCODE]);
  });
});

function rmCodex(home: string): void {
  const { rmSync } = require('node:fs') as typeof import('node:fs');
  rmSync(join(home, '.codex'), { recursive: true, force: true });
}

describe('an interrupted switch is finished by the next command', () => {
  const intent = (home: string) => ({
    version: 1,
    tool: 'codex',
    toolFile: join(home, CODEX),
    startedAt: '2026-11-23T12:00:00.000Z',
    from: { profile: 'openai:alice', grant: { access: A.accessToken, refresh: A.refreshToken, idToken: A.idToken, accountId: 'acct-aaaa', email: 'alice@example.test' } },
    to: { profile: 'openai:bob', grant: { access: B.accessToken, refresh: B.refreshToken, idToken: B.idToken, accountId: 'acct-bbbb', email: 'bob@example.test', lastRefresh: '2026-11-23T10:00:00.000Z' } },
  });

  it.each([
    ['after the record, before the store', (h: string) => h],
    ['after the store, before the tool file', (h: string) => {
      put(h, STORE, { version: 1, profiles: { 'openai:alice': profile(A, 'alice@example.test') }, order: { openai: ['openai:alice'] } });
      return h;
    }],
    ['after both, before the record was removed', (h: string) => {
      put(h, STORE, { version: 1, profiles: { 'openai:alice': profile(A, 'alice@example.test') }, order: { openai: ['openai:alice'] } });
      put(h, CODEX, codexText(B));
      return h;
    }],
  ])('%s: rolled forward by `accounts`', async (_label, stage) => {
    const home = stage(home2());
    put(home, '.config/auth-wizard/switch-intent.json', intent(home));
    const r = await cli(home, ['accounts', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('finished an interrupted switch');
    expect(existsSync(join(home, '.config/auth-wizard/switch-intent.json'))).toBe(false);
    expect(JSON.parse(read(home, CODEX)).tokens.refresh_token).toBe(B.refreshToken);
    expect(whereIs(home, A.refreshToken)).toEqual([STORE]);
    expect(whereIs(home, B.refreshToken)).toEqual([CODEX]);
  });

  it('Codex rotated its grant after the crash: its file is kept, both grants of the record go into the store', async () => {
    const home = home2();
    const A3 = openAiTokens({ email: 'alice@example.test', expSec: EXP + 100, accountId: 'acct-aaaa' });
    put(home, CODEX, codexText(A3));
    put(home, STORE, { version: 1, profiles: { 'openai:alice': profile(A, 'alice@example.test') }, order: { openai: ['openai:alice'] } });
    put(home, '.config/auth-wizard/switch-intent.json', intent(home));
    const r = await cli(home, ['accounts']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('changed since');
    expect(JSON.parse(read(home, CODEX)).tokens.refresh_token).toBe(A3.refreshToken);
    expect(whereIs(home, B.refreshToken)).toEqual([STORE]);
    expect(whereIs(home, A3.refreshToken)).toEqual([CODEX]);
  });

  it('status writes nothing, even with a record left; a record that cannot be read is never acted on', async () => {
    const home = home2();
    put(home, '.config/auth-wizard/switch-intent.json', intent(home));
    await cli(home, ['status']);
    expect(existsSync(join(home, '.config/auth-wizard/switch-intent.json'))).toBe(true);
    writeFileSync(join(home, '.config/auth-wizard/switch-intent.json'), '{"version": 1, "to"');
    const r = await cli(home, ['switch', 'codex', 'bob', '--save-as', 'alice']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('will not act on or remove it');
    expect(JSON.parse(read(home, CODEX)).tokens.refresh_token).toBe(A.refreshToken);
  });
});

describe('switch claude', () => {
  it('moves no token: prints the CLAUDE_CONFIG_DIR line for the saved folder and says why', async () => {
    const home = home2();
    put(home, '.config/auth-wizard/claude/max2/.credentials.json', { claudeAiOauth: { accessToken: 'sk-ant-oat01-' + 'a'.repeat(60), refreshToken: 'sk-ant-ort01-' + 'b'.repeat(60), expiresAt: Date.parse('2026-11-23T20:00:00Z'), scopes: ['user:inference'] } });
    const r = await cli(home, ['switch', 'claude', 'max2']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`export CLAUDE_CONFIG_DIR=${join(home, '.config/auth-wizard/claude/max2')}\n`);
    expect(r.err).toContain("never moves Claude Code's tokens");
    const bad = await cli(home, ['switch', 'claude', 'nope']);
    expect(bad.code).toBe(3);
    expect(bad.err).toContain('the saved ones are: max2');
    const list = JSON.parse((await cli(home, ['accounts', '--tool', 'claude', '--json'])).out).accounts;
    expect(list).toEqual([expect.objectContaining({ tool: 'claude', name: 'max2', store: 'claude-dir', state: 'valid' })]);
  });
});

describe('doctor knows saved accounts', () => {
  const ids = async (home: string) => (JSON.parse((await cli(home, ['doctor', '--json'])).out).findings as Array<{ id: string; fix?: string; detail: string }>);

  it('the same account saved twice, a dead saved grant, a tool grant also saved (a family), an interrupted switch', async () => {
    const home = home2();
    const store = json(home, STORE);
    const B2 = openAiTokens({ email: 'bob@example.test', expSec: EXP, accountId: 'acct-bbbb' });
    store.profiles['openai:bob-again'] = profile(B2, 'bob@example.test');
    store.profiles['openai:alice-copy'] = profile(A, 'alice@example.test'); // Codex's own grant, copied
    const dead = openAiTokens({ email: 'old@example.test', expSec: Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000), accountId: 'acct-dddd' });
    store.profiles['openai:old'] = { ...profile(dead, 'old@example.test'), refresh: undefined, expires: Date.parse('2026-01-01T00:00:00Z') };
    put(home, STORE, store);
    put(home, '.config/auth-wizard/switch-intent.json', { version: 1, tool: 'codex', toolFile: join(home, CODEX), from: null, to: { profile: 'openai:bob', grant: { access: B.accessToken, refresh: B.refreshToken } } });
    const f = await ids(home);
    const by = (id: string) => f.filter((x) => x.id === id);
    expect(by('account-saved-twice')).toHaveLength(1);
    expect(by('account-saved-twice')[0]!.fix).toBe('auth-wizard logout --provider openai --profile bob-again');
    expect(by('saved-account-dead').map((x) => x.detail)).toEqual([expect.stringContaining('openai:old')]);
    expect(by('saved-account-in-use')).toHaveLength(1);
    expect(by('saved-account-in-use')[0]!.fix).toContain('--profile alice-copy');
    expect(by('switch-interrupted')).toHaveLength(1);
    const all = JSON.stringify(f);
    for (const t of [A, B, B2]) expect(all).not.toContain(t.refreshToken);
  });

  it('after a switch, doctor finds no account problem', async () => {
    const home = home2();
    expect((await cli(home, ['switch', 'codex', 'bob', '--save-as', 'alice'])).code).toBe(0);
    const f = await ids(home);
    expect(f.filter((x) => ['account-saved-twice', 'saved-account-in-use', 'refresh-token-family', 'switch-interrupted'].includes(x.id))).toEqual([]);
  });
});
