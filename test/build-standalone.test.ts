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
const copies = [copy];
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the repository without test/ (and with node_modules linked), to build in. */
function repoCopy(dir: string): string {
  for (const part of ['package.json', 'bin', 'src', 'scripts']) cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

// A second Node (another major: another V8) for the build that warms the
// caches of several Node lines; .ci/run passes one of the Nodes it installs.
const CI = process.env.CI === 'true' || process.env.CI === '1';
const otherNode = process.env.AUTH_WIZARD_TEST_OTHER_NODE;

const CACHED = ['cli.js', 'specs-token.js', 'commands-token.js', 'specs-info.js', 'commands-info.js', 'specs-onboard.js', 'commands-onboard.js'];

describe('scripts/build.mjs', () => {
  // One build serves both claims (a build is 3 s of this file): with a second
  // Node here (always in CI), the copy is built with AUTH_WIZARD_CACHE_NODES
  // naming it, which warms this Node's caches exactly as a plain build does
  // and the other Node's besides.
  let built: { dir: string; stdout: string } | undefined;
  const build = () => {
    if (built !== undefined) return built;
    repoCopy(copy);
    expect(existsSync(join(copy, 'test'))).toBe(false);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...(otherNode !== undefined ? { AUTH_WIZARD_CACHE_NODES: otherNode } : {}) };
    const r = spawnSync(process.execPath, [join(copy, 'scripts', 'build.mjs')], { cwd: copy, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/skipped|no cache|not written/);
    built = { dir: copy, stdout: r.stdout };
    return built;
  };

  it('builds and warms every code cache in a copy of the repository without test/', () => {
    const { dir, stdout } = build();
    for (const b of CACHED) {
      const name = `${b}.v8-${process.versions.v8}.cache`;
      expect(stdout).toMatch(new RegExp(`${name.replace(/[.]/g, '\\.')} \\d+ bytes`));
      // Each cache starts with the bundle it was made from (bin/auth-wizard.cjs checks it).
      const cache = readFileSync(join(dir, 'dist', name));
      expect(cache.subarray(4, 4 + cache.readUInt32LE(0)).equals(readFileSync(join(dir, 'dist', b)))).toBe(true);
    }
  });

  it(`a second Node to warm caches with is here${CI ? ' (required in CI)' : ''}`, () => {
    if (otherNode === undefined && CI) throw new Error('AUTH_WIZARD_TEST_OTHER_NODE is not set (.ci/run sets it to another Node line it installs)');
    if (otherNode === undefined) console.warn('the multi-Node cache test is skipped outside CI: set AUTH_WIZARD_TEST_OTHER_NODE to a node executable of another major');
  });

  it.runIf(otherNode !== undefined)('with AUTH_WIZARD_CACHE_NODES, writes the caches of each Node, and each Node runs from its own', () => {
    const other = otherNode ?? '';
    const otherV8 = spawnSync(other, ['-p', 'process.versions.v8'], { encoding: 'utf8' }).stdout.trim();
    expect(otherV8, 'AUTH_WIZARD_TEST_OTHER_NODE must be a Node with another V8').not.toBe(process.versions.v8);
    const { dir } = build();
    const home = mkdtempSync(join(tmpdir(), 'aw-build-nodes-home-'));
    copies.push(home);
    const outputs = [process.execPath, other].map((node) => {
      const v8 = spawnSync(node, ['-p', 'process.versions.v8'], { encoding: 'utf8' }).stdout.trim();
      for (const b of CACHED) {
        expect(existsSync(join(dir, 'dist', `${b}.v8-${v8}.cache`)), `dist/${b}.v8-${v8}.cache`).toBe(true);
      }
      const run = spawnSync(node, [join(dir, 'bin', 'auth-wizard.cjs'), 'status', '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, AUTH_WIZARD_DEBUG: '1' } });
      expect(run.stderr).toContain('auth-wizard: cli.js: code cache used');
      return run.stdout.replace(/"generatedAt": "[^"]+"/, '');
    });
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('names a Node in AUTH_WIZARD_CACHE_NODES that does not run, and fails before it builds anything', () => {
    const dir = repoCopy(mkdtempSync(join(tmpdir(), 'aw-build-bad-node-')));
    copies.push(dir);
    const missing = join(dir, 'no-such-node');
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'build.mjs')], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', AUTH_WIZARD_CACHE_NODES: missing } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`AUTH_WIZARD_CACHE_NODES: ${missing} did not run`);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});
