// Where an OpenAI (ChatGPT) grant can be stored, and the one function that
// stores it: sign-in writes a new grant to one target; refresh writes the
// rotated tokens back to the store they came from. One grant, one store.
import { mergedOpenAiClaims } from '../core/openai-claims';
import { writeCodexGrant } from './codex-writer';
import type { UpdateOptions } from '../fs/json-file';
import { writeOpencodeEntry } from './opencode-writer';
import type { PathEnv } from '../fs/paths';
import { profileId, upsertProfile } from './profiles';

import { OPENAI_TARGETS, type OpenAiTarget } from './openai-target-names';

export { OPENAI_TARGETS, type OpenAiTarget };

export interface OpenAiTokens {
  idToken?: string | undefined;
  accessToken: string;
  refreshToken?: string | undefined;
  /** Seconds, from the token response; used when the access token is not a JWT. */
  expiresIn?: number | undefined;
}

export interface SavedGrant {
  target: OpenAiTarget;
  /** Profile id for the auth-wizard store, OpenCode's entry key otherwise. */
  entry: string;
  accountId?: string | undefined;
  email?: string | undefined;
  plan?: string | undefined;
  expiresAt?: number | undefined;
}

export async function saveOpenAiGrant(p: PathEnv, target: OpenAiTarget, tokens: OpenAiTokens, opts: UpdateOptions & { profileName?: string | undefined }): Promise<SavedGrant> {
  const claims = mergedOpenAiClaims(tokens.idToken, tokens.accessToken);
  const expiresAt = claims.expiresAt ?? (tokens.expiresIn !== undefined ? opts.now + tokens.expiresIn * 1000 : undefined);
  const summary = { accountId: claims.accountId, email: claims.email, plan: claims.plan, expiresAt };
  switch (target) {
    case 'codex':
      await writeCodexGrant(p, { idToken: tokens.idToken, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, accountId: claims.accountId }, opts);
      return { target, entry: 'auth.json', ...summary };
    case 'opencode':
      await writeOpencodeEntry(p, 'openai', { type: 'oauth', access: tokens.accessToken, refresh: tokens.refreshToken ?? '', expires: expiresAt ?? opts.now, accountId: claims.accountId }, opts);
      return { target, entry: 'openai', ...summary };
    case 'auth-wizard': {
      const id = profileId('openai', opts.profileName ?? 'default');
      await upsertProfile(p, id, { type: 'oauth', provider: 'openai', access: tokens.accessToken, refresh: tokens.refreshToken, idToken: tokens.idToken, expires: expiresAt, accountId: claims.accountId, email: claims.email, plan: claims.plan, lastRefresh: new Date(opts.now).toISOString() }, opts);
      return { target, entry: id, ...summary };
    }
  }
}
