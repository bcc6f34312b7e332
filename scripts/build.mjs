// Bundles src/cli.ts into one CommonJS file, dist/cli.cjs.
// Why CommonJS: Node 20 spends ~12 ms bringing up its ESM loader before the
// first line runs; `status` must stay near `node -e 0`, so the entry is CJS.
// Our own modules behind `import()` become lazy initialisers inside the bundle
// (their code runs only when a command needs it). The heavy dependencies that
// only sign-in needs (undici, open, @clack/prompts) stay external and are
// loaded with a native import() on first use, so `status`/`info` never load
// them. jose is bundled (tree-shaken to what doctor --live uses).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  minify: process.env.AW_NO_MINIFY !== "1",
  sourcemap: false,
  legalComments: 'none',
  external: ['undici', 'open', '@clack/prompts'],
  define: { __VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
