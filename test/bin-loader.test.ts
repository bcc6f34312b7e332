// bin/auth-wizard.cjs runs the bundles from the V8 code caches the build wrote
// (scripts/build.mjs). A cache is only ever a shortcut: with it, without it, or
// with one V8 refuses, the CLI must print the same thing.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli, repoRoot } from './helpers/built-cli';
import { fullFixtureHome } from './helpers/fixture-home';

const { home } = fullFixtureHome(Date.now());
/** The cache file of `bundle` for this Node's V8 (bin/auth-wizard.cjs reads only those). */
const cacheOf = (bundle: string) => `${bundle}.v8-${process.versions.v8}.cache`;
const copies: string[] = [];
afterAll(() => {
  for (const d of [home, ...copies]) rmSync(d, { recursive: true, force: true });
});

/** bin/ and dist/ copied elsewhere, with the caches changed by `edit`. */
function copyOfBuild(edit: (dist: string, caches: string[]) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'aw-bin-'));
  copies.push(dir);
  cpSync(join(repoRoot, 'bin'), join(dir, 'bin'), { recursive: true });
  // Timestamps kept: a cache older than its bundle is not used.
  cpSync(join(repoRoot, 'dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
  edit(join(dir, 'dist'), readdirSync(join(dir, 'dist')).filter((f) => f.endsWith('.cache')));
  return join(dir, 'bin', 'auth-wizard.cjs');
}

function run(bin: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', AUTH_WIZARD_DEBUG: '1' }, encoding: 'utf8' });
  // What depends on the second it ran (a time stamp, "in 9d", "1s ago") is left out; the rest must match byte for byte.
  const stdout = r.stdout
    .replace(/"generatedAt": "[^"]+"/, '')
    .replace(/\((in [^)]+|[^()]+ ago)\)/g, '(…)')
    .replace(/"Time remaining": "[^"]+"/g, '');
  return { code: r.status, stdout, stderr: r.stderr };
}

const COMMANDS = [
  { args: ['status', '--json'], bundles: ['cli.js'] },
  { args: ['token', '--provider', 'openai', '--source', 'codex'], bundles: ['cli.js', 'specs-token.js', 'commands-token.js'] },
  { args: ['info', '--provider', 'openai', '--json'], bundles: ['cli.js', 'specs-info.js', 'commands-info.js'] },
];

describe('the code caches of the bundles', () => {
  it("the build wrote one for the status, token, info and onboard bundles, named after this Node's V8", () => {
    for (const b of ['cli.js', 'specs-token.js', 'commands-token.js', 'specs-info.js', 'commands-info.js', 'specs-onboard.js', 'commands-onboard.js']) {
      expect(existsSync(join(repoRoot, 'dist', cacheOf(b))), `dist/${cacheOf(b)}`).toBe(true);
    }
  });

  it.each(COMMANDS)('`$args` uses them, and prints the same with no cache and with caches V8 rejects', ({ args, bundles }) => {
    const cached = run(builtCli(), args);
    expect(cached.code).toBe(0);
    for (const b of bundles) expect(cached.stderr).toContain(`auth-wizard: ${b}: code cache used`);

    const none = run(copyOfBuild((dist, caches) => caches.forEach((c) => rmSync(join(dist, c)))), args);
    expect(none.stderr).toContain('auth-wizard: cli.js: no code cache');
    expect(none.stderr).not.toContain('code cache used');
    expect(none).toMatchObject({ code: cached.code, stdout: cached.stdout });

    // The right bundle, then bytes V8 cannot use: what it sees from another Node or a damaged file.
    const garbage = run(
      copyOfBuild((dist, caches) =>
        caches.forEach((c) => {
          const cache = readFileSync(join(dist, c));
          const n = cache.readUInt32LE(0);
          writeFileSync(join(dist, c), Buffer.concat([cache.subarray(0, 4 + n), Buffer.alloc(cache.length - 4 - n, 7)]));
        }),
      ),
      args,
    );
    for (const b of bundles) expect(garbage.stderr).toContain(`auth-wizard: ${b}: code cache rejected`);
    expect(garbage).toMatchObject({ code: cached.code, stdout: cached.stdout });
  });

  it('a bundle changed after its cache was made runs as changed, even same-length and same-time (V8 checks only the length)', () => {
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const edited = version.replace(/\d/g, '9'); // the same length, so V8 would take the old cache
    expect(edited).not.toBe(version);
    const bin = copyOfBuild((dist) => {
      const file = join(dist, 'cli.js');
      const { mtime } = statSync(join(dist, cacheOf('cli.js')));
      writeFileSync(file, readFileSync(file, 'utf8').replace(JSON.stringify(version), JSON.stringify(edited)));
      // As a package manager's patch or an archive would leave it: the same timestamp.
      utimesSync(file, mtime, mtime);
    });
    const r = run(bin, ['--version']);
    expect(r.stdout).toBe(`auth-wizard ${edited}\n`);
    expect(r.stderr).toContain('auth-wizard: cli.js: code cache made for another version of the bundle, not used');
  });

  it('without dist/ it says how to build, exit 1', () => {
    const bin = copyOfBuild(() => {});
    rmSync(join(bin, '..', '..', 'dist'), { recursive: true });
    const r = run(bin, ['status']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dist\/cli\.js is missing; build it with `npm run build`/);
  });
});
