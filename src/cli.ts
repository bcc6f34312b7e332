// The entry point: the only module that reads process.argv/env, builds the real
// dependencies and sets the exit code. Bundled as CommonJS (see
// scripts/build.mjs), so no top-level await.
import { createRealDeps } from './adapters/real-deps';
import { main } from './main';

const deps = createRealDeps({
  env: process.env,
  platform: process.platform,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  onSigint: (handler) => process.on('SIGINT', handler),
  exit: (code) => process.exit(code),
});
void main(process.argv.slice(2), deps).then((code) => {
  process.exitCode = code;
});
