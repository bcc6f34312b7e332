// Answers for `login` when there is no prompt: one line from stdin, so scripts
// and tests drive every flow (a pasted redirect, a setup-token, an API key).
import type { InStream } from '../deps';
import { AppError } from '../errors';

/** Longer than any redirect URL or key we accept; stops a runaway pipe from filling memory. */
const MAX_LINE = 64 * 1024;

/**
 * The first non-empty line of `stdin`, trimmed; undefined at end of input
 * without one, or when `signal` aborts first (the answer came another way).
 * Reads no further than that line.
 */
export async function readLine(stdin: InStream, signal?: AbortSignal): Promise<string | undefined> {
  if (signal?.aborted) return undefined;
  const it = stdin[Symbol.asyncIterator]();
  let buffer = '';
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([it.next(), aborted]);
      if (next === 'aborted') return undefined;
      if (next.done === true) {
        const last = buffer.trim();
        return last === '' ? undefined : last;
      }
      buffer += typeof next.value === 'string' ? next.value : next.value.toString('utf8');
      for (;;) {
        const nl = buffer.indexOf('\n');
        if (nl === -1) break;
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line !== '') return line;
      }
      if (buffer.length > MAX_LINE) throw new AppError('usage', 'The input on stdin is not one line of a sensible length.');
    }
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    // Stop reading: a stream left mid-iteration keeps the process alive. Not
    // awaited, since a generator busy in next() answers return() only afterwards.
    void Promise.resolve(it.return?.()).catch(() => {});
  }
}
