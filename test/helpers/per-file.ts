// Runs before each test file (vitest setupFiles). Files share a worker's
// module graph (vitest.config.ts), so what a helper keeps between calls starts
// again here: each file's generated tokens, and so its snapshots, are the same
// whichever files ran before it in the worker. After the file (its own
// afterAll hooks first: servers stopped, children killed), the temporary
// directories it made are removed.
import { afterAll } from 'vitest';
import { removeTempDirs } from './fixture-home';
import { resetFakeTokens } from './tokens';

resetFakeTokens();
afterAll(removeTempDirs);
