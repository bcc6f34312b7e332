// Runs before each test file (vitest setupFiles). Files share a worker's
// module graph (vitest.config.ts), so what a helper keeps between calls starts
// again here: each file's generated tokens, and so its snapshots, are the same
// whichever files ran before it in the worker.
import { resetFakeTokens } from './tokens';

resetFakeTokens();
