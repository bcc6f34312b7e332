// onPathProbe (src/onboard/installed.ts, over src/fs/on-path.ts): whether an executable is on PATH,
// for the wizard's pre-selection and `login --provider <tool>`. An executable
// file counts, a file without the execute bit does not; each name
// is looked up once per run (the wizard asks for the same ones several times
// before its first question).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPathProbe } from '../src/onboard/installed';
import { tempHome } from './helpers/fixture-home';

function binDirs() {
  const root = tempHome('aw-onpath-');
  const [a, b] = [join(root, 'a'), join(root, 'b')];
  mkdirSync(a);
  mkdirSync(b);
  return { root, a, b, PATH: [a, '', b].join(':') };
}

const executable = (path: string) => {
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
};

describe.runIf(process.platform !== 'win32')('onPathProbe', () => {
  it('finds an executable in any PATH entry, not a file without the execute bit', () => {
    const { a, b, PATH } = binDirs();
    executable(join(b, 'codex'));
    writeFileSync(join(a, 'gemini'), 'not executable', { mode: 0o644 });
    const onPath = onPathProbe({ PATH }, 'linux');
    expect(onPath('codex')).toBe(true);
    expect(onPath('gemini')).toBe(false);
    expect(onPath('missing')).toBe(false);
  });

  it('finds it in an entry written with a trailing slash, and after a non-executable file of the name in an earlier entry', () => {
    const { a, b } = binDirs();
    writeFileSync(join(a, 'kimi'), 'not executable', { mode: 0o644 });
    executable(join(b, 'kimi'));
    expect(onPathProbe({ PATH: `${a}/:${b}/` }, 'linux')('kimi')).toBe(true);
    expect(onPathProbe({ PATH: `${a}/` }, 'linux')('kimi')).toBe(false);
  });

  it('answers each name from its first lookup for the rest of the run', () => {
    const { a, PATH } = binDirs();
    const onPath = onPathProbe({ PATH }, 'linux');
    expect(onPath('crush')).toBe(false);
    executable(join(a, 'crush'));
    expect(onPath('crush')).toBe(false);
    // A new run (a new probe) sees it.
    expect(onPathProbe({ PATH }, 'linux')('crush')).toBe(true);
  });
});
