// The one injection surface. Only src/cli.ts builds the real one (createDeps);
// tests build their own with a temporary home, a fixed clock and captured output.
// Everything that is expensive to load (undici, open, @clack/prompts) sits behind
// a function so the `status` path never imports it.
import type { DoctorSystem } from './doctor/system';
import type { Prompter } from './ui/prompter';

export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

export interface InStream extends AsyncIterable<string | Buffer> {
  readonly isTTY?: boolean | undefined;
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the command did not start (ENOENT) — the tool is not installed. */
  notFound?: boolean;
  timedOut?: boolean;
}

export interface ExecOptions {
  timeoutMs?: number;
  input?: string;
  env?: Record<string, string | undefined>;
  /** Hand the terminal over (stdio inherit), for the official `claude` sign-in. */
  inheritStdio?: boolean;
}

export type Exec = (cmd: string, args: string[], opts?: ExecOptions) => Promise<ExecResult>;

/** What one keyring read gives: never an unlock prompt, never a hang (each read has a timeout). */
export type KeyringResult = KeyringFound | { kind: 'missing' } | { kind: 'locked' } | { kind: 'unavailable'; reason: string };
export interface KeyringFound {
  kind: 'found';
  /** The first match's secret. */
  secret: string;
  items: { account: string; secret: string }[];
}
/** Read-only access to the OS keyring (src/adapters/keyring.ts); loaded only when a tool's configuration says its secret is there. */
export interface KeyringReader {
  get(service: string, account: string): Promise<KeyringResult>;
  /** Every item of a service, for a tool whose account name is not known. */
  find(service: string): Promise<KeyringResult>;
}

export interface Deps {
  /** The environment as the user has it; read nowhere else. */
  env: Readonly<Record<string, string | undefined>>;
  /** os.homedir() for real runs; a temporary directory in tests. */
  home: string;
  platform: NodeJS.Platform;
  /** Milliseconds since the epoch. */
  now(): number;
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  /** Colour on/off, decided once from NO_COLOR / FORCE_COLOR / TTY. */
  color: boolean;
  /** Whether prompts are allowed: stdin and stdout are terminals. */
  interactive: boolean;
  exec: Exec;
  /** The OS keyring, read only; absent in tests that do not give one (reads then say "unavailable"). */
  keyring?: KeyringReader | undefined;
  /** Cryptographic randomness; tests may pin it. */
  randomBytes(n: number): Uint8Array;
  /** Launches the user's browser (BROWSER honoured); loaded lazily. */
  openBrowser(url: string): Promise<void>;
  /**
   * HTTP through undici (timeouts, HTTPS_PROXY/NO_PROXY via EnvHttpProxyAgent,
   * NODE_EXTRA_CA_CERTS by Node itself); undici is imported on first use.
   */
  fetch(url: string | URL, init?: RequestInit & { timeoutMs?: number }): Promise<Response>;
  /**
   * Runs `listener` on Ctrl-C outside a prompt (SIGINT), before the process ends
   * with exit code 2; returns the function that unregisters it. Prompts turn
   * Ctrl-C into AppError('cancelled') themselves; this covers the waits between.
   */
  onInterrupt?(listener: () => void): () => void;
  /** Awaitable pause; tests may shorten it. */
  sleep(ms: number): Promise<void>;
  /**
   * The one Prompter of the run: @clack/prompts drawn on stderr when stdin and
   * stdout are terminals, else plain lines on stderr whose questions fail with
   * the flag to give. Built on the first call (clack loads then, never for
   * `status`); every later call returns the same one. Tests pass their own.
   */
  prompter(): Promise<Prompter>;
  /**
   * What doctor asks of the machine beyond the rest of Deps (whether port 1455
   * is free and who holds it, /proc/version, /.dockerenv); absent, the real
   * one. Tests pass their own, so doctor never binds the real port there.
   */
  doctorSystem?: DoctorSystem | undefined;
  /** Whether a path exists; headless detection probes a few (/.dockerenv, …). */
  exists(path: string): boolean;
  /** Whether an executable of that name is on PATH (the wizard pre-selects installed tools). */
  onPath(bin: string): boolean;
}
