// The list of every credential store. Its order is the order discovery runs
// in and the order `status` shows a provider's rows in; the source ids,
// `--source` choices, sign-in targets, precedence, doctor's per-store facts and
// onboard's installed-tool detection all come from it. A new store is one
// module under src/stores/ and one line here (README, "Adding a store").
import { authWizardStore } from './auth-wizard';
import { ccproxyStore } from './ccproxy';
import { claudeAccountsStore } from './claude-accounts';
import { claudeCodeStore } from './claude-code';
import { codexStore } from './codex';
import { copilotStore } from './copilot';
import { crushStore } from './crush';
import { cursorStore } from './cursor';
import { envStore } from './env';
import { geminiStore } from './gemini';
import { jcodeStore } from './jcode';
import { kimiStore } from './kimi';
import { coderclawStore, openclawStore } from './openclaw';
import { opencodeStore } from './opencode';
import { qwenStore } from './qwen';
import type { Store } from './types';

export const STORES: readonly Store[] = [
  envStore,
  claudeCodeStore,
  claudeAccountsStore,
  codexStore,
  opencodeStore,
  authWizardStore,
  openclawStore,
  coderclawStore,
  jcodeStore,
  ccproxyStore,
  geminiStore,
  qwenStore,
  kimiStore,
  copilotStore,
  crushStore,
  cursorStore,
];

const byId = new Map(STORES.map((s) => [s.id, s]));

/** The store with this id (a credential's `source`), if there is one. */
export function storeById(id: string): Store | undefined {
  return byId.get(id);
}

/** Every store's id, in display order. */
export const SOURCE_ORDER: readonly string[] = STORES.map((s) => s.id);
