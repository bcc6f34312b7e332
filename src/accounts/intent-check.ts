// The one line main.ts runs before a command that touches credential stores:
// if a switch was interrupted (its record, or the record's temp file, is in
// auth-wizard's home), finish it first (switch-engine.ts). Costs one directory
// read when there is none; the engine loads only when there is one. `status`,
// `info` and `doctor` only read (status promises to write nothing): they are
// left out and doctor reports the record instead.
import { readdirSync } from 'node:fs';
import type { Deps } from '../deps';
import { authWizardHome } from '../stores/auth-wizard';
import { INTENT_FILE } from './intent-path';

const WRITERS = new Set(['onboard', 'login', 'logout', 'token', 'refresh', 'env', 'accounts', 'switch', 'exec', 'receive']);

export function switchPending(deps: Pick<Deps, 'home' | 'env'>): boolean {
  let names: string[];
  try {
    names = readdirSync(authWizardHome({ home: deps.home, env: deps.env }));
  } catch {
    return false;
  }
  return names.some((n) => n === INTENT_FILE || (n.startsWith(`.${INTENT_FILE}.`) && n.endsWith('.tmp')));
}

export async function finishInterruptedSwitch(command: string, deps: Deps): Promise<void> {
  if (!WRITERS.has(command) || !switchPending(deps)) return;
  const { recoverSwitch } = await import('./switch-engine');
  const said = await recoverSwitch(deps);
  if (said !== undefined) deps.stderr.write(`auth-wizard: ${said}\n`);
}
