// The built CLI (dist/ via bin/), for tests that run it as a user does.
// Tests never build it themselves: `npm test` builds before vitest runs, and a
// test rebuilding dist/ would pull it from under other test files running in parallel.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export function builtCli(): string {
  if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does) before these tests');
  const bin = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['auth-wizard']!;
  return join(repoRoot, bin);
}
