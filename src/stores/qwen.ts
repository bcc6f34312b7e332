// Qwen Code (QwenLM/qwen-code), read-only. Facts and their sources:
// docs/stores.md, "Qwen Code".
//
// - `~/.qwen/oauth_creds.json` ($QWEN_HOME replaces ~/.qwen, with ~ expanded:
//   QwenLM/qwen-code PR #2953): access_token, refresh_token, token_type,
//   expiry_date (epoch ms), resource_url, optional id_token
//   (core/qwen/qwenOAuth2.ts, sharedTokenManager.ts validateCredentials).
// - The Qwen OAuth free tier ended on 2026-04-15 (QwenLM/qwen-code#3203,
//   PR #3291) and its servers now refuse those tokens, so whatever the file
//   says, it is a dead sign-in: reported signed-out, with the way out.
import { join } from 'node:path';
import type { AssessedCredential, Credential } from '../core/credential';
import { isRecord, str } from '../core/guards';
import { mistypedField, unreadable } from './context';
import { tildify } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { parseAuthSettings } from './jsonc';
import { toolDir } from './tool-dir';
import type { Discovered, Store, StoreContext } from './types';

const BASE = { id: 'qwen', provider: 'qwen', source: 'qwen' as const };

export const QWEN_DEAD_REASON = 'Qwen OAuth free tier ended 2026-04-15 (QwenLM/qwen-code#3203, PR #3291)';
export const QWEN_FIX = 'qwen auth  (choose Alibaba Cloud Coding Plan or an API key)';

function token(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined || s === '' ? undefined : s;
}

/** Any oauth_creds.json, readable or not, is a sign-in the service no longer takes (doctor: qwen-oauth-dead). */
function dead(c: Credential): Credential {
  return { ...c, flags: ['qwen-oauth-dead'] };
}

export function parseQwenOauth(text: string, path: string): Credential[] {
  const base = { ...BASE, path };
  const json = parseJson(text);
  if (!json.ok) return [dead(unreadable(base, `${json.reason}; in any case ${QWEN_DEAD_REASON}`))];
  if (!isRecord(json.value)) return [dead(unreadable(base, `is not a JSON object; in any case ${QWEN_DEAD_REASON}`))];
  const doc = json.value;
  const mistyped = mistypedField(doc, { access_token: 'string', refresh_token: 'string', id_token: 'string', token_type: 'string', resource_url: 'string', expiry_date: 'time' });
  if (mistyped !== undefined) return [dead(unreadable(base, `${mistyped}; in any case ${QWEN_DEAD_REASON}`, 'oauth', token(doc.refresh_token)))];
  const access = token(doc.access_token);
  const refresh = token(doc.refresh_token);
  return [
    {
      ...base,
      kind: 'oauth',
      // The file's expiry means nothing once the service refuses the tokens. They are
      // kept (never shown) for doctor's refresh-token families.
      expiresAt: null,
      canRefresh: false,
      fixedState: 'signed-out',
      flags: ['qwen-oauth-dead'],
      reason: access === undefined && refresh === undefined ? `no tokens in the file, and ${QWEN_DEAD_REASON}` : QWEN_DEAD_REASON,
      secrets: { access, refresh, idToken: token(doc.id_token) },
    },
  ];
}

function discover(ctx: StoreContext): Discovered {
  const homeVar = toolDir(ctx.home, ctx.env, 'QWEN_HOME', { tilde: true });
  if (!homeVar.ok) return { credentials: [unreadable({ ...BASE, path: '$QWEN_HOME' }, homeVar.reason)], notes: [] };
  const dir = homeVar.dir ?? join(ctx.home, '.qwen');
  const path = join(dir, 'oauth_creds.json');
  const r = readCredentialFileSync(path);
  if (r.kind === 'missing') return { credentials: [], notes: [] };
  const credentials = r.kind === 'unreadable' ? [dead(unreadable({ ...BASE, path }, r.reason))] : parseQwenOauth(r.text, path).map((c) => ({ ...c, fileMode: r.mode, symlink: r.symlink }));
  const notes: string[] = [];
  const settingsPath = join(dir, 'settings.json');
  const settings = readCredentialFileSync(settingsPath);
  if (settings.kind === 'ok' && parseAuthSettings(settings.text).selectedType === 'qwen-oauth')
    notes.push(`Qwen Code is still set to Qwen OAuth (security.auth.selectedType in ${tildify(settingsPath, ctx.home)}), which ended on 2026-04-15: run \`qwen auth\` to switch to Alibaba Cloud Coding Plan or an API key.`);
  return { credentials, notes };
}

export const qwenStore: Store = {
  id: 'qwen',
  name: 'Qwen Code',
  tools: ['qwen'],
  providers: ['qwen'],
  bins: ['qwen'],
  discover,
  // No credential of Qwen Code's that auth-wizard reads can be used any more: no precedence to give.
  unreadableEffect: 'Qwen Code treats a credentials file it cannot validate as no sign-in; Qwen OAuth itself ended on 2026-04-15.',
  readOnly: "auth-wizard does not write Qwen Code's credentials: run `qwen auth` (Qwen OAuth ended on 2026-04-15; choose Alibaba Cloud Coding Plan or an API key).",
  signIn: {
    bin: 'qwen',
    args: ['auth'],
    headless: 'qwen auth asks for an Alibaba Cloud Coding Plan or API key in the terminal; it needs no browser',
    install: 'npm install -g @qwen-code/qwen-code',
    unreadableResult: "Qwen Code keeps a Coding Plan or API key sign-in in its settings, which auth-wizard does not read: `qwen auth status` shows it.",
  },
  fix: (c: AssessedCredential | Credential) => (c.source === 'qwen' ? QWEN_FIX : undefined),
};
