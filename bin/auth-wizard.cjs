#!/usr/bin/env node
'use strict';
// The published entry: a small loader for the bundles in dist/ (built by
// `npm run build` / `prepare`, scripts/build.mjs): dist/cli.js and the bundles
// it requires on demand (commands-onboard.js, …).
//
// Why not plain require(): compiling a bundle, and then each function the
// first time it runs, is about a quarter of `status`'s own time and a fifth of
// the time to the wizard's first prompt. The build runs those paths once and
// keeps V8's code cache of what they compiled beside each bundle, one file per
// V8 version (dist/<bundle>.v8-<process.versions.v8>.cache). A bundle with a
// cache for this V8 is compiled from it here, as Node's CommonJS loader would
// compile it (same wrapper, same file name); one without goes through require()
// as usual (bundles keep no state, so even one reached both ways would only
// cost time). V8 takes only a cache made by its own version with the same
// flags and source length, and quietly compiles from scratch otherwise; a cache
// made from other bundle text is not used. A build for several Node lines
// writes the caches of each (AUTH_WIZARD_CACHE_NODES, scripts/build.mjs); on a
// Node it has none for, the bundles compile as usual (`npm run bench` measures
// both; README, Start-up budget).
// Caches are written only by the build, beside the code and with the code's
// permissions; never at run time, so no command writes a file it was not asked to.
// That is also why Node's own compile cache (Node >= 22.1) is not turned on here:
// it would write compiled code under the temporary directory, which other users
// of the machine share, and run it on later starts, to save ~1.5-2 ms of
// `status` and `token` on a Node our caches were not built for (measured on
// Node 24). Whoever wants it sets NODE_COMPILE_CACHE=<dir>, which Node applies
// to the bundles loaded through require() below.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
// This V8's caches: V8 rejects any other version's, so only these are worth reading.
const cacheSuffix = `.v8-${process.versions.v8}.cache`;
// Build only: names of the bundles whose cache to write when this run ends.
const writeCaches = new Set((process.env.AUTH_WIZARD_WRITE_CODE_CACHE ?? '').split(',').filter(Boolean));
const debug = process.env.AUTH_WIZARD_DEBUG === '1';

// require() as seen from dist/, made on first use: the bundles' own requires are
// mostly of Node's built-ins, which this file's require() answers the same.
// (module.constructor is Node's Module class: createRequire without loading node:module.)
// Built-ins are kept once asked: esbuild leaves one require("node:path") per
// source module, 28 of them in cli.js alone, and each would go through Node's
// module loader again (~0.3 M instructions of `status`, README Start-up budget).
let fromDist;
const builtins = new Map();
function nodeRequire(id) {
  if (!id.startsWith('node:')) return (fromDist ??= module.constructor.createRequire(path.join(dist, 'cli.js')))(id);
  let m = builtins.get(id);
  if (m === undefined) builtins.set(id, (m = require(id)));
  return m;
}
const loaded = new Map();
let vm;

/** require() for the bundles: ./<bundle>.js from the cache when there is one. */
function bundleRequire(id) {
  if (!id.startsWith('./')) return nodeRequire(id);
  const name = id.slice(2);
  const done = loaded.get(name);
  if (done !== undefined) return done.exports;
  const file = path.join(dist, name);
  const source = fs.readFileSync(file);
  let cachedData;
  if (!writeCaches.has(name)) {
    let cache;
    try {
      cache = fs.readFileSync(file + cacheSuffix);
    } catch {
      if (debug) process.stderr.write(`auth-wizard: ${name}: no code cache for V8 ${process.versions.v8}\n`);
      return nodeRequire(id);
    }
    // V8 checks a cache against the source's length only, so the cache file
    // starts with the bundle it was made from: a bundle changed since, even by
    // a same-length patch with the same timestamp, does not run the old code.
    // Buffer#equals is one memcmp.
    const n = cache.length >= 4 ? cache.readUInt32LE(0) : -1;
    if (n !== source.length || cache.length <= 4 + n || !source.equals(cache.subarray(4, 4 + n))) {
      if (debug) process.stderr.write(`auth-wizard: ${name}: code cache made for another version of the bundle, not used\n`);
      return nodeRequire(id);
    }
    cachedData = cache.subarray(4 + n);
  }
  vm ??= require('node:vm');
  // The same wrapper as Node's CommonJS loader, so the bundle sees what require() would give it.
  // latin1, not utf8: the build keeps every bundle ASCII (scripts/build.mjs), and
  // decoding 94 KB as UTF-8 first validates it, a pass latin1 does not make.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source.toString('latin1')}\n})`, { filename: file, cachedData });
  if (debug && cachedData !== undefined) process.stderr.write(`auth-wizard: ${name}: code cache ${script.cachedDataRejected ? 'rejected' : 'used'}\n`);
  if (writeCaches.has(name)) {
    process.on('exit', () => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(source.length, 0);
      fs.writeFileSync(file + cacheSuffix, Buffer.concat([length, source, script.createCachedData()]));
    });
  }
  const mod = { exports: {}, filename: file, id: file, loaded: false };
  loaded.set(name, mod);
  script.runInThisContext().call(mod.exports, mod.exports, bundleRequire, mod, file, dist);
  mod.loaded = true;
  return mod.exports;
}

try {
  bundleRequire('./cli.js');
} catch (e) {
  if (fs.existsSync(path.join(dist, 'cli.js'))) throw e;
  process.stderr.write(`auth-wizard: ${path.join(dist, 'cli.js')} is missing; build it with \`npm run build\`.\n`);
  process.exit(1);
}
