// OpenCode's write half: one provider entry of auth.json; every other entry
// keeps its exact text (OpenCode stores keys for many providers there).
// OpenCode takes no lock of its own; auth-wizard's lock sits beside the file.
import { isRecord, str } from '../core/guards';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { updateJsonFile, type UpdateOptions } from '../fs/json-file';
import type { PathEnv } from '../fs/paths';
import { opencodeAuthFile } from './opencode';
import type { StoreWriter } from './types';

export type OpencodeEntry =
  | { type: 'oauth'; refresh: string; access: string; expires: number; accountId?: string | undefined }
  | { type: 'api'; key: string };

const clean = (o: Record<string, unknown>) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>; // drops undefined members

export const opencodeWriter: StoreWriter = {
  applyGrant: (_doc, t, now, entry) => ({ [entry]: { type: 'oauth', access: t.accessToken, refresh: t.refreshToken ?? '', expires: t.expiresAt ?? now, accountId: t.accountId } }),
  applyRotated(doc, entry, t, now) {
    const old = doc[entry];
    if (!isRecord(old)) return undefined;
    const claims = mergedOpenAiClaims(t.idToken, t.access);
    // OpenCode's schema requires a numeric `expires`; OpenAI always sends expires_in, so the fallback is theoretical.
    return { [entry]: clean({ ...old, type: 'oauth', access: t.access, refresh: t.refresh ?? old.refresh, expires: t.expiresAt ?? now + 3600_000, accountId: str(old.accountId) ?? claims.accountId }) };
  },
  remove: (doc, entry) => (Object.hasOwn(doc, entry) ? { [entry]: undefined } : undefined),
};

export async function writeOpencodeEntry(p: PathEnv, provider: string, entry: OpencodeEntry, opts: UpdateOptions): Promise<void> {
  await updateJsonFile(opencodeAuthFile(p), () => ({ [provider]: entry }), opts);
}

