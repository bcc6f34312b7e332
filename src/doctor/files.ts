// Checks on the credential files themselves: who can read them, leftover
// `.corrupt-*` copies, and stale lock directories next to them. `--fix`
// tightens exactly the paths the permission findings list, nothing else.
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { shellPath } from '../core/shell-quote';
import { tightenMode } from '../store/atomic-write';
import {
  authWizardHome,
  ccproxyCredentialsFile,
  claudeConfigDir,
  codexHome,
  jcodeHome,
  opencodeAuthFile,
} from '../store/paths';
import { type CheckContext, type Finding, show, wants } from './finding';
import { isFilePath, plural } from './names';
import { formatAbsolute, formatRelative } from '../report/format';

/** proper-lockfile's (and Claude Code's) stale time: a lock not refreshed for this long belongs to a dead process. */
export const STALE_LOCK_MS = 60_000;

/** A permission change `--fix` may make: exactly one listed path. */
export interface FixTarget {
  path: string;
  kind: 'file' | 'dir';
  /** Current mode bits (0o777 part). */
  mode: number;
  /** Mode after the fix: the owner's bits only. */
  want: number;
}

export interface FixResult {
  path: string;
  kind: 'file' | 'dir';
  from: number;
  to: number;
  error?: string | undefined;
}

export interface FileChecks {
  findings: Finding[];
  /** What `--fix` would change; every path here is listed in a finding. */
  targets: FixTarget[];
}

export function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, '0');
}

async function modeOf(path: string): Promise<{ mode: number; isFile: boolean; isDir: boolean; mtimeMs: number } | undefined> {
  try {
    const st = await stat(path);
    return { mode: st.mode & 0o777, isFile: st.isFile(), isDir: st.isDirectory(), mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

/** The home directory and its ancestors are the user's business, not a store's. */
function isHomeOrAbove(dir: string, home: string): boolean {
  const d = resolve(dir);
  const h = resolve(home);
  return d === h || h.startsWith(d.endsWith(sep) ? d : d + sep);
}

/** Directories where stores keep their files (so leftovers are found even when the credential file is gone). */
function storeDirs(ctx: CheckContext, credentialFiles: string[]): string[] {
  const p = { home: ctx.deps.home, env: ctx.deps.env };
  const dirs: string[] = [];
  if (wants(ctx, 'openai')) dirs.push(codexHome(p));
  if (wants(ctx, 'anthropic')) dirs.push(claudeConfigDir(p), dirname(ccproxyCredentialsFile(p)));
  dirs.push(dirname(opencodeAuthFile(p)), authWizardHome(p), jcodeHome(p));
  dirs.push(...credentialFiles.map((f) => dirname(f)));
  return [...new Set(dirs.map((d) => resolve(d)))];
}

interface DirEntry {
  path: string;
  name: string;
}

async function listDir(dir: string): Promise<DirEntry[]> {
  try {
    return (await readdir(dir)).sort().map((name) => ({ path: join(dir, name), name }));
  } catch {
    return [];
  }
}

export async function fileChecks(ctx: CheckContext): Promise<FileChecks> {
  const findings: Finding[] = [];
  const targets: FixTarget[] = [];
  const now = ctx.report.now;
  const credentialFiles = [...new Set(ctx.report.credentials.map((c) => c.path).filter(isFilePath))];

  // Leftovers next to the stores: `.corrupt-*` copies and stale proper-lockfile directories.
  const corrupt: string[] = [];
  const stale: { path: string; mtimeMs: number }[] = [];
  for (const dir of storeDirs(ctx, credentialFiles)) {
    for (const e of await listDir(dir)) {
      if (/\.corrupt-/.test(e.name)) {
        const m = await modeOf(e.path);
        if (m?.isFile === true && !corrupt.includes(e.path)) corrupt.push(e.path);
      } else if (e.name.endsWith('.lock')) {
        // Codex's auth.lock / auth.json.lock are plain files it flocks and keeps: not stale locks.
        const m = await modeOf(e.path);
        if (m?.isDir === true && now - m.mtimeMs > STALE_LOCK_MS && !stale.some((s) => s.path === e.path)) stale.push({ path: e.path, mtimeMs: m.mtimeMs });
      }
    }
  }

  // Permissions (meaningless on Windows, where ACLs decide).
  if (ctx.deps.platform !== 'win32') {
    const looseFiles: FixTarget[] = [];
    const looseDirs: FixTarget[] = [];
    const seenDirs = new Set<string>();
    for (const file of [...credentialFiles, ...corrupt]) {
      // A symlinked file: the mode that matters (and that chmod changes) is the target's.
      const real = await realpath(file).catch(() => undefined);
      if (real === undefined) continue;
      const m = await modeOf(real);
      if (m === undefined || !m.isFile) continue;
      if ((m.mode & 0o077) !== 0 && !looseFiles.some((t) => t.path === real)) looseFiles.push({ path: real, kind: 'file', mode: m.mode, want: m.mode & 0o700 });
      const dir = dirname(real);
      if (seenDirs.has(dir) || isHomeOrAbove(dir, ctx.deps.home)) continue;
      seenDirs.add(dir);
      const dm = await modeOf(dir);
      if (dm !== undefined && dm.isDir && (dm.mode & 0o077) !== 0) looseDirs.push({ path: dir, kind: 'dir', mode: dm.mode, want: dm.mode & 0o700 });
    }
    if (looseFiles.length > 0) {
      findings.push({
        id: 'file-permissions',
        severity: 'warning',
        title: `${plural(looseFiles.length, 'credential file')} can be read or changed by other users.`,
        detail: `Credential files should be 0600 (owner only): ${looseFiles.map((t) => `${show(ctx, t.path)} is ${octal(t.mode)}`).join(', ')}.`,
        fix: `auth-wizard doctor --fix  (or: chmod 600 ${looseFiles.map((t) => shellPath(show(ctx, t.path))).join(' ')})`,
        paths: looseFiles.map((t) => t.path),
      });
      targets.push(...looseFiles);
    }
    if (looseDirs.length > 0) {
      findings.push({
        id: 'dir-permissions',
        severity: 'warning',
        title: `${plural(looseDirs.length, 'directory', 'directories')} holding credentials ${looseDirs.length === 1 ? 'is' : 'are'} open to other users.`,
        detail: `Directories holding credentials should be 0700, so other users cannot list them or see lock and temporary files: ${looseDirs.map((t) => `${show(ctx, t.path)} is ${octal(t.mode)}`).join(', ')}.`,
        fix: `auth-wizard doctor --fix  (or: chmod 700 ${looseDirs.map((t) => shellPath(show(ctx, t.path))).join(' ')})`,
        paths: looseDirs.map((t) => t.path),
      });
      targets.push(...looseDirs);
    }
  }

  if (corrupt.length > 0) {
    findings.push({
      id: 'corrupt-copy-left',
      severity: 'info',
      title: `${plural(corrupt.length, 'leftover .corrupt-* copy', 'leftover .corrupt-* copies')} of credential files ${corrupt.length === 1 ? 'is' : 'are'} lying around.`,
      detail: `Kept when a broken file was replaced; ${corrupt.length === 1 ? 'it' : 'they'} may still hold old tokens: ${corrupt.map((p) => show(ctx, p)).join(', ')}. Delete ${corrupt.length === 1 ? 'it' : 'them'} once you no longer need to look inside.`,
      fix: `rm ${corrupt.map((p) => shellPath(show(ctx, p))).join(' ')}`,
      paths: corrupt,
    });
  }
  if (stale.length > 0) {
    findings.push({
      id: 'stale-lock',
      severity: 'warning',
      title: `${plural(stale.length, 'stale lock')} ${stale.length === 1 ? 'is' : 'are'} left next to credential files.`,
      detail:
        `${stale.map((s) => `${show(ctx, s.path)} (last touched ${formatAbsolute(s.mtimeMs)}, ${formatRelative(s.mtimeMs, now)})`).join(', ')}. ` +
        `A lock not refreshed for ${STALE_LOCK_MS / 1000} s belongs to a process that died; tools that honour it (Claude Code, auth-wizard) wait for it before refreshing.`,
      fix: `rmdir ${stale.map((s) => shellPath(show(ctx, s.path))).join(' ')}  (when no sign-in or refresh is running)`,
      paths: stale.map((s) => s.path),
    });
  }
  return { findings, targets };
}

/** Applies exactly the given targets (each a path a finding listed); reports each change or failure. */
export async function applyFixes(targets: readonly FixTarget[]): Promise<FixResult[]> {
  const results: FixResult[] = [];
  for (const t of targets) {
    try {
      await tightenMode(t.path, t.want);
      results.push({ path: t.path, kind: t.kind, from: t.mode, to: t.want });
    } catch (e) {
      results.push({ path: t.path, kind: t.kind, from: t.mode, to: t.mode, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return results;
}

/**
 * The findings as they stand after `--fix`: paths that were tightened leave
 * their finding; a finding with none left is dropped; a failed change stays.
 */
export function afterFixes(findings: readonly Finding[], results: readonly FixResult[]): Finding[] {
  const fixed = new Set(results.filter((r) => r.error === undefined).map((r) => r.path));
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.id !== 'file-permissions' && f.id !== 'dir-permissions') {
      out.push(f);
      continue;
    }
    const left = f.paths.filter((p) => !fixed.has(p));
    if (left.length === 0) continue;
    out.push({ ...f, paths: left, detail: `${f.detail} (--fix could not change: ${results.filter((r) => left.includes(r.path)).map((r) => `${r.path}: ${r.error ?? 'unknown error'}`).join('; ')})` });
  }
  return out;
}
