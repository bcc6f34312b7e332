// Runs the user's command for `exec` with the terminal handed over, and passes
// its end through: the same exit status, or, killed by a signal, the same
// signal (re-raised on ourselves once the account is given back, as `env` and
// `timeout` do). SIGINT, SIGTERM and SIGHUP sent to auth-wizard are forwarded
// to the child, which decides; auth-wizard waits for it either way.
//
// This module uses `process` itself, not Deps, on purpose: it is the one place
// that hands this process's terminal, signals and end over to another program,
// which Deps (run-and-capture `exec`, one interrupt listener) has no shape for.
// Commands reach it through ExecIo (commands/exec.ts), which tests replace.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export type ChildEnd = { kind: 'exit'; code: number } | { kind: 'signal'; signal: NodeJS.Signals } | { kind: 'not-found' };

const FORWARD: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function runChild(cmd: string, args: string[], env: Record<string, string | undefined>): Promise<ChildEnd> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, stdio: 'inherit' });
    const handlers = FORWARD.map((s) => {
      const h = () => child.kill(s);
      process.on(s, h);
      return [s, h] as const;
    });
    const done = (end: ChildEnd) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(end);
    };
    child.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ENOENT' ? { kind: 'not-found' } : { kind: 'exit', code: 126 }));
    child.on('exit', (code, signal) => done(signal !== null ? { kind: 'signal', signal } : { kind: 'exit', code: code ?? 1 }));
  });
}

/** The shell's convention for a child killed by a signal: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** Ends this process the way the child ended (after our own clean-up). */
export function endLike(end: ChildEnd): never {
  if (end.kind === 'signal') {
    process.removeAllListeners(end.signal);
    process.kill(process.pid, end.signal);
  }
  process.exit(end.kind === 'exit' ? end.code : end.kind === 'signal' ? signalExitCode(end.signal) : 127);
}
