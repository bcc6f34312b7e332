// The typed record every discovered credential becomes. Sources fill it in;
// the report layer adds state and precedence; renderers only read it.

/** A store's id (src/stores/index.ts lists them): `codex`, `claude-code`, … A plain string so a new store needs no edit here. */
export type SourceId = string;

export type CredentialKind = 'oauth' | 'token' | 'api_key';

/**
 * Problems a store recognised in a credential, each reported by doctor under
 * the same stable id (src/doctor/tools.ts words them). A store sets the flag
 * from what it parsed, so doctor never matches on a reason's text or switches
 * on a store's id.
 */
export const CREDENTIAL_FLAGS = ['gemini-api-key-ignored', 'copilot-plaintext-token', 'qwen-oauth-dead', 'crush-claude-oauth-dead', 'keyring-unreadable'] as const;
export type CredentialFlag = (typeof CREDENTIAL_FLAGS)[number];

export type CredentialState = 'valid' | 'expiring' | 'expired' | 'signed-out' | 'unreadable';

/** Secrets are kept apart from the displayable fields so renderers cannot print them by accident. */
export interface Secrets {
  access?: string | undefined;
  refresh?: string | undefined;
  idToken?: string | undefined;
  apiKey?: string | undefined;
}

export interface Credential {
  /** Stable handle, e.g. `codex`, `opencode:openai`, `env:OPENAI_API_KEY`, `auth-wizard:openai:default`. */
  id: string;
  /** `openai`, `anthropic`, or the store's own id for others (e.g. `openrouter`). */
  provider: string;
  source: SourceId;
  /** Null only when the file could not be read. */
  kind: CredentialKind | null;
  /** File path, or `$VAR` for an environment variable, or `keychain:<service>`. */
  path: string;
  /** Entry within the store: profile id, OpenCode key, OpenClaw agent/profile, jcode label. */
  entry?: string | undefined;
  accountId?: string | undefined;
  email?: string | undefined;
  userId?: string | undefined;
  orgId?: string | undefined;
  orgName?: string | undefined;
  plan?: string | undefined;
  rateLimitTier?: string | undefined;
  scopes?: string[] | undefined;
  /** Epoch ms when the access token expires; null for keys that do not expire. */
  expiresAt: number | null;
  refreshExpiresAt?: number | null | undefined;
  lastRefresh?: number | undefined;
  /** A refresh token is present (the owning tool can renew the access token). */
  canRefresh: boolean;
  /** Set by the source when the file says so (signed-out placeholder) or could not be read. */
  fixedState?: 'signed-out' | 'unreadable' | undefined;
  /** Why the credential is unreadable / signed out. */
  reason?: string | undefined;
  /** Set when the owning tool is configured not to read this credential at all (e.g. Codex in keyring mode). */
  inactive?: string | undefined;
  /** File mode bits when the credential is a file (for permission checks). */
  fileMode?: number | undefined;
  symlink?: boolean | undefined;
  /** What doctor reports about this credential beyond its state (see CREDENTIAL_FLAGS). */
  flags?: readonly CredentialFlag[] | undefined;
  secrets: Secrets;
}

/** What the report layer adds. */
export interface AssessedCredential extends Credential {
  state: CredentialState;
  /** Usable: the owning tool can make a request with it now (valid, expiring, or refreshable). */
  usable: boolean;
  /** Tools that will actually use this credential (per their precedence). */
  usedBy: string[];
  /** Tools that would use this one but read another first, with the winner's id. */
  shadowedBy: { tool: string; by: string }[];
  /** The exact command that fixes a credential that is not usable. */
  fix?: string | undefined;
}

/** The credential lives in an environment variable (its path is `$NAME`), not in a file or keychain. */
export function inEnvironment(c: Pick<Credential, 'path'>): boolean {
  return c.path.startsWith('$');
}
