// What a GitHub token is, from its prefix alone (GitHub documents the
// prefixes; the token itself is opaque). Copilot CLI accepts OAuth tokens
// (gho_ from its own or gh's device flow, ghu_ from a GitHub App) and
// fine-grained personal access tokens (github_pat_ with the "Copilot Requests"
// permission); it stops with an error on a classic one (ghp_). See
// docs/stores.md, "GitHub Copilot CLI".
import type { CredentialKind } from '../core/credential';

export interface GithubTokenKind {
  kind: CredentialKind;
  /** For people: "OAuth token", "fine-grained personal access token", … */
  label: string;
  /** Copilot CLI signs in with it; false for ghp_ and for prefixes it does not list. */
  copilotAccepts: boolean;
  /** Copilot CLI refuses to start with it (a classic token), rather than trying the next candidate. */
  copilotRefuses: boolean;
}

export const CLASSIC_PAT_REASON = 'Copilot CLI rejects classic personal access tokens (ghp_)';
export const UNLISTED_REASON = 'not a kind of token Copilot CLI accepts (gho_, ghu_, github_pat_)';

export function githubTokenKind(token: string): GithubTokenKind {
  if (token.startsWith('gho_')) return { kind: 'oauth', label: 'OAuth token', copilotAccepts: true, copilotRefuses: false };
  if (token.startsWith('ghu_')) return { kind: 'oauth', label: 'GitHub App user token', copilotAccepts: true, copilotRefuses: false };
  if (token.startsWith('github_pat_')) return { kind: 'token', label: 'fine-grained personal access token', copilotAccepts: true, copilotRefuses: false };
  if (token.startsWith('ghp_')) return { kind: 'token', label: 'classic personal access token', copilotAccepts: false, copilotRefuses: true };
  return { kind: 'token', label: 'token of an unknown kind', copilotAccepts: false, copilotRefuses: false };
}
