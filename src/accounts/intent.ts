// The switch intent record: `<auth-wizard home>/switch-intent.json`.
//
// A switch moves two grants between two files (the tool's auth.json and
// auth-wizard's store), and no filesystem makes two renames one. So before the
// first write the whole plan goes into this file: which tool, the grant the
// tool holds now and the name it is saved under, the saved grant that goes
// into the tool. After both writes it is removed. A switch killed at any point
// leaves either no record (nothing was written yet, or all of it was) or a
// record from which the next auth-wizard run finishes the move (switch-engine.ts
// `recoverSwitch`) before it does anything else.
//
// The record holds the grants themselves, not fingerprints: finishing the move
// needs them, and a record with only fingerprints could not put back a grant
// whose only other copy a crash had just overwritten. So while it exists the
// record is itself a store of ours (0600, atomic, under the store's lock) and
// its refresh tokens sit in two files. It exists only while both locks are
// held; a crash is the only way one outlives its command, and the next
// command that touches these stores removes it first. The invariant is
// therefore: whenever no auth-wizard command is inside a switch, every refresh
// token is in exactly one file.
import { rm } from 'node:fs/promises';
import { isRecord, str } from '../core/guards';
import { AppError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { parseJson, readCredentialFile } from '../fs/read-file';
import type { GrantTool } from './names';
import { INTENT_FILE, intentPath } from './intent-path';

export { INTENT_FILE, intentPath };

/** A grant as auth-wizard's store keeps it (an `oauth` profile). */
export interface GrantRecord {
  access: string;
  refresh?: string | undefined;
  idToken?: string | undefined;
  expires?: number | undefined;
  accountId?: string | undefined;
  email?: string | undefined;
  plan?: string | undefined;
  lastRefresh?: string | undefined;
}

export interface SwitchIntent {
  version: 1;
  tool: GrantTool;
  /** The tool's file, as configured when the switch began. */
  toolFile: string;
  startedAt: string;
  /** The grant the tool held (absent when it held none) and the profile id it is saved under. */
  from?: { profile: string; grant: GrantRecord } | undefined;
  /** The saved profile that goes into the tool, and its grant; absent when the tool's file is emptied (exec giving an account back). */
  to?: { profile: string; grant: GrantRecord } | undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function grantRecordOf(v: unknown): GrantRecord | undefined {
  if (!isRecord(v)) return undefined;
  const access = str(v.access);
  if (access === undefined) return undefined;
  return { access, refresh: str(v.refresh), idToken: str(v.idToken), expires: num(v.expires), accountId: str(v.accountId), email: str(v.email), plan: str(v.plan), lastRefresh: str(v.lastRefresh) };
}

function side(v: unknown): { profile: string; grant: GrantRecord } | undefined {
  if (!isRecord(v)) return undefined;
  const profile = str(v.profile);
  const grant = grantRecordOf(v.grant);
  return profile !== undefined && grant !== undefined ? { profile, grant } : undefined;
}

export function parseIntent(value: unknown): SwitchIntent | undefined {
  if (!isRecord(value) || value.version !== 1) return undefined;
  const tool = value.tool === 'codex' || value.tool === 'opencode' ? value.tool : undefined;
  const toolFile = str(value.toolFile);
  const to = value.to == null ? undefined : side(value.to);
  const from = value.from == null ? undefined : side(value.from);
  if (tool === undefined || toolFile === undefined || (value.to != null && to === undefined) || (value.from != null && from === undefined) || (to === undefined && from === undefined)) return undefined;
  return { version: 1, tool, toolFile, startedAt: str(value.startedAt) ?? '', from, to };
}

export type IntentRead = { kind: 'none' } | { kind: 'ok'; intent: SwitchIntent } | { kind: 'corrupt'; reason: string };

export async function readIntent(path: string): Promise<IntentRead> {
  const file = await readCredentialFile(path);
  if (file.kind === 'missing') return { kind: 'none' };
  if (file.kind === 'unreadable') return { kind: 'corrupt', reason: file.reason };
  const json = parseJson(file.text);
  if (!json.ok) return { kind: 'corrupt', reason: json.reason };
  const intent = parseIntent(json.value);
  return intent === undefined ? { kind: 'corrupt', reason: 'is not a switch record auth-wizard wrote' } : { kind: 'ok', intent };
}

export async function writeIntent(path: string, intent: SwitchIntent): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(intent, null, 2) + '\n');
}

export async function removeIntent(path: string): Promise<void> {
  try {
    await rm(path, { force: true });
  } catch (e) {
    throw new AppError('io', `Could not remove ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
}
