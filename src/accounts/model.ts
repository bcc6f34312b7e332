// The accounts view: for each tool, the account it uses now and the saved ones,
// in the status model (the same states, usability, expiry). Read-only.
import type { AssessedCredential } from '../core/credential';
import type { Deps } from '../deps';
import { assess } from '../report/assess';
import { discover } from '../report/discover';
import { discoverClaudeCode } from '../stores/claude-code';
import type { SourceContext } from '../stores/context';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCodexAuth } from '../stores/codex';
import { claudeAccountDir, claudeAccountNames } from './claude-dirs';
import { codexAccountHome, codexHomesHolding } from './codex-homes';
import { accountFingerprint } from './fingerprint';
import { type AccountTool, GRANT_TOOLS } from './names';
import { isToolGrant } from './tools';

export interface AccountRow {
  tool: AccountTool;
  /** The saved name; undefined for the tool's own sign-in. */
  name?: string | undefined;
  /** The tool uses this one by default now. */
  active: boolean;
  /** Where it lives: the tool's file, `auth-wizard` (a saved ChatGPT grant) or a Claude Code config folder. */
  store: 'tool' | 'auth-wizard' | 'claude-dir' | 'exec-home';
  fingerprint?: string | undefined;
  credential: AssessedCredential;
}

/** The saved ChatGPT grants, in the store's order: profile id → credential. */
export function savedOpenAi(creds: readonly AssessedCredential[]): AssessedCredential[] {
  return creds.filter((c) => c.source === 'auth-wizard' && c.provider === 'openai' && c.kind === 'oauth' && c.entry !== undefined);
}

export function profileName(entry: string): string {
  return entry.startsWith('openai:') ? entry.slice('openai:'.length) : entry;
}

function fp(c: AssessedCredential): string | undefined {
  return accountFingerprint(c.provider, c.accountId, c.userId);
}

/** The saved Claude Code accounts: each folder's sign-in, read as Claude Code would with CLAUDE_CONFIG_DIR set to it. */
export async function savedClaude(ctx: SourceContext, now: number): Promise<{ name: string; dir: string; credential?: AssessedCredential | undefined }[]> {
  const p = { home: ctx.home, env: ctx.env };
  return Promise.all(
    claudeAccountNames(p).map(async (name) => {
      const dir = claudeAccountDir(p, name);
      const r = await discoverClaudeCode({ ...ctx, env: { ...ctx.env, CLAUDE_CONFIG_DIR: dir } });
      const c = r.credentials.find((x) => x.kind === 'oauth' || x.fixedState !== undefined);
      return { name, dir, credential: c !== undefined ? assess({ ...c, id: `claude-account:${name}` }, now) : undefined };
    }),
  );
}

export async function listAccounts(deps: Deps, tool: AccountTool | undefined): Promise<AccountRow[]> {
  const ctx: SourceContext = { home: deps.home, env: deps.env, platform: deps.platform, exec: deps.exec };
  const now = deps.now();
  const report = await discover(ctx, now);
  const saved = savedOpenAi(report.credentials);
  const rows: AccountRow[] = [];
  for (const t of GRANT_TOOLS) {
    if (tool !== undefined && tool !== t) continue;
    const active = report.credentials.find((c) => isToolGrant(c, t));
    if (active !== undefined) rows.push({ tool: t, active: true, store: 'tool', fingerprint: fp(active), credential: active });
    for (const c of saved) rows.push({ tool: t, name: profileName(c.entry!), active: false, store: 'auth-wizard', fingerprint: fp(c), credential: c });
    // A saved account moved into its own CODEX_HOME for a running `exec` (or one a kill left there).
    for (const name of codexHomesHolding({ home: deps.home, env: deps.env })) {
      const path = join(codexAccountHome({ home: deps.home, env: deps.env }, name), 'auth.json');
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      const c = assess({ ...parseCodexAuth(text, path), id: `exec-home:${name}` }, now);
      rows.push({ tool: t, name, active: false, store: 'exec-home', fingerprint: fp(c), credential: c });
    }
  }
  if (tool === undefined || tool === 'claude') {
    const active = report.credentials.find((c) => c.source === 'claude-code' && c.kind !== 'api_key');
    if (active !== undefined) rows.push({ tool: 'claude', active: true, store: 'tool', fingerprint: fp(active), credential: active });
    for (const s of await savedClaude(ctx, now)) {
      if (s.credential === undefined) continue;
      rows.push({ tool: 'claude', name: s.name, active: false, store: 'claude-dir', fingerprint: fp(s.credential), credential: s.credential });
    }
  }
  return rows;
}
