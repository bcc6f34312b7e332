// State, usability and the fixing command of one credential, at a given time.
import type { AssessedCredential, Credential, CredentialState } from '../core/credential';
import { shellQuote } from '../core/shell-quote';
import { addedStoreFix } from '../stores/added-2026';

export const EXPIRING_WINDOW_MS = 60 * 60 * 1000;

export function stateOf(c: Credential, now: number): CredentialState {
  if (c.fixedState !== undefined) return c.fixedState;
  if (c.expiresAt === null) return 'valid';
  if (c.expiresAt <= now) return 'expired';
  return c.expiresAt - now < EXPIRING_WINDOW_MS ? 'expiring' : 'valid';
}

/** The owning tool can make a request now: a live token, or an expired one it can refresh. */
export function isUsable(c: Credential, state: CredentialState, now: number): boolean {
  if (state === 'valid' || state === 'expiring') return true;
  if (state !== 'expired' || !c.canRefresh) return false;
  return c.refreshExpiresAt === undefined || c.refreshExpiresAt === null || c.refreshExpiresAt > now;
}

/** The exact command that makes a credential usable again; every value from data in it is shell-quoted. */
export function fixFor(c: Credential): string {
  const p = c.provider;
  switch (c.source) {
    case 'env':
      return c.path === '$OPENCODE_AUTH_CONTENT' ? 'fix or unset OPENCODE_AUTH_CONTENT' : `replace or unset ${c.path.slice(1)}`;
    case 'claude-code':
      return 'auth-wizard login --provider anthropic --method claude-cli';
    case 'codex':
      return 'auth-wizard login --provider openai --target codex';
    case 'opencode':
      return p === 'openai' ? 'auth-wizard login --provider openai --target opencode' : `opencode auth login  (provider ${shellQuote(p)})`;
    case 'auth-wizard':
      return p === 'openai' || p === 'anthropic' ? `auth-wizard login --provider ${p}` : `auth-wizard logout --profile ${shellQuote(c.entry ?? '')}`;
    case 'openclaw':
    case 'coderclaw':
      return `${c.source} onboard  (re-authenticate ${shellQuote(c.entry ?? p)})`;
    case 'jcode':
      return 'jcode login';
    case 'ccproxy':
      return 'remove the old ccproxy copy; ccproxy now reads Claude Code\'s own file';
    case 'copilot':
    case 'crush':
    case 'cursor':
      return `see docs/stores.md (${c.source})`;
  }
}

export function assess(c: Credential, now: number): AssessedCredential {
  const state = stateOf(c, now);
  const usable = isUsable(c, state, now);
  const assessed: AssessedCredential = { ...c, state, usable, usedBy: [], shadowedBy: [] };
  return { ...assessed, fix: usable ? undefined : (addedStoreFix(assessed) ?? fixFor(c)) };
}
