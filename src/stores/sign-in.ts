// The one function that stores a new OpenAI (ChatGPT) grant: into one target
// store, through that store's write half. One grant, one store.
import { mergedOpenAiClaims } from '../core/openai-claims';
import { updateJsonFile, type UpdateOptions } from '../fs/json-file';
import type { PathEnv } from '../fs/paths';
import type { OpenAiTokens } from './grant';
import { storeById } from './index';
import { OPENAI_TARGETS, type OpenAiTarget } from './targets';

export { OPENAI_TARGETS, type OpenAiTarget, type OpenAiTokens };

export interface SavedGrant {
  target: OpenAiTarget;
  /** Profile id for the auth-wizard store, OpenCode's entry key, `auth.json` for Codex. */
  entry: string;
  accountId?: string | undefined;
  email?: string | undefined;
  plan?: string | undefined;
  expiresAt?: number | undefined;
}

/** The file a sign-in target's store keeps its grant in (its `grant.file`). */
export function targetFile(p: PathEnv, target: OpenAiTarget): string {
  const side = storeById(target)?.grant;
  if (side === undefined) throw new Error(`internal: ${target} has no grant side`);
  return side.file(p);
}

/** A sign-in target as people say it: its store's name (`Codex CLI`, `auth-wizard's store`). */
export function targetName(target: OpenAiTarget): string {
  return storeById(target)?.name ?? target;
}

export async function saveOpenAiGrant(p: PathEnv, target: OpenAiTarget, tokens: OpenAiTokens, opts: UpdateOptions & { profileName?: string | undefined }): Promise<SavedGrant> {
  const store = storeById(target);
  const side = store?.grant;
  if (store?.write === undefined || side === undefined) throw new Error(`internal: ${target} has no write half`);
  const claims = mergedOpenAiClaims(tokens.idToken, tokens.accessToken);
  const expiresAt = claims.expiresAt ?? (tokens.expiresIn !== undefined ? opts.now + tokens.expiresIn * 1000 : undefined);
  const summary = { accountId: claims.accountId, email: claims.email, plan: claims.plan, expiresAt };
  const writer = await store.write();
  const file = side.file(p);
  const entry = side.entry('openai', opts.profileName);
  const toolLock = side.toolLock?.(file);
  await updateJsonFile(file, (doc) => writer.applyGrant(doc, { ...tokens, ...summary }, opts.now, entry), toolLock !== undefined ? { ...opts, lock: { ...opts.lock, toolLock } } : opts);
  // Codex has one sign-in per file: the entry is the file.
  return { target, entry: entry === 'tokens' ? 'auth.json' : entry, ...summary };
}
