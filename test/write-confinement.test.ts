// Writes and permission changes stay where they belong (issue 10 §3):
// - `doctor --fix` changes only files and folders inside the tool's own
//   directory tree; a symlink that leads elsewhere is reported, its target and
//   the target's folder are left alone;
// - a login or refresh that would write through a link to another user's
//   file, or into another user's folder, stops with a sentence (and no
//   `--force` hint) instead of replacing that user's file;
// - an empty or relative HOME is an error naming it, never files in the cwd;
//   a relative XDG_* is ignored (the spec), a relative tool variable an error;
// - writing into an existing group- or world-writable folder warns at once.
//
// The ownership cases need a second user: CI runs as root, where every write
// succeeds, so the built CLI runs as `nobody` (setpriv) on files root planted.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DoctorOptions, run as runDoctor } from '../src/commands/doctor';
import type { Finding } from '../src/doctor/finding';
import type { DoctorSystem } from '../src/doctor/system';
import { checkedHome } from '../src/adapters/real-deps';
import { isAppError, ReportPrinted } from '../src/errors';
import { saveOpenAiGrant } from '../src/stores/sign-in';
import { builtCli } from './helpers/built-cli';
import { testDeps } from './helpers/deps';
import { fullFixtureHome, put, tempDir, tempHome } from './helpers/fixture-home';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';
import { fakeSecret } from './helpers/tokens';

const root = fileURLToPath(new URL('..', import.meta.url));
const posix = process.platform !== 'win32';
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';

let cli: string;
let work: string;
let op: TestIssuer;

beforeAll(async () => {
  builtCli(); // fails clearly when dist/ was not built (npm test builds it)
  // A private copy of the build (inside node_modules so its packages resolve),
  // so another test file rebuilding dist/ cannot pull it from under us; the
  // tree is 0755/0644, so `nobody` can run it.
  work = join(root, 'node_modules', '.cache', `aw-confine-test-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  const binRel = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['auth-wizard']!;
  cpSync(join(root, 'dist'), join(work, 'dist'), { recursive: true });
  cpSync(join(root, binRel), join(work, binRel));
  cli = join(work, binRel);
  op = await startTestIssuer();
}, 120_000);

afterAll(async () => {
  await op?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], o: { env: Record<string, string>; cwd?: string; stdin?: string; asNobody?: boolean }): Promise<Run> {
  const argv = [process.execPath, cli, ...args];
  const [cmd, ...rest] = o.asNobody === true ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', ...argv] : argv;
  const proc = spawn(cmd!, rest, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', ...o.env }, cwd: o.cwd ?? tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  proc.stdin.end(o.stdin ?? '');
  return new Promise((res, rej) => {
    proc.on('error', rej);
    proc.on('close', (code) => res({ code, stdout, stderr }));
  });
}

/** A directory under /tmp that `nobody` can walk through (mkdtemp makes 0700). */
function sharedBase(): string {
  const base = tempDir('aw-confine-');
  chmodSync(base, 0o755);
  return base;
}

/** mkdir with an exact mode and owner (as root). */
function dir(path: string, mode: number, uid = 0): string {
  mkdirSync(path, { recursive: true });
  chmodSync(path, mode);
  chownSync(path, uid, uid);
  return path;
}

function file(path: string, content: string, mode: number, uid = 0): string {
  writeFileSync(path, content);
  chmodSync(path, mode);
  chownSync(path, uid, uid);
  return path;
}

/** `nobody`'s home: 0700, its own. */
function nobodyHome(base: string): string {
  return dir(join(base, 'home'), 0o700, NOBODY);
}

const setupToken = () => fakeSecret('sk-ant-oat01-', 72);

// --- doctor --fix ------------------------------------------------------------

const system: DoctorSystem = { readText: async () => undefined, exists: async () => false, probePort: async () => ({ state: 'free' }) };

async function doctor(home: string, opts: Partial<DoctorOptions>) {
  const deps = testDeps(home, { env: { DISPLAY: ':0' } });
  try {
    await runDoctor({ json: false, strict: false, fix: false, live: false, ...opts }, deps, system);
  } catch (e) {
    if (!(e instanceof ReportPrinted)) throw e;
  }
  return deps.out();
}

const modeOf = (p: string) => statSync(p).mode & 0o777;

describe.runIf(posix)('doctor --fix stays inside the tool’s own folder', () => {
  it('a credential file linked to a file outside the tree: the target and its folder keep their modes; the link is reported with its target', async () => {
    const { home } = fullFixtureHome();
    // Stands for /etc/passwd in /etc: another directory tree, readable by all.
    const etc = tempDir('aw-etc-');
    chmodSync(etc, 0o755);
    const passwd = file(join(etc, 'passwd'), PASSWD, 0o644, process.getuid?.() ?? 0);
    const link = join(home, '.codex/auth.json');
    rmSync(link);
    symlinkSync(passwd, link);

    const listed = JSON.parse(await doctor(home, { json: true })) as { findings: Finding[] };
    const out = await doctor(home, { fix: true });
    const json = JSON.parse(await doctor(home, { fix: true, json: true })) as { findings: Finding[]; fixed: { path: string }[] };

    expect(modeOf(passwd)).toBe(0o644);
    expect(modeOf(etc)).toBe(0o755);
    expect(readFileSync(passwd, 'utf8')).toBe(PASSWD);
    expect(json.fixed.map((f) => f.path)).not.toContain(passwd);
    expect(json.fixed.map((f) => f.path)).not.toContain(etc);
    for (const r of [listed, json]) {
      const f = r.findings.find((x) => x.id === 'link-outside-tool-folder');
      expect(f?.paths).toEqual([link, passwd]);
      expect(f?.detail).toContain(`~/.codex/auth.json → ${passwd}`);
      // Never advise changing the target or its folder.
      expect(f?.fix ?? '').not.toMatch(/chmod/);
      for (const g of r.findings.filter((x) => x.id === 'dir-permissions')) expect(g.paths).not.toContain(etc);
      for (const g of r.findings) expect(g.fix ?? '').not.toContain(`chmod 600 ${passwd}`);
    }
    expect(out).toContain('[link-outside-tool-folder]');
    expect(out).not.toContain(`✓ chmod 600 ${passwd}`);
  });

  it('a symlinked tool folder leading outside: nothing behind it is changed; the folder link is reported', async () => {
    const { home } = fullFixtureHome();
    const elsewhere = tempDir('aw-elsewhere-');
    chmodSync(elsewhere, 0o755);
    const codexDir = dir(join(elsewhere, 'codex'), 0o755, process.getuid?.() ?? 0);
    cpSync(join(home, '.codex/auth.json'), join(codexDir, 'auth.json'));
    chmodSync(join(codexDir, 'auth.json'), 0o644);
    rmSync(join(home, '.codex'), { recursive: true });
    symlinkSync(codexDir, join(home, '.codex'));

    const out = await doctor(home, { fix: true });
    const json = JSON.parse(await doctor(home, { json: true })) as { findings: Finding[] };

    expect(modeOf(codexDir)).toBe(0o755);
    expect(modeOf(join(codexDir, 'auth.json'))).toBe(0o644);
    expect(modeOf(elsewhere)).toBe(0o755);
    expect(out).not.toContain('✓ chmod');
    const f = json.findings.find((x) => x.id === 'link-outside-tool-folder');
    expect(f?.paths).toEqual([join(home, '.codex'), codexDir]);
    expect(f?.detail).toContain(`~/.codex → ${codexDir}`);
  });

  it('a target in the home but outside the tool’s folder (a dotfiles checkout) is left alone too', async () => {
    const { home } = fullFixtureHome();
    const target = put(home, 'dotfiles/claude-credentials.json', readFileSync(join(home, '.claude/.credentials.json'), 'utf8'), 0o644);
    chmodSync(join(home, 'dotfiles'), 0o755);
    rmSync(join(home, '.claude/.credentials.json'));
    symlinkSync(target, join(home, '.claude/.credentials.json'));
    const json = JSON.parse(await doctor(home, { fix: true, json: true })) as { findings: Finding[]; fixed: { path: string }[] };
    expect(modeOf(target)).toBe(0o644);
    expect(modeOf(join(home, 'dotfiles'))).toBe(0o755);
    expect(json.fixed).toEqual([]);
    expect(json.findings.find((f) => f.id === 'link-outside-tool-folder')?.paths).toEqual([join(home, '.claude/.credentials.json'), target]);
  });

  it('a link that stays inside the tool’s folder is still followed and tightened', async () => {
    const { home } = fullFixtureHome();
    const real = put(home, '.codex/accounts/work.json', readFileSync(join(home, '.codex/auth.json'), 'utf8'), 0o644);
    chmodSync(join(home, '.codex/accounts'), 0o750);
    rmSync(join(home, '.codex/auth.json'));
    symlinkSync('accounts/work.json', join(home, '.codex/auth.json'));
    const out = await doctor(home, { fix: true });
    expect(modeOf(real)).toBe(0o600);
    expect(modeOf(join(home, '.codex/accounts'))).toBe(0o700);
    expect(out).not.toContain('[link-outside-tool-folder]');
  });
});

// --- writes owned by another user ------------------------------------------------

describe.runIf(posix && isRoot)('a login or refresh never replaces another user’s file (run as nobody)', () => {
  it('login through a link to a file owned by another user stops with a sentence; the file is byte-identical', async () => {
    const base = sharedBase();
    const home = nobodyHome(base);
    // nobody may write in `shared` (so today's rename would replace the file), but the file is root's.
    const shared = dir(join(base, 'shared'), 0o755, NOBODY);
    const victim = file(join(shared, 'auth-profiles.json'), '{"version":1,"profiles":{}}\n', 0o644, 0);
    dir(join(home, '.config'), 0o700, NOBODY);
    dir(join(home, '.config/auth-wizard'), 0o700, NOBODY);
    const link = join(home, '.config/auth-wizard/auth-profiles.json');
    symlinkSync(victim, link);
    const before = readFileSync(victim);

    const r = await runCli(['login', '--provider', 'anthropic', '--method', 'setup-token'], { env: { HOME: home }, stdin: setupToken() + '\n', asNobody: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${link} is a link to ${victim}, which belongs to another user (uid 0)`);
    expect(r.stderr).not.toContain('--force');
    expect(readFileSync(victim).equals(before)).toBe(true);
    expect(statSync(victim).uid).toBe(0);
    expect(readdirSync(shared)).toEqual(['auth-profiles.json']); // no temp file, no lock left
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('a corrupt file of another user: the refusal names the owner and never suggests --force; --force changes nothing either', async () => {
    const base = sharedBase();
    const home = nobodyHome(base);
    const shared = dir(join(base, 'shared'), 0o755, NOBODY);
    const victim = file(join(shared, 'auth-profiles.json'), PASSWD, 0o644, 0);
    dir(join(home, '.config'), 0o700, NOBODY);
    dir(join(home, '.config/auth-wizard'), 0o700, NOBODY);
    symlinkSync(victim, join(home, '.config/auth-wizard/auth-profiles.json'));

    for (const extra of [[], ['--force']]) {
      const r = await runCli(['login', '--provider', 'anthropic', '--method', 'setup-token', ...extra], { env: { HOME: home }, stdin: setupToken() + '\n', asNobody: true });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('belongs to another user');
      expect(r.stderr).not.toContain('--force');
      expect(readFileSync(victim, 'utf8')).toBe(PASSWD);
      expect(readdirSync(shared)).toEqual(['auth-profiles.json']); // no .corrupt-<time> copy either
    }
  });

  it('login into an existing folder owned by another user stops; nothing is written there', async () => {
    const base = sharedBase();
    const home = nobodyHome(base);
    // World-writable and root's: today nobody would drop its credentials there.
    const foreign = dir(join(base, 'team-store'), 0o777, 0);

    const r = await runCli(['login', '--provider', 'anthropic', '--method', 'setup-token'], { env: { HOME: home, AUTH_WIZARD_HOME: foreign }, stdin: setupToken() + '\n', asNobody: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${foreign}, a folder owned by another user (uid 0)`);
    expect(readdirSync(foreign)).toEqual([]);
  });

  it('refresh through a link to another user’s Codex file stops before any request; the file is byte-identical', async () => {
    const base = sharedBase();
    const home = nobodyHome(base);
    // Root's Codex sign-in, in a folder nobody can write to (so today's rename replaces it).
    const otherHome = dir(join(base, 'other'), 0o755, 0);
    const first = await op.signIn({ email: 'root@example.test', accessTtlSeconds: 60 });
    await saveOpenAiGrant({ home: otherHome, env: {} }, 'codex', { idToken: first.id_token, accessToken: first.access_token, refreshToken: first.refresh_token, expiresIn: first.expires_in }, { now: Date.now() });
    const victim = join(otherHome, '.codex/auth.json');
    chmodSync(victim, 0o644);
    chownSync(join(otherHome, '.codex'), NOBODY, NOBODY);
    chmodSync(join(otherHome, '.codex'), 0o755);
    dir(join(home, '.codex'), 0o700, NOBODY);
    symlinkSync(victim, join(home, '.codex/auth.json'));
    const before = readFileSync(victim);
    // The setup's own write left Codex's lock files there; the refresh must add nothing.
    const listing = readdirSync(join(otherHome, '.codex')).sort();
    expect(listing).toContain('auth.json');
    op.resetCounts();

    // --force: a 60 s token is inside its lifetime-bounded margin (30 s) and would not be refreshed at all.
    const r = await runCli(['refresh', '--provider', 'openai', '--source', 'codex', '--force'], { env: { HOME: home, AUTH_WIZARD_OPENAI_ISSUER: op.issuer, NO_PROXY: '127.0.0.1,localhost' }, asNobody: true });
    expect(r.stderr).toContain('belongs to another user (uid 0)');
    expect(r.code).toBe(1);
    expect(op.counts.refresh).toBe(0); // refused before the refresh token was spent
    expect(readFileSync(victim).equals(before)).toBe(true);
    expect(statSync(victim).uid).toBe(0);
    expect(readdirSync(join(otherHome, '.codex')).sort()).toEqual(listing);
  });

  it('nobody’s own files behind links inside its own folders are still written', async () => {
    const base = sharedBase();
    const home = nobodyHome(base);
    const r = await runCli(['login', '--provider', 'anthropic', '--method', 'setup-token'], { env: { HOME: home }, stdin: setupToken() + '\n', asNobody: true });
    expect(r).toMatchObject({ code: 0 });
    const written = join(home, '.config/auth-wizard/auth-profiles.json');
    expect(statSync(written).uid).toBe(NOBODY);
    expect(modeOf(written)).toBe(0o600);
  });
});

// --- HOME and the folder variables ---------------------------------------------------

describe('the home directory check', () => {
  it('names HOME (USERPROFILE on Windows) when it is empty or relative; an absolute one passes', () => {
    expect(() => checkedHome({ HOME: '' }, 'linux')).toThrow(/^HOME is empty/);
    expect(() => checkedHome({ HOME: '  ' }, 'darwin')).toThrow(/^HOME is empty/);
    expect(() => checkedHome({ HOME: 'rel/dir' }, 'linux')).toThrow(/^HOME is a relative path \("rel\/dir"\)/);
    expect(() => checkedHome({ USERPROFILE: 'Users\\ada' }, 'win32')).toThrow(/^USERPROFILE is a relative path/);
    expect(() => checkedHome({ USERPROFILE: '\\Users\\ada' }, 'win32')).toThrow(/^USERPROFILE is a relative path/); // the current drive's root
    expect(checkedHome({ HOME: '/home/ada' }, 'linux')).toBe('/home/ada');
    expect(checkedHome({ USERPROFILE: 'C:\\Users\\ada' }, 'win32')).toBe('C:\\Users\\ada');
    expect(checkedHome({ USERPROFILE: '\\\\server\\ada' }, 'win32')).toBe('\\\\server\\ada');
    let exit: number | undefined;
    try {
      checkedHome({ HOME: 'rel' }, 'linux');
    } catch (e) {
      exit = isAppError(e) ? e.exitCode : undefined;
    }
    expect(exit).toBe(3);
  });
});

describe.runIf(posix)('an empty or relative HOME is an error, never files in the current directory', () => {
  for (const [name, value] of [['empty', ''], ['relative', 'rel']] as const) {
    it(`HOME ${name}: login and status stop with a sentence naming HOME (exit 3); the cwd stays empty`, async () => {
      const cwd = tempHome('aw-cwd-');
      const login = await runCli(['login', '--provider', 'anthropic', '--method', 'setup-token'], { env: { HOME: value }, cwd, stdin: setupToken() + '\n' });
      expect(login.code).toBe(3);
      expect(login.stderr).toMatch(/\bHOME\b/);
      expect(login.stderr).toContain(name === 'empty' ? 'HOME is empty' : 'HOME is a relative path ("rel")');
      const status = await runCli(['status'], { env: { HOME: value }, cwd });
      expect(status.code).toBe(3);
      expect(status.stderr).toMatch(/\bHOME\b/);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }

  it('a relative tool variable (CODEX_HOME, AUTH_WIZARD_HOME, …) is an error naming it, before anything is written; the cwd stays empty', async () => {
    const cwd = tempHome('aw-cwd-');
    const home = tempHome();
    for (const v of ['CODEX_HOME', 'AUTH_WIZARD_HOME']) {
      const r = await runCli(['login', '--provider', 'openai', '--method', 'api-key', '--target', 'codex'], { env: { HOME: home, [v]: 'rel' }, cwd, stdin: fakeSecret('sk-proj-') + '\n' });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${v} is a relative path ("rel")`);
    }
    for (const v of ['CODEX_HOME', 'CLAUDE_CONFIG_DIR', 'AUTH_WIZARD_HOME', 'JCODE_HOME', 'OPENCLAW_STATE_DIR']) {
      const r = await runCli(['status'], { env: { HOME: home, [v]: 'rel' }, cwd });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${v} is a relative path ("rel")`);
    }
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(home)).toEqual([]); // the key was not half-saved into auth-wizard's store either
  });

  it('a relative XDG_CONFIG_HOME / XDG_DATA_HOME is ignored, as the XDG spec says: the store goes under HOME', async () => {
    const cwd = tempHome('aw-cwd-');
    const home = tempHome();
    const r = await runCli(['login', '--provider', 'openai', '--method', 'api-key', '--target', 'opencode'], { env: { HOME: home, XDG_CONFIG_HOME: 'rel', XDG_DATA_HOME: 'rel' }, cwd, stdin: fakeSecret('sk-proj-') + '\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(join(home, '.config/auth-wizard/auth-profiles.json'))).toBe(true);
    expect(existsSync(join(home, '.local/share/opencode/auth.json'))).toBe(true);
  });
});

// --- group- or world-writable folders ------------------------------------------------

describe.runIf(posix)('writing into a folder other users can write to', () => {
  it('warns on stderr at the time, naming the folder and the fix; doctor still reports it', async () => {
    const home = tempHome();
    const store = join(home, 'store');
    mkdirSync(store);
    chmodSync(store, 0o770);
    const env = { HOME: home, AUTH_WIZARD_HOME: store };
    const r = await runCli(['login', '--provider', 'anthropic', '--method', 'setup-token'], { env, stdin: setupToken() + '\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`auth-wizard: warning: ${store} can be written by other users (770)`);
    expect(r.stderr).toContain(`chmod 700 ${store}`);
    expect(modeOf(store)).toBe(0o770); // a warning: the folder is the user's to change
    expect(modeOf(join(store, 'auth-profiles.json'))).toBe(0o600);

    const d = await runCli(['doctor', '--json'], { env });
    const found = (JSON.parse(d.stdout) as { findings: Finding[] }).findings.find((f) => f.id === 'dir-permissions');
    expect(found?.paths).toEqual([store]);
  });

  it('a private folder gets no warning', async () => {
    const home = tempHome();
    const r = await runCli(['login', '--provider', 'anthropic', '--method', 'setup-token'], { env: { HOME: home }, stdin: setupToken() + '\n' });
    expect(r).toMatchObject({ code: 0 });
    expect(r.stderr).not.toContain('warning');
  });
});
