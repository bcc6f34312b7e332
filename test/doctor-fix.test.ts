// `doctor --fix` changes exactly the permissions it listed, and says what it
// changed: every entry in the home is compared before and after.
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DoctorOptions, run } from '../src/commands/doctor';
import type { Finding } from '../src/doctor/finding';
import type { DoctorSystem } from '../src/doctor/system';
import { ReportPrinted } from '../src/errors';
import { testDeps } from './helpers/deps';
import { fullFixtureHome, put } from './helpers/fixture-home';

const system: DoctorSystem = { readText: async () => undefined, exists: async () => false, probePort: async () => ({ state: 'free' }) };

async function doctor(home: string, opts: Partial<DoctorOptions>) {
  const deps = testDeps(home, { env: { DISPLAY: ':0' } });
  let code = 0;
  try {
    await run({ json: false, strict: false, fix: false, live: false, ...opts }, deps, system);
  } catch (e) {
    if (!(e instanceof ReportPrinted)) throw e;
    code = e.exitCode;
  }
  return { code, out: deps.out() };
}

/** Mode of every entry under home (lstat: a symlink's own entry, not its target's). */
function modes(home: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = lstatSync(p);
      out.set(p, st.mode & 0o777);
      if (st.isDirectory()) walk(p);
    }
  };
  out.set(home, lstatSync(home).mode & 0o777);
  walk(home);
  return out;
}

function contents(home: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p] of modes(home)) if (lstatSync(p).isFile()) out.set(p, readFileSync(p, 'utf8'));
  return out;
}

describe('doctor --fix', () => {
  it('tightens exactly the listed files and directories and reports each change', async () => {
    const { home } = fullFixtureHome();
    // Listed: loose credential files (one behind a symlink), a loose store dir, a loose .corrupt copy.
    chmodSync(join(home, '.codex/auth.json'), 0o644);
    chmodSync(join(home, '.codex'), 0o755);
    chmodSync(join(home, '.local/share/opencode/auth.json'), 0o640);
    put(home, '.codex/auth.json.corrupt-1790000000', '{"x":', 0o664);
    // A link that stays inside the tool's folder (one leading outside is left alone: write-confinement.test.ts).
    const target = put(home, '.claude/accounts/claude-credentials.json', readFileSync(join(home, '.claude/.credentials.json'), 'utf8'), 0o644);
    chmodSync(join(home, '.claude/accounts'), 0o700);
    const link = join(home, '.claude/.credentials.json');
    unlinkSync(link);
    symlinkSync(target, link);
    // Not listed, must stay as they are: non-credential files and dirs, even when loose.
    put(home, '.codex/config.toml', 'model = "gpt-5"\n', 0o644);
    put(home, '.claude.json', '{"numStartups":1}', 0o644);
    put(home, '.bashrc', 'export X=1\n', 0o644);
    chmodSync(join(home, '.local'), 0o755);
    chmodSync(join(home, '.local/share'), 0o755);
    mkdirSync(join(home, 'projects'), { mode: 0o755 });
    chmodSync(join(home, 'projects'), 0o755);

    const listed = JSON.parse((await doctor(home, { json: true })).out) as { findings: Finding[] };
    const perm = listed.findings.filter((f) => f.id === 'file-permissions' || f.id === 'dir-permissions');
    const listedPaths = perm.flatMap((f) => f.paths).sort();
    expect(listedPaths).toEqual(
      [join(home, '.codex/auth.json'), join(home, '.codex/auth.json.corrupt-1790000000'), join(home, '.local/share/opencode/auth.json'), target, join(home, '.codex')].sort(),
    );

    const before = modes(home);
    const bytes = contents(home);
    const fixed = await doctor(home, { fix: true });
    const after = modes(home);

    const changed = [...after].filter(([p, m]) => before.get(p) !== m).map(([p]) => p).sort();
    expect(changed).toEqual(listedPaths);
    for (const p of listedPaths) expect(after.get(p)).toBe((before.get(p) ?? 0) & 0o700);
    expect(after.get(link)).toBe(before.get(link)); // the link itself is untouched; its target was tightened
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort()); // nothing created or removed
    expect(contents(home)).toEqual(bytes); // no content changed

    // It says what it changed, and the permission findings are gone.
    expect(fixed.out).toContain('Fixed (5)');
    expect(fixed.out).toContain('✓ chmod 600 ~/.codex/auth.json  (was 644)');
    expect(fixed.out).toContain('✓ chmod 700 ~/.codex  (was 755)');
    expect(fixed.out).toContain('✓ chmod 600 ~/.claude/accounts/claude-credentials.json  (was 644)');
    expect(fixed.out).not.toContain('[file-permissions]');
    expect(fixed.out).not.toContain('[dir-permissions]');
    expect(fixed.code).toBe(0);

    // A second run finds nothing left to fix and changes nothing.
    const again = JSON.parse((await doctor(home, { fix: true, json: true })).out) as { findings: Finding[]; fixed: unknown[] };
    expect(again.fixed).toEqual([]);
    expect(again.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(modes(home)).toEqual(after);
  });

  it('--json reports the changes as {path, kind, from, to, error}', async () => {
    const { home } = fullFixtureHome();
    chmodSync(join(home, '.codex/auth.json'), 0o666);
    const r = JSON.parse((await doctor(home, { fix: true, json: true })).out) as { findings: Finding[]; fixed: unknown[]; summary: unknown };
    expect(Object.keys(r)).toEqual(['findings', 'summary', 'fixed', 'refreshFingerprints']);
    expect(r.fixed).toEqual([{ path: join(home, '.codex/auth.json'), kind: 'file', from: '666', to: '600', error: null }]);
  });

  it('a chmod that fails leaves its finding in place', async () => {
    const { afterFixes } = await import('../src/doctor/files');
    const f: Finding = { id: 'file-permissions', severity: 'warning', title: 't.', detail: 'd.', fix: 'x', paths: ['/a', '/b'] };
    const left = afterFixes([f], [
      { path: '/a', kind: 'file', from: 0o644, to: 0o600 },
      { path: '/b', kind: 'file', from: 0o644, to: 0o644, error: 'EPERM' },
    ]);
    expect(left).toHaveLength(1);
    expect(left[0]?.paths).toEqual(['/b']);
    expect(left[0]?.detail).toContain('EPERM');
  });
});
