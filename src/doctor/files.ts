// Checks on the credential files themselves: who can read them, leftover
// `.corrupt-*` copies, and stale lock directories next to them. `--fix`
// tightens exactly the paths the permission findings list, nothing else.
//
// `--fix` stays inside each tool's own folder (~/.codex, ~/.claude, OpenCode's
// data dir, …): a credential file or tool folder that is a link leading
// elsewhere is reported (`link-outside-tool-folder`, with where it leads) and
// neither its target nor the target's folder is changed — through a link to
// /etc/passwd, a chmod would change /etc/passwd and /etc. Files and folders of
// another user are reported and left alone too.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { shellPath } from '../core/shell-quote';
import { tightenMode } from '../fs/atomic-write';
import { authWizardHome } from '../stores/auth-wizard';
import { STORES } from '../stores/index';
import { ccproxyCredentialsFile } from '../stores/ccproxy';
import { claudeConfigDir } from '../stores/claude-code';
import { codexHome } from '../stores/codex';
import { jcodeHome } from '../stores/jcode';
import { opencodeAuthFile } from '../stores/opencode';
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

async function modeOf(path: string): Promise<{ mode: number; isFile: boolean; isDir: boolean; mtimeMs: number; uid: number } | undefined> {
  try {
    const st = await stat(path);
    return { mode: st.mode & 0o777, isFile: st.isFile(), isDir: st.isDirectory(), mtimeMs: st.mtimeMs, uid: st.uid };
  } catch {
    return undefined;
  }
}

/** Ours to chmod: POSIX only (Windows has no uid; permissions are skipped there anyway). */
function ownedByUs(uid: number): boolean {
  const me = typeof process.getuid === 'function' ? process.getuid() : undefined;
  return me === undefined || me === uid;
}

const within = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Each tool's own folder: what `--fix` may change lies inside one of these. */
function toolFolders(ctx: CheckContext): string[] {
  const p = { home: ctx.deps.home, env: ctx.deps.env };
  return STORES.flatMap((s) => s.folders?.(p) ?? []).map((d) => resolve(d));
}

/** Where a credential file really is, and whether that is inside its tool's folder. */
interface Placement {
  /** The tool folder the file is listed under (as configured). */
  folder: string;
  /** The folder's place with its ancestors' links resolved but not its own (so a linked folder lands outside). */
  anchor: string;
  inside: boolean;
  /** When outside: the link that leads out (the file, the folder or a folder between) and its real path. */
  link?: { path: string; target: string };
}

async function placementOf(file: string, real: string, folders: readonly string[]): Promise<Placement> {
  const f = resolve(file);
  const folder = folders.filter((d) => within(f, d)).sort((a, b) => b.length - a.length)[0] ?? dirname(f);
  const parent = await realpath(dirname(folder)).catch(() => dirname(folder));
  const anchor = dirname(folder) === folder ? folder : join(parent, basename(folder));
  if (within(real, anchor)) return { folder, anchor, inside: true };
  // Name the first link on the way from the folder down to the file that leads out.
  let cur = folder;
  for (const part of ['', ...relative(folder, f).split(sep).filter(Boolean)]) {
    cur = part === '' ? cur : join(cur, part);
    const isLink = await lstat(cur).then((st) => st.isSymbolicLink(), () => false);
    if (!isLink) continue;
    const target = await realpath(cur).catch(() => undefined);
    if (target !== undefined && !within(target, anchor)) return { folder, anchor, inside: false, link: { path: cur, target } };
  }
  return { folder, anchor, inside: false, link: { path: f, target: real } };
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
    const folders = toolFolders(ctx);
    const looseFiles: FixTarget[] = [];
    const looseDirs: FixTarget[] = [];
    const outside: { link: string; target: string; mode: number; foreign: boolean }[] = [];
    const foreign = new Set<string>();
    const seenDirs = new Set<string>();
    for (const file of [...credentialFiles, ...corrupt]) {
      // A symlinked file: the mode that matters (and that chmod changes) is the target's.
      const real = await realpath(file).catch(() => undefined);
      if (real === undefined) continue;
      const m = await modeOf(real);
      if (m === undefined || !m.isFile) continue;
      const place = await placementOf(file, real, folders);
      if (!place.inside) {
        const link = place.link!;
        // Reported once per link (a linked folder holds several files); never a fix target.
        if (!outside.some((o) => o.link === link.path)) {
          const lm = link.target === real ? m : await modeOf(link.target);
          outside.push({ link: link.path, target: link.target, mode: lm?.mode ?? m.mode, foreign: !ownedByUs(lm?.uid ?? m.uid) });
        }
        // Still judged by its target (the tool reads it), but the fix is the link's, not a chmod.
        if ((m.mode & 0o077) !== 0 && !looseFiles.some((t) => t.path === real)) looseFiles.push({ path: real, kind: 'file', mode: m.mode, want: m.mode & 0o700 });
        continue;
      }
      if (!ownedByUs(m.uid)) foreign.add(real);
      if ((m.mode & 0o077) !== 0 && !looseFiles.some((t) => t.path === real)) looseFiles.push({ path: real, kind: 'file', mode: m.mode, want: m.mode & 0o700 });
      const dir = dirname(real);
      if (seenDirs.has(dir) || isHomeOrAbove(dir, ctx.deps.home) || !within(dir, place.anchor)) continue;
      seenDirs.add(dir);
      const dm = await modeOf(dir);
      if (dm !== undefined && !ownedByUs(dm.uid)) foreign.add(dir);
      if (dm !== undefined && dm.isDir && (dm.mode & 0o077) !== 0) looseDirs.push({ path: dir, kind: 'dir', mode: dm.mode, want: dm.mode & 0o700 });
    }
    const isOutside = (p: string) => outside.some((o) => within(p, o.target));
    const fixable = (t: FixTarget) => !foreign.has(t.path) && !isOutside(t.path);
    const leftAlone = (list: FixTarget[]) => {
      const notes = list.filter((t) => !fixable(t)).map((t) => `${show(ctx, t.path)} (${isOutside(t.path) ? 'behind a link leading outside its tool’s folder' : 'owned by another user'})`);
      return notes.length === 0 ? '' : ` --fix leaves alone: ${notes.join(', ')}.`;
    };
    const fixLine = (list: FixTarget[], mode: string) => {
      const mine = list.filter(fixable);
      if (mine.length > 0) return `auth-wizard doctor --fix  (or: chmod ${mode} ${mine.map((t) => shellPath(show(ctx, t.path))).join(' ')})`;
      // Never a chmod of a link's target: it may be a system file (see link-outside-tool-folder).
      if (list.some((t) => isOutside(t.path))) return 'Point the link at a private file inside the tool’s folder; auth-wizard changes nothing outside it.';
      return `chmod ${mode} ${list.map((t) => shellPath(show(ctx, t.path))).join(' ')}  (as the user who owns ${list.length === 1 ? 'it' : 'them'}; auth-wizard leaves another user’s files alone)`;
    };
    if (looseFiles.length > 0) {
      findings.push({
        id: 'file-permissions',
        severity: 'warning',
        title: `${plural(looseFiles.length, 'credential file')} can be read or changed by other users.`,
        detail: `Credential files should be 0600 (owner only): ${looseFiles.map((t) => `${show(ctx, t.path)} is ${octal(t.mode)}`).join(', ')}.${leftAlone(looseFiles)}`,
        fix: fixLine(looseFiles, '600'),
        paths: looseFiles.map((t) => t.path),
      });
      targets.push(...looseFiles.filter(fixable));
    }
    if (looseDirs.length > 0) {
      findings.push({
        id: 'dir-permissions',
        severity: 'warning',
        title: `${plural(looseDirs.length, 'directory', 'directories')} holding credentials ${looseDirs.length === 1 ? 'is' : 'are'} open to other users.`,
        detail: `Directories holding credentials should be 0700, so other users cannot list them or see lock and temporary files: ${looseDirs.map((t) => `${show(ctx, t.path)} is ${octal(t.mode)}`).join(', ')}.${leftAlone(looseDirs)}`,
        fix: fixLine(looseDirs, '700'),
        paths: looseDirs.map((t) => t.path),
      });
      targets.push(...looseDirs.filter(fixable));
    }
    if (outside.length > 0) {
      const exposed = outside.some((o) => (o.mode & 0o077) !== 0 || o.foreign);
      findings.push({
        id: 'link-outside-tool-folder',
        severity: exposed ? 'warning' : 'info',
        title: `${plural(outside.length, 'credential link')} ${outside.length === 1 ? 'leads' : 'lead'} outside ${outside.length === 1 ? 'its' : 'their'} tool’s folder.`,
        detail:
          `${outside.map((o) => `${show(ctx, o.link)} → ${o.target} (${octal(o.mode)}${o.foreign ? ', another user’s' : ''})`).join(', ')}. ` +
          'doctor --fix changes nothing outside a tool’s own folder, so neither the target nor its folder is touched.',
        fix: `If you did not make ${outside.length === 1 ? 'this link' : 'these links'}, remove ${outside.length === 1 ? 'it' : 'them'} (rm ${outside.map((o) => shellPath(show(ctx, o.link))).join(' ')}) and sign in again; a link made on purpose can stay.`,
        paths: outside.flatMap((o) => [o.link, o.target]),
      });
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
      // Targets are real paths; one that has become a link since it was checked is not followed.
      if ((await lstat(t.path)).isSymbolicLink()) throw new Error('it has become a symbolic link since it was checked; not followed');
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
    // Paths --fix left alone (behind a link leading out, another user's) have no result.
    const failed = results.filter((r) => r.error !== undefined && left.includes(r.path));
    out.push({ ...f, paths: left, detail: failed.length === 0 ? f.detail : `${f.detail} (--fix could not change: ${failed.map((r) => `${r.path}: ${r.error ?? 'unknown error'}`).join('; ')})` });
  }
  return out;
}
