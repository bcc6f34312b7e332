// The entry point: the only module that reads process.argv/env, builds the real
// dependencies and sets the exit code. Bundled as CommonJS (see
// scripts/build.mjs), so no top-level await.
import { fstatSync, statSync } from 'node:fs';
import { fdWriter } from './adapters/fd-writer';
import { finish } from './adapters/finish';
import { createRealDeps } from './adapters/real-deps';
import { main } from './main';

// A pipe or a file is never a terminal, nor is /dev/null: only another character
// device needs node:tty's answer (loading it costs ~3 ms).
const stdout = fdWriter(1, () => {
  const st = fstatSync(1);
  if (!st.isCharacterDevice()) return false;
  if (process.platform !== 'win32' && st.rdev === statSync('/dev/null').rdev) return false;
  return (require('node:tty') as typeof import('node:tty')).isatty(1);
}, () => process.stdout.columns);
let stdin: NodeJS.ReadStream | undefined;
let stderr: NodeJS.WriteStream | undefined;
const deps = createRealDeps({
  env: process.env,
  platform: process.platform,
  // Not process.stdout: see fd-writer.ts. `isatty` loads node:tty only when asked.
  stdout: () => stdout,
  stderr: () => (stderr ??= process.stderr),
  stdin: () => (stdin ??= process.stdin),
  onSigint: (handler) => process.on('SIGINT', handler),
  exit: (code) => process.exit(code),
});
void main(process.argv.slice(2), deps).then((code) =>
  finish(code, {
    setExitCode: (c) => (process.exitCode = c),
    exit: (c) => process.exit(c),
    // A paste read that lost the race to the browser callback leaves stdin
    // open; finish() stops it (or the process would wait for Enter).
    stdin: () => stdin,
    stderrQueued: () => stderr?.writableLength ?? 0,
  }),
);
