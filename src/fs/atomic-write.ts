// Crash-safe, private file writes for credential stores.
//
// Threats and races handled here (docs/security.md, "Storage"):
// - A crash or kill mid-write must leave the old or the new content, never a
//   truncated file: write a temp file in the same directory (same filesystem,
//   so rename is atomic), fsync it, rename it over the target, fsync the dir.
// - A symlinked credentials file must stay a link: replacing the link with a
//   private copy silently forks the store (anthropics/claude-code#76561), so we
//   write through to the real path.
// - The umask must not loosen or tighten what we ask for: files end 0600 and
//   the directories we create 0700, set explicitly with chmod.
// - Following a link must not hand another user's file to us: a target file,
//   or an existing folder it lands in, owned by another user is refused
//   (AppError 'foreign_file') before any lock, temp file or network call. A
//   rename would replace their file with ours (root's /etc/…, a shared team
//   folder) and, as root, leave a user's own tool unable to read its file.
// - An existing folder others can write to is written into with a warning:
//   whoever can write there can swap the file after us (docs/security.md).
import { shellQuote } from '../core/shell-quote';
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { AppError, isAppError } from '../errors';
import { errCode } from '../core/err-code';

export interface WriteOptions {
  /** Final mode of the file; default 0o600. */
  mode?: number;
  /** Mode of directories this call creates; default 0o700. Existing ones are left alone. */
  dirMode?: number;
  /** Told (one sentence) when the existing folder written into is group- or world-writable. */
  warn?: ((message: string) => void) | undefined;
}

function ioError(what: string, path: string, e: unknown): AppError {
  const msg = e instanceof Error ? e.message : String(e);
  return new AppError('io', `Could not ${what} ${path}: ${msg}`, { cause: e });
}

/**
 * The path a write to `path` must land on: symlinks are followed (also
 * dangling ones, whose target is resolved relative to the link's directory),
 * so the link itself is never replaced. Throws AppError('foreign_file') when
 * that file, or the existing folder it is in, belongs to another user.
 */
export async function resolveWriteTarget(path: string): Promise<string> {
  const real = await followLinks(path);
  await assertOursToWrite(path, real);
  return real;
}

async function statOrUndefined(path: string, how: (p: string) => Promise<Stats>): Promise<Stats | undefined> {
  try {
    return await how(path);
  } catch (e) {
    if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * POSIX only: on Windows ownership is ACLs and Node reports uid 0 for every
 * file. Root is held to the same rule: a file root writes into a user's home
 * becomes root's, and the user's own tool can no longer read it.
 */
async function assertOursToWrite(path: string, real: string): Promise<void> {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined) return;
  const linked = real !== resolve(path);
  const st = await statOrUndefined(real, lstat);
  if (st !== undefined && st.uid !== uid) {
    throw new AppError(
      'foreign_file',
      `${linked ? `${path} is a link to ${real}, which belongs` : `${path} belongs`} to another user (uid ${st.uid}); auth-wizard will not replace another user's file.`,
      { hint: linked ? `point ${path} at a file of your own (or remove the link), or run auth-wizard as that user` : `run auth-wizard as the user who owns ${path}` },
    );
  }
  const dir = dirname(real);
  const ds = await statOrUndefined(dir, stat);
  if (ds !== undefined && ds.uid !== uid) {
    throw new AppError(
      'foreign_file',
      `${path} ${linked ? 'is a link into' : 'would be written into'} ${dir}, a folder owned by another user (uid ${ds.uid}); auth-wizard will not write into another user's folder.`,
      { hint: linked ? `point ${path} at a folder of your own, or run auth-wizard as that user` : 'use a folder of your own, or run auth-wizard as the user who owns it' },
    );
  }
}

/** A path a person can paste into a shell: single-quoted unless it is plain. */
async function warnIfOthersCanWrite(dir: string, opts: WriteOptions): Promise<void> {
  if (opts.warn === undefined || process.platform === 'win32') return;
  const ds = await statOrUndefined(dir, stat);
  if (ds === undefined || (ds.mode & 0o022) === 0) return;
  const mode = (ds.mode & 0o777).toString(8).padStart(3, '0');
  opts.warn(`${dir} can be written by other users (${mode}): they could replace or remove the credentials in it. Fix: chmod 700 ${shellQuote(dir)}`);
}

async function followLinks(path: string): Promise<string> {
  let cur = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return await realpath(cur);
    } catch (e) {
      if (errCode(e) !== 'ENOENT') throw e;
    }
    // Either the file (or an ancestor) is missing, or it is a dangling link.
    let isLink: boolean;
    try {
      isLink = (await lstat(cur)).isSymbolicLink();
    } catch (e) {
      if (errCode(e) === 'ENOENT') return cur; // a new file; parents get created
      throw e;
    }
    if (!isLink) return cur;
    // Resolve the link text against the link's *real* directory, as the kernel
    // would: `..` in the link must not be applied to a symlinked parent lexically.
    const linkDir = await realpath(dirname(cur)).catch(() => dirname(cur));
    cur = resolve(linkDir, await readlink(cur));
  }
  throw Object.assign(new Error(`Too many levels of symbolic links: ${path}`), { code: 'ELOOP' });
}

/** mkdir -p, then chmod every directory *we* created (umask may have reduced the mode). */
export async function ensurePrivateDir(dir: string, dirMode = 0o700): Promise<void> {
  const target = resolve(dir);
  const first = await mkdir(target, { recursive: true, mode: dirMode });
  if (first === undefined) return; // already existed: not ours to change
  let cur = first;
  await chmod(cur, dirMode);
  for (const part of relative(first, target).split(sep).filter(Boolean)) {
    cur = join(cur, part);
    await chmod(cur, dirMode);
  }
}

/** chmod, for `doctor --fix` tightening an existing looser file (follows links to the real file). */
export async function tightenMode(path: string, mode: number): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (e) {
    throw ioError('change the permissions of', path, e);
  }
}

// Errors from opening/fsyncing a directory on platforms that cannot (Windows:
// EISDIR/EPERM; some filesystems: EINVAL). The rename already happened.
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL', 'EACCES', 'ENOTSUP']);

async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    if (!DIR_SYNC_UNSUPPORTED.has(errCode(e) ?? '')) throw e;
  } finally {
    await fh?.close().catch(() => {});
  }
}

// On Windows, antivirus/indexers briefly hold files open and rename fails with
// EPERM/EACCES/EBUSY; retry a little. POSIX rename never needs this.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (e) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].includes(errCode(e) ?? '');
      if (process.platform !== 'win32' || !transient || attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}

/**
 * Atomically replace `path` with `data` (UTF-8). Afterwards the file holds
 * exactly `data` with mode `opts.mode` (0600); a crash at any moment leaves
 * the old or the new content. Throws AppError('io').
 */
export async function writeFileAtomic(path: string, data: string, opts: WriteOptions = {}): Promise<void> {
  const mode = opts.mode ?? 0o600;
  let target: string;
  try {
    target = await resolveWriteTarget(path);
    await warnIfOthersCanWrite(dirname(target), opts);
    await ensurePrivateDir(dirname(target), opts.dirMode ?? 0o700);
  } catch (e) {
    throw isAppError(e) ? e : ioError('prepare to write', path, e);
  }

  const dir = dirname(target);
  // Same directory → same filesystem → atomic rename. Random suffix + `wx`
  // means we never open (or follow a planted symlink at) someone else's file.
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  let renamed = false;
  try {
    const fh = await open(tmp, 'wx', 0o600);
    created = true;
    try {
      await fh.writeFile(data, 'utf8');
      await fh.sync(); // data on disk before the rename makes it visible
      await fh.chmod(mode); // explicit: the umask applied at open() must not decide
    } finally {
      await fh.close();
    }
    await renameWithRetry(tmp, target);
    renamed = true;
    await fsyncDir(dir); // make the rename itself durable
  } catch (e) {
    if (created && !renamed) await unlink(tmp).catch(() => {});
    throw ioError('write', path, e);
  }
}
