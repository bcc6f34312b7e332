// Builds dist/: CommonJS bundles that load on demand.
//
// Why CommonJS: Node 20 spends ~12 ms bringing up its ESM loader before the
// first line runs, and `status` must stay near `node -e 0`.
// Why several bundles: V8 compiles every byte of a script it loads, so one
// bundle of every command (login, doctor, jose, …) cost ~10 ms before `--help`
// could print; and esbuild's code splitting (ESM only) leaves the hot path in a
// dozen small chunks with module wrappers of their own. So:
// - dist/cli.js holds the entry and everything it imports statically: the
//   command table, `status`, discovery and the renderers, as one plain bundle;
// - every module reached through `import('./…')` becomes its own bundle
//   (dist/<path>.js), required when first needed. A bundle carries its own copy
//   of what it shares with others; no module keeps state, and AppError is
//   recognised by a registered symbol, not by class identity (src/errors.ts).
// undici and open stay external and load with a native import() on first use
// (open finds its xdg-open helper through import.meta.url); @clack/prompts and
// jose are bundled into the commands that use them.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const src = join(root, 'src');
const dist = join(root, 'dist');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const minify = process.env.AW_NO_MINIFY !== '1';

/** dist file name for a lazily loaded source module: src/commands/login.ts → commands-login.js */
const outName = (file) => relative(src, file).replace(/\.ts$/, '').split(/[\\/]/).join('-') + '.js';

const pending = [join(src, 'cli.ts')];
const built = new Set();

function lazyModules(found) {
  return {
    name: 'lazy-modules',
    setup(b) {
      // A dynamic import of our own code becomes a separate bundle, loaded with require().
      b.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const file = resolve(args.resolveDir, args.path) + '.ts';
        found.push(file);
        return { path: `./${outName(file)}`, external: true, namespace: 'lazy' };
      });
    },
  };
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// Every .js file in dist/ is CommonJS, whatever the package's "type".
writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');

while (pending.length > 0) {
  const entry = pending.shift();
  if (built.has(entry)) continue;
  built.add(entry);
  const found = [];
  const out = join(dist, entry === join(src, 'cli.ts') ? 'cli.js' : outName(entry));
  const result = await build({
    entryPoints: [entry],
    outfile: out,
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    minify,
    legalComments: 'none',
    external: ['undici', 'open'],
    define: { __VERSION__: JSON.stringify(version) },
    plugins: [lazyModules(found)],
    logLevel: 'warning',
  });
  let code = result.outputFiles[0].text;
  // esbuild keeps import() of externals as it is; for our own bundles and for
  // Node's built-ins that would bring up the ESM loader, so they use require().
  code = code.replace(/import\((["'])(\.\/[^"']+|node:[^"']+)\1\)/g, 'Promise.resolve().then(()=>require($1$2$1))');
  writeFileSync(out, code);
  pending.push(...found);
}
console.log(`dist/: ${built.size} bundles`);
