// The machine probes behind DoctorSystem (on a random port, never 1455), the
// small parsers doctor relies on, and the command through main() with a
// system of the test's own (Deps.doctorSystem).
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as system from '../src/doctor/system';
import { codexCredentialsStore } from '../src/stores/codex';
import { noProxyCovers, redactProxy } from '../src/doctor/environment';
import { main } from '../src/main';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';

/** main() would build the real system; here doctor must not bind port 1455 or read /proc. */
const quietSystem: system.DoctorSystem = { readText: async () => undefined, exists: async () => false, probePort: async () => ({ state: 'free' }) };

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('port probe (a random port, never 1455)', () => {
  it('says free, then held — and by this very process on Linux', async () => {
    const { server, port } = await listen();
    const real = system.realSystem({ platform: process.platform, exec: async () => ({ code: 1, stdout: '', stderr: '' }) });
    const held = await real.probePort(port);
    expect(held.state).toBe('held');
    if (process.platform === 'linux' && held.state === 'held') expect(held.holder).toMatch(new RegExp(`\\(pid ${process.pid}\\)$`));
    await new Promise<void>((r) => server.close(() => r()));
    expect((await real.probePort(port)).state).toBe('free');
  });

  it('parses /proc/net/tcp for listening sockets on a port', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:05AF 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 424242 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:05AF 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 515151 1 0000000000000000 20 4 30 10 -1',
      '   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 99 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(system.listeningInodes(table, 1455)).toEqual(['424242']);
    expect(system.listeningInodes(table, 22)).toEqual(['99']);
    expect(system.listeningInodes('', 1455)).toEqual([]);
  });

  it('parses lsof -Fpc', () => {
    expect(system.parseLsof('p4242\ncnode\nf12\n')).toBe('node (pid 4242)');
    expect(system.parseLsof('')).toBeUndefined();
  });
});

describe('parsers', () => {
  it('reads cli_auth_credentials_store from config.toml', () => {
    expect(codexCredentialsStore('cli_auth_credentials_store = "keyring"')).toBe('keyring');
    expect(codexCredentialsStore("model = 'o3'\n  cli_auth_credentials_store='ephemeral' # note")).toBe('ephemeral');
    expect(codexCredentialsStore('# cli_auth_credentials_store = "keyring"')).toBeUndefined();
    expect(codexCredentialsStore('[profiles.x]\ncli_auth_credentials_store = "keyring"')).toBeUndefined();
    expect(codexCredentialsStore('cli_auth_credentials_store = "bogus"')).toBe('bogus');
  });

  it('matches NO_PROXY entries and hides proxy passwords', () => {
    expect(noProxyCovers('localhost,.openai.com', 'auth.openai.com')).toBe(true);
    expect(noProxyCovers('openai.com', 'auth.openai.com')).toBe(true);
    expect(noProxyCovers('*', 'auth.openai.com')).toBe(true);
    expect(noProxyCovers('notopenai.com,auth.openai.co', 'auth.openai.com')).toBe(false);
    expect(redactProxy('http://user:pa55@proxy:3128')).toEqual({ shown: 'http://***@proxy:3128', valid: true });
    expect(redactProxy('proxy.corp:8080')).toEqual({ shown: 'http://proxy.corp:8080', valid: true });
    expect(redactProxy('socks5://p:1080').valid).toBe(false);
  });
});

describe('auth-wizard doctor through main()', () => {
  async function cli(home: string, args: string[], env: Record<string, string> = { DISPLAY: ':0' }) {
    const deps = testDeps(home, { env, doctorSystem: quietSystem });
    const code = await main(['doctor', ...args], deps);
    return { code, out: deps.out(), err: deps.err() };
  }

  it('maps findings to exit codes: 0, 1 with --strict, 4', async () => {
    const clean = tempHome();
    expect((await cli(clean, [])).code).toBe(0);
    const warn = tempHome();
    put(warn, '.local/share/opencode/auth.json', { openrouter: { type: 'api', key: 'sk-or-v1-0000000000000000000000' } }, 0o644);
    expect((await cli(warn, [])).code).toBe(0);
    expect((await cli(warn, ['--strict'])).code).toBe(1);
    const err = tempHome();
    put(err, '.claude/.credentials.json', { claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, scopes: [] } });
    const r = await cli(err, ['--json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.out).summary).toEqual({ error: 1, warning: 0, info: 2 });
    expect(r.err).toBe('');
  });

  it('documents its flags and exit codes; bad flags are usage errors', async () => {
    const help = await cli(tempHome(), ['--help']);
    expect(help.out.replace(/\s+/g, ' ')).toContain('auth-wizard doctor [--provider <provider>] [--json] [--strict] [--fix] [--live]');
    expect(help.out).toMatch(/Exit status: 0 .*\n?.*1 warnings with\n--strict; 4 errors/);
    const bad = await cli(tempHome(), ['--fixx']);
    expect(bad.code).toBe(3);
    expect(bad.err).toContain('Did you mean --fix?');
    expect((await cli(tempHome(), ['--provider', 'google'])).code).toBe(3);
  });
});

describe('jose loads only with --live', () => {
  it('no module but doctor/live imports jose, and doctor/live is imported lazily', () => {
    const src = join(import.meta.dirname, '../src');
    const files = [...readdirSync(join(src, 'doctor')).map((f) => join(src, 'doctor', f)), join(src, 'commands/doctor.ts'), join(src, 'specs/doctor.ts')];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const usesJose = /from ['"]jose['"]|import\(['"]jose['"]\)/.test(text);
      expect(usesJose, f).toBe(f.endsWith('doctor/live.ts'));
      if (usesJose) expect(text).not.toMatch(/^import [^t].*from ['"]jose['"]/m); // only a dynamic import
      // Static imports of live.ts would pull jose in with every doctor run.
      expect(text, f).not.toMatch(/^import .*from ['"]\.\.?\/(doctor\/)?live['"]/m);
    }
  });
});
