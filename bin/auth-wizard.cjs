#!/usr/bin/env node
// The published entry: a thin CommonJS shim over the bundle built by `npm run build` / `prepare`.
// Node 22.1+ can keep V8's compiled code between runs; older Nodes skip this.
require('node:module').enableCompileCache?.();
require('../dist/cli.js');
