// `auth-wizard logout --provider P [--profile ID | --source S] [--revoke] [--yes]`:
// removes exactly one credential from a store auth-wizard may write:
//   - auth-wizard's own store (default): that profile;
//   - --source codex: Codex's auth.json is deleted, as `codex logout` does;
//   - --source opencode: that provider's entry; every other entry keeps its exact text.
// Which stores can be written, and how, is each store's (src/stores/): a
// read-only store's `readOnly` sentence is the answer for the others; Claude
// Code's files are never written (docs/security.md): `claude auth logout` is the way.
//
// --revoke also ends an OpenAI grant at the provider (RFC 7009) before removing it.
// Decision: when the revoke fails, NOTHING is removed and the command fails.
// The stored refresh token is the only handle on the grant; deleting it after
// a failed revoke would leave a live grant that can no longer be ended from
// here. The user can retry, or re-run without --revoke to remove it locally only.
// Revoke and removal happen under one lock, on what is stored at that moment
// (another process may have rotated the token meanwhile).
import { safePrompter } from '../ui/safe-prompter';
import { terminalSafe } from '../core/terminal-safe';
import { shellQuote } from '../core/shell-quote';
import type { Deps } from '../deps';
import type { OptionValues } from '../specs/common';
import type { logoutSpec } from '../specs/logout';
import { AppError, isAppError, ExitCode, usageError } from '../errors';
import { resolveWriteTarget } from '../fs/atomic-write';
import { removeEntry } from '../stores/remove-entry';
import { withLock } from '../fs/lock';
import { lockOptionsFromEnv } from '../fs/lock-env';
import { tildify } from '../fs/paths';
import { parseJson, readCredentialFile } from '../fs/read-file';
import { isRecord } from '../core/guards';
import { findProfile, profilesInOrder, readProfileStore } from '../stores/auth-wizard';
import { extractGrant, type GrantRead } from '../stores/grant';
import { storeById } from '../stores/index';
import type { GrantSide, Store } from '../stores/types';

export type LogoutOptions = OptionValues<typeof logoutSpec.options>;

interface Target {
  store: Store;
  side: GrantSide;
  /** The store's write half, loaded only once something will be written. */
  write: NonNullable<Store['write']>;
  path: string;
  /** Profile id, OpenCode key, or `tokens` for Codex. */
  entry: string;
  label: string;
}

async function locate(opts: LogoutOptions, deps: Deps): Promise<Target> {
  const p = { home: deps.home, env: deps.env };
  const source = opts.source ?? 'auth-wizard';
  const st = storeById(source);
  if (st?.readOnly !== undefined) throw usageError(st.readOnly, st.signOut);
  // --source is one of STORES (its choices); a store with neither a write half nor a readOnly sentence would end here.
  const side = st?.grant;
  const write = st?.write;
  if (st === undefined || side === undefined || write === undefined) throw usageError(`Unknown source "${source}".`, 'auth-wizard logout --help');
  if (source !== 'auth-wizard') {
    if (opts.profile !== undefined) throw usageError(`--profile names a profile in auth-wizard's own store; it cannot be combined with --source ${source}.`);
    const wrongProvider = side.refuseProvider?.(opts.provider);
    if (wrongProvider !== undefined) throw usageError(wrongProvider);
    const path = side.file(p);
    const entry = side.entry(opts.provider);
    return { store: st, side, write, path, entry, label: side.label(tildify(path, deps.home), entry) };
  }
  const store = await readProfileStore(p);
  let id: string;
  if (opts.profile !== undefined) {
    id = findProfile(store, opts.provider, opts.profile).entry!;
  } else {
    const mine = profilesInOrder(store, opts.provider);
    if (mine.length === 0) throw new AppError('not_found', `auth-wizard's store has no ${opts.provider} profile.`, { hint: 'auth-wizard status' });
    if (mine.length > 1) throw usageError(`auth-wizard has ${mine.length} ${opts.provider} profiles (${mine.map((c) => c.entry).join(', ')}); name the one to remove with --profile.`);
    id = mine[0]!.entry!;
  }
  return { store: st, side, write, path: store.path, entry: id, label: side.label(tildify(store.path, deps.home), id) };
}

/** The one question logout asks, through the Prompter (clack on a terminal; tests pass their own). */
async function confirm(deps: Deps, question: string): Promise<boolean> {
  return safePrompter(await deps.prompter()).confirm({ message: question, initialValue: false });
}

/** What is stored at the target now: whether it exists, and the OpenAI grant in it if any. */
async function inspect(t: Target, path: string): Promise<{ present: boolean; grant: GrantRead | undefined }> {
  const file = await readCredentialFile(path);
  if (file.kind === 'missing') return { present: false, grant: undefined };
  const json = file.kind === 'ok' ? parseJson(file.text) : undefined;
  const doc = json?.ok === true && isRecord(json.value) ? json.value : undefined;
  if (doc === undefined) {
    const why = file.kind === 'unreadable' ? file.reason : json?.ok === false ? json.reason : 'is not a JSON object';
    throw new AppError('corrupt_file', `${path} ${why}; auth-wizard will not rewrite it.`, { hint: 'auth-wizard status' });
  }
  const present = t.side.has(doc, t.entry);
  return { present, grant: present && t.side.isOpenAi(t.entry) ? extractGrant(t, doc) : undefined };
}

export async function run(opts: LogoutOptions, deps: Deps): Promise<void> {
  const t = await locate(opts, deps);
  if (opts.revoke && opts.provider !== 'openai') {
    throw usageError('--revoke is for OpenAI sign-ins. An Anthropic API key is revoked in the Anthropic Console; a setup-token in your Claude account settings.');
  }
  if (deps.interactive && !opts.yes && !(await confirm(deps, `Remove ${t.label}${opts.revoke ? ' and revoke it at OpenAI' : ''}?`))) {
    throw new AppError('cancelled', 'Nothing was removed.');
  }
  const now = deps.now();
  // The store's write half, loaded only now that something will be written.
  const writer = await t.write();
  let real: string;
  try {
    real = await resolveWriteTarget(t.path);
  } catch (e) {
    if (isAppError(e)) throw e; // another user's file or folder
    throw new AppError('io', `Could not resolve ${t.path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const report: string[] = [];
  await withLock(
    real,
    async () => {
      const seen = await inspect(t, real);
      if (!seen.present) throw new AppError('not_found', `There is nothing to remove: ${t.label} does not exist.`, { hint: 'auth-wizard status' });
      const grant = seen.grant?.kind === 'ok' ? seen.grant.grant : undefined;
      if (opts.revoke) {
        if (grant === undefined) throw usageError(`${t.label} is not a ChatGPT sign-in; there is nothing to revoke. Re-run without --revoke to remove it.`);
        const { revokeOpenAiToken } = await import('../oauth/revoke');
        try {
          const r = await revokeOpenAiToken(deps, grant, t.label);
          report.push(r === 'revoked' ? `Revoked the ${grant.refresh !== undefined ? 'refresh' : 'access'} token at OpenAI.` : 'The grant was already invalid at OpenAI.');
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          throw new AppError(isAppError(e) ? e.code : 'network', `${why} Nothing was removed: the stored refresh token is the only way to end this grant.`, {
            exitCode: ExitCode.error,
            hint: `retry, or remove it locally only: auth-wizard logout --provider ${shellQuote(opts.provider)}${opts.source !== undefined ? ` --source ${shellQuote(opts.source)}` : ''}${t.store.id === 'auth-wizard' ? ` --profile ${shellQuote(t.entry)}` : ''}`,
            cause: e,
          });
        }
      }
      await removeEntry(t.path, writer, t.entry, { now, lockHeld: true });
      report.unshift(`Removed ${t.label}.`);
      if (!opts.revoke && grant !== undefined) report.push('The sign-in itself stays valid at OpenAI (nothing was revoked); --revoke ends it too.');
    },
    { ...lockOptionsFromEnv(deps.env), ...(t.side.toolLock !== undefined ? { toolLock: t.side.toolLock(t.path) } : {}) },
  );
  // The label carries a profile id and a path: made terminal-safe.
  deps.stdout.write(terminalSafe(report.join(' ')) + '\n');
}
