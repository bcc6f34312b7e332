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
import { lstat } from 'node:fs/promises';
import { tightenMode } from '../fs/atomic-write';
import type { CheckContext, Finding } from './finding';
import { isFilePath } from './names';
import { findLeftovers, leftoverFindings } from './file-leftovers';
import { type FixTarget, permissionChecks } from './file-permissions';

export { octal } from './file-places';
export { STALE_LOCK_MS } from './file-leftovers';
export type { FixTarget } from './file-permissions';

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

export async function fileChecks(ctx: CheckContext): Promise<FileChecks> {
  const credentialFiles = [...new Set(ctx.report.credentials.map((c) => c.path).filter(isFilePath))];
  // Leftovers next to the stores first: a `.corrupt-*` copy's permissions are checked too.
  const leftovers = await findLeftovers(ctx, credentialFiles);
  // Permissions (meaningless on Windows, where ACLs decide).
  const perms = ctx.deps.platform !== 'win32' ? await permissionChecks(ctx, [...credentialFiles, ...leftovers.corrupt]) : { findings: [], targets: [] };
  return { findings: [...perms.findings, ...leftoverFindings(ctx, leftovers)], targets: perms.targets };
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
