// How the process ends after main(): at once when nothing needs the event loop
// (no stdin opened, nothing queued on stderr), else by letting the loop drain.
import { describe, expect, it } from 'vitest';
import { finish, type FinishIo } from '../src/adapters/finish';

function io(over: { stdin?: boolean; queued?: number } = {}) {
  const calls: string[] = [];
  const fake: FinishIo = {
    setExitCode: (c) => calls.push(`exitCode=${c}`),
    exit: (c) => calls.push(`exit(${c})`),
    stdin: () => (over.stdin ? { destroy: () => calls.push('stdin.destroy') } : undefined),
    stderrQueued: () => over.queued ?? 0,
  };
  return { fake, calls };
}

describe('finish', () => {
  it('ends the process at once with the exit code when nothing is pending', () => {
    const { fake, calls } = io();
    finish(4, fake);
    expect(calls).toEqual(['exitCode=4', 'exit(4)']);
  });

  it('stops an opened stdin and lets the event loop end the process', () => {
    const { fake, calls } = io({ stdin: true });
    finish(0, fake);
    expect(calls).toEqual(['exitCode=0', 'stdin.destroy']);
  });

  it('does not cut off bytes still queued on stderr', () => {
    const { fake, calls } = io({ queued: 12 });
    finish(3, fake);
    expect(calls).toEqual(['exitCode=3']);
  });
});
