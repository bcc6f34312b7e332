// Fixture homes for GitHub Copilot CLI, Crush and Cursor CLI in the shapes
// those tools write (docs/stores.md, "Tools added in 2026"). Every token is
// generated (test/helpers/tokens.ts) with the right prefix; none is real.
import { FIXED_NOW } from './deps';
import { put, tempHome } from './fixture-home';
import { fakeSecret } from './tokens';

/** A GitHub-style token: prefix + 36 characters of [A-Za-z0-9] (the shape GitHub issues). */
export function ghToken(prefix: 'gho_' | 'ghu_' | 'ghp_' | 'ghs_' | 'github_pat_', len = 36): string {
  return prefix + fakeSecret('', 48).replace(/[^A-Za-z0-9]/g, '').slice(0, len);
}

/** ~/.copilot/config.json as Copilot CLI 1.0.102 writes it with no keychain (two comment lines, then JSON). */
export function copilotConfigText(users: Array<{ login: string; token?: string | undefined }>, last?: string): string {
  const authTokens: Record<string, { token: string }> = {};
  for (const u of users) {
    if (u.token === undefined) continue;
    authTokens[`https://github.com:${u.login}:github`] = { token: u.token };
    authTokens[`https://github.com:${u.login}`] = { token: u.token };
  }
  const doc: Record<string, unknown> = {
    ...(Object.keys(authTokens).length > 0 ? { authTokens } : {}),
    loggedInUsers: users.map((u) => ({ host: 'https://github.com', login: u.login, kind: 'githubDotCom' })),
    ...(last !== undefined ? { lastLoggedInUser: { host: 'https://github.com', login: last } } : {}),
  };
  return `// User settings belong in settings.json.\n// This file is managed automatically.\n${JSON.stringify(doc, null, 2)}\n`;
}

export interface GhFixture {
  home: string;
  copilotToken: string;
  ghToken: string;
  appsToken: string;
  crushHyperAccess: string;
  crushHyperRefresh: string;
  crushCopilotAccess: string;
  crushCopilotRefresh: string;
  crushClaudeAccess: string;
  crushClaudeRefresh: string;
  openrouterKey: string;
  all: string[];
}

/** One home with every shape: a plaintext Copilot login (and one in the keychain), gh's hosts.yml, apps.json, Crush with API keys and OAuth entries, Cursor's config. */
export function ghFixtureHome(now = FIXED_NOW): GhFixture {
  const home = tempHome('aw-2026-');
  const nowSec = Math.floor(now / 1000);
  const f = {
    copilotToken: ghToken('gho_'),
    ghToken: ghToken('gho_'),
    appsToken: ghToken('ghu_'),
    crushHyperAccess: fakeSecret('hyper_at_'),
    crushHyperRefresh: fakeSecret('hyper_rt_'),
    crushCopilotAccess: `tid=${fakeSecret('', 24)};exp=${nowSec + 1500};sku=free_limited_copilot`,
    crushCopilotRefresh: ghToken('ghu_'),
    crushClaudeAccess: fakeSecret('sk-ant-oat01-'),
    crushClaudeRefresh: fakeSecret('sk-ant-ort01-'),
    openrouterKey: fakeSecret('sk-or-v1-'),
  };
  put(home, '.copilot/config.json', copilotConfigText([{ login: 'octo-user', token: f.copilotToken }, { login: 'work-user' }], 'octo-user'));
  put(home, '.config/gh/hosts.yml', `github.com:\n    users:\n        octo-user:\n            oauth_token: ${f.ghToken}\n    git_protocol: https\n    oauth_token: ${f.ghToken}\n    user: octo-user\n`);
  put(home, '.config/github-copilot/apps.json', { 'github.com:Iv1.b507a08c87ecfe98': { user: 'octo-user', oauth_token: f.appsToken, githubAppId: 'Iv1.b507a08c87ecfe98' } });
  put(home, '.local/share/crush/crush.json', {
    $schema: 'https://charm.land/crush.json',
    providers: {
      openai: { api_key: '$OPENAI_API_KEY' },
      openrouter: { api_key: f.openrouterKey },
      hyper: { api_key: f.crushHyperAccess, oauth: { access_token: f.crushHyperAccess, refresh_token: f.crushHyperRefresh, expires_in: 3600, expires_at: nowSec + 1800 } },
      copilot: { api_key: f.crushCopilotAccess, oauth: { access_token: f.crushCopilotAccess, refresh_token: f.crushCopilotRefresh, expires_in: 1500, expires_at: nowSec - 60 } },
      anthropic: { api_key: f.crushClaudeAccess, oauth: { access_token: f.crushClaudeAccess, refresh_token: f.crushClaudeRefresh, expires_in: 28800, expires_at: nowSec + 3600 } },
    },
    models: { large: { model: 'gpt-5', provider: 'openai' } },
  });
  put(home, '.cursor/cli-config.json', { version: 1, editor: { vimMode: false }, permissions: { allow: ['Shell(ls)'], deny: [] } });
  return { home, ...f, all: Object.values(f) };
}
