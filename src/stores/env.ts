// Credentials carried by environment variables (docs/stores.md). These win
// over stored sign-ins in the tools that read them; precedence.ts says which.
// OPENCODE_AUTH_CONTENT is parsed by the OpenCode source.
import type { Credential, CredentialKind } from '../core/credential';
import type { SourceContext, SourceResult } from './context';
import type { Store } from './types';

export const CREDENTIAL_ENV_VARS: ReadonlyArray<{ name: string; provider: 'openai' | 'anthropic'; kind: CredentialKind }> = [
  { name: 'OPENAI_API_KEY', provider: 'openai', kind: 'api_key' },
  { name: 'CODEX_API_KEY', provider: 'openai', kind: 'api_key' },
  // Codex's other environment credentials (docs/stores.md, Codex): an Agent
  // Identity, and an access token (a ChatGPT workspace's, or a bearer token).
  { name: 'CODEX_AGENT_IDENTITY', provider: 'openai', kind: 'token' },
  { name: 'CODEX_ACCESS_TOKEN', provider: 'openai', kind: 'token' },
  { name: 'ANTHROPIC_API_KEY', provider: 'anthropic', kind: 'api_key' },
  { name: 'ANTHROPIC_AUTH_TOKEN', provider: 'anthropic', kind: 'token' },
  { name: 'CLAUDE_CODE_OAUTH_TOKEN', provider: 'anthropic', kind: 'token' },
];

export function discoverEnv(ctx: SourceContext): SourceResult {
  const credentials: Credential[] = [];
  for (const v of CREDENTIAL_ENV_VARS) {
    const value = ctx.env[v.name];
    if (value === undefined || value.trim() === '') continue;
    const secret = value.trim();
    credentials.push({
      id: `env:${v.name}`,
      provider: v.provider,
      source: 'env',
      kind: v.kind,
      path: `$${v.name}`,
      expiresAt: null,
      canRefresh: false,
      secrets: v.kind === 'api_key' ? { apiKey: secret } : { access: secret },
    });
  }
  return { credentials, notes: [] };
}

export const envStore: Store = {
  id: 'env',
  name: 'the environment',
  tools: [],
  providers: ['openai', 'anthropic'],
  discover: discoverEnv,
  unreadableEffect: 'OpenCode ignores OPENCODE_AUTH_CONTENT when it is not valid JSON and reads its auth.json instead.',
  readOnly: 'A credential in an environment variable is not stored anywhere auth-wizard can remove: unset the variable (and remove it from your shell profile).',
  fix: (c) => (c.path === '$OPENCODE_AUTH_CONTENT' ? 'fix or unset OPENCODE_AUTH_CONTENT' : `replace or unset ${c.path.slice(1)}`),
};
