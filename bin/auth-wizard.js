#!/usr/bin/env node
// The published entry: a thin shim over the esbuild bundle (built by `npm run build`/`prepare`).
import '../dist/cli.js';
