// `status` over a home holding every store auth-wizard reads stays on its
// lean path: no child process (fake `security`, `secret-tool`, `gemini`,
// `copilot`, … on PATH leave a marker if anything runs them, and a preload
// records any spawn at all) and no keyring binding or other native addon loaded.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtCli } from './helpers/built-cli';
import { everyStoreHome } from './helpers/every-store-home';
import { trapBin } from './helpers/fake-tools';
import { tempDir } from './helpers/fixture-home';

const TRAPS = ['security', 'secret-tool', 'gnome-keyring-daemon', 'dbus-send', 'gdbus', 'kwallet-query', 'gemini', 'copilot', 'gh', 'kimi', 'qwen', 'crush', 'cursor-agent', 'agent', 'claude', 'codex', 'opencode', 'flock', 'perl', 'uname', 'hostname', 'id', 'whoami'];

/** A --require preload that logs every child process and every native addon or keyring module the CLI asks for. */
function preload(log: string): string {
  const dir = tempDir('aw-preload-');
  const file = join(dir, 'watch.cjs');
  writeFileSync(
    file,
    `const fs = require('node:fs');
const note = (s) => fs.appendFileSync(${JSON.stringify(log)}, s + '\\n');
const cp = require('node:child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const orig = cp[name];
  cp[name] = function (...args) { note('child_process.' + name + ' ' + String(args[0])); return orig.apply(this, args); };
}
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) { if (/keyring|keytar|secret/i.test(request)) note('require ' + request); return load.call(this, request, ...rest); };
const dlopen = process.dlopen;
process.dlopen = function (m, filename, ...rest) { note('dlopen ' + filename); return dlopen.call(this, m, filename, ...rest); };
`,
  );
  return file;
}

describe('status over a home with every store', () => {
  it('runs no child process and loads no keyring binding (nor any native addon)', () => {
    const { home } = everyStoreHome(Date.now());
    const trap = trapBin(TRAPS);
    const log = join(tempDir('aw-watch-'), 'log');
    const env = { PATH: `${trap.dir}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, NO_COLOR: '1', NODE_OPTIONS: `--require ${preload(log)}` };
    for (const args of [['status'], ['status', '--json']]) {
      const r = spawnSync(process.execPath, [builtCli(), ...args], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      if (args.includes('--json')) {
        // Every store is there.
        const sources = new Set((JSON.parse(r.stdout) as { credentials: Array<{ source: string }> }).credentials.map((c) => c.source));
        for (const source of ['claude-code', 'codex', 'opencode', 'openclaw', 'jcode', 'auth-wizard', 'gemini', 'qwen', 'kimi']) expect(sources).toContain(source);
      }
    }
    expect(trap.markers()).toEqual([]);
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
  });

  it('the watch itself works: a command that does spawn is seen (so the empty log above means something)', () => {
    const log = join(tempDir('aw-watch-'), 'log');
    const r = spawnSync(process.execPath, ['-e', "require('node:child_process').spawnSync('true')"], { env: { PATH: '/usr/bin:/bin', NODE_OPTIONS: `--require ${preload(log)}` }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('child_process.spawnSync true');
  });
});
