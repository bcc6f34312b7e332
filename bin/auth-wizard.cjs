#!/usr/bin/env node
// The published entry: a thin CommonJS shim over the bundle built by `npm run build` / `prepare`.
require('../dist/cli.cjs');
