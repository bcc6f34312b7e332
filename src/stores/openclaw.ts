// OpenClaw and CoderClaw (a fork): one profile store per agent,
// <state>/agents/<agent>/agent/auth-profiles.json, in the format
// profile-store.ts parses (docs/stores.md). Read-only: auth-wizard never writes them.
import { join } from 'node:path';
import type { Credential, SourceId } from '../core/credential';
import { type PathEnv, toolDir } from '../fs/paths';
import { subdirectories } from '../fs/subdirectories';
import { shellQuote } from '../core/shell-quote';
import { readStore } from './profile-store';
import type { Store } from './types';

export function openclawStateDir(p: PathEnv): string {
  return toolDir(p, 'OPENCLAW_STATE_DIR') ?? join(p.home, '.openclaw');
}

export function coderclawStateDir(p: PathEnv): string {
  return toolDir(p, 'CODERCLAW_STATE_DIR') ?? join(p.home, '.coderclaw');
}

/** OpenClaw and CoderClaw keep one store per agent: <state>/agents/<agent>/agent/auth-profiles.json. */
function discoverAgents(stateDir: string, source: SourceId): Credential[] {
  const agents = subdirectories(join(stateDir, 'agents'));
  const perAgent = agents.map((agent) => readStore(join(stateDir, 'agents', agent, 'agent', 'auth-profiles.json'), source, `${source}:${agent}`));
  return perAgent.flat();
}

/** One parametrised store for OpenClaw and its fork: same format, own state folder and id. */
function clawStore(id: string, name: string, stateDir: (p: PathEnv) => string): Store {
  return {
    id,
    name,
    tools: [],
    providers: ['openai', 'anthropic'],
    discover: (ctx) => ({ credentials: discoverAgents(stateDir(ctx), id), notes: [] }),
    readOnly: `auth-wizard does not write ${name}'s files; sign out with ${name} itself.`,
    fix: (c) => `${id} onboard  (re-authenticate ${shellQuote(c.entry ?? c.provider)})`,
    folders: (p) => [stateDir(p)],
  };
}

export const openclawStore = clawStore('openclaw', 'OpenClaw', openclawStateDir);
export const coderclawStore = clawStore('coderclaw', 'CoderClaw', coderclawStateDir);
