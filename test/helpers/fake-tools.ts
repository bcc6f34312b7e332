// Fake tool CLIs on a temporary PATH: shell scripts that log how they were
// run (arguments and the environment variables a test asks about) and, when
// told to, write the tool's file in the upstream format and exit with a code.
// As the claude-CLI tests do, nothing of the real tools runs.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './fixture-home';

export interface FakeTool {
  /** Executable name, e.g. `gemini`. */
  bin: string;
  /** A file to write, relative to $HOME (created with its folders, mode 0600), and its content. */
  writes?: { rel: string; content: string } | undefined;
  exit?: number;
  /** Environment variables whose values the script logs (e.g. NO_BROWSER). */
  logEnv?: string[];
}

export interface FakeBin {
  dir: string;
  /** `PATH` with the fakes first, then what the shell scripts need. */
  path: string;
  /** Lines each fake logged: `<bin> args: …` and `<bin> env NAME=value`. */
  log(): string[];
}

export function fakeBin(tools: readonly FakeTool[]): FakeBin {
  const dir = tempDir('aw-fakebin-');
  const logFile = join(dir, 'calls.log');
  for (const t of tools) {
    const lines = ['#!/bin/sh', `echo "${t.bin} args: $*" >> '${logFile}'`];
    for (const v of t.logEnv ?? []) lines.push(`echo "${t.bin} env ${v}=\${${v}-<unset>}" >> '${logFile}'`);
    if (t.writes !== undefined) {
      const payload = join(dir, `${t.bin}.payload`);
      writeFileSync(payload, t.writes.content);
      const target = `"$HOME/${t.writes.rel}"`;
      lines.push(`mkdir -p "$(dirname ${target})"`, `cp '${payload}' ${target}`, `chmod 600 ${target}`);
    }
    lines.push(`exit ${t.exit ?? 0}`);
    const file = join(dir, t.bin);
    writeFileSync(file, lines.join('\n') + '\n');
    chmodSync(file, 0o755);
  }
  return {
    dir,
    path: `${dir}:/usr/bin:/bin`,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter((l) => l !== '') : []),
  };
}

/** A folder of executables that, if anything runs them, leave a marker file behind (and exit 1). */
export function trapBin(names: readonly string[]): { dir: string; markers: () => string[] } {
  const dir = tempDir('aw-trapbin-');
  const marks = join(dir, 'ran');
  mkdirSync(marks);
  for (const n of names) {
    const file = join(dir, n);
    writeFileSync(file, `#!/bin/sh\ntouch '${join(marks, n)}'\nexit 1\n`);
    chmodSync(file, 0o755);
  }
  return {
    dir,
    markers: () => names.filter((n) => existsSync(join(marks, n))),
  };
}
