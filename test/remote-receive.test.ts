// `auth-wizard receive` on its own (the far end of login --host), and the
// pieces the ssh runner is made of: the document is versioned and bounded,
// anything else is refused with exit 3 and nothing written; a corrupt target
// fails closed; the answer holds no secret; ssh's argument list puts `--`
// before a checked host; AUTH_WIZARD_SSH_COMMAND is split without a shell.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { encodeGrant, GRANT_MAX_BYTES } from '../src/remote/document';
import { checkHost } from '../src/remote/host';
import { splitCommand, sshArgs } from '../src/remote/ssh';
import { testDeps, stdinOf } from './helpers/deps';
import { tempHome } from './helpers/fixture-home';
import { fakeSecret, openAiTokens } from './helpers/tokens';

async function receive(home: string, input: string, args: string[] = []) {
  const deps = testDeps(home, { stdin: stdinOf(input) });
  const code = await main(['receive', ...args], deps);
  return { code, out: deps.out(), err: deps.err() };
}

const tokens = () => openAiTokens({ email: 'recv@example.test', expSec: Math.floor(Date.now() / 1000) + 3600 });

describe('receive', () => {
  it('writes an OpenAI grant into Codex auth.json and answers with a summary that holds no secret', async () => {
    const home = tempHome();
    const t = tokens();
    const r = await receive(home, encodeGrant({ kind: 'openai-oauth', target: 'codex', force: false, tokens: { idToken: t.idToken, accessToken: t.accessToken, refreshToken: t.refreshToken } }));
    expect(r.code, r.err).toBe(0);
    const a = JSON.parse(r.out) as { receive: number; saved: { target: string; email: string; path: string } };
    expect(a.receive).toBe(1);
    expect(a.saved).toMatchObject({ target: 'codex', email: 'recv@example.test', path: join(home, '.codex/auth.json') });
    expect(JSON.parse(readFileSync(join(home, '.codex/auth.json'), 'utf8')).tokens.refresh_token).toBe(t.refreshToken);
    for (const s of [t.refreshToken, t.accessToken, t.idToken]) expect(r.out + r.err).not.toContain(s);
  });

  it('writes a setup-token into the profile store', async () => {
    const home = tempHome();
    const token = fakeSecret('sk-ant-oat01-', 60);
    const r = await receive(home, encodeGrant({ kind: 'anthropic-setup-token', profile: 'work', force: false, token, expires: Date.now() + 1e9 }));
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(join(home, '.config/auth-wizard/auth-profiles.json'), 'utf8')).profiles['anthropic:work']).toMatchObject({ type: 'token', token });
    expect(r.out).not.toContain(token);
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'hello'],
    ['another document', JSON.stringify({ document: 'x', format: 1 })],
    ['a newer format', JSON.stringify({ document: 'auth-wizard-grant', format: 2, kind: 'openai-oauth', target: 'codex', tokens: { accessToken: 'a' } })],
    ['a target outside the list', JSON.stringify({ document: 'auth-wizard-grant', format: 1, kind: 'openai-oauth', target: '../../etc', tokens: { accessToken: 'a' } })],
    ['a token of the wrong type', JSON.stringify({ document: 'auth-wizard-grant', format: 1, kind: 'openai-oauth', target: 'codex', tokens: { accessToken: 42 } })],
    ['over the size bound', JSON.stringify({ document: 'auth-wizard-grant', format: 1, pad: 'x'.repeat(GRANT_MAX_BYTES) })],
  ])('refuses %s with exit 3 and writes nothing', async (_n, input) => {
    const home = tempHome();
    const r = await receive(home, input);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/receive: .*nothing was written/);
    expect(existsSync(join(home, '.codex')) || existsSync(join(home, '.config'))).toBe(false);
  });

  it('fails closed on a corrupt target: the file is left as it was', async () => {
    const home = tempHome();
    mkdirSync(join(home, '.codex'), { mode: 0o700 });
    writeFileSync(join(home, '.codex/auth.json'), '{"tokens": {', { mode: 0o600 });
    const t = tokens();
    const r = await receive(home, encodeGrant({ kind: 'openai-oauth', target: 'codex', force: false, tokens: { idToken: t.idToken, accessToken: t.accessToken, refreshToken: t.refreshToken } }));
    expect(r.code).toBe(1);
    expect(readFileSync(join(home, '.codex/auth.json'), 'utf8')).toBe('{"tokens": {');
    const check = await receive(home, '', ['--check', '--target', 'codex', '--format', '1']);
    expect(check.code).toBe(1);
  });

  it('--check is the handshake: it names its format, and refuses another one with exit 3', async () => {
    const home = tempHome();
    const ok = await receive(home, '', ['--check', '--target', 'opencode', '--format', '1']);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ receive: 1, checked: { target: 'opencode' } });
    const other = await receive(home, '', ['--check', '--format', '2']);
    expect(other.code).toBe(3);
    expect(other.err).toContain('reads grant format 1, and the sender will send format 2');
  });
});

describe('the ssh runner', () => {
  it('puts BatchMode, a connect timeout and `--` before the checked host; the remote words are quoted', () => {
    expect(sshArgs(['-F', 'cfg'], 'me@box', { argv: ['auth-wizard', 'status', '--provider', "it's"] })).toEqual(['-F', 'cfg', '-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '--', 'me@box', "auth-wizard status --provider 'it'\\''s'"]);
    expect(sshArgs([], 'box', { argv: ['claude', 'auth', 'login'], tty: true }).slice(0, 1)).toEqual(['-t']);
  });

  it.each(['-oProxyCommand=x', 'a b', 'a\nb', 'a\u001b[31m', 'a;b', '$(id)', '', '@box', 'me@'])('refuses the host %j', (h) => {
    expect(() => checkHost(h)).toThrow(/--host/);
  });

  it('splits AUTH_WIZARD_SSH_COMMAND like a shell would, without running one', () => {
    expect(splitCommand(`ssh -F '/tmp/my dir/cfg' -o "ProxyJump=a b" x\\ y`)).toEqual(['ssh', '-F', '/tmp/my dir/cfg', '-o', 'ProxyJump=a b', 'x y']);
    expect(splitCommand('ssh $(touch /tmp/x)')).toEqual(['ssh', '$(touch', '/tmp/x)']);
    expect(() => splitCommand("ssh 'open")).toThrow(/AUTH_WIZARD_SSH_COMMAND has an unclosed ' quote/);
  });
});
