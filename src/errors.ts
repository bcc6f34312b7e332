// Typed errors with stable codes. Every failure a user can meet becomes one of
// these; src/cli.ts maps them to exit codes in exactly one place.

/** Exit codes, documented in the README (gh's convention). */
export const ExitCode = {
  ok: 0,
  error: 1,
  cancelled: 2,
  usage: 3,
  authNeeded: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'usage' // bad flag or argument
  | 'cancelled' // the user pressed Ctrl-C / chose cancel
  | 'auth_needed' // no usable credential; sign in again
  | 'not_found' // the named credential/profile/source does not exist
  | 'corrupt_file' // a file we must not overwrite could not be parsed
  | 'foreign_file' // the write would replace another user's file or land in another user's folder
  | 'io' // reading or writing a file failed
  | 'lock_timeout' // could not take the credential lock in time
  | 'oauth' // the authorization server answered with an OAuth error
  | 'state_mismatch' // the callback/pasted state is missing or wrong
  | 'network' // could not reach the server / timed out
  | 'port_busy' // the loopback callback port is taken
  | 'needs_tty' // a prompt was needed but there is no terminal
  | 'missing_tool' // an external CLI (claude, codex) is not installed
  | 'report_printed' // a full report was printed; only the exit code remains
  | 'internal';

const exitFor: Record<ErrorCode, ExitCode> = {
  usage: ExitCode.usage,
  cancelled: ExitCode.cancelled,
  auth_needed: ExitCode.authNeeded,
  not_found: ExitCode.authNeeded,
  corrupt_file: ExitCode.error,
  foreign_file: ExitCode.error,
  io: ExitCode.error,
  lock_timeout: ExitCode.error,
  oauth: ExitCode.authNeeded,
  state_mismatch: ExitCode.authNeeded,
  network: ExitCode.error,
  port_busy: ExitCode.error,
  needs_tty: ExitCode.usage,
  missing_tool: ExitCode.error,
  report_printed: ExitCode.error,
  internal: ExitCode.error,
};

/**
 * Marks every AppError. dist/ is several bundles (one per lazily loaded
 * command), each with its own copy of this class, so `instanceof` cannot tell
 * across them; a registered symbol can.
 */
const APP_ERROR = Symbol.for('auth-wizard.AppError');

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  /** A command that fixes the problem, shown on its own line. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; cause?: unknown; exitCode?: ExitCode } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.exitCode = opts.exitCode ?? exitFor[code];
    this.hint = opts.hint;
    Object.defineProperty(this, APP_ERROR, { value: true });
  }
}

/** Thrown after a command already printed its full report and only needs a non-zero exit. */
export class ReportPrinted extends AppError {
  constructor(exitCode: ExitCode) {
    super('report_printed', '', { exitCode });
  }
}

export function usageError(message: string, hint?: string): AppError {
  return new AppError('usage', message, hint === undefined ? {} : { hint });
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[APP_ERROR] === true;
}

/** The "report already printed" error, from any bundle. */
export function isReportPrinted(e: unknown): e is ReportPrinted {
  return isAppError(e) && e.code === 'report_printed';
}
