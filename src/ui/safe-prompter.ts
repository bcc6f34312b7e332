// The Prompter with every text it is given made terminal-safe first (see
// core/terminal-safe.ts): the wizard's notes, hints and log lines carry emails,
// plans, profile ids, paths and server messages, and clack draws them raw
// among its own escape codes. Line breaks in a message are the caller's and
// are kept; a field that held one was escaped before it was put in a line.
import { terminalSafeLines } from '../core/terminal-safe';
import type { Choice, Prompter, Spinner } from './prompter';

const SAFE = Symbol.for('auth-wizard.safePrompter');

const t = terminalSafeLines;
const opt = (s: string | undefined) => (s === undefined ? undefined : t(s));

function choices<T>(options: ReadonlyArray<Choice<T>>): Choice<T>[] {
  return options.map((o) => ({ ...o, label: t(o.label), ...(o.hint !== undefined ? { hint: t(o.hint) } : {}) }));
}

export function safePrompter(p: Prompter): Prompter {
  if ((p as Prompter & { [SAFE]?: true })[SAFE] === true) return p;
  const safe: Prompter = {
    intro: (title) => p.intro(t(title)),
    outro: (message) => p.outro(t(message)),
    text: (q) => {
      const { live } = q;
      return p.text({ ...q, message: t(q.message), live: live === undefined ? undefined : () => t(live()), placeholder: opt(q.placeholder) });
    },
    password: (q) => p.password({ ...q, message: t(q.message) }),
    select: (q) => p.select({ ...q, message: t(q.message), options: choices(q.options) }),
    multiselect: (q) => p.multiselect({ ...q, message: t(q.message), options: choices(q.options) }),
    confirm: (q) => p.confirm({ ...q, message: t(q.message) }),
    spinner: (o) => {
      const s = p.spinner(o);
      const spin: Spinner = { start: (m) => s.start(t(m)), message: (m) => s.message(t(m)), stop: (m) => s.stop(opt(m)), error: (m) => s.error(opt(m)) };
      return spin;
    },
    note: (message, title) => p.note(t(message), opt(title)),
    log: {
      info: (m) => p.log.info(t(m)),
      success: (m) => p.log.success(t(m)),
      step: (m) => p.log.step(t(m)),
      warn: (m) => p.log.warn(t(m)),
      error: (m) => p.log.error(t(m)),
      message: (m) => p.log.message(t(m)),
    },
  };
  Object.defineProperty(safe, SAFE, { value: true });
  return safe;
}
