// The build needs nothing from test/: a checkout without it (as a source archive
// that leaves the tests out would be) still builds every bundle and warms every
// code cache, over the build's own warm-up home (scripts/warmup-home.mjs).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/built-cli';

const copy = mkdtempSync(join(tmpdir(), 'aw-build-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('scripts/build.mjs', () => {
  it('builds and warms every code cache in a copy of the repository without test/', () => {
    for (const part of ['package.json', 'bin', 'src', 'scripts']) cpSync(join(repoRoot, part), join(copy, part), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
    expect(existsSync(join(copy, 'test'))).toBe(false);

    const r = spawnSync(process.execPath, [join(copy, 'scripts', 'build.mjs')], { cwd: copy, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(r.status, r.stderr).toBe(0);
    for (const b of ['cli.js', 'specs-token.js', 'commands-token.js', 'specs-info.js', 'commands-info.js', 'specs-onboard.js', 'commands-onboard.js']) {
      expect(r.stdout).toMatch(new RegExp(`${b.replace('.', '\\.')}\\.cache \\d+ bytes`));
      // Each cache starts with the bundle it was made from (bin/auth-wizard.cjs checks it).
      const cache = readFileSync(join(copy, 'dist', `${b}.cache`));
      expect(cache.subarray(4, 4 + cache.readUInt32LE(0)).equals(readFileSync(join(copy, 'dist', b)))).toBe(true);
    }
    expect(r.stdout).not.toMatch(/skipped|no cache|not written/);
  });
});
