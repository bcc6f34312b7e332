// Moving a grant between a tool's file and auth-wizard's store, never copying it.
//
// `switch codex work`: the grant Codex holds now moves into auth-wizard's store
// (under the name the user gave), and the saved `openai:work` grant moves into
// Codex's auth.json. Refresh tokens rotate and a replayed one can revoke the
// grant (docs/providers.md §4), so a grant in two files is a family that logs
// itself out; a move must never leave one behind, even when killed halfway.
//
// How: both files' locks are taken, always in one order — auth-wizard's store
// first, then the tool's file (with its tool's own lock, the store's
// `grant.toolLock`: Codex's flock, fs/tool-locks.ts) — so two
// switches, or a switch and a refresh, cannot deadlock. Under them: both files
// are read (a corrupt one stops everything before any write), the plan is
// written to the intent record (intent.ts), then the store, then the tool's
// file, then the record is removed. Every command that touches these stores
// first calls `recoverSwitch`, which finishes a record left by a crash under
// the same two locks. Nothing here refreshes a grant.
//
// Where a tool keeps its grant, how it is read and written, and its lock come
// from that tool's store (accounts/tools.ts); this module holds the move only.
import { isRecord, str } from '../core/guards';
import type { Deps } from '../deps';
import { AppError, usageError } from '../errors';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { resolveWriteTarget } from '../fs/atomic-write';
import { updateJsonFile } from '../fs/json-file';
import { removeEntry } from '../stores/remove-entry';
import { withLock } from '../fs/lock';
import { lockOptionsFromEnv } from '../fs/lock-env';
import { extractGrant } from '../stores/grant';
import type { PathEnv } from '../fs/paths';
import { authWizardProfilesFile } from '../stores/auth-wizard';
import { PROFILE_STORE_VERSION } from '../stores/auth-wizard.write';
import { parseJson, readCredentialFile } from '../fs/read-file';
import { recoverLeftoverTemps } from '../fs/temp-recovery';
import { type GrantRecord, grantRecordOf, intentPath, readIntent, removeIntent, type SwitchIntent, writeIntent } from './intent';
import { type GrantTool, TOOL_LABEL } from './names';
import { grantStore } from './tools';

export function toolFileOf(p: PathEnv, tool: GrantTool): string {
  return grantStore(tool).side.file(p);
}

const fileLabel = (tool: GrantTool) => `${TOOL_LABEL[tool]}'s file`;

type Doc = { kind: 'missing' } | { kind: 'ok'; doc: Record<string, unknown> };

/** A file read for a move: missing is fine, anything unparsable stops the move before any write. */
async function readDoc(path: string, what: string): Promise<Doc> {
  const file = await readCredentialFile(path);
  if (file.kind === 'missing') return { kind: 'missing' };
  const json = file.kind === 'ok' ? parseJson(file.text) : { ok: false as const, reason: file.reason };
  if (!json.ok || !isRecord(json.value)) {
    throw new AppError('corrupt_file', `${what} ${path} ${json.ok ? 'is not a JSON object' : json.reason}; auth-wizard will not switch accounts over it (nothing was changed).`, { hint: 'auth-wizard doctor' });
  }
  return { kind: 'ok', doc: json.value };
}

/** The ChatGPT grant a tool's file holds, or undefined (no file, no tokens, an API key). */
export function toolGrantOf(tool: GrantTool, doc: Record<string, unknown>): GrantRecord | undefined {
  const { side, entry } = grantStore(tool);
  const read = extractGrant({ side, entry }, doc);
  if (read.kind !== 'ok' || read.grant.access === undefined) return undefined;
  const g = read.grant;
  return { access: g.access!, refresh: g.refresh, idToken: g.idToken, expires: g.expiresAt, accountId: g.accountId, email: g.email, plan: g.plan, lastRefresh: g.lastRefresh !== undefined ? new Date(g.lastRefresh).toISOString() : undefined };
}

function profilesOf(doc: Record<string, unknown>): Record<string, unknown> {
  return isRecord(doc.profiles) ? doc.profiles : {};
}

/** The same grant: the same refresh token (or, with none, the same access token). */
export function sameGrant(a: GrantRecord | undefined, b: GrantRecord | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a.refresh !== undefined || b.refresh !== undefined ? a.refresh === b.refresh : a.access === b.access;
}

function asProfile(g: GrantRecord): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ type: 'oauth', provider: 'openai', ...g })) as Record<string, unknown>;
}

/**
 * The store's members after a move: `put` saved (each under its id), `take`
 * removed when it still holds that grant. `take`'s place in the provider's
 * order goes to the first grant put. Undefined: nothing to change.
 */
function storeUpdate(doc: Record<string, unknown>, put: ReadonlyArray<{ profile: string; grant: GrantRecord }>, take: { profile: string; grant: GrantRecord } | undefined): Record<string, unknown> | undefined {
  const profiles = { ...profilesOf(doc) };
  let changed = false;
  const order: Record<string, unknown> = isRecord(doc.order) ? { ...doc.order } : {};
  let ids = Array.isArray(order.openai) ? order.openai.filter((x): x is string => typeof x === 'string') : [];
  if (take !== undefined && sameGrant(grantRecordOf(profiles[take.profile]), take.grant)) {
    delete profiles[take.profile];
    changed = true;
    const at = ids.indexOf(take.profile);
    ids = ids.filter((x) => x !== take.profile);
    const first = put.find((x) => !ids.includes(x.profile));
    if (first !== undefined) ids.splice(at === -1 ? ids.length : at, 0, first.profile);
  }
  for (const x of put) {
    if (sameGrant(grantRecordOf(profiles[x.profile]), x.grant)) continue;
    profiles[x.profile] = asProfile(x.grant);
    if (!ids.includes(x.profile)) ids.push(x.profile);
    changed = true;
  }
  if (!changed) return undefined;
  return { version: doc.version ?? PROFILE_STORE_VERSION, profiles, order: { ...order, openai: ids } };
}

/** The grant into the tool's file through its store's write half (other keys and entries kept); the locks are held. */
async function writeToolGrant(toolFile: string, tool: GrantTool, g: GrantRecord, now: number): Promise<void> {
  const { store, entry } = grantStore(tool);
  const writer = await store.write!();
  // The time written is the grant's own last refresh: a switch refreshes
  // nothing, and Codex decides when to refresh from its last_refresh.
  const last = Date.parse(g.lastRefresh ?? '');
  const expiresAt = g.expires ?? mergedOpenAiClaims(g.idToken, g.access).expiresAt ?? now;
  const tokens = { idToken: g.idToken, accessToken: g.access, refreshToken: g.refresh, accountId: g.accountId, expiresAt };
  await updateJsonFile(toolFile, (doc) => writer.applyGrant(doc, tokens, Number.isFinite(last) ? last : now, entry), { now, lockHeld: true });
}

/** Empties the tool's sign-in as its own logout does (Codex deletes auth.json, OpenCode drops the entry). */
async function removeToolGrant(toolFile: string, tool: GrantTool, now: number): Promise<void> {
  const { store, entry } = grantStore(tool);
  const writer = await store.write!();
  await removeEntry(toolFile, writer, entry, { now, lockHeld: true });
}

/** Runs `fn` holding auth-wizard's store lock, then the tool file's lock: always this order. */
async function underBothLocks<T>(p: PathEnv, env: Deps['env'], tool: GrantTool, toolFile: string, fn: () => Promise<T>): Promise<T> {
  const lockEnv = { retryMinMs: 20, retryMaxMs: 100, ...lockOptionsFromEnv(env) };
  const storeReal = await resolveWriteTarget(authWizardProfilesFile(p));
  const toolReal = await resolveWriteTarget(toolFile);
  const toolLock = grantStore(tool).side.toolLock?.(toolFile);
  return withLock(storeReal, () => withLock(toolReal, fn, { ...lockEnv, toolLock }), lockEnv);
}

/** Completes `intent` (both locks held): see recoverSwitch. Returns what was done, for the user. */
async function finish(p: PathEnv, intent: SwitchIntent, now: number): Promise<'completed' | 'kept-both'> {
  const storeFile = authWizardProfilesFile(p);
  // The store and the tool file may have a synced temp file a kill left
  // before its rename: updateJsonFile adopts it; read after it did.
  await recoverLeftoverTemps(await resolveWriteTarget(intent.toolFile));
  const toolDoc = await readDoc(intent.toolFile, fileLabel(intent.tool));
  const current = toolDoc.kind === 'ok' ? toolGrantOf(intent.tool, toolDoc.doc) : undefined;
  const toolHasTo = intent.to !== undefined ? sameGrant(current, intent.to.grant) : current === undefined;
  const toolHasFrom = intent.from !== undefined ? sameGrant(current, intent.from.grant) : current === undefined;
  if (toolHasTo || toolHasFrom) {
    // The normal case: finish the move (each step is a no-op when already done).
    await updateJsonFile(storeFile, (doc) => storeUpdate(doc, intent.from !== undefined ? [intent.from] : [], intent.to), { now, lockHeld: true });
    if (!toolHasTo) await (intent.to !== undefined ? writeToolGrant(intent.toolFile, intent.tool, intent.to.grant, now) : removeToolGrant(intent.toolFile, intent.tool, now));
    return 'completed';
  }
  // The tool's file changed since the crash (the tool refreshed the grant it
  // held, or a new sign-in): its grant is its own and stays. Both grants of the
  // record go (back) into the store, so none is lost and none is in two files;
  // the one the tool's refresh replaced is dead, and doctor says so.
  const put = [...(intent.to !== undefined ? [intent.to] : []), ...(intent.from !== undefined ? [intent.from.profile === intent.to?.profile ? { ...intent.from, profile: `${intent.from.profile}-previous` } : intent.from] : [])];
  await updateJsonFile(storeFile, (doc) => storeUpdate(doc, put, undefined), { now, lockHeld: true });
  return 'kept-both';
}

/**
 * Finishes a switch a crash interrupted. Returns a sentence for stderr, or
 * undefined when there was none. A record that cannot be read is never acted
 * on or removed: it may hold the only copy of a grant.
 */
export async function recoverSwitch(deps: Pick<Deps, 'home' | 'env' | 'now'>): Promise<string | undefined> {
  const p: PathEnv = { home: deps.home, env: deps.env };
  const path = intentPath(p);
  // A kill while the record itself was being written leaves its temp file:
  // complete → it is the record (adopted); incomplete → removed (no other
  // write had begun). Under the store lock, which guards the record.
  const first = await readIntentOrTemp(p, path);
  if (first === undefined) return undefined;
  return underBothLocks(p, deps.env, first.tool, first.toolFile, async () => {
    const again = await readIntent(path);
    if (again.kind === 'none') return undefined; // another process finished it meanwhile
    if (again.kind === 'corrupt') throw corruptIntent(path, again.reason);
    const how = await finish(p, again.intent, deps.now());
    await removeIntent(path);
    const who = again.intent.to?.profile;
    return how === 'completed'
      ? `finished an interrupted switch: ${who !== undefined ? `${again.intent.tool} now uses ${who}` : `${again.intent.from?.profile} is back in auth-wizard's store`}${who !== undefined && again.intent.from !== undefined ? `, and ${again.intent.from.profile} holds its previous account` : ''}.`
      : `an interrupted switch found ${again.intent.tool}'s file changed since; it was left as it is, and both accounts of the switch are saved in auth-wizard's store (auth-wizard accounts).`;
  });
}

function corruptIntent(path: string, reason: string): AppError {
  return new AppError('corrupt_file', `auth-wizard's switch record ${path} ${reason}; it may hold a sign-in's only copy, so auth-wizard will not act on or remove it.`, { hint: `look at it, then move it away: mv ${path} ${path}.bad` });
}

async function readIntentOrTemp(p: PathEnv, path: string): Promise<SwitchIntent | undefined> {
  const r = await readIntent(path);
  if (r.kind === 'ok') return r.intent;
  if (r.kind === 'corrupt') throw corruptIntent(path, r.reason);
  const { findLeftoverTemps } = await import('../fs/temp-recovery');
  if (findLeftoverTemps(path).length === 0) return undefined;
  // Take the store lock (the record's guard) to deal with the temp file.
  const storeReal = await resolveWriteTarget(authWizardProfilesFile(p));
  await withLock(storeReal, async () => void (await recoverLeftoverTemps(path)), { retryMinMs: 20, retryMaxMs: 100, ...lockOptionsFromEnv(p.env) });
  const after = await readIntent(path);
  if (after.kind === 'corrupt') throw corruptIntent(path, after.reason);
  return after.kind === 'ok' ? after.intent : undefined;
}

export interface SwitchRequest {
  tool: GrantTool;
  /** Profile id of the saved account to use (`openai:work`); undefined: empty the tool's file into the store (saveAs). */
  take?: string | undefined;
  /** Another file than the tool's default (an account's own CODEX_HOME, for exec). */
  toolFile?: string | undefined;
  /** Profile id the tool's current grant is saved under; needed when it has one. */
  saveAs?: string | undefined;
  /** exec: `take` is not in the store but the file already holds a grant (another exec of that account moved it in): use it. */
  useHeld?: boolean | undefined;
  /** exec giving an account back: asked under the locks; true leaves everything as it is (another exec still runs with it). */
  keep?: (() => boolean) | undefined;
}

export interface SwitchDone {
  /** The tool already held that grant: nothing moved. */
  already: boolean;
  took?: GrantRecord | undefined;
  saved?: { profile: string; grant: GrantRecord } | undefined;
}

export async function switchGrant(deps: Pick<Deps, 'home' | 'env' | 'now'>, req: SwitchRequest): Promise<SwitchDone> {
  const p: PathEnv = { home: deps.home, env: deps.env };
  const toolFile = req.toolFile ?? toolFileOf(p, req.tool);
  const storeFile = authWizardProfilesFile(p);
  const path = intentPath(p);
  return underBothLocks(p, deps.env, req.tool, toolFile, async () => {
    const now = deps.now();
    // A record another process left between our recovery and these locks.
    const left = await readIntent(path);
    if (left.kind === 'corrupt') throw corruptIntent(path, left.reason);
    if (left.kind === 'ok') {
      await finish(p, left.intent, now);
      await removeIntent(path);
    }
    await recoverLeftoverTemps(await resolveWriteTarget(storeFile));
    await recoverLeftoverTemps(await resolveWriteTarget(toolFile));
    const store = await readDoc(storeFile, "auth-wizard's store");
    const tool = await readDoc(toolFile, fileLabel(req.tool));
    const profiles = store.kind === 'ok' ? profilesOf(store.doc) : {};
    if (req.keep?.() === true) return { already: true };
    const raw = req.take !== undefined ? profiles[req.take] : undefined;
    if (req.useHeld === true && raw === undefined && tool.kind === 'ok' && toolGrantOf(req.tool, tool.doc) !== undefined) return { already: true, took: toolGrantOf(req.tool, tool.doc) };
    const to = grantRecordOf(raw);
    if (req.take !== undefined && (to === undefined || !isRecord(raw) || str(raw.type) !== 'oauth' || (str(raw.provider) ?? 'openai') !== 'openai')) {
      throw usageError(`auth-wizard has no saved ChatGPT account ${req.take}.`, 'auth-wizard accounts');
    }
    const from = tool.kind === 'ok' ? toolGrantOf(req.tool, tool.doc) : undefined;
    if (to !== undefined ? sameGrant(from, to) : from === undefined) return { already: true, took: to };
    if (from !== undefined) {
      if (req.saveAs === undefined) throw usageError(`${req.tool} holds a sign-in${from.email !== undefined ? ` (${from.email})` : ''} that must be saved under a name first: give it with --save-as <name>.`);
      const taken = grantRecordOf(profiles[req.saveAs]);
      if (req.saveAs !== req.take && profiles[req.saveAs] !== undefined && !sameGrant(taken, from)) {
        throw usageError(`A saved account is already named ${req.saveAs.replace(/^openai:/, '')}; choose another --save-as.`, 'auth-wizard accounts');
      }
    }
    const intent: SwitchIntent = { version: 1, tool: req.tool, toolFile, startedAt: new Date(now).toISOString(), from: from !== undefined ? { profile: req.saveAs!, grant: from } : undefined, to: to !== undefined ? { profile: req.take!, grant: to } : undefined };
    await writeIntent(path, intent);
    await updateJsonFile(storeFile, (doc) => storeUpdate(doc, intent.from !== undefined ? [intent.from] : [], intent.to), { now, lockHeld: true });
    await (to !== undefined ? writeToolGrant(toolFile, req.tool, to, now) : removeToolGrant(toolFile, req.tool, now));
    await removeIntent(path);
    return { already: false, took: to, saved: intent.from };
  });
}
