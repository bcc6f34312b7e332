// How the process ends once main() has its exit code. Left to itself, Node
// ends only when the event loop is empty, and then runs the tasks V8 queued
// meanwhile: after `status` over a home with every store, that is a young-
// generation garbage collection of a heap about to be thrown away (~1.4 M
// instructions, ~1 ms; README, Start-up budget). Every write of ours is done by
// then (stdout is written synchronously, fd-writer.ts), so the process can end
// at once, as most CLIs do, unless something still needs the loop:
// - stdin was opened (a prompt or a paste read): destroyed, and the loop
//   winds down as usual, so a terminal left in raw mode is restored by Node;
// - process.stderr still holds queued bytes (an asynchronous pipe, as on
//   macOS): ending now would cut them off.
export interface FinishIo {
  setExitCode(code: number): void;
  exit(code: number): void;
  /** process.stdin, if a command opened it. */
  stdin(): { destroy(): unknown } | undefined;
  /** Bytes process.stderr still has queued, or 0 if it was never built. */
  stderrQueued(): number;
}

export function finish(code: number, io: FinishIo): void {
  io.setExitCode(code);
  const stdin = io.stdin();
  if (stdin !== undefined) {
    stdin.destroy();
    return;
  }
  if (io.stderrQueued() > 0) return;
  io.exit(code);
}
