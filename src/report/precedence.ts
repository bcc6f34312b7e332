// Which credential each tool will actually use (protocols.md §2, §4). A tool
// reads its candidates in order; the first present one wins and hides the rest.
// Codex's env-key order is taken from its public docs (CODEX_API_KEY for
// `codex exec`; OPENAI_API_KEY only without auth.json) and is unconfirmed.
import type { AssessedCredential } from '../core/credential';
import { ADDED_STORES } from '../stores/added-2026';

export interface ToolChoice {
  tool: 'claude-code' | 'codex' | 'opencode';
  provider: string;
  /** Candidate credential ids in the tool's order. */
  order: string[];
}

const CLOUD_VARS = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'];

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

export function toolChoices(creds: readonly AssessedCredential[]): ToolChoice[] {
  const choices: ToolChoice[] = [
    { tool: 'claude-code', provider: 'anthropic', order: ['env:ANTHROPIC_AUTH_TOKEN', 'env:ANTHROPIC_API_KEY', 'claude-code:apiKeyHelper', 'env:CLAUDE_CODE_OAUTH_TOKEN', 'claude-code'] },
    { tool: 'codex', provider: 'openai', order: ['env:CODEX_API_KEY', 'codex', 'env:OPENAI_API_KEY'] },
  ];
  // OpenCode: OPENCODE_AUTH_CONTENT replaces the whole file; an env key is the fallback.
  const inline = creds.some((c) => c.source === 'env' && c.path === '$OPENCODE_AUTH_CONTENT');
  const opencodeProviders = new Set(creds.filter((c) => c.id.startsWith('opencode:') || c.id.startsWith('env:OPENCODE_AUTH_CONTENT:')).map((c) => c.provider));
  for (const p of ['openai', 'anthropic']) opencodeProviders.add(p);
  for (const p of [...opencodeProviders].sort()) {
    const envKey = p === 'openai' ? ['env:OPENAI_API_KEY'] : p === 'anthropic' ? ['env:ANTHROPIC_API_KEY'] : [];
    choices.push({ tool: 'opencode', provider: p, order: [inline ? `env:OPENCODE_AUTH_CONTENT:${p}` : `opencode:${p}`, ...envKey] });
  }
  return choices;
}

/** Fills usedBy/shadowedBy of the given records; returns notes about tools that use none of them. */
export function applyPrecedence(creds: AssessedCredential[], env: Readonly<Record<string, string | undefined>>): string[] {
  const notes: string[] = [];
  const byId = new Map(creds.map((c) => [c.id, c]));
  const cloud = CLOUD_VARS.find((v) => truthy(env[v]));
  for (const choice of toolChoices(creds)) {
    if (choice.tool === 'claude-code' && cloud !== undefined) {
      notes.push(`Claude Code is set to use a cloud provider (${cloud}), so it uses none of the Anthropic credentials below.`);
      continue;
    }
    const candidates = choice.order.map((id) => byId.get(id)).filter((c): c is AssessedCredential => c !== undefined);
    const winner = candidates.find((c) => c.state !== 'unreadable' && c.state !== 'signed-out' && c.inactive === undefined);
    if (winner === undefined) continue;
    winner.usedBy.push(choice.tool);
    for (const c of candidates.slice(candidates.indexOf(winner) + 1)) c.shadowedBy.push({ tool: choice.tool, by: winner.id });
  }
  // The stores added in 2026 state their own order (Store.choices).
  for (const store of ADDED_STORES) {
    for (const choice of store.choices?.(creds, env) ?? []) {
      if (choice.disabledBy !== undefined) {
        notes.push(choice.disabledBy);
        continue;
      }
      const candidates = choice.order.map((id) => byId.get(id)).filter((c): c is AssessedCredential => c !== undefined);
      const winner = candidates.find((c) => c.state !== 'unreadable' && c.state !== 'signed-out' && c.inactive === undefined);
      if (winner === undefined) continue;
      winner.usedBy.push(choice.tool);
      for (const c of candidates.slice(candidates.indexOf(winner) + 1)) if (c.inactive === undefined) c.shadowedBy.push({ tool: choice.tool, by: winner.id });
    }
  }
  // With OPENCODE_AUTH_CONTENT set, OpenCode never reads its file at all.
  if (creds.some((c) => c.id.startsWith('env:OPENCODE_AUTH_CONTENT'))) {
    for (const c of creds) if (c.source === 'opencode') c.shadowedBy.push({ tool: 'opencode', by: 'env:OPENCODE_AUTH_CONTENT' });
  }
  return notes;
}
