// Two-phase sign-in for automation (as firebase-tools does): `login --print-url`
// keeps the PKCE verifier and state of one attempt in a private file;
// `login --complete <redirect>` claims it exactly once.
//
// - One file per attempt, named by a hash of its state, so several attempts can
//   be pending and the pasted redirect's state finds its own (a wrong state finds
//   nothing: the check is the lookup, followed by the full constant-time check).
// - 0600 in a 0700 directory inside auth-wizard's home: the verifier is what
//   turns a leaked code into tokens (RFC 7636 §1).
// - Ten minutes to live; expired files are swept whenever a new one is written.
// - Claimed by rename before reading, so two concurrent `--complete`s cannot
//   both use it, and deleted whatever the outcome (single use).
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecord, num, str } from '../core/guards';
import { AppError } from '../errors';
import { ensurePrivateDir, writeFileAtomic } from '../fs/atomic-write';
import { OPENAI_TARGETS, type OpenAiTarget } from '../stores/targets';
import { authWizardHome } from '../stores/auth-wizard';
import { type PathEnv } from '../fs/paths';
import { errCode } from '../core/err-code';

export const PENDING_TTL_MS = 10 * 60_000;

export interface PendingLogin {
  state: string;
  verifier: string;
  redirectUri: string;
  issuer: string;
  target: OpenAiTarget;
  profile?: string | undefined;
  createdAt: number;
  expiresAt: number;
}

export function pendingDir(p: PathEnv): string {
  return join(authWizardHome(p), 'pending-logins');
}

function fileFor(p: PathEnv, state: string): string {
  return join(pendingDir(p), `${createHash('sha256').update(state, 'utf8').digest('hex').slice(0, 40)}.json`);
}

export async function savePending(p: PathEnv, record: PendingLogin): Promise<string> {
  await ensurePrivateDir(pendingDir(p));
  await sweepExpired(p, record.createdAt);
  const path = fileFor(p, record.state);
  await writeFileAtomic(path, JSON.stringify({ version: 1, ...record }, null, 2) + '\n');
  return path;
}

async function sweepExpired(p: PathEnv, now: number): Promise<void> {
  let names: string[];
  try {
    names = await readdir(pendingDir(p));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const path = join(pendingDir(p), name);
    const record = parse(await readFile(path, 'utf8').catch(() => ''));
    if (record === undefined || record.expiresAt <= now) await unlink(path).catch(() => {});
  }
}

function parse(text: string): PendingLogin | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(v)) return undefined;
  const [state, verifier, redirectUri, issuer, target] = [str(v.state), str(v.verifier), str(v.redirectUri), str(v.issuer), str(v.target)];
  const [createdAt, expiresAt] = [num(v.createdAt), num(v.expiresAt)];
  if (state === undefined || verifier === undefined || redirectUri === undefined || issuer === undefined || createdAt === undefined || expiresAt === undefined) return undefined;
  const known = OPENAI_TARGETS.find((t) => t === target);
  if (known === undefined) return undefined;
  return { state, verifier, redirectUri, issuer, target: known, profile: str(v.profile), createdAt, expiresAt };
}

/**
 * The pending attempt `state` names, read without claiming it (undefined when
 * there is none): login checks its target before the claim, so a target it
 * must refuse leaves the attempt in place to finish once the file is fixed.
 */
export async function peekPending(p: PathEnv, state: string): Promise<PendingLogin | undefined> {
  return parse(await readFile(fileFor(p, state), 'utf8').catch(() => ''));
}

const START_AGAIN = 'Start again with `auth-wizard login --provider openai --print-url`.';

/**
 * Takes the pending attempt that `state` belongs to, deleting its file. The
 * caller still runs the full state check (parsePastedRedirect) on the paste.
 */
export async function claimPending(p: PathEnv, state: string, now: number): Promise<PendingLogin> {
  const path = fileFor(p, state);
  const claimed = `${path}.claimed-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, claimed);
  } catch (e) {
    if (errCode(e) !== 'ENOENT') throw new AppError('io', `Could not read the pending sign-in in ${pendingDir(p)}: ${e instanceof Error ? e.message : String(e)}`);
    throw new AppError(
      'state_mismatch',
      `This address does not belong to a pending sign-in: its state matches none started with --print-url here (already completed, expired, or from another attempt). Its code was not sent anywhere and nothing was written. ${START_AGAIN}`,
    );
  }
  try {
    const record = parse(await readFile(claimed, 'utf8'));
    if (record === undefined) throw new AppError('corrupt_file', `The pending sign-in file was unreadable and has been removed. ${START_AGAIN}`);
    if (record.expiresAt <= now) {
      throw new AppError('auth_needed', `The pending sign-in expired (--print-url links are good for ${PENDING_TTL_MS / 60_000} minutes); nothing was written. ${START_AGAIN}`);
    }
    return record;
  } finally {
    await unlink(claimed).catch(() => {});
  }
}
