// The Prompter on top of @clack/prompts. clack is loaded on first use (it
// costs start-up time no non-interactive command should pay), and this is the
// only place that knows clack's cancel symbol: every cancel becomes one
// AppError('cancelled'), never a process.exit (house-style anti-pattern).
import type { Readable, Writable } from 'node:stream';
import { abortedError, cancelledError, type AskOptions, type Choice, type MultiselectQuestion, type Prompter, type SelectQuestion, type Spinner, type TextQuestion, type Validate } from './prompter';

export type ClackModule = typeof import('@clack/prompts');

export interface ClackIo {
  /** Default process.stdin. */
  input?: Readable | undefined;
  /** Where prompts are drawn; default process.stdout. Commands pass stderr so stdout stays data. */
  output?: Writable | undefined;
}

/** Loads clack and returns a Prompter bound to `io`. `load` is replaceable for tests. */
export async function loadClackPrompter(io: ClackIo = {}, load: () => Promise<ClackModule> = () => import('@clack/prompts')): Promise<Prompter> {
  const clack = await load();
  return clackPrompter(clack, io);
}

/** clack's stream and signal options for one question. */
function commonOf(io: ClackIo, o: AskOptions = {}) {
  return {
    ...(io.input !== undefined ? { input: io.input } : {}),
    ...(io.output !== undefined ? { output: io.output } : {}),
    ...(o.signal !== undefined ? { signal: o.signal } : {}),
  };
}

/** The one translation of clack's cancel value. */
async function answer<T>(clack: ClackModule, signal: AbortSignal | undefined, pending: Promise<T | symbol>): Promise<T> {
  if (signal?.aborted) {
    // clack resolves at once with the cancel symbol; don't draw a prompt for nothing.
    pending.catch(() => {});
    throw abortedError(signal);
  }
  const value = await pending;
  if (clack.isCancel(value)) throw signal?.aborted === true ? abortedError(signal) : cancelledError();
  return value as T;
}

const validator = (v: Validate | undefined) => (v === undefined ? undefined : (value: string | undefined) => v(value ?? ''));

/** A text question; one with a `live` message is redrawn once a second on a terminal. */
function textPrompt(clack: ClackModule, io: ClackIo, q: TextQuestion): Promise<string> {
  const opts = {
    ...commonOf(io, q),
    message: q.message,
    ...(q.placeholder !== undefined ? { placeholder: q.placeholder } : {}),
    ...(q.initialValue !== undefined ? { initialValue: q.initialValue } : {}),
    ...(q.defaultValue !== undefined ? { defaultValue: q.defaultValue } : {}),
    ...(q.validate !== undefined ? { validate: validator(q.validate) } : {}),
  };
  const { live } = q;
  // Redrawn only on a terminal: into a file or pipe it would be a line of escape codes a second.
  if (live === undefined || io.output === undefined || (io.output as { isTTY?: boolean }).isTTY !== true) return answer<string>(clack, q.signal, clack.text(opts));
  // clack reads the message on every render and renders again when its output
  // reports a resize: a getter and a once-a-second 'resize' redraw it in place.
  Object.defineProperty(opts, 'message', { get: live, enumerable: true });
  const output = io.output;
  const timer = setInterval(() => output.emit('resize'), 1000);
  return answer<string>(clack, q.signal, clack.text(opts)).finally(() => clearInterval(timer));
}

export function clackPrompter(clack: ClackModule, io: ClackIo = {}): Prompter {
  const common = (o: AskOptions = {}) => commonOf(io, o);
  const out = io.output !== undefined ? { output: io.output } : {};

  return {
    intro: (title) => clack.intro(title, out),
    outro: (message) => clack.outro(message, out),
    text: (q) => textPrompt(clack, io, q),
    password: (q) =>
      answer<string>(clack, q.signal, clack.password({ ...common(q), message: q.message, ...(q.validate !== undefined ? { validate: validator(q.validate) } : {}) })),
    select: <T>(q: SelectQuestion<T>) =>
      answer<T>(
        clack,
        q.signal,
        clack.select<T>({
          ...common(q),
          message: q.message,
          options: clackOptions(q.options) as unknown as Parameters<typeof clack.select<T>>[0]['options'],
          ...(q.initialValue !== undefined ? { initialValue: q.initialValue } : {}),
        }),
      ),
    multiselect: <T>(q: MultiselectQuestion<T>) =>
      answer<T[]>(
        clack,
        q.signal,
        clack.multiselect<T>({
          ...common(q),
          message: q.message,
          options: clackOptions(q.options) as unknown as Parameters<typeof clack.multiselect<T>>[0]['options'],
          ...(q.initialValues !== undefined ? { initialValues: q.initialValues } : {}),
          required: q.required ?? false,
        }),
      ),
    confirm: (q) => answer<boolean>(clack, q.signal, clack.confirm({ ...common(q), message: q.message, ...(q.initialValue !== undefined ? { initialValue: q.initialValue } : {}) })),
    spinner(o = {}): Spinner {
      const s = clack.spinner({ ...common(o) });
      return {
        start: (m) => s.start(m),
        message: (m) => s.message(m),
        stop: (m) => s.stop(m),
        error: (m) => s.error(m),
      };
    },
    note: (message, title) => clack.note(message, title, out),
    log: {
      info: (m) => clack.log.info(m, out),
      success: (m) => clack.log.success(m, out),
      step: (m) => clack.log.step(m, out),
      warn: (m) => clack.log.warn(m, out),
      error: (m) => clack.log.error(m, out),
      message: (m) => clack.log.message(m, out),
    },
  };
}

function clackOptions<T>(options: ReadonlyArray<Choice<T>>): Array<{ value: T; label: string; hint?: string }> {
  return options.map((o) => ({ value: o.value, label: o.label, ...(o.hint !== undefined ? { hint: o.hint } : {}) }));
}

/** For commands: an OutStream that really is a stream can host clack's drawing. */
export function asWritable(stream: unknown): Writable | undefined {
  return typeof stream === 'object' && stream !== null && typeof (stream as Writable).on === 'function' && typeof (stream as Writable).write === 'function'
    ? (stream as Writable)
    : undefined;
}

export function asReadable(stream: unknown): Readable | undefined {
  return typeof stream === 'object' && stream !== null && typeof (stream as Readable).on === 'function' && typeof (stream as Readable).read === 'function'
    ? (stream as Readable)
    : undefined;
}
