// The one way auth-wizard reaches another machine: the user's own OpenSSH
// (their ~/.ssh/config, agent, keys, known_hosts and jump hosts), not a
// transport of our own. The `ssh` on PATH, or AUTH_WIZARD_SSH_COMMAND split
// into words as git splits GIT_SSH_COMMAND, always run without a shell on
// this side with an argument list. Secrets go on the channel's stdin only.
import type { Deps, ExecResult } from '../deps';
import { AppError, usageError } from '../errors';
import { shellQuote } from '../core/shell-quote';
import { checkHost } from './host';

export const SSH_COMMAND_VAR = 'AUTH_WIZARD_SSH_COMMAND';
/** How long ssh may take to open the connection (its own ConnectTimeout). */
const CONNECT_TIMEOUT_S = 10;
/** The whole exchange, unless the caller says otherwise. */
export const DEFAULT_REMOTE_TIMEOUT_MS = 30_000;
/** What we keep of a remote answer: a report is a few KiB; more is not ours. */
const OUTPUT_MAX = 4 * 1024 * 1024;

/** Words of a command line: whitespace separates, '…' is literal, "…" and \ escape. No expansion of any kind. */
export function splitCommand(line: string, name = SSH_COMMAND_VAR): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw usageError(`${name} has an unclosed ' quote.`);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
        cur += line[j];
      }
      if (j >= line.length) throw usageError(`${name} has an unclosed " quote.`);
      i = j;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

export function sshBase(env: Deps['env']): { cmd: string; args: string[]; shown: string } {
  const raw = env[SSH_COMMAND_VAR];
  if (raw === undefined || raw.trim() === '') return { cmd: 'ssh', args: [], shown: 'ssh' };
  const words = splitCommand(raw);
  if (words.length === 0) return { cmd: 'ssh', args: [], shown: 'ssh' };
  return { cmd: words[0]!, args: words.slice(1), shown: `${SSH_COMMAND_VAR} (${words[0]})` };
}

export interface RemoteRun {
  /** The remote program's argument list; each word is quoted for the remote shell. */
  argv: readonly string[];
  /** Sent on the channel's stdin (the only way a secret travels). */
  input?: string | undefined;
  timeoutMs?: number | undefined;
  /** Hand this terminal to the remote program (`ssh -t`); no BatchMode, the user may answer prompts. */
  tty?: boolean | undefined;
}

/** The argument list for ssh; exported for tests. */
export function sshArgs(base: string[], host: string, run: RemoteRun): string[] {
  const mode = run.tty === true ? ['-t'] : ['-T', '-o', 'BatchMode=yes'];
  // ssh joins the words after the destination with spaces and gives them to the remote user's shell: quote each.
  return [...base, ...mode, '-o', `ConnectTimeout=${CONNECT_TIMEOUT_S}`, '--', checkHost(host), run.argv.map(shellQuote).join(' ')];
}

export type RemoteFailure =
  | { kind: 'no-ssh'; message: string; fix: string }
  | { kind: 'unreachable'; message: string; fix: string }
  | { kind: 'batch'; message: string; fix: string }
  | { kind: 'timeout'; message: string; fix: string }
  | { kind: 'missing'; message: string; fix: string };

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/**
 * How to put this auth-wizard on `host`. It is not on the npm registry
 * (`npm view auth-wizard` answers 404), so the command that is true today is
 * a tarball of this checkout, copied over and installed there; once it is
 * published this becomes `npm install -g auth-wizard@<version>`.
 */
export function installHint(host: string): string {
  const q = shellQuote(host);
  const tgz = `auth-wizard-${VERSION}.tgz`;
  return `in an auth-wizard checkout: npm pack && scp ${tgz} ${q}: && ssh ${q} ${shellQuote(`npm install -g ./${tgz}`)}`;
}

/** The last meaningful line ssh printed, for a sentence (never the remote program's output). */
function lastLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('Warning: Permanently added'));
  const l = lines.at(-1) ?? '';
  return l.length > 200 ? `${l.slice(0, 200)}…` : l;
}

/** Runs ssh; a failure of ssh itself (or a missing auth-wizard there) comes back classified, anything else is the remote program's own result. */
export async function runRemote(deps: Deps, host: string, run: RemoteRun): Promise<{ ok: true; result: ExecResult } | { ok: false; failure: RemoteFailure }> {
  const base = sshBase(deps.env);
  const args = sshArgs(base.args, host, run);
  const timeoutMs = run.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
  const result = await deps.exec(base.cmd, args, run.tty === true ? { inheritStdio: true } : { timeoutMs, input: run.input ?? '' });
  if (result.stdout.length > OUTPUT_MAX) result.stdout = result.stdout.slice(0, OUTPUT_MAX);
  const failure = classify(result, host, base.shown, timeoutMs, run.argv[0] ?? '', run.tty === true);
  return failure === undefined ? { ok: true, result } : { ok: false, failure };
}

function classify(r: ExecResult, host: string, ssh: string, timeoutMs: number, program: string, tty: boolean): RemoteFailure | undefined {
  const q = shellQuote(host);
  if (r.notFound === true) return { kind: 'no-ssh', message: `${ssh} could not be started: it is not installed or not on PATH.`, fix: `install OpenSSH's client (e.g. apt install openssh-client), or set ${SSH_COMMAND_VAR}` };
  if (r.timedOut === true) return { kind: 'timeout', message: `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`, fix: `check that \`ssh ${q} true\` works` };
  if (r.code === 255) {
    const why = lastLine(r.stderr);
    if (/permission denied|password|passphrase|host key verification failed|keyboard-interactive|no more authentication/i.test(why)) {
      return { kind: 'batch', message: `ssh could not sign in to ${host} without asking (${why || 'no key was accepted'}); auth-wizard runs ssh with BatchMode, where no password or passphrase prompt can be answered.`, fix: `make \`ssh ${q} true\` work without a prompt (ssh-agent, a key in ~/.ssh/config, a known host key), then retry` };
    }
    return { kind: 'unreachable', message: `Could not reach ${host}${why !== '' ? `: ${why}` : ''}.`, fix: `check that \`ssh ${q} true\` works` };
  }
  // The remote shell's "command not found".
  // (With the terminal handed over its stderr is not ours to read; 127 is the shell's code for it.)
  if (r.code === 127 && (tty || /not found|no such file/i.test(r.stderr))) {
    return { kind: 'missing', message: `${program} is not installed on ${host} (or not on the PATH of a non-interactive ssh session there).`, fix: program === 'claude' ? `ssh ${q} 'npm install -g @anthropic-ai/claude-code'` : installHint(host) };
  }
  return undefined;
}

/** A failure as the error a command throws. */
export function remoteError(f: RemoteFailure): AppError {
  return new AppError(f.kind === 'no-ssh' || f.kind === 'missing' ? 'missing_tool' : 'network', f.message, { hint: f.fix });
}

/** Runs `fn` over `items`, at most `limit` at a time, results in the order of `items`. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
