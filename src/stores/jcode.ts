// jcode: ~/.jcode/auth.json ({anthropic_accounts:[{label, access, refresh, expires, email}],
// active_anthropic_account}) and ~/.jcode/openai-auth.json (shape unconfirmed: read
// Codex-style `tokens` or flat access/refresh fields, whichever is there).
import { join } from 'node:path';
import type { Credential } from '../core/credential';
import { expiryMs } from '../core/expiry';
import { isRecord, str } from '../core/guards';

import { type PathEnv, toolDir } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { mistypedField, notAJwt, type SourceContext, type SourceResult, unreadable } from './context';
import { mergedOpenAiClaims } from '../core/openai-claims';
import type { Store } from './types';

export function jcodeHome(p: PathEnv): string {
  return toolDir(p, 'JCODE_HOME') ?? join(p.home, '.jcode');
}

export function parseJcodeAnthropic(text: string, path: string): Credential[] {
  const base = { id: 'jcode', provider: 'anthropic', source: 'jcode' as const, path };
  const json = parseJson(text);
  if (!json.ok) return [unreadable(base, json.reason)];
  if (!isRecord(json.value)) return [unreadable(base, 'is not a JSON object')];
  const accounts = json.value.anthropic_accounts;
  if (accounts === undefined) return [];
  if (!Array.isArray(accounts)) return [unreadable(base, '"anthropic_accounts" is not a list')];
  return accounts.map((a, i): Credential => {
    const label = isRecord(a) ? (str(a.label) ?? `#${i + 1}`) : `#${i + 1}`;
    const b = { ...base, id: `jcode:${label}`, entry: label };
    if (!isRecord(a)) return unreadable(b, `account ${label} is not an object`);
    const mistyped = mistypedField(a, { label: 'string', access: 'string', refresh: 'string', expires: 'time', email: 'string' });
    if (mistyped !== undefined) return unreadable(b, `account ${label}: ${mistyped}`, 'oauth', str(a.refresh));
    const access = str(a.access);
    const refresh = str(a.refresh);
    return { ...b, kind: 'oauth', email: str(a.email), expiresAt: expiryMs(a.expires) ?? null, canRefresh: refresh !== undefined, secrets: { access, refresh }, ...(access === undefined && refresh === undefined ? { fixedState: 'signed-out' as const, reason: 'the account has no tokens' } : {}) };
  });
}

export function parseJcodeOpenai(text: string, path: string): Credential[] {
  const base = { id: 'jcode:openai', provider: 'openai', source: 'jcode' as const, path };
  const json = parseJson(text);
  if (!json.ok) return [unreadable(base, json.reason)];
  if (!isRecord(json.value)) return [unreadable(base, 'is not a JSON object')];
  const doc = isRecord(json.value.tokens) ? json.value.tokens : json.value;
  const mistyped =
    mistypedField(doc, { access_token: 'string', access: 'string', refresh_token: 'string', refresh: 'string', id_token: 'string', account_id: 'string', expires: 'time' });
  if (mistyped !== undefined) return [unreadable(base, mistyped, 'oauth', str(doc.refresh_token) ?? str(doc.refresh))];
  const access = str(doc.access_token) ?? str(doc.access);
  const refresh = str(doc.refresh_token) ?? str(doc.refresh);
  const idToken = str(doc.id_token);
  const notJwt = notAJwt({ access_token: access, id_token: idToken });
  if (notJwt !== undefined) return [unreadable(base, notJwt, 'oauth', refresh)];
  const claims = mergedOpenAiClaims(idToken, access);
  if (access === undefined && refresh === undefined) return [{ ...base, kind: 'oauth', expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'no tokens in the file', secrets: {} }];
  return [{ ...base, kind: 'oauth', email: claims.email, accountId: str(doc.account_id) ?? claims.accountId, plan: claims.plan, expiresAt: expiryMs(doc.expires) ?? claims.expiresAt ?? null, canRefresh: refresh !== undefined, secrets: { access, refresh, idToken } }];
}

export function discoverJcode(ctx: SourceContext): SourceResult {
  const home = jcodeHome(ctx);
  const out: Credential[] = [];
  for (const [file, parse, provider] of [
    ['auth.json', parseJcodeAnthropic, 'anthropic'],
    ['openai-auth.json', parseJcodeOpenai, 'openai'],
  ] as const) {
    const path = join(home, file);
    const r = readCredentialFileSync(path);
    if (r.kind === 'unreadable') out.push(unreadable({ id: `jcode:${file}`, provider, source: 'jcode', path }, r.reason));
    if (r.kind === 'ok') out.push(...parse(r.text, path).map((c) => ({ ...c, fileMode: r.mode, symlink: r.symlink })));
  }
  return { credentials: out, notes: [] };
}

export const jcodeStore: Store = {
  id: 'jcode',
  name: 'jcode',
  tools: [],
  providers: ['anthropic', 'openai'],
  discover: discoverJcode,
  readOnly: "auth-wizard does not write jcode's files; sign out with jcode itself.",
  fix: () => 'jcode login',
  folders: (p) => [jcodeHome(p)],
};
