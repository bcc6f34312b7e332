// A CODEX_HOME of an account's own, for `exec --account codex:<name>`:
// `<auth-wizard home>/codex/<name>/` holding that account's auth.json, and a
// link to the user's config.toml so settings follow. While a command runs
// there the grant lives in that auth.json only: it is moved in from
// auth-wizard's store before and moved back after (switch-engine.ts), never
// copied. Each running exec leaves a marker `.exec-<pid>`; the last one out
// gives the grant back.
import { existsSync, lstatSync, readdirSync, symlinkSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir } from '../fs/atomic-write';
import type { PathEnv } from '../fs/paths';
import { authWizardHome } from '../stores/auth-wizard';
import { codexHome } from '../stores/codex';

export function codexAccountHome(p: PathEnv, name: string): string {
  return join(authWizardHome(p), 'codex', name);
}

/** The names of the account homes that hold an auth.json now (a grant moved in for a running, or killed, exec). */
export function codexHomesHolding(p: PathEnv): string[] {
  const dir = join(authWizardHome(p), 'codex');
  try {
    return readdirSync(dir).filter((n) => existsSync(join(dir, n, 'auth.json'))).sort();
  } catch {
    return [];
  }
}

export async function prepareCodexHome(p: PathEnv, name: string): Promise<string> {
  const dir = codexAccountHome(p, name);
  await ensurePrivateDir(dir);
  const link = join(dir, 'config.toml');
  const target = join(codexHome(p), 'config.toml');
  let present = false;
  try {
    lstatSync(link);
    present = true;
  } catch {
    /* none yet */
  }
  if (!present && existsSync(target)) symlinkSync(target, link);
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const MARKER = /^\.exec-(\d+)$/;

export async function addMarker(dir: string, pid: number): Promise<void> {
  await writeFile(join(dir, `.exec-${pid}`), '', { mode: 0o600 });
}

export async function removeMarker(dir: string, pid: number): Promise<void> {
  await rm(join(dir, `.exec-${pid}`), { force: true });
}

/** Another exec (a live process) still runs with this home. */
export function othersRunning(dir: string, pid: number): boolean {
  try {
    return readdirSync(dir).some((n) => {
      const m = MARKER.exec(n);
      return m !== null && Number(m[1]) !== pid && alive(Number(m[1]));
    });
  } catch {
    return false;
  }
}
