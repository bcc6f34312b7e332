import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './test/helpers/sequencer';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Forks, not threads: worker threads cannot set process.umask (the
    // atomic-write mode tests do).
    pool: 'forks',
    // Part of this suite's time is waiting (child processes, servers, lock
    // clocks), so one worker per core leaves the CPU idle: 1.5 per core (3 on
    // CI's 2 cores) is faster than 2 (measured on a 2-core machine: 2 workers
    // 53.6-54.8 s, 3 workers 32-40 s), and 4 was no better than 3 (38-47 s).
    maxWorkers: Math.ceil(availableParallelism() * 1.5),
    // Before each file: the state helpers keep starts again; after it, the
    // temporary directories the file made are removed.
    setupFiles: ['test/helpers/per-file.ts'],
    // Known-long files first (test/helpers/sequencer.ts). A sequencer given
    // here replaces vitest's random one, so `--sequence.shuffle.files` would
    // silently run this order instead: when it is asked for, vitest's is kept.
    sequence: process.argv.some((a) => a.startsWith('--sequence.shuffle')) ? {} : { sequencer: LongFirstSequencer },
    include: ['test/**/*.test.ts'],
    // A worker runs its files in one module graph: the sources, oidc-provider
    // and jose are imported once per worker instead of once per file (the
    // suite's CPU on 2 cores: 110 s -> 67 s). The state that would carry from
    // one file to the next is reset before each file (test/helpers/per-file.ts);
    // src/ keeps none a later file could see: its one cache, decoded JWTs, is
    // keyed by the token, and the layout's test switch is reset after each test
    // that sets it. For the same reason no test replaces a module (vi.mock):
    // the replacement would reach the files after it in the worker; edges are
    // replaced through Deps instead (test/architecture.test.ts checks).
    isolate: false,
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache,
    // keyed by content and by vite's settings): a second run on the same Node
    // line skips the TypeScript transforms (5.3 s of transform time -> 1.1 s
    // here). The key holds vite's list of Node built-ins, which differs by line,
    // so in CI only Node 22's run reuses Node 20's (README "Tests").
    experimental: { fsModuleCache: true },
  },
});
