// `auth-wizard doctor`: one fixture home per finding (table-driven), clean
// homes with nothing to report, the rendered report as a snapshot (colour off
// and on), the JSON shape, exit codes and redaction. The machine facts
// (port 1455, /proc, /.dockerenv) come from a fake DoctorSystem: tests never
// bind the real port 1455 or depend on the host.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DoctorOptions, run } from '../src/commands/doctor';
import type { Finding, Severity } from '../src/doctor/finding';
import type { DoctorSystem } from '../src/doctor/system';
import type { Deps } from '../src/deps';
import { ReportPrinted } from '../src/errors';
import { displayWidth } from '../src/report/width';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { fullFixtureHome, put, tempHome } from './helpers/fixture-home';
import { fakeSecret, openAiTokens, signatureOf } from './helpers/tokens';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW_SEC = Math.floor(FIXED_NOW / 1000);
/** A desktop Linux session: no headless signals unless a case adds them. */
const DESKTOP = { DISPLAY: ':0' };

function fakeSystem(over: Partial<DoctorSystem> = {}): DoctorSystem {
  return { readText: async () => undefined, exists: async () => false, probePort: async () => ({ state: 'free' }), ...over };
}

interface Run {
  code: number;
  out: string;
  err: string;
  deps: Deps;
}

async function doctor(home: string, opts: Partial<DoctorOptions> = {}, o: { env?: Record<string, string>; system?: DoctorSystem; deps?: Partial<Deps> } = {}): Promise<Run> {
  const deps = testDeps(home, { env: { ...DESKTOP, ...o.env }, ...o.deps });
  let code = 0;
  try {
    await run({ json: false, strict: false, fix: false, live: false, ...opts }, deps, o.system ?? fakeSystem());
  } catch (e) {
    if (!(e instanceof ReportPrinted)) throw e;
    code = e.exitCode;
  }
  return { code, out: deps.out(), err: deps.err(), deps };
}

async function findings(home: string, o: Parameters<typeof doctor>[2] = {}, opts: Partial<DoctorOptions> = {}): Promise<Finding[]> {
  const r = await doctor(home, { ...opts, json: true }, o);
  return (JSON.parse(r.out) as { findings: Finding[] }).findings;
}

function codexFile(home: string, t = openAiTokens({ expSec: NOW_SEC + 5 * 24 * 3600, iatSec: NOW_SEC - 3600 }), mode = 0o600): string {
  return put(home, '.codex/auth.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, account_id: t.accountId }, last_refresh: new Date(FIXED_NOW - HOUR).toISOString() }, mode);
}

function claudeFile(home: string, over: Record<string, unknown> = {}, mode = 0o600): string {
  return put(
    home,
    '.claude/.credentials.json',
    {
      claudeAiOauth: {
        accessToken: fakeSecret('sk-ant-oat01-'),
        refreshToken: fakeSecret('sk-ant-ort01-'),
        expiresAt: FIXED_NOW + 7 * HOUR,
        refreshTokenExpiresAt: FIXED_NOW + 30 * DAY,
        scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'],
        subscriptionType: 'max',
        ...over,
      },
    },
    mode,
  );
}

function tokenProfile(home: string, expires: number): void {
  put(home, '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { 'anthropic:setup-token': { type: 'token', provider: 'anthropic', token: fakeSecret('sk-ant-oat01-', 72), expires } } });
}

interface Case {
  name: string;
  setup(home: string): void;
  env?: Record<string, string>;
  system?: DoctorSystem;
  /** Every warning and error expected (exactly), plus the info findings that must be there. */
  expect: [string, Severity][];
}

const CASES: Case[] = [
  {
    name: 'the same refresh token in Codex and OpenCode',
    setup(home) {
      const t = openAiTokens({ expSec: NOW_SEC + 5 * 24 * 3600, iatSec: NOW_SEC - 3600 });
      codexFile(home, t);
      put(home, '.local/share/opencode/auth.json', { openai: { type: 'oauth', refresh: t.refreshToken, access: t.accessToken, expires: FIXED_NOW + 5 * DAY } });
    },
    expect: [['refresh-token-family', 'error']],
  },
  {
    name: 'a credential file readable by others',
    setup: (home) => codexFile(home, undefined, 0o644),
    expect: [['file-permissions', 'warning']],
  },
  {
    name: 'a credential directory open to others',
    setup(home) {
      codexFile(home);
      chmodSync(join(home, '.codex'), 0o755);
    },
    expect: [['dir-permissions', 'warning']],
  },
  {
    name: 'ANTHROPIC_API_KEY hides Claude Code’s sign-in',
    setup: (home) => claudeFile(home),
    env: { ANTHROPIC_API_KEY: fakeSecret('sk-ant-api03-') },
    expect: [['env-shadows-sign-in', 'warning']],
  },
  {
    name: 'CODEX_API_KEY hides Codex’s sign-in',
    setup: (home) => codexFile(home),
    env: { CODEX_API_KEY: fakeSecret('sk-proj-') },
    expect: [['env-shadows-sign-in', 'warning']],
  },
  {
    name: 'OPENCODE_AUTH_CONTENT hides OpenCode’s auth.json',
    setup: (home) => put(home, '.local/share/opencode/auth.json', { openrouter: { type: 'api', key: fakeSecret('sk-or-v1-') } }),
    env: { OPENCODE_AUTH_CONTENT: JSON.stringify({ openrouter: { type: 'api', key: fakeSecret('sk-or-v1-') } }) },
    expect: [['env-shadows-sign-in', 'warning']],
  },
  {
    name: 'an expired token without a refresh token',
    setup: (home) => tokenProfile(home, FIXED_NOW - DAY),
    expect: [['credential-expired', 'error']],
  },
  {
    name: 'a token that cannot be renewed and expires in two days',
    setup: (home) => tokenProfile(home, FIXED_NOW + 2 * DAY),
    expect: [['credential-expiring', 'warning']],
  },
  {
    name: 'a refresh token past its own expiry',
    setup: (home) => claudeFile(home, { expiresAt: FIXED_NOW - HOUR, refreshTokenExpiresAt: FIXED_NOW - 1000 }),
    expect: [['refresh-token-expired', 'error']],
  },
  {
    name: 'a refresh token that expires tomorrow',
    setup: (home) => claudeFile(home, { refreshTokenExpiresAt: FIXED_NOW + DAY }),
    expect: [['refresh-token-expiring', 'warning']],
  },
  {
    name: 'an expired access token that will be refreshed',
    setup: (home) => claudeFile(home, { expiresAt: FIXED_NOW - HOUR }),
    expect: [['access-token-expired', 'info']],
  },
  {
    name: "Claude Code's signed-out placeholder",
    setup: (home) => put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, scopes: [] } }),
    expect: [['claude-signed-out', 'error']],
  },
  {
    name: 'Codex in API-key mode without a key',
    setup: (home) => put(home, '.codex/auth.json', { auth_mode: 'apikey', OPENAI_API_KEY: null }),
    expect: [['credential-signed-out', 'error']],
  },
  {
    name: 'Claude Code credentials without user:inference',
    setup: (home) => claudeFile(home, { scopes: ['user:profile'] }),
    expect: [['claude-missing-inference-scope', 'error']],
  },
  {
    name: 'Claude Code credentials without any scopes field',
    setup: (home) => claudeFile(home, { scopes: undefined }),
    expect: [['claude-missing-inference-scope', 'error']],
  },
  {
    name: 'a token issued five minutes in the future',
    setup: (home) => codexFile(home, openAiTokens({ expSec: NOW_SEC + 5 * 24 * 3600, iatSec: NOW_SEC + 300 })),
    expect: [['clock-skew', 'warning']],
  },
  {
    name: 'a truncated Codex auth.json',
    setup: (home) => put(home, '.codex/auth.json', '{"auth_mode":"chatgpt",'),
    expect: [['credential-unreadable', 'error']],
  },
  {
    name: 'OPENCODE_AUTH_CONTENT that is not JSON',
    setup: () => {},
    env: { OPENCODE_AUTH_CONTENT: '{"openai":' },
    expect: [['env-credential-invalid', 'warning']],
  },
  {
    name: 'an OpenCode entry OpenCode would drop',
    setup: (home) => put(home, '.local/share/opencode/auth.json', { zz: { type: 'magic' }, openrouter: { type: 'api', key: fakeSecret('sk-or-v1-') } }),
    expect: [['opencode-entry-invalid', 'warning']],
  },
  {
    name: 'a leftover .corrupt-* copy',
    setup(home) {
      codexFile(home);
      put(home, '.codex/auth.json.corrupt-1790000000', '{"auth_mode":');
    },
    expect: [['corrupt-copy-left', 'info']],
  },
  {
    name: 'a stale lock directory (a fresh one and Codex’s flock files are fine)',
    setup(home) {
      claudeFile(home);
      const stale = join(home, '.claude/.credentials.json.lock');
      mkdirSync(stale);
      utimesSync(stale, (FIXED_NOW - 5 * 60_000) / 1000, (FIXED_NOW - 5 * 60_000) / 1000);
      codexFile(home);
      const fresh = join(home, '.codex/auth.json.lock.d.lock');
      mkdirSync(fresh);
      utimesSync(fresh, (FIXED_NOW - 5000) / 1000, (FIXED_NOW - 5000) / 1000);
      const flock = put(home, '.codex/auth.json.lock', '');
      utimesSync(flock, (FIXED_NOW - DAY) / 1000, (FIXED_NOW - DAY) / 1000);
    },
    expect: [['stale-lock', 'warning']],
  },
  {
    name: 'Codex in keyring mode without auth.json',
    setup: (home) => put(home, '.codex/config.toml', 'model = "gpt-5"\ncli_auth_credentials_store = "keyring"\n'),
    expect: [['codex-keyring-mode', 'info']],
  },
  {
    name: 'Codex in keyring mode ignoring an auth.json',
    setup(home) {
      codexFile(home);
      put(home, '.codex/config.toml', 'cli_auth_credentials_store = "keyring"\n');
    },
    expect: [['codex-auth-file-ignored', 'warning']],
  },
  {
    name: 'Codex in ephemeral mode ignoring an auth.json',
    setup(home) {
      codexFile(home);
      put(home, '.codex/config.toml', "cli_auth_credentials_store = 'ephemeral'\n");
    },
    expect: [['codex-auth-file-ignored', 'warning']],
  },
  {
    name: 'Codex in ephemeral mode',
    setup: (home) => put(home, '.codex/config.toml', 'cli_auth_credentials_store = "ephemeral"\n'),
    expect: [['codex-ephemeral-mode', 'info']],
  },
  {
    name: 'Codex config with an unknown credentials store',
    setup: (home) => put(home, '.codex/config.toml', 'cli_auth_credentials_store = "bogus"\n'),
    expect: [['codex-config-invalid', 'error']],
  },
  {
    name: 'an SSH session without a display',
    setup: () => {},
    env: { DISPLAY: '', SSH_CONNECTION: '203.0.113.5 50000 198.51.100.7 22' },
    expect: [['session-headless', 'info']],
  },
  {
    name: 'a container',
    setup: () => {},
    system: fakeSystem({ exists: async (p) => p === '/.dockerenv' }),
    expect: [['session-headless', 'info']],
  },
  {
    name: 'WSL (the browser opens on Windows)',
    setup: () => {},
    env: { DISPLAY: '', WSL_DISTRO_NAME: 'Ubuntu' },
    expect: [['session-desktop', 'info']],
  },
  {
    name: 'WSL seen only in /proc/version, no display: headless, as login will treat it',
    setup: () => {},
    env: { DISPLAY: '' },
    system: fakeSystem({ readText: async (p) => (p === '/proc/version' ? 'Linux version 5.15.167.4-microsoft-standard-WSL2' : undefined) }),
    expect: [['session-headless', 'info']],
  },
  {
    name: 'SSH with BROWSER set: login launches that browser',
    setup: () => {},
    env: { SSH_CONNECTION: '203.0.113.5 50000 198.51.100.7 22', BROWSER: '/usr/local/bin/open-on-laptop' },
    expect: [['session-desktop', 'info']],
  },
  {
    name: 'port 1455 held by another process',
    setup: () => {},
    system: fakeSystem({ probePort: async () => ({ state: 'held', holder: 'codex (pid 4242)' }) }),
    expect: [['callback-port-busy', 'warning']],
  },
  {
    name: 'port 1455 cannot be tested',
    setup: () => {},
    system: fakeSystem({ probePort: async () => ({ state: 'unknown', reason: 'could not test the port (EACCES)' }) }),
    expect: [['callback-port-unknown', 'warning']],
  },
  {
    name: 'a proxy',
    setup: () => {},
    env: { HTTPS_PROXY: 'http://user:hunter2@proxy.corp.example:3128', NO_PROXY: 'localhost,.corp.example' },
    expect: [['proxy-configured', 'info']],
  },
  {
    name: 'a proxy URL undici cannot use',
    setup: () => {},
    env: { HTTPS_PROXY: 'socks5://proxy.corp.example:1080' },
    expect: [['proxy-invalid', 'warning']],
  },
  {
    name: 'NODE_EXTRA_CA_CERTS pointing nowhere',
    setup: () => {},
    env: { NODE_EXTRA_CA_CERTS: '/nonexistent/corp-ca.pem' },
    expect: [['extra-ca-certs-unreadable', 'warning']],
  },
];

describe('doctor: one fixture home per finding', () => {
  it.each(CASES)('$name', async (c) => {
    const home = tempHome();
    c.setup(home);
    const found = await findings(home, { ...(c.env !== undefined ? { env: c.env } : {}), ...(c.system !== undefined ? { system: c.system } : {}) });
    const got = found.map((f) => `${f.id} ${f.severity}`);
    for (const [id, sev] of c.expect) expect(got).toContain(`${id} ${sev}`);
    const serious = found.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.severity}`);
    expect(serious.sort()).toEqual(c.expect.filter(([, s]) => s !== 'info').map(([id, s]) => `${id} ${s}`).sort());
    for (const f of found) {
      expect(Object.keys(f)).toEqual(['id', 'severity', 'title', 'detail', 'fix', 'paths']);
      expect(f.title).toMatch(/[.!]$/);
      if (f.severity !== 'info') expect(typeof f.fix).toBe('string');
    }
  });

  it('NODE_EXTRA_CA_CERTS: a PEM bundle is info, anything else a warning', async () => {
    const home = tempHome();
    const pem = put(home, 'ca/corp.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const der = put(home, 'ca/corp.cer', Buffer.from([0x30, 0x82, 0x01, 0x0a]).toString('latin1'));
    expect((await findings(home, { env: { NODE_EXTRA_CA_CERTS: pem } })).map((f) => f.id)).toContain('extra-ca-certs');
    expect((await findings(home, { env: { NODE_EXTRA_CA_CERTS: der } })).map((f) => `${f.id} ${f.severity}`)).toContain('extra-ca-certs-invalid warning');
  });

  it('a symlinked credential file is judged (and named) by its target', async () => {
    const home = tempHome();
    const real = put(home, 'shared/codex-auth.json', '{}', 0o644);
    chmodSync(join(home, 'shared'), 0o700);
    mkdirSync(join(home, '.codex'), { mode: 0o700 });
    symlinkSync(real, join(home, '.codex/auth.json'));
    const perm = (await findings(home)).find((f) => f.id === 'file-permissions');
    expect(perm?.paths).toEqual([real]);
  });

  it('the shadowing finding names the variable and the tool, once per (tool, variable)', async () => {
    const home = tempHome();
    put(home, '.local/share/opencode/auth.json', { openai: { type: 'api', key: fakeSecret('sk-proj-') }, anthropic: { type: 'api', key: fakeSecret('sk-ant-api03-') } });
    const found = await findings(home, { env: { OPENCODE_AUTH_CONTENT: JSON.stringify({ openrouter: { type: 'api', key: fakeSecret('sk-or-v1-') } }) } });
    const shadow = found.filter((f) => f.id === 'env-shadows-sign-in');
    expect(shadow).toHaveLength(1);
    expect(shadow[0]?.title).toBe("$OPENCODE_AUTH_CONTENT hides OpenCode's stored sign-in.");
    expect(shadow[0]?.fix).toMatch(/^unset OPENCODE_AUTH_CONTENT/);
  });
});

describe('doctor: clean homes', () => {
  it('a home where every tool is signed in has no warnings or errors', async () => {
    const { home } = fullFixtureHome();
    const r = await doctor(home, { strict: true });
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^(Errors|Warnings)/m);
    expect(r.out).toContain('✓ No problems found.');
    const found = await findings(home);
    expect(found.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('an empty home has only the session and port facts', async () => {
    const found = await findings(tempHome());
    expect(found.map((f) => `${f.id} ${f.severity}`)).toEqual(['session-desktop info', 'callback-port-free info']);
  });

  it('makes no network request and runs no program without --live', async () => {
    const { home } = fullFixtureHome();
    const calls: string[] = [];
    const r = await doctor(home, {}, { deps: { exec: async (cmd) => (calls.push(cmd), { code: null, stdout: '', stderr: '', notFound: true }) } });
    expect(r.code).toBe(0); // testDeps' fetch throws on any request
    expect(calls).toEqual([]);
  });
});

/** A home with something in every severity, for the snapshot and redaction tests. */
function messyHome(): { home: string; secrets: string[]; env: Record<string, string>; system: DoctorSystem } {
  const { home, secrets } = fullFixtureHome();
  // An old ccproxy copy shares Claude Code's refresh token (and is world-readable).
  put(home, '.config/ccproxy/credentials.json', { claudeAiOauth: { accessToken: secrets.claudeAccess, refreshToken: secrets.claudeRefresh, expiresAt: FIXED_NOW - HOUR, refreshTokenExpiresAt: FIXED_NOW + 30 * DAY, scopes: ['user:inference'] } }, 0o644);
  chmodSync(join(home, '.codex'), 0o755);
  put(home, '.codex/auth.json.corrupt-1790000000', '{"auth_mode":', 0o600);
  const lock = join(home, '.claude/.credentials.json.lock');
  mkdirSync(lock);
  utimesSync(lock, (FIXED_NOW - 10 * 60_000) / 1000, (FIXED_NOW - 10 * 60_000) / 1000);
  put(home, '.jcode/openai-auth.json', '{"tokens":', 0o600);
  const apiKey = fakeSecret('sk-ant-api03-');
  const env = { DISPLAY: '', SSH_CONNECTION: '203.0.113.5 50000 198.51.100.7 22', ANTHROPIC_API_KEY: apiKey, HTTPS_PROXY: 'http://me:s3cret-proxy-pw@proxy.corp.example:3128' };
  const system = fakeSystem({ probePort: async () => ({ state: 'held', holder: 'codex (pid 4242)' }) });
  return { home, secrets: [...secrets.all, apiKey, 's3cret-proxy-pw'], env, system };
}

function scrub(text: string, home: string): string {
  // The fingerprint may sit at the start of a wrapped line.
  return text.split(home).join('<home>').replace(/(fingerprint\s+)[0-9a-f]{12}/g, '$1<fp>');
}

describe('doctor: report', () => {
  it('renders findings grouped by severity (snapshot, colour off and on)', async () => {
    const m = messyHome();
    const plain = await doctor(m.home, {}, { env: m.env, system: m.system });
    expect(plain.code).toBe(4);
    expect(plain.out.indexOf('Errors (')).toBeLessThan(plain.out.indexOf('Warnings ('));
    expect(plain.out.indexOf('Warnings (')).toBeLessThan(plain.out.indexOf('Info ('));
    expect(plain.out).not.toContain('\u001b[');
    await expect(scrub(plain.out, m.home)).toMatchFileSnapshot('../snapshots/doctor-report.txt');
    const colour = await doctor(m.home, {}, { env: m.env, system: m.system, deps: { color: true } });
    expect(colour.out).toContain('\u001b[31m✗\u001b[39m');
    expect(colour.out).toContain('\u001b[33m!\u001b[39m');
    expect(colour.out).toContain('\u001b[36mi\u001b[39m');
    await expect(scrub(colour.out, m.home)).toMatchFileSnapshot('../snapshots/doctor-report.color.txt');
  });

  it('fits 80 columns: prose wraps, a fix continues under itself and keeps a command whole where it can', async () => {
    const m = messyHome();
    for (const color of [false, true]) {
      const r = await doctor(m.home, {}, { env: m.env, system: m.system, deps: { color } });
      expect(r.out.split('\n').filter((l) => displayWidth(l) > 80)).toEqual([]);
    }
    const lines = (await doctor(m.home, {}, { env: m.env, system: m.system })).out.split('\n');
    const port = lines.findIndex((l) => l.startsWith('  Fix: stop codex (pid 4242), or:'));
    expect(lines[port + 1]).toBe('       auth-wizard login --provider openai --no-browser');
    const headless = lines.findIndex((l) => l.includes('[session-headless]'));
    // The detail wraps as prose, two spaces in, and never inside a `command`.
    const detail = lines.slice(headless + 1, lines.findIndex((l, i) => i > headless && l.startsWith('  Fix:')));
    expect(detail.length).toBeGreaterThan(5);
    for (const l of detail) expect((l.match(/`/g) ?? []).length % 2, l).toBe(0);
  });

  it('--json has stable keys and a summary that counts the findings', async () => {
    const m = messyHome();
    const r = await doctor(m.home, { json: true }, { env: m.env, system: m.system });
    const doc = JSON.parse(r.out) as { findings: Finding[]; summary: Record<Severity, number> };
    expect(Object.keys(doc)).toEqual(['findings', 'summary', 'refreshFingerprints']);
    expect(Object.keys(doc.summary)).toEqual(['error', 'warning', 'info']);
    for (const sev of ['error', 'warning', 'info'] as const) expect(doc.summary[sev]).toBe(doc.findings.filter((f) => f.severity === sev).length);
    const order = doc.findings.map((f) => f.severity);
    expect(order).toEqual([...order].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    for (const f of doc.findings) for (const p of f.paths) expect(p.startsWith('/')).toBe(true);
    expect(doc.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining(['refresh-token-family', 'credential-unreadable', 'env-shadows-sign-in', 'file-permissions', 'dir-permissions', 'stale-lock', 'callback-port-busy', 'corrupt-copy-left', 'session-headless', 'proxy-configured']),
    );
    expect(r.code).toBe(4);
  });

  it('exit code follows the worst finding: 0 info, 0 warnings, 1 warnings with --strict, 4 errors', async () => {
    const info = tempHome();
    expect((await doctor(info)).code).toBe(0);
    expect((await doctor(info, { strict: true })).code).toBe(0);
    const warn = tempHome();
    codexFile(warn, undefined, 0o644);
    expect((await doctor(warn)).code).toBe(0);
    expect((await doctor(warn, { strict: true })).code).toBe(1);
    expect((await doctor(warn, { strict: true, json: true })).code).toBe(1);
    const err = tempHome();
    put(err, '.codex/auth.json', 'not json');
    expect((await doctor(err)).code).toBe(4);
    expect((await doctor(err, { strict: true })).code).toBe(4);
  });

  it('--provider keeps only that provider’s findings', async () => {
    const m = messyHome();
    const openai = await findings(m.home, { env: m.env, system: m.system }, { provider: 'openai' });
    expect(openai.map((f) => f.id)).not.toContain('env-shadows-sign-in');
    expect(openai.map((f) => f.id)).not.toContain('refresh-token-family');
    expect(openai.map((f) => f.id)).toContain('callback-port-busy');
    const anthropic = await findings(m.home, { env: m.env, system: m.system }, { provider: 'anthropic' });
    expect(anthropic.map((f) => f.id)).toEqual(expect.arrayContaining(['env-shadows-sign-in', 'refresh-token-family']));
    expect(anthropic.map((f) => f.id)).not.toContain('callback-port-busy');
  });

  it('never prints a secret, a JWT signature or a proxy password — text or JSON', async () => {
    const m = messyHome();
    const t = openAiTokens({ expSec: NOW_SEC + DAY, iatSec: NOW_SEC + 600 }); // also trips clock-skew
    put(m.home, '.local/share/opencode/auth.json', { openai: { type: 'oauth', refresh: t.refreshToken, access: t.accessToken, expires: FIXED_NOW + DAY } });
    const outputs: string[] = [];
    const variants: Partial<DoctorOptions>[] = [{}, { json: true }, { strict: true }, { provider: 'openai' }, { provider: 'anthropic', json: true }];
    for (const opts of variants) {
      const r = await doctor(m.home, opts, { env: m.env, system: m.system, deps: { color: true } });
      outputs.push(r.out, r.err);
    }
    const all = outputs.join('\n');
    expect(all).toContain('clock-skew');
    for (const s of [...m.secrets, t.accessToken, t.refreshToken]) expect(all).not.toContain(s);
    for (const jwt of [t.accessToken]) expect(all).not.toContain(signatureOf(jwt));
    expect(all).toContain('http://***@proxy.corp.example:3128');
  });

  it('writes nothing without --fix', async () => {
    const m = messyHome();
    const before = snapshotTree(m.home);
    for (const opts of [{}, { json: true }, { strict: true }]) await doctor(m.home, opts, { env: m.env, system: m.system });
    expect(snapshotTree(m.home)).toEqual(before);
  });
});

function snapshotTree(home: string): Record<string, string> {
  // Every entry's type, mode, size, inode and mtime, and a hash of every file's
  // bytes (a link's target text): any write, replace, chmod, create or delete shows.
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      const kind = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      const content = kind === 'file' ? createHash('sha256').update(readFileSync(p)).digest('hex') : kind === 'link' ? readlinkSync(p) : '';
      out[p.slice(home.length)] = `${kind} ${(st.mode & 0o777).toString(8)} ${st.size} ${st.ino} ${st.mtimeMs} ${content}`;
      if (kind === 'dir') walk(p);
    }
  };
  walk(home);
  return out;
}
