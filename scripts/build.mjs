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
// undici and open stay external and load with a native import() on first use,
// only from dist/adapters-net.js (open finds its xdg-open helper through
// import.meta.url); @clack/prompts and jose are bundled into the commands that
// use them.
//
// Last, the build warms V8's code caches (see bin/auth-wizard.cjs): it runs
// `status`, `token`, `info` and the wizard up to its first prompt over a home of
// its own (scripts/warmup-home.mjs: one credential of every store, tokens made
// up on the spot) and keeps what V8 compiled beside each bundle
// (dist/<bundle>.v8-<version>.cache). Any home with credentials runs the same
// functions; this one is simply the one that reaches every parser. V8 takes a
// cache only from its own version, so the runs are made with the Node running
// the build and with each Node named in AUTH_WIZARD_CACHE_NODES (paths of node
// executables, separated as in PATH): a package packed that way starts as fast
// on each of those Node lines. AUTH_WIZARD_NO_CODE_CACHE=1 skips the step.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join, relative, resolve } from 'node:path';
import { warmupHome } from './warmup-home.mjs';

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

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  // @napi-rs/keyring: a native addon, required at run time by dist/adapters-keyring.js only.
  external: ['undici', 'open', '@napi-rs/keyring'],
  alias: { 'string-width': join(src, 'report', 'cell-width.cjs') },
  define: { __VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

// src/stores/ids.ts derives the lists the specs name (--source choices, the
// tools' providers) from STORES. Bundled as it is, every spec bundle would
// carry a copy of every store; so it is evaluated here, once, and each bundle
// gets its values as literals. Nothing else changes: same lists, same order.
const idsFile = join(src, 'stores', 'ids.ts');
async function storeIdsModule() {
  const r = await build({ ...common, entryPoints: [idsFile], write: false, minify: false });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(mod, mod.exports, createRequire(idsFile));
  const { STORE_IDS, TOOL_PROVIDER_IDS } = mod.exports;
  if (!Array.isArray(STORE_IDS) || !Array.isArray(TOOL_PROVIDER_IDS)) throw new Error('src/stores/ids.ts: STORE_IDS and TOOL_PROVIDER_IDS must be arrays');
  return `export const STORE_IDS = ${JSON.stringify(STORE_IDS)};\nexport const TOOL_PROVIDER_IDS = ${JSON.stringify(TOOL_PROVIDER_IDS)};\n`;
}
// The Nodes named to warm caches on are checked first: one that does not run
// fails the build before dist/ is touched.
const cacheOn = process.env.AUTH_WIZARD_NO_CODE_CACHE === '1' ? [] : cacheNodes();
const idsContents = await storeIdsModule();
const storeIds = {
  name: 'store-ids',
  setup(b) {
    b.onLoad({ filter: /[\\/]stores[\\/]ids\.ts$/ }, (args) => (args.path === idsFile ? { contents: idsContents, loader: 'ts' } : undefined));
  },
};

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
    ...common,
    minify,
    legalComments: 'none',
    plugins: [storeIds, lazyModules(found)],
  });
  let code = result.outputFiles[0].text;
  // esbuild keeps import() of externals as it is; for our own bundles and for
  // Node's built-ins that would bring up the ESM loader, so they use require().
  code = code.replace(/import\((["'])(\.\/[^"']+|node:[^"']+)\1\)/g, 'Promise.resolve().then(()=>require($1$2$1))');
  // V8 keeps a script with a single non-ASCII character as two-byte text: twice
  // the memory, a slower decode and scan on every start. esbuild escapes strings
  // but not regex literals, so those are written with \u escapes in src/.
  const wide = /[^\x00-\x7f]/.exec(code);
  if (wide !== null) throw new Error(`${relative(root, out)}: non-ASCII ${JSON.stringify(wide[0])} near ${JSON.stringify(code.slice(Math.max(0, wide.index - 40), wide.index + 10))}; write it as a \\u escape in the source`);
  writeFileSync(out, code);
  pending.push(...found);
}
console.log(`dist/: ${built.size} bundles`);

// The runs that warm the caches: each writes the caches of the bundles it names
// (bundles loaded by the run; see bin/auth-wizard.cjs). The wizard needs a
// terminal: util-linux's script(1) gives it one, and Ctrl-C at its first
// prompt ends it, as a person leaving would.
const WARM_RUNS = [
  { argv: ['status'], bundles: ['cli.js'] },
  { argv: ['token', '--provider', 'openai', '--source', 'codex'], bundles: ['specs-token.js', 'commands-token.js'] },
  { argv: ['info', '--provider', 'openai'], bundles: ['specs-info.js', 'commands-info.js'] },
  { argv: ['onboard'], bundles: ['specs-onboard.js', 'commands-onboard.js', 'ui-terminal-prompter.js'], terminal: 'Which providers' },
];

const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Runs the CLI once on `node` with AUTH_WIZARD_WRITE_CODE_CACHE; resolves to an error message or undefined. */
function warmRun(run, home, node) {
  for (const b of run.bundles) {
    // A bundle run from a cache is a vm.Script, where a native import() needs an
    // experimental hook: such code belongs in a bundle loaded by require() (adapters/net.ts).
    if (/[^\w$.]import\(/.test(readFileSync(join(dist, b), 'utf8'))) throw new Error(`dist/${b} has a native import(); it cannot run from a code cache`);
  }
  const bin = join(root, 'bin', 'auth-wizard.cjs');
  // Nothing but the fixture home: on Windows the home directory is USERPROFILE, on
  // macOS Claude Code's Keychain item is named after CLAUDE_CONFIG_DIR, and no
  // request may leave the machine (a refresh would rotate a real token).
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    AUTH_WIZARD_OPENAI_ISSUER: 'http://127.0.0.1:9',
    NO_COLOR: '1',
    TERM: 'xterm-256color',
    BROWSER: 'none',
    AUTH_WIZARD_WRITE_CODE_CACHE: run.bundles.join(','),
  };
  if (run.terminal === undefined) {
    const r = spawnSync(node, [bin, ...run.argv], { env, encoding: 'utf8' });
    return Promise.resolve(r.status === 0 ? undefined : `\`${run.argv.join(' ')}\` exited ${r.status}: ${r.stderr.trim()}`);
  }
  if (process.platform !== 'linux') return Promise.resolve(`\`${run.argv.join(' ')}\` needs util-linux script(1); skipped`);
  const command = `stty cols 80 rows 30 && exec ${[node, bin, ...run.argv].map(quote).join(' ')}`;
  return new Promise((done) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    let screen = '';
    let asked = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout.on('data', (d) => {
      screen += d;
      if (!asked && screen.includes(run.terminal)) {
        asked = true;
        child.stdin.write('\x03');
      }
    });
    child.on('error', (e) => done(`script(1): ${e.message}`));
    child.on('close', (code) => {
      clearTimeout(timer);
      // The wizard ends a cancelled run with exit code 2.
      done(asked && code === 2 ? undefined : `\`${run.argv.join(' ')}\` in a terminal: ${asked ? `exit ${code}` : `never showed "${run.terminal}"`}`);
    });
  });
}

/** The Nodes to warm the caches on: the one running the build, then AUTH_WIZARD_CACHE_NODES in order (one per V8 version). */
function cacheNodes() {
  const asked = (process.env.AUTH_WIZARD_CACHE_NODES ?? '').split(delimiter).filter((p) => p !== '');
  const nodes = [{ bin: process.execPath, version: process.version, v8: process.versions.v8 }];
  for (const bin of asked) {
    const r = spawnSync(bin, ['-p', 'process.version + " " + process.versions.v8'], { encoding: 'utf8' });
    // Asked for by name: a Node that cannot run fails the build rather than leaving a package without its caches.
    if (r.status !== 0) throw new Error(`AUTH_WIZARD_CACHE_NODES: ${bin} did not run (${r.error?.message ?? `exit ${r.status}: ${r.stderr.trim()}`})`);
    const [version, v8] = r.stdout.trim().split(' ');
    if (!nodes.some((n) => n.v8 === v8)) nodes.push({ bin, version, v8 });
  }
  return nodes;
}

/** Warms every bundle's cache on `node`; one line per cache written (or why not). */
async function warmCodeCache(node, home) {
  const lines = [];
  for (const run of WARM_RUNS) {
    const problem = await warmRun(run, home, node.bin);
    for (const b of run.bundles) {
      const name = `${b}.v8-${node.v8}.cache`;
      const cache = join(dist, name);
      lines.push(existsSync(cache) ? `${name} ${readFileSync(cache).length} bytes` : `${b}: no cache (${problem ?? 'not loaded'})`);
    }
  }
  return lines;
}

if (cacheOn.length > 0) {
  const home = warmupHome();
  try {
    for (const node of cacheOn) {
      // An optimisation only: without the caches the CLI works the same, a few ms slower.
      const lines = await warmCodeCache(node, home).catch((e) => [`not written: ${e.message}`]);
      console.log(`V8 code caches (Node ${node.version}, V8 ${node.v8}):\n  ${lines.join('\n  ')}`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
