// Codex's write half: auth.json in the shape Codex itself writes (see
// docs/stores.md for what `codex login status` accepts). Only the members
// Codex's login owns are touched; everything else stays as written. Every
// write takes Codex's own lock (fs/tool-locks.ts).
import { isRecord, str } from '../core/guards';
import { mergedOpenAiClaims } from '../core/openai-claims';
import { DELETE_FILE, updateJsonFile, type UpdateOptions } from '../fs/json-file';
import type { PathEnv } from '../fs/paths';
import { codexLock } from '../fs/tool-locks';
import { codexAuthFile } from './codex';
import type { StoreWriter } from './types';

const clean = (o: Record<string, unknown>) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>; // drops undefined members

export const codexWriter: StoreWriter = {
  applyGrant: (doc, t, now) => ({
    auth_mode: 'chatgpt',
    // Codex keeps the key member; an API key left there is harmless in ChatGPT mode.
    OPENAI_API_KEY: doc.OPENAI_API_KEY ?? null,
    tokens: { id_token: t.idToken ?? '', access_token: t.accessToken, refresh_token: t.refreshToken ?? '', account_id: t.accountId ?? null },
    last_refresh: new Date(now).toISOString(),
  }),
  applyRotated(doc, _entry, t, now) {
    const old = isRecord(doc.tokens) ? doc.tokens : undefined;
    if (old === undefined) return undefined;
    const claims = mergedOpenAiClaims(t.idToken, t.access);
    // Codex requires id_token, access_token and refresh_token (docs/stores.md).
    return {
      tokens: clean({ ...old, id_token: t.idToken ?? old.id_token, access_token: t.access, refresh_token: t.refresh ?? old.refresh_token, account_id: str(old.account_id) ?? claims.accountId ?? null }),
      last_refresh: new Date(now).toISOString(),
    };
  },
  /** `codex logout` deletes auth.json; so do we. */
  remove: () => 'delete-file',
};

/** Every write into Codex's file takes Codex's own lock. */
const underCodexLock = (p: PathEnv, o: UpdateOptions): UpdateOptions => ({ ...o, lock: { ...o.lock, toolLock: codexLock(codexAuthFile(p)) } });

export interface OpenAiGrant {
  idToken?: string | undefined;
  accessToken: string;
  refreshToken?: string | undefined;
  accountId?: string | undefined;
}

export async function writeCodexGrant(p: PathEnv, grant: OpenAiGrant, opts: UpdateOptions): Promise<void> {
  await updateJsonFile(codexAuthFile(p), (doc) => codexWriter.applyGrant(doc, grant, opts.now, 'tokens'), underCodexLock(p, opts));
}

export async function writeCodexApiKey(p: PathEnv, apiKey: string, opts: UpdateOptions): Promise<void> {
  // Switching Codex to a key drops the ChatGPT tokens, as `codex login --with-api-key`
  // does: a live refresh token should not linger beside a key nobody will refresh it for.
  await updateJsonFile(codexAuthFile(p), () => ({ auth_mode: 'apikey', OPENAI_API_KEY: apiKey, tokens: null }), underCodexLock(p, opts));
}

export async function removeCodexAuth(p: PathEnv, opts: UpdateOptions): Promise<void> {
  await updateJsonFile(codexAuthFile(p), () => DELETE_FILE, underCodexLock(p, opts));
}
