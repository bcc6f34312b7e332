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
  const byId = new Map<string, AssessedCredential>();
  for (let i = 0; i < creds.length; i++) byId.set(creds[i]!.id, creds[i]!);
  // Indexed loops: this runs once per `status` over every tool's order, and
  // for…of would more than double the bytecode V8 compiles for it (README, Start-up budget).
  const choices = toolChoices(creds, env, facts);
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i]!;
    if (choice.disabledBy !== undefined) {
      notes.push(choice.disabledBy);
      continue;
    }
    let winner: AssessedCredential | undefined;
    for (let k = 0; k < choice.order.length; k++) {
      const c = byId.get(choice.order[k]!);
      if (c === undefined) continue;
      if (winner !== undefined) c.shadowedBy.push({ tool: choice.tool, by: winner.id });
      else if (c.state !== 'unreadable' && c.state !== 'signed-out' && c.inactive === undefined) {
        winner = c;
        c.usedBy.push(choice.tool);
      }
    }
  }
  for (let i = 0; i < STORES.length; i++) {
    const hidden = STORES[i]!.hidden?.(creds);
    for (let k = 0; hidden !== undefined && k < hidden.length; k++) byId.get(hidden[k]!.id)?.shadowedBy.push({ tool: hidden[k]!.tool, by: hidden[k]!.by });
  }
  return notes;
}
