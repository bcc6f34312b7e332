// What a source needs to find its files: the injected home/env/platform/clock
// and an exec for OS tools (the macOS `security` command). Nothing global.
import type { Credential } from '../core/credential';
import type { Exec } from '../deps';

export interface SourceContext {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  exec: Exec;
}

export interface SourceResult {
  credentials: Credential[];
  /** Facts that are not a credential but change what the table means (e.g. Codex keyring mode). */
  notes: string[];
}

export function unreadable(
  base: Pick<Credential, 'id' | 'provider' | 'source' | 'path'> & { entry?: string },
  reason: string,
): Credential {
  return { ...base, kind: null, expiresAt: null, canRefresh: false, fixedState: 'unreadable', reason, secrets: {} };
}
