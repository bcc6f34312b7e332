// Suggested commands are shell-quoted: a profile id or a path holding `$(…)`,
// backticks, quotes or spaces is one literal argument when the line is pasted,
// and runs nothing. Checked by running the suggested lines in a real `sh`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellPath, shellQuote } from '../src/core/shell-quote';
import { main } from '../src/main';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { put, tempDir, tempHome } from './helpers/fixture-home';
import { fakeSecret } from './helpers/tokens';

const DAY = 24 * 3600_000;

/**
 * Runs a suggested line in sh, in an empty directory, with every command a fix
 * starts with (`auth-wizard` as `aw`: sh function names cannot hold `-`) a
 * function that prints its arguments one per line and does nothing else.
 */
function paste(line: string): { cwd: string; args: string[]; status: number | null } {
  const cwd = tempDir('aw-paste-');
  const fns = ['aw', 'mv', 'chmod', 'sudo', 'rm', 'rmdir', 'opencode', 'openclaw'].map((f) => `${f}() { for a in "$@"; do printf '%s\\n' "$a"; done; }`).join('\n');
  const script = `${fns}\n${line.replace(/(^|&& )auth-wizard /g, '$1aw ')}`;
  const r = spawnSync('sh', ['-c', script], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd } });
  return { cwd, args: r.stdout.split('\n').slice(0, -1), status: r.status };
}

describe('shellQuote', () => {
  it('leaves plain words alone and makes anything else one literal word', () => {
    expect(shellQuote('auth-wizard')).toBe('auth-wizard');
    expect(shellQuote('openai:default')).toBe('openai:default');
    expect(shellQuote('~/.codex/auth.json')).toBe("'~/.codex/auth.json'");
    expect(shellPath('~/.codex/auth.json')).toBe('~/.codex/auth.json');
    expect(shellPath('~/my dir/auth.json')).toBe("~/'my dir/auth.json'");
    for (const v of ['', 'a b', "it's", '$(touch pwned)', '`touch pwned`', '"; touch pwned; "', "'; touch pwned; '", 'a\nb', '*', '~', '!x', '\\', 'ü é', '$HOME', 'a&b|c;d<e>f', '\x1b[2J']) {
      const cwd = tempDir('aw-quote-');
      expect(execFileSync('sh', ['-c', `printf '%s' ${shellQuote(v)}`], { cwd, encoding: 'utf8' })).toBe(v);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });
});

describe('suggested commands run nothing when pasted', () => {
  it('the Fix: of a profile whose id holds $(…) and backticks', async () => {
    const home = tempHome();
    const id = 'other:x$(touch pwned)`touch pwned2`';
    put(home, '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { [id]: { type: 'token', provider: 'other', token: fakeSecret('tok-'), expires: FIXED_NOW - DAY } } });
    const status = testDeps(home);
    await main(['status', '--json'], status);
    const fix = (JSON.parse(status.out()) as { credentials: { fix: string | null }[] }).credentials[0]?.fix ?? '';
    expect(fix).toMatch(/^auth-wizard logout /);
    const r = paste(fix);
    expect(readdirSync(r.cwd)).toEqual([]);
    expect(r.args).toEqual(['logout', '--profile', id]);
    // The text Fix: line says the same command.
    const text = testDeps(home);
    await main(['status'], text);
    expect(text.out().replace(/\n +/g, ' ')).toContain(`Fix: ${fix}`);
    const doctor = testDeps(home);
    await main(['doctor', '--json'], doctor);
    for (const f of (JSON.parse(doctor.out()) as { findings: { fix: string | null }[] }).findings) {
      if (f.fix?.startsWith('auth-wizard logout') !== true) continue;
      const d = paste(f.fix);
      expect(readdirSync(d.cwd)).toEqual([]);
      expect(d.args.at(-1)).toBe(id);
    }
  });

  it('the hint after an error: the login command for a named profile', async () => {
    const home = tempHome();
    const name = "x$(touch pwned)`touch pwned2`'q";
    put(home, '.config/auth-wizard/auth-profiles.json', { version: 1, profiles: { [`openai:${name}`]: { type: 'oauth', provider: 'openai', access: 'not-a-jwt', expires: FIXED_NOW - DAY } } });
    const deps = testDeps(home);
    expect(await main(['token', '--provider', 'openai', '--profile', name], deps)).not.toBe(0);
    const hint = /→ (.*)/.exec(deps.err())?.[1] ?? '';
    expect(hint).toMatch(/^auth-wizard login /);
    const r = paste(hint);
    expect(readdirSync(r.cwd)).toEqual([]);
    expect(r.args).toEqual(['login', '--provider', 'openai', '--target', 'auth-wizard', '--profile', name]);
  });

  it("doctor's commands for an OpenCode entry and a path under a hostile directory", async () => {
    const home = tempHome();
    const entry = 'p$(touch pwned)';
    put(home, '.local/share/opencode/auth.json', { [entry]: { type: 'oauth', refresh: 5 } });
    const dir = join(home, 'codex $(touch pwned) `touch pwned2`');
    put(dir, 'auth.json', '{ not json', 0o644);
    const deps = testDeps(home, { env: { CODEX_HOME: dir } });
    await main(['doctor', '--json'], deps);
    const fixes = (JSON.parse(deps.out()) as { findings: { id: string; fix: string | null }[] }).findings.filter((f) => f.fix !== null);
    const seen = new Set(fixes.map((f) => f.id));
    expect(seen.has('credential-unreadable') || seen.has('opencode-entry-invalid')).toBe(true);
    for (const f of fixes) {
      const r = paste(f.fix!);
      expect(readdirSync(r.cwd), `${f.id}: ${f.fix}`).toEqual([]);
      expect(existsSync(join(home, 'pwned'))).toBe(false);
    }
  });
});
