// Builds dist/: the CLI as CommonJS chunks that load on demand.
//
// Why CommonJS: Node 20 spends ~12 ms bringing up its ESM loader before the
// first line runs, and `status` must stay near `node -e 0`.
// Why chunks: V8 compiles every byte of a script it loads; one bundle of every
// command (login, doctor, jose, …) cost ~10 ms before `--help` could print.
// esbuild splits only ESM, so this splits as ESM, then turns each chunk into
// CommonJS: static imports become require(), and dynamic imports of our own
// chunks become a require() in a promise. @clack/prompts and jose are bundled
// into the chunks of the commands that use them (CommonJS there too, so the
// wizard's first prompt does not wait for the ESM loader); undici (large, and
// only for network calls) and open stay external, loaded with a native import()
// on first use.
import { build, transform } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = join(root, 'dist');
const minify = process.env.AW_NO_MINIFY !== '1';

const esm = await build({
  entryPoints: [join(root, 'src/cli.ts')],
  outdir: dist,
  write: false,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  minify,
  legalComments: 'none',
  chunkNames: '[name]-[hash]',
  // open finds its xdg-open helper through import.meta.url, so it cannot be bundled.
  external: ['undici', 'open'],
  define: { __VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
// Every .js file in dist/ is CommonJS, whatever the package's "type".
writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');
const code = new Map();
for (const file of esm.outputFiles) {
  const cjs = await transform(file.text, { format: 'cjs', platform: 'node', target: 'node20.19', minify, logLevel: 'warning' });
  // Our own chunks load with require(); only the external packages keep import().
  const text = cjs.code.replace(/import\((["'])(\.\/[^"']+)\1\)/g, 'Promise.resolve().then(()=>require($1$2$1))');
  if (/\bimport\((["'])\.\//.test(text)) throw new Error(`build: a dynamic import of a chunk survived in ${file.path}`);
  code.set(basename(file.path), text);
}

// The chunks cli.js needs at once (the `status` path) are inlined into it: each
// file costs a resolve, a read and a compile (~0.4 ms apiece). An inlined chunk
// is registered in require.cache under its own file name, so a command loaded
// later that require()s it gets this same instance, not a second copy.
const staticDeps = (name) => [...code.get(name).matchAll(/require\((["'])\.\/([^"']+)\1\)/g)].filter((m) => !code.get(name).slice(Math.max(0, m.index - 40), m.index).includes('then(')).map((m) => m[2]);
const order = [];
const visit = (name) => {
  if (order.includes(name)) return;
  for (const dep of staticDeps(name)) visit(dep);
  order.push(name);
};
for (const dep of staticDeps('cli.js')) visit(dep);
// Inside cli.js an inlined chunk is taken straight from the cache (no file lookup).
const direct = (text) => text.replace(/require\((["'])\.\/([^"']+)\1\)/g, (m, _q, name) => (order.includes(name) ? `__aw_get(${JSON.stringify(name)})` : m));
const prelude = order
  .map(
    (name) =>
      `{const f=__aw_path.join(__dirname,${JSON.stringify(name)}),m=new __aw_Module(f,module);m.filename=f;m.loaded=true;m.paths=module.paths;require.cache[f]=m;` +
      `(function(exports,require,module,__filename,__dirname){${direct(code.get(name))}\n}).call(m.exports,m.exports,require,m,f,__dirname);}`,
  )
  .join('\n');
const cli = `const __aw_path=require('node:path'),__aw_Module=require('node:module'),__aw_get=(n)=>require.cache[__aw_path.join(__dirname,n)].exports;\n${prelude}\n${direct(code.get('cli.js'))}`;
// The inlined chunks stay on disk too: commands loaded later require() them by
// name, and Node resolves the file before it finds the cached instance.
for (const [name, text] of code) writeFileSync(join(dist, name), name === 'cli.js' ? cli : text);
console.log(`dist/: ${readdirSync(dist).length - 1} files`);
