// The Prompter without a terminal: what the wizard says is printed as plain
// lines (to stderr, so stdout stays clean), and any question is an error that
// names the flag to add — a command without a TTY never waits for input.
import type { OutStream } from '../deps';
import { AppError } from '../errors';
import type { Prompter, Spinner } from './prompter';

function askError(message: string): AppError {
  return new AppError('needs_tty', `"${message}" needs an answer, and there is no terminal to ask on.`, { hint: 'give the answer as a flag (see --help)' });
}

export function plainPrompter(out: OutStream): Prompter {
  const line = (s: string) => out.write(s + '\n');
  const spinner: Spinner = { start: (m) => line(`… ${m}`), message: (m) => line(`… ${m}`), stop: (m) => m !== undefined && line(m), error: (m) => m !== undefined && line(`✗ ${m}`) };
  return {
    intro: (t) => line(t),
    outro: (m) => line(m),
    text: async (q) => Promise.reject(askError(q.message)),
    password: async (q) => Promise.reject(askError(q.message)),
    select: async (q) => Promise.reject(askError(q.message)),
    multiselect: async (q) => Promise.reject(askError(q.message)),
    confirm: async (q) => Promise.reject(askError(q.message)),
    spinner: () => spinner,
    note: (m, title) => line(`${title !== undefined ? `${title}:\n` : ''}${m.replace(/^/gm, '  ')}`),
    log: { info: (m) => line(m), success: (m) => line(`✓ ${m}`), step: (m) => line(m), warn: (m) => line(`! ${m}`), error: (m) => line(`✗ ${m}`), message: (m) => line(m) },
  };
}
