// "Could this file be written?", asked before a sign-in exchanges its code.
// An authorization code is single-use and the tokens it buys are issued the
// moment it is exchanged: a write refused afterwards (a corrupt file the
// writer will not overwrite, a folder we cannot write into) burns a grant the
// server already issued and leaves the user to start again. So login runs the
// writer's own refusals first, without writing anything:
// - the file (through symlinks, as the writer resolves it) must be missing or
//   a JSON object the writer can rewrite member by member — the same test as
//   json-file.ts's readForUpdate; with --force a bad file passes (the writer
//   keeps a .corrupt-<time> copy and starts afresh);
// - it must be this user's (resolveWriteTarget refuses another user's file);
// - its folder, or the nearest existing ancestor the writer would create it
//   in, must be a folder this user can write into.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isRecord } from '../core/guards';
import { AppError, isAppError } from '../errors';
import { resolveWriteTarget } from './atomic-write';
import { topLevelMembers } from './json-members';
import { parseJson, readCredentialFile } from './read-file';
import { errCode } from '../core/err-code';

const STOPPED = 'so the sign-in stopped before any code was exchanged';

const code = (e: unknown): string => errCode(e) ?? String(e);

/** Throws the AppError the write would have thrown (corrupt_file or io); resolves when the write can go ahead. */
export async function preflightWrite(path: string, o: { force?: boolean | undefined } = {}): Promise<void> {
  let real: string;
  try {
    real = await resolveWriteTarget(path);
  } catch (e) {
    // resolveWriteTarget's own refusal (another user's file) already says why.
    if (isAppError(e)) throw e;
    throw new AppError('io', `Could not resolve ${path} (${code(e)}), ${STOPPED}.`, { cause: e });
  }

  const file = await readCredentialFile(real);
  let reason: string | undefined;
  if (file.kind === 'unreadable') reason = file.reason;
  else if (file.kind === 'ok') {
    const json = parseJson(file.text);
    if (!json.ok) reason = json.reason;
    else if (!isRecord(json.value) || topLevelMembers(file.text) === undefined) reason = 'is not a JSON object';
  }
  if (reason !== undefined && o.force !== true) {
    throw new AppError('corrupt_file', `${path} ${reason}; auth-wizard will not overwrite it, ${STOPPED}.`, {
      hint: 'fix or move the file, or re-run with --force to keep a .corrupt-<time> copy and start it afresh',
    });
  }

  // The folder the temp file and the lock go into, or the ancestor it will be made in.
  let dir = dirname(real);
  for (;;) {
    try {
      const st = await stat(dir);
      if (!st.isDirectory()) throw new AppError('io', `${dir} is not a folder, so ${path} cannot be saved; ${STOPPED}.`);
      break;
    } catch (e) {
      if (isAppError(e)) throw e;
      if (code(e) !== 'ENOENT' || dirname(dir) === dir) throw new AppError('io', `Could not look at ${dir} (${code(e)}), ${STOPPED}.`, { cause: e });
      dir = dirname(dir);
    }
  }
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new AppError('io', `${dir} is not writable for this user (${code(e)}), so ${path} cannot be saved; ${STOPPED}.`, { cause: e });
  }
}
