// Writes Codex CLI's auth.json in the shape Codex itself writes (see
// docs/interop.md for what `codex login status` accepts). Only the members
// Codex's login owns are touched; everything else stays as written.
import { codexAuthFile, type PathEnv } from '../fs/paths';
import { DELETE_FILE, updateJsonFile, type UpdateOptions } from '../fs/json-file';
import { codexLock } from '../fs/tool-locks';

/** Every write into Codex's file takes Codex's own lock (tool-locks.ts). */
const underCodexLock = (p: PathEnv, o: UpdateOptions): UpdateOptions => ({ ...o, lock: { ...o.lock, toolLock: codexLock(codexAuthFile(p)) } });

export interface OpenAiGrant {
  idToken?: string | undefined;
  accessToken: string;
  refreshToken?: string | undefined;
  accountId?: string | undefined;
}

export async function writeCodexGrant(p: PathEnv, grant: OpenAiGrant, opts: UpdateOptions): Promise<void> {
  await updateJsonFile(
    codexAuthFile(p),
    (doc) => ({
      auth_mode: 'chatgpt',
      // Codex keeps the key member; an API key left there is harmless in ChatGPT mode.
      OPENAI_API_KEY: doc.OPENAI_API_KEY ?? null,
      tokens: { id_token: grant.idToken ?? '', access_token: grant.accessToken, refresh_token: grant.refreshToken ?? '', account_id: grant.accountId ?? null },
      last_refresh: new Date(opts.now).toISOString(),
    }),
    underCodexLock(p, opts),
  );
}

export async function writeCodexApiKey(p: PathEnv, apiKey: string, opts: UpdateOptions): Promise<void> {
  // Switching Codex to a key drops the ChatGPT tokens, as `codex login --with-api-key`
  // does: a live refresh token should not linger beside a key nobody will refresh it for.
  await updateJsonFile(codexAuthFile(p), () => ({ auth_mode: 'apikey', OPENAI_API_KEY: apiKey, tokens: null }), underCodexLock(p, opts));
}

/** `codex logout` deletes auth.json; so do we. */
export async function removeCodexAuth(p: PathEnv, opts: UpdateOptions): Promise<void> {
  await updateJsonFile(codexAuthFile(p), () => DELETE_FILE, underCodexLock(p, opts));
}
