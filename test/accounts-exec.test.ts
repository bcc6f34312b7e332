// `exec --account` and `accounts add claude` with the built CLI and real child
// processes: the child sees its account's CODEX_HOME (with the user's
// config.toml) or CLAUDE_CONFIG_DIR, the grant is in one file while it runs and
// back in the store after, the exit status and a signal are passed through;
// `accounts add claude` runs a fake `claude` on PATH inside a folder of its own.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveOpenAiGrant } from '../src/stores/sign-in';
import { put, tempHome } from './helpers/fixture-home';
import { cliHomeEnv, filesWith, type PrivateCli, privateCli } from './helpers/private-cli';
import { openAiTokens } from './helpers/tokens';

let cli: PrivateCli;
beforeAll(() => {
  cli = privateCli('accounts-exec');
});
afterAll(() => cli?.dispose());

const EXP = Math.floor(Date.now() / 1000) + 3600;
const A = openAiTokens({ email: 'a@example.test', expSec: EXP, accountId: 'acct-a' });
const B = openAiTokens({ email: 'b@example.test', expSec: EXP, accountId: 'acct-b' });

const run = (args: string[], env: Record<string, string>) => cli.run(args, env);

async function setup() {
  const home = tempHome();
  const env = cliHomeEnv(home, 'http://127.0.0.1:9');
  const p = { home, env };
  const tok = (t: typeof A) => ({ idToken: t.idToken, accessToken: t.accessToken, refreshToken: t.refreshToken });
  await saveOpenAiGrant(p, 'codex', tok(A), { now: Date.now() });
  await saveOpenAiGrant(p, 'auth-wizard', tok(B), { now: Date.now(), profileName: 'b' });
  put(home, '.codex/config.toml', 'model = "o4"\n');
  return { home, env };
}

describe('exec --account codex:<name>', () => {
  it("runs the command with the account's own CODEX_HOME (the user's config.toml seen), the grant in one file meanwhile, back after; exit status passed", async () => {
    const { home, env } = await setup();
    const before = readFileSync(join(home, '.codex/auth.json'), 'utf8');
    const script = 'echo "home=$CODEX_HOME"; grep -c "$WANT" "$CODEX_HOME/auth.json"; cat "$CODEX_HOME/config.toml"; echo "copies=$(grep -rlF "$WANT" "$HOME" | wc -l)"; exit 7';
    const r = await run(['exec', '--account', 'codex:b', '--', 'sh', '-c', script], { ...env, WANT: B.refreshToken });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(7);
    const dir = join(home, '.config/auth-wizard/codex/b');
    expect(r.stdout).toContain(`home=${dir}\n1\nmodel = "o4"\ncopies=1\n`);
    // The default is untouched, and the grant is back in the store only.
    expect(readFileSync(join(home, '.codex/auth.json'), 'utf8')).toBe(before);
    expect(filesWith(home, B.refreshToken)).toEqual(['.config/auth-wizard/auth-profiles.json']);
    expect(existsSync(join(dir, 'auth.json'))).toBe(false);
  });

  it('a child killed by a signal ends auth-wizard with that signal, after the grant went back', async () => {
    const { home, env } = await setup();
    const r = await run(['exec', '--account', 'codex:b', '--', 'sh', '-c', 'kill -TERM $$'], env);
    expect(r.signal).toBe('SIGTERM');
    expect(filesWith(home, B.refreshToken)).toEqual(['.config/auth-wizard/auth-profiles.json']);
  });

  it('an unknown account is exit 3 naming the saved ones; a bad --account is exit 3', async () => {
    const { env } = await setup();
    const r = await run(['exec', '--account', 'codex:zed', '--', 'true'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the saved ones are: b');
    expect((await run(['exec', '--account', 'codex', '--', 'true'], env)).code).toBe(3);
  });
});

describe('Claude Code accounts', () => {
  it('`accounts add claude --name` runs `claude auth login` with a CLAUDE_CONFIG_DIR of its own; exec sets it for the command', async () => {
    const home = tempHome();
    const bin = join(home, 'bin');
    mkdirSync(bin);
    // A fake `claude`: records its arguments and signs in where CLAUDE_CONFIG_DIR says.
    writeFileSync(
      join(bin, 'claude'),
      `#!/bin/sh\necho "$@" > "$HOME/claude-args"\n[ -n "$CLAUDE_CONFIG_DIR" ] || exit 9\nprintf '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-${'x'.repeat(60)}","refreshToken":"sk-ant-ort01-${'y'.repeat(60)}","expiresAt":${Date.now() + 8 * 3600_000},"scopes":["user:inference"],"subscriptionType":"max"}}' > "$CLAUDE_CONFIG_DIR/.credentials.json"\nprintf '{"oauthAccount":{"accountUuid":"uuid-2","emailAddress":"second@example.test"}}' > "$CLAUDE_CONFIG_DIR/.claude.json"\n`,
    );
    chmodSync(join(bin, 'claude'), 0o755);
    const env = { ...cliHomeEnv(home, 'http://127.0.0.1:9'), PATH: `${bin}:/usr/bin:/bin` };
    const r = await run(['accounts', 'add', 'claude', '--name', 'max2'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(home, 'claude-args'), 'utf8')).toBe('auth login\n');
    expect(existsSync(join(home, '.claude'))).toBe(false); // the account in use is not touched
    const list = JSON.parse((await run(['accounts', '--tool', 'claude', '--json'], env)).stdout).accounts;
    expect(list).toEqual([expect.objectContaining({ name: 'max2', email: 'second@example.test', plan: 'max', state: 'valid', store: 'claude-dir' })]);
    expect(JSON.stringify(list)).not.toContain('sk-ant-');
    const e = await run(['exec', '--account', 'claude:max2', '--', 'sh', '-c', 'echo "$CLAUDE_CONFIG_DIR"'], env);
    expect(e.code).toBe(0);
    expect(e.stdout).toBe(`${join(home, '.config/auth-wizard/claude/max2')}\n`);
    const dup = await run(['accounts', 'add', 'claude', '--name', 'max2'], env);
    expect(dup.code).toBe(3);
  });
});

describe('an exec killed while its command ran', () => {
  it("leaves the account in its own CODEX_HOME only; `accounts` lists it there and `switch` takes it back first", async () => {
    const { home, env } = await setup();
    // The command outlives a SIGKILLed auth-wizard: the grant stays where the command uses it.
    const r = await run(['exec', '--account', 'codex:b', '--', 'sh', '-c', 'kill -KILL $PPID'], env);
    expect(r.signal).toBe('SIGKILL');
    expect(filesWith(home, B.refreshToken)).toEqual(['.config/auth-wizard/codex/b/auth.json']);
    const list = JSON.parse((await run(['accounts', '--tool', 'codex', '--json'], env)).stdout).accounts;
    expect(list).toContainEqual(expect.objectContaining({ name: 'b', store: 'exec-home', email: 'b@example.test' }));
    const s = await run(['switch', 'codex', 'b', '--save-as', 'a', '--force'], env);
    expect(s.code, s.stderr).toBe(0);
    expect(filesWith(home, B.refreshToken)).toEqual(['.codex/auth.json']);
    expect(filesWith(home, A.refreshToken)).toEqual(['.config/auth-wizard/auth-profiles.json']);
  });
});
