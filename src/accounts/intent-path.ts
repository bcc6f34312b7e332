// Where the switch intent record lives (intent.ts says what it holds). A leaf:
// main.ts's start-up check (intent-check.ts), the record's reader and doctor
// all need the name, and none of them may pull in the others.
import { join } from 'node:path';
import type { PathEnv } from '../fs/paths';
import { authWizardHome } from '../stores/auth-wizard';

/** In auth-wizard's home. */
export const INTENT_FILE = 'switch-intent.json';

export function intentPath(p: PathEnv): string {
  return join(authWizardHome(p), INTENT_FILE);
}
