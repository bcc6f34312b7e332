// Builds the real Deps from the process. Called only by src/cli.ts. Heavy
// modules (undici, open) are imported on first use, never at start-up (./net).
// node:child_process and node:crypto are imported where used: loading them
// eagerly costs start-up time that `status` does not need.
import { existsSync } from 'node:fs';
import type { Deps, ExecOptions, ExecResult, InStream, OutStream } from '../deps';
import { AppError } from '../errors';
import { onPathProbe, type OnPath } from '../onboard/installed';
import type { Prompter } from '../ui/prompter';

/**
 * The process's streams come as functions: Node builds process.stdout/stdin on
 * first access (~2-3 ms each), and `status` writes to stdout only, never reads stdin.
 */
export interface ProcessLike {
  /** Subscribes to SIGINT (the real one: process.on('SIGINT')). */
  onSigint?(handler: () => void): void;
  /** Ends the process (the real one: process.exit). */
  exit?(code: number): never;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  stdout: () => OutStream;
  stderr: () => OutStream;
  stdin: () => InStream;
}

/**
 * os.homedir() without loading node:os (~0.3 ms of start-up): libuv answers
 * from HOME (USERPROFILE on Windows) when it is set, and asks the system only
 * when it is not, so this returns what os.homedir() would.
 */
export function homeDirectory(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): string {
  const fromEnv = platform === 'win32' ? env.USERPROFILE : env.HOME;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return (require('node:os') as typeof import('node:os')).homedir();
}

/** Absolute on its platform: `/…`; on Windows a drive (`C:\\…`) or UNC (`\\\\server\\…`) path, not `\\…` (the current drive's root). */
function isAbsoluteHome(path: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? /^(?:[A-Za-z]:[\\/]|[\\/]{2}[^\\/])/.test(path) : path.startsWith('/');
}

/**
 * The home directory every store path is built from, or a usage error (exit 3)
 * naming the variable. An empty or relative HOME would make `~/.codex` mean
 * `./.codex`: credentials read from, and written into, whatever directory the
 * command runs in. Exit 3, as for a bad flag: the invocation is wrong, nothing
 * was tried, and re-running it unchanged fails the same way.
 */
export function checkedHome(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): string {
  const name = platform === 'win32' ? 'USERPROFILE' : 'HOME';
  const set = env[name];
  const fix = `set ${name} to your home directory as an absolute path (or unset it to use the system's)`;
  if (set !== undefined && set.trim() === '') {
    throw new AppError('usage', `${name} is empty; auth-wizard needs your home directory to find credentials, and will not use the current directory instead.`, { hint: fix });
  }
  const home = homeDirectory(env, platform);
  if (!isAbsoluteHome(home, platform)) {
    const what = set !== undefined ? `${name} is a relative path (${JSON.stringify(home)})` : `${name} is not set and the system gives no absolute home directory (${JSON.stringify(home)})`;
    throw new AppError('usage', `${what}; auth-wizard needs an absolute home directory, and will not read or write credentials relative to the current directory.`, { hint: fix });
  }
  return home;
}

export function colorEnabled(env: Readonly<Record<string, string | undefined>>, stream: { isTTY?: boolean | undefined }): boolean {
  // https://no-color.org: any non-empty NO_COLOR disables; FORCE_COLOR (≠ 0) forces.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export async function exec(cmd: string, args: string[], opts: ExecOptions = {}, platform: NodeJS.Platform = 'linux'): Promise<ExecResult> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(cmd, args, {
      env: opts.env === undefined ? undefined : (opts.env as NodeJS.ProcessEnv),
      stdio: opts.inheritStdio === true ? 'inherit' : [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
      // npm installs `claude` on Windows as claude.cmd, which only a shell finds.
      // Our arguments are fixed words (auth, status, login), so nothing needs quoting.
      shell: platform === 'win32',
    });
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (opts.input !== undefined) {
      // A child that exits without reading its stdin (ssh to a host that refused
      // the connection) makes this write fail with EPIPE; its exit status and
      // stderr already say what happened, so the write error is not a crash.
      child.stdin?.on('error', () => {});
      child.stdin?.end(opts.input);
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr || e.message, notFound: e.code === 'ENOENT' });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
    });
  });
}

export function createRealDeps(proc: ProcessLike): Deps {
  const env = proc.env;
  let fetchImpl: Deps['fetch'] | undefined;
  const interruptListeners = new Set<() => void>();
  let home: string | undefined;
  let prompter: Promise<Prompter> | undefined;
  let onPath: OnPath | undefined;
  const deps: Deps = {
    env,
    // Checked when first asked for, inside the command (so a bad HOME is a
    // sentence and an exit code, and `--help` still works without one).
    get home() {
      return (home ??= checkedHome(env, proc.platform));
    },
    platform: proc.platform,
    now: () => Date.now(),
    get stdout() {
      return proc.stdout();
    },
    get stderr() {
      return proc.stderr();
    },
    get stdin() {
      return proc.stdin();
    },
    // Asked on first use: `status --json` never needs to know, and asking builds the streams.
    get color() {
      return colorEnabled(env, proc.stdout());
    },
    get interactive() {
      return proc.stdin().isTTY === true && proc.stdout().isTTY === true;
    },
    exec: (cmd, args, opts) => exec(cmd, args, opts, proc.platform),
    // Its bundle (and the native binding) load on the first read, which only a
    // tool configured to keep its secret in the keyring asks for.
    keyring: {
      get: async (service, account) => (await import('./keyring')).createKeyringReader(env, proc.platform).get(service, account),
      find: async (service) => (await import('./keyring')).createKeyringReader(env, proc.platform).find(service),
    },
    // Web Crypto's CSPRNG is built in; node:crypto would cost a module load.
    randomBytes: (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    onInterrupt(listener) {
      interruptListeners.add(listener);
      return () => interruptListeners.delete(listener);
    },
    async fetch(url, init) {
      fetchImpl ??= (await import('./net')).createFetch(env);
      return fetchImpl(url, init);
    },
    async openBrowser(url) {
      return (await import('./net')).openBrowser(url, env);
    },
    // One per run (the wizard and the login it runs draw on the same one); clack loads here, on the first question.
    prompter: () => (prompter ??= import('../ui/terminal-prompter').then((m) => m.terminalPrompter(deps))),
    exists: (path) => existsSync(path),
    onPath: (bin) => (onPath ??= onPathProbe(env, proc.platform))(bin),
  };
  // Ctrl-C outside a prompt (a device-code poll, a wait for the browser, a
  // refresh) ends any command as "cancelled", exit 2, after the listeners have
  // said what was saved. Prompts handle Ctrl-C themselves (raw mode, no SIGINT).
  // Writes are atomic, so no file is left half-written.
  proc.onSigint?.(() => {
    if (interruptListeners.size === 0) deps.stderr.write('\nauth-wizard: cancelled.\n');
    for (const l of [...interruptListeners]) l();
    proc.exit?.(2);
  });
  return deps;
}
