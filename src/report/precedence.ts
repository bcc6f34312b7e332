// Which credential each tool will actually use. Each store says its tools'
// order (Store.choices, docs/stores.md); a tool reads its candidates in order,
// and the first present one wins and hides the rest.
import type { AssessedCredential } from '../core/credential';
import { STORES } from '../stores/index';
import type { Discovered, ToolChoice } from '../stores/types';

export type { ToolChoice };

/** What each store's discovery read besides credentials (Discovered.facts, e.g. Gemini CLI's selected auth type), by store id. */
export type StoreFacts = ReadonlyMap<string, Discovered['facts']>;

export function toolChoices(creds: readonly AssessedCredential[], env: Readonly<Record<string, string | undefined>> = {}, facts: StoreFacts = new Map()): ToolChoice[] {
  return STORES.flatMap((s) => s.choices?.(creds, env, facts.get(s.id)) ?? []);
}

/** Fills usedBy/shadowedBy of the given records; returns notes about tools that use none of them. */
export function applyPrecedence(creds: AssessedCredential[], env: Readonly<Record<string, string | undefined>>, facts: StoreFacts = new Map()): string[] {
  const notes: string[] = [];
  const byId = new Map(creds.map((c) => [c.id, c]));
  for (const choice of toolChoices(creds, env, facts)) {
    if (choice.disabledBy !== undefined) {
      notes.push(choice.disabledBy);
      continue;
    }
    const candidates = choice.order.map((id) => byId.get(id)).filter((c): c is AssessedCredential => c !== undefined);
    const winner = candidates.find((c) => c.state !== 'unreadable' && c.state !== 'signed-out' && c.inactive === undefined);
    if (winner === undefined) continue;
    winner.usedBy.push(choice.tool);
    for (const c of candidates.slice(candidates.indexOf(winner) + 1)) c.shadowedBy.push({ tool: choice.tool, by: winner.id });
  }
  for (const s of STORES) {
    for (const h of s.hidden?.(creds) ?? []) byId.get(h.id)?.shadowedBy.push({ tool: h.tool, by: h.by });
  }
  return notes;
}
