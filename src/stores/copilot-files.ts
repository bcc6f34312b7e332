// The Copilot store's token credentials, and the files besides its own that
// may hold a GitHub token for it: gh's hosts.yml (which Copilot CLI falls back
// to) and the editor plugins' apps.json / hosts.json (which Crush imports).
// Part of src/stores/copilot.ts; facts in docs/stores.md, "GitHub Copilot CLI".
import type { Credential } from '../core/credential';
import { isRecord, str } from '../core/guards';
import { parseJson } from '../fs/read-file';
import { unreadable } from './context';
import { CLASSIC_PAT_REASON, githubTokenKind, UNLISTED_REASON } from './github-token';

export const PROVIDER = 'github-copilot';

/** A credential for one GitHub token, with Copilot CLI's verdict on its kind when `forCopilotCli`. */
export function tokenCredential(base: Pick<Credential, 'id' | 'provider' | 'source' | 'path'> & Partial<Credential>, token: string, forCopilotCli: boolean): Credential {
  const k = githubTokenKind(token);
  const cred: Credential = { ...base, kind: k.kind, expiresAt: null, canRefresh: false, secrets: { access: token } };
  if (!forCopilotCli || k.copilotAccepts) return cred;
  return { ...cred, fixedState: 'unreadable', reason: k.copilotRefuses ? CLASSIC_PAT_REASON : UNLISTED_REASON };
}

// ---- gh's hosts.yml ----

/**
 * The github.com token gh keeps in plain text (older gh, or `--insecure-storage`):
 * the `oauth_token` directly under `github.com:`. A line-based reading of the
 * one shape gh writes; no YAML library on the start-up path. gh with its
 * keyring leaves no token here, and then nothing is reported.
 */
export function parseGhHosts(text: string, path: string): Credential[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^(["']?)github\.com\1:\s*$/.test(l));
  if (start < 0) return [];
  let token: string | undefined;
  let user: string | undefined;
  let indent: number | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const lead = line.length - line.trimStart().length;
    if (lead === 0) break; // the next host
    indent ??= lead;
    if (lead !== indent) continue; // nested (users: …)
    const m = /^\s*(oauth_token|user):\s*(["']?)([^"'#\s]*)\2\s*(?:#.*)?$/.exec(line);
    if (m?.[1] === 'oauth_token') token = m[3];
    if (m?.[1] === 'user') user = m[3];
  }
  if (token === undefined || token === '') return [];
  return [tokenCredential({ id: 'copilot:gh:github.com', provider: PROVIDER, source: 'copilot', path, entry: 'gh github.com', accountId: user }, token, true)];
}

// ---- editor plugins' apps.json / hosts.json ----

export function parseEditorPluginFile(text: string, path: string, file: 'apps' | 'hosts'): Credential[] {
  const base = { id: `copilot:${file}`, provider: PROVIDER, source: 'copilot' as const, path };
  const json = parseJson(text);
  if (!json.ok) return [unreadable(base, json.reason)];
  if (!isRecord(json.value)) return [unreadable(base, 'is not a JSON object')];
  return Object.entries(json.value).map(([key, v]): Credential => {
    const b = { ...base, id: `copilot:${file}:${key}`, entry: key };
    if (!isRecord(v)) return unreadable(b, `entry "${key}" is not an object`);
    for (const f of ['oauth_token', 'user', 'githubAppId']) {
      const x = v[f];
      if (x !== undefined && x !== null && typeof x !== 'string') return unreadable(b, `entry "${key}": "${f}" is not a string`);
    }
    const token = str(v.oauth_token);
    if (token === undefined) return { ...b, kind: null, expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'the entry has no token', secrets: {} };
    // Not Copilot CLI's store: its acceptance rules do not apply here.
    return tokenCredential({ ...b, accountId: str(v.user) }, token, false);
  });
}
