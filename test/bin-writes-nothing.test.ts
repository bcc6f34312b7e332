// bin/auth-wizard.cjs writes nothing at run time: no code cache of ours (only the
// build writes those) and none of Node's own (module.enableCompileCache would put
// compiled code under the temporary directory on Node >= 22.1). Commands whose
// bundles have no cache of ours are the ones that would reach Node's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli, repoRoot } from './helpers/built-cli';
import { fullFixtureHome } from './helpers/fixture-home';

const { home } = fullFixtureHome(Date.now());
const tmp = mkdtempSync(join(tmpdir(), 'aw-tmpdir-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

const distState = () => readdirSync(join(repoRoot, 'dist')).map((f) => `${f} ${statSync(join(repoRoot, 'dist', f)).mtimeMs}`);

describe('the loader at run time', () => {
  it.each([['status'], ['doctor'], ['login', '--help'], ['logout', '--help'], ['token', '--provider', 'openai', '--source', 'codex']])('`%s` writes nothing under TMPDIR or dist/', (...args) => {
    const before = distState();
    const r = spawnSync(process.execPath, [builtCli(), ...args], { env: { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: tmp, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(readdirSync(tmp)).toEqual([]);
    expect(distState()).toEqual(before);
  });
});
