// A strict, queue-based Prompter for step-logic tests (gh's prompter mock):
// each expected question is matched in order by kind and message; an
// unexpected question fails the test, and so do answers left over at the end.
import type { Prompter, Spinner } from '../../src/ui/prompter';
import { AppError } from '../../src/errors';

type Kind = 'text' | 'password' | 'select' | 'multiselect' | 'confirm';

export interface Expectation {
  kind: Kind;
  /** A substring or pattern of the question's message. */
  message: string | RegExp;
  /** The answer, or a function of the offered choices' values; `cancel` simulates Ctrl-C. */
  answer: unknown | ((choices: unknown[]) => unknown);
}

export const CANCEL = Symbol('cancel');

export interface FakePrompter extends Prompter {
  /** Everything said, in order (intro, notes, logs, spinner messages, questions). */
  transcript: string[];
  /** Offered choices per question, for assertions on order and wording. */
  offered: Array<{ message: string; values: unknown[]; labels: string[] }>;
  assertDone(): void;
}

export function fakePrompter(queue: Expectation[]): FakePrompter {
  const transcript: string[] = [];
  const offered: FakePrompter['offered'] = [];
  const pending = [...queue];
  function ask(kind: Kind, message: string, options?: ReadonlyArray<{ value: unknown; label: string }>): unknown {
    transcript.push(`? ${message}`);
    if (options) offered.push({ message, values: options.map((o) => o.value), labels: options.map((o) => o.label) });
    const next = pending.shift();
    if (next === undefined) throw new Error(`fake prompter: unexpected ${kind} question "${message}"`);
    const matches = typeof next.message === 'string' ? message.includes(next.message) : next.message.test(message);
    if (next.kind !== kind || !matches) throw new Error(`fake prompter: expected ${next.kind} "${String(next.message)}", got ${kind} "${message}"`);
    const answer = typeof next.answer === 'function' ? (next.answer as (c: unknown[]) => unknown)(options?.map((o) => o.value) ?? []) : next.answer;
    if (answer === CANCEL) throw new AppError('cancelled', 'Cancelled.');
    if (options && kind === 'select' && !options.some((o) => o.value === answer)) throw new Error(`fake prompter: "${String(answer)}" is not offered for "${message}"`);
    return answer;
  }
  const spinner: Spinner = { start: (m) => transcript.push(`… ${m}`), message: (m) => transcript.push(`… ${m}`), stop: (m) => transcript.push(`✓ ${m ?? ''}`), error: (m) => transcript.push(`✗ ${m ?? ''}`) };
  return {
    transcript,
    offered,
    assertDone() {
      if (pending.length > 0) throw new Error(`fake prompter: ${pending.length} answer(s) never asked for: ${pending.map((p) => String(p.message)).join(', ')}`);
    },
    intro: (t) => transcript.push(`intro ${t}`),
    outro: (m) => transcript.push(`outro ${m}`),
    text: async (q) => ask('text', q.message) as string,
    password: async (q) => ask('password', q.message) as string,
    select: async (q) => ask('select', q.message, q.options) as never,
    multiselect: async (q) => ask('multiselect', q.message, q.options) as never,
    confirm: async (q) => ask('confirm', q.message) as boolean,
    spinner: () => spinner,
    note: (m, title) => transcript.push(`note ${title ?? ''}: ${m}`),
    log: {
      info: (m) => transcript.push(`info ${m}`),
      success: (m) => transcript.push(`success ${m}`),
      step: (m) => transcript.push(`step ${m}`),
      warn: (m) => transcript.push(`warn ${m}`),
      error: (m) => transcript.push(`error ${m}`),
      message: (m) => transcript.push(`message ${m}`),
    },
  };
}
