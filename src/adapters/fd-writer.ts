// stdout as a plain synchronous writer on file descriptor 1. Building
// process.stdout costs ~3 ms (it loads the stream, net and tty machinery);
// `status` only needs to write a few KB and exit. Prompts draw on the real
// process.stderr stream, which is built only by the commands that prompt.
import { writeSync } from 'node:fs';
import type { OutStream } from '../deps';

/** `columns` is asked only when the descriptor is a terminal (it needs the tty machinery). */
export function fdWriter(fd: number, isatty: () => boolean, columns: () => number | undefined = () => undefined): OutStream {
  let tty: boolean | undefined;
  return {
    write(chunk: string): boolean {
      let buf = Buffer.from(chunk, 'utf8');
      while (buf.length > 0) {
        try {
          buf = buf.subarray(writeSync(fd, buf));
        } catch (e) {
          // A non-blocking pipe that is full: wait for the reader, then go on.
          if ((e as NodeJS.ErrnoException).code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          // The reader went away (`| head`): stop writing, as a stream would.
          else if ((e as NodeJS.ErrnoException).code === 'EPIPE') return false;
          else throw e;
        }
      }
      return true;
    },
    get isTTY() {
      return (tty ??= isatty());
    },
    get columns() {
      return this.isTTY ? columns() : undefined;
    },
  };
}
