// Leftovers next to the stores, for doctor's file checks (src/doctor/files.ts):
// `.corrupt-*` copies kept when a broken file was replaced, and stale
// proper-lockfile directories. Looked for in every store's folder, so they are
// found even when the credential file itself is gone.
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { shellPath } from '../core/shell-quote';
import { authWizardHome } from '../stores/auth-wizard';
import { ccproxyCredentialsFile } from '../stores/ccproxy';
import { claudeConfigDir } from '../stores/claude-code';
import { codexHome } from '../stores/codex';
import { jcodeHome } from '../stores/jcode';
import { opencodeAuthFile } from '../stores/opencode';
import { formatAbsolute, formatRelative } from '../report/format';
import { type CheckContext, type Finding, show, wants } from './finding';
import { plural } from './names';
import { modeOf } from './file-places';

/** proper-lockfile's (and Claude Code's) stale time: a lock not refreshed for this long belongs to a dead process. */
export const STALE_LOCK_MS = 60_000;

export interface Leftovers {
  corrupt: string[];
  stale: { path: string; mtimeMs: number }[];
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

/** The `.corrupt-*` copies and stale lock directories in the stores' folders. */
export async function findLeftovers(ctx: CheckContext, credentialFiles: string[]): Promise<Leftovers> {
  const now = ctx.report.now;
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
  return { corrupt, stale };
}

export function leftoverFindings(ctx: CheckContext, { corrupt, stale }: Leftovers): Finding[] {
  const now = ctx.report.now;
  const findings: Finding[] = [];
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
  return findings;
}
