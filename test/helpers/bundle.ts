// Bundles one source module into a self-contained ESM file that a child
// process can import: for tests that kill, race or crash real processes.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function bundleForChild(sourceFromRepoRoot: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL(`../../${sourceFromRepoRoot}`, import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
    // CommonJS dependencies (proper-lockfile) require() Node's built-ins.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  });
}
