// Who can read the credential files, for doctor's file checks
// (src/doctor/files.ts): files and their folders open to other users, files of
// another user, and links that lead outside a tool's own folder. What `--fix`
// may change is exactly the paths these findings list that are ours and inside.
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { shellPath } from '../core/shell-quote';
import { type CheckContext, type Finding, show } from './finding';
import { plural } from './names';
import { isHomeOrAbove, modeOf, octal, ownedByUs, placementOf, toolFolders, within } from './file-places';

/** A permission change `--fix` may make: exactly one listed path. */
export interface FixTarget {
  path: string;
  kind: 'file' | 'dir';
  /** Current mode bits (0o777 part). */
  mode: number;
  /** Mode after the fix: the owner's bits only. */
  want: number;
}

interface OutsideLink {
  link: string;
  target: string;
  mode: number;
  foreign: boolean;
}

interface PermissionScan {
  looseFiles: FixTarget[];
  looseDirs: FixTarget[];
  outside: OutsideLink[];
  /** Files and folders of another user: reported, never changed. */
  foreign: Set<string>;
}

/** Each credential file's (real) mode and its folder's, and where it really lies. */
async function scanPermissions(ctx: CheckContext, files: readonly string[]): Promise<PermissionScan> {
  const folders = toolFolders(ctx);
  const looseFiles: FixTarget[] = [];
  const looseDirs: FixTarget[] = [];
  const outside: OutsideLink[] = [];
  const foreign = new Set<string>();
  const seenDirs = new Set<string>();
  for (const file of files) {
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
  return { looseFiles, looseDirs, outside, foreign };
}

/** The permission findings, and what `--fix` may change (every path of it listed in one of them). */
export async function permissionChecks(ctx: CheckContext, files: readonly string[]): Promise<{ findings: Finding[]; targets: FixTarget[] }> {
  const { looseFiles, looseDirs, outside, foreign } = await scanPermissions(ctx, files);
  const findings: Finding[] = [];
  const targets: FixTarget[] = [];
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
  return { findings, targets };
}
