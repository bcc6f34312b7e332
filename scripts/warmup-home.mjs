// The home the build warms V8's code caches over (scripts/build.mjs): one
// signed-in credential in every store auth-wizard reads, in the shapes the real
// tools write (docs/interop.md), so the warm-up runs reach every parser. Every
// token is made up here from random bytes; none is real or valid anywhere.
// Kept apart from the tests' fixtures (test/helpers/fixture-home.ts) so that
// building the package needs nothing from test/.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const HOUR = 3600_000;
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const secret = (prefix) => prefix + randomBytes(32).toString('base64url');
const jwt = (payload) => `${b64({ alg: 'RS256', typ: 'JWT', kid: 'warm-up' })}.${b64(payload)}.${randomBytes(64).toString('base64url')}`;

/** An OpenAI-shaped sign-in (ID token, access token, refresh token) expiring at `expSec`. */
function openAi(email, plan, expSec) {
  const accountId = 'acct-00000000-0000-0000-0000-000000000000';
  const auth = { chatgpt_account_id: accountId, chatgpt_plan_type: plan, chatgpt_user_id: 'user-warm-up' };
  const iat = expSec - HOUR / 1000;
  return {
    accountId,
    idToken: jwt({ iss: 'https://auth.openai.com', sub: 'warm-up', email, email_verified: true, iat, exp: iat + 3600, 'https://api.openai.com/auth': auth }),
    accessToken: jwt({ iss: 'https://auth.openai.com', sub: 'warm-up', iat, exp: expSec, 'https://api.openai.com/auth': auth }),
    refreshToken: secret('rt_'),
  };
}

function put(home, rel, content) {
  const path = join(home, rel);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify(content, null, 2), { mode: 0o600 });
}

/**
 * A new temporary home with every store signed in at `now`; the caller removes it.
 * Claude Code's account file is in `.claude/`, where it lives when
 * CLAUDE_CONFIG_DIR is set, as it is for the warm-up runs.
 */
export function warmupHome(now = Date.now()) {
  const home = mkdtempSync(join(tmpdir(), 'aw-warmup-'));
  const nowSec = Math.floor(now / 1000);
  const codex = openAi('codex@example.test', 'pro', nowSec + 9 * 24 * 3600);
  const opencode = openAi('opencode@example.test', 'plus', nowSec + 1800);
  const claw = openAi('claw@example.test', 'team', nowSec - 3600);
  put(home, '.codex/auth.json', {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: codex.idToken, access_token: codex.accessToken, refresh_token: codex.refreshToken, account_id: codex.accountId },
    last_refresh: new Date(now - HOUR).toISOString(),
  });
  const claude = { accessToken: secret('sk-ant-oat01-'), refreshToken: secret('sk-ant-ort01-'), expiresAt: now + 7 * HOUR, scopes: ['user:inference', 'user:profile'], subscriptionType: 'max' };
  put(home, '.claude/.credentials.json', { claudeAiOauth: claude });
  put(home, '.claude/.claude.json', { oauthAccount: { accountUuid: 'warm-up', emailAddress: 'claude@example.test', organizationName: 'Example' } });
  put(home, '.config/ccproxy/credentials.json', { claudeAiOauth: { ...claude, accessToken: secret('sk-ant-oat01-') } });
  put(home, '.local/share/opencode/auth.json', {
    openai: { type: 'oauth', refresh: opencode.refreshToken, access: opencode.accessToken, expires: now + 1800_000, accountId: opencode.accountId },
    anthropic: { type: 'api', key: secret('sk-ant-api03-') },
    openrouter: { type: 'api', key: secret('sk-or-v1-') },
  });
  put(home, '.openclaw/agents/main/agent/auth-profiles.json', {
    version: 1,
    profiles: {
      'anthropic:default': { type: 'token', provider: 'anthropic', token: secret('sk-ant-oat01-'), expires: now + 300 * 24 * HOUR },
      'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: claw.accessToken, refresh: claw.refreshToken, expires: now - HOUR, accountId: claw.accountId },
    },
  });
  put(home, '.jcode/auth.json', {
    anthropic_accounts: [{ label: 'claude-1', access: secret('sk-ant-oat01-'), refresh: secret('sk-ant-ort01-'), expires: now - 2 * HOUR, email: 'jcode@example.test' }],
    active_anthropic_account: 'claude-1',
  });
  put(home, '.config/auth-wizard/auth-profiles.json', {
    version: 1,
    profiles: { 'anthropic:setup-token': { type: 'token', provider: 'anthropic', token: secret('sk-ant-oat01-'), expires: now + 364 * 24 * HOUR } },
    order: { anthropic: ['anthropic:setup-token'] },
  });
  for (const add of STORES_2026) add(home, now);
  return home;
}

/** The stores added in 2026, one entry each. */
const STORES_2026 = [
  (home, now) => {
    const idToken = jwt({ iss: 'https://accounts.google.com', sub: 'warm-up', email: 'gemini@example.test', iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600 });
    put(home, '.gemini/oauth_creds.json', { access_token: secret('ya29.'), refresh_token: secret('1//0g'), scope: 'openid', token_type: 'Bearer', id_token: idToken, expiry_date: now + HOUR });
    put(home, '.gemini/google_accounts.json', { active: 'gemini@example.test', old: [] });
    put(home, '.gemini/settings.json', { security: { auth: { selectedType: 'oauth-personal' } } });
  },
  (home, now) => put(home, '.kimi/credentials/kimi-code.json', { access_token: secret('kimi-at-'), refresh_token: secret('kimi-rt-'), expires_at: now / 1000 + 86400, scope: 'kimi-code', token_type: 'Bearer', expires_in: 86400 }),
  (home, now) => put(home, '.qwen/oauth_creds.json', { access_token: secret('qwen-at-'), refresh_token: secret('qwen-rt-'), token_type: 'Bearer', resource_url: 'portal.qwen.ai', expiry_date: now + HOUR }),
  (home) => put(home, '.copilot/config.json', { authTokens: { 'https://github.com:warm-up': { token: secret('gho_') } }, loggedInUsers: [{ host: 'https://github.com', login: 'warm-up' }], lastLoggedInUser: { host: 'https://github.com', login: 'warm-up' } }),
  (home, now) => put(home, '.local/share/crush/crush.json', { providers: { openrouter: { api_key: secret('sk-or-') }, hyper: { api_key: secret('hy-'), oauth: { access_token: secret('hy-'), refresh_token: secret('hyr-'), expires_in: 3600, expires_at: Math.floor(now / 1000) + 3600 } } } }),
];
