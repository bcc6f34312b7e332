// The one interface every interactive question goes through (login now, the
// onboarding wizard next). Commands ask `flagValue ?? await prompter.x(...)`,
// so flags alone make a command non-interactive, and tests hand in a scripted
// Prompter instead of a terminal.
//
// Contract for implementations:
// - A user's cancel (Ctrl-C, Esc) rejects with ONE error: AppError('cancelled').
// - An aborted `signal` rejects with the signal's reason when it is an
//   AppError, else AppError('cancelled'); the caller that aborted knows why
//   (e.g. the browser callback won the race against a paste prompt).
// - `validate` returns a message to show and ask again, or undefined to accept.
import { AppError, isAppError } from '../errors';

export interface AskOptions {
  /** Ends the question early (the answer came another way). */
  signal?: AbortSignal | undefined;
}

export type Validate = (value: string) => string | undefined;

export interface TextQuestion extends AskOptions {
  message: string;
  /**
   * At a terminal, drawn instead of `message` and redrawn every second while
   * the question is open (a spinner and a countdown); elsewhere `message` is used.
   */
  live?: (() => string) | undefined;
  placeholder?: string | undefined;
  initialValue?: string | undefined;
  /** Returned when the user submits nothing. */
  defaultValue?: string | undefined;
  validate?: Validate | undefined;
}

export interface PasswordQuestion extends AskOptions {
  message: string;
  validate?: Validate | undefined;
}

export interface Choice<T> {
  value: T;
  label: string;
  hint?: string | undefined;
}

export interface SelectQuestion<T> extends AskOptions {
  message: string;
  options: ReadonlyArray<Choice<T>>;
  initialValue?: T | undefined;
}

export interface MultiselectQuestion<T> extends AskOptions {
  message: string;
  options: ReadonlyArray<Choice<T>>;
  initialValues?: readonly T[] | undefined;
  /** At least one choice must be made (default false). */
  required?: boolean | undefined;
}

export interface ConfirmQuestion extends AskOptions {
  message: string;
  initialValue?: boolean | undefined;
}

export interface Spinner {
  start(message: string): void;
  message(message: string): void;
  stop(message?: string): void;
  error(message?: string): void;
}

export interface PromptLog {
  info(message: string): void;
  success(message: string): void;
  step(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  message(message: string): void;
}

export interface Prompter {
  intro(title: string): void;
  outro(message: string): void;
  text(q: TextQuestion): Promise<string>;
  /** Hidden input: nothing typed is echoed. */
  password(q: PasswordQuestion): Promise<string>;
  select<T>(q: SelectQuestion<T>): Promise<T>;
  multiselect<T>(q: MultiselectQuestion<T>): Promise<T[]>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
  spinner(opts?: AskOptions): Spinner;
  note(message: string, title?: string): void;
  log: PromptLog;
}

export function cancelledError(): AppError {
  return new AppError('cancelled', 'Cancelled.');
}

/** The error an aborted question rejects with (see the contract above). */
export function abortedError(signal: AbortSignal): AppError {
  return isAppError(signal.reason) ? signal.reason : new AppError('cancelled', 'The question was withdrawn.', { cause: signal.reason });
}

/**
 * Fails when an answer is needed and there is no terminal to ask on, naming
 * the flag (or input) that supplies it (gh: prompts only when stdin and stdout are TTYs).
 */
export function needsTty(what: string, supply: string): AppError {
  return new AppError('needs_tty', `${what}, and there is no terminal to ask on.`, { hint: `add ${supply}` });
}
