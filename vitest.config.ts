import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Forks, not threads: worker threads cannot set process.umask (the
    // atomic-write mode tests do). Files stay isolated: sharing modules across
    // files (isolate: false) leaks state between them (measured: an info
    // snapshot then fails).
    pool: 'forks',
    // Half of this suite's time is waiting (child processes, servers, lock
    // clocks), so one worker per core leaves the CPU idle: 1.5 per core (3 on
    // CI's 2 cores) measured faster than 2 on a loaded 2-core machine, with the
    // timing-bound tests still passing; 4 was no better than 3.
    maxWorkers: Math.ceil(availableParallelism() * 1.5),
  },
});
