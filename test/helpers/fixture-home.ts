// Temporary homes holding every store in the shapes the real tools write
// (docs/stores.md; checked against the real CLIs, see docs/interop.md).
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FIXED_NOW } from './deps';
import { fakeJwt, fakeSecret, openAiTokens, type OpenAiTokenSet } from './tokens';

const made: string[] = [];

/**
 * A new directory under the temp dir, removed after the test file that made it
 * (test/helpers/per-file.ts): a suite run made some 800 of them, and they were
 * left behind on every machine that ran it.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function tempHome(prefix = 'aw-home-'): string {
  return tempDir(prefix);
}

/** Removes every directory tempDir made so far. A test may have taken a folder's permissions away (run as a user they stop): they are given back first. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      try {
        allowRemoval(dir);
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Still held (another user's files): left for the system's temp cleaning, as before.
      }
    }
  }
}

function allowRemoval(dir: string): void {
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) allowRemoval(path);
  }
}

export function put(home: string, rel: string, content: unknown, mode = 0o600): string {
  const path = join(home, rel);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode });
  return path;
}

export interface FixtureSecrets {
  codex: OpenAiTokenSet;
  opencodeOpenai: OpenAiTokenSet;
  claudeAccess: string;
  claudeRefresh: string;
  opencodeAnthropicKey: string;
  openrouterKey: string;
  openclawToken: string;
  openclawCodex: OpenAiTokenSet;
  jcodeAccess: string;
  jcodeRefresh: string;
  setupToken: string;
  all: string[];
}

const HOUR = 3600_000;

/** A home with every store, all signed in, at FIXED_NOW. */
export function fullFixtureHome(now = FIXED_NOW): { home: string; secrets: FixtureSecrets } {
  const home = tempHome();
  const nowSec = Math.floor(now / 1000);
  const codex = openAiTokens({ email: 'codex-user@example.test', plan: 'pro', expSec: nowSec + 9 * 24 * 3600, iatSec: nowSec - 3600 });
  const opencodeOpenai = openAiTokens({ email: 'oc-user@example.test', plan: 'plus', expSec: nowSec + 30 * 60 });
  const openclawCodex = openAiTokens({ email: 'claw@example.test', plan: 'team', expSec: nowSec - 3600 });
  const s = {
    codex,
    opencodeOpenai,
    openclawCodex,
    claudeAccess: fakeSecret('sk-ant-oat01-'),
    claudeRefresh: fakeSecret('sk-ant-ort01-'),
    opencodeAnthropicKey: fakeSecret('sk-ant-api03-'),
    openrouterKey: fakeSecret('sk-or-v1-'),
    openclawToken: fakeSecret('sk-ant-oat01-'),
    jcodeAccess: fakeSecret('sk-ant-oat01-'),
    jcodeRefresh: fakeSecret('sk-ant-ort01-'),
    setupToken: fakeSecret('sk-ant-oat01-', 72),
  };
  put(home, '.codex/auth.json', {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: codex.idToken, access_token: codex.accessToken, refresh_token: codex.refreshToken, account_id: codex.accountId },
    last_refresh: new Date(now - 3600_000).toISOString(),
  });
  put(home, '.claude/.credentials.json', {
    claudeAiOauth: {
      accessToken: s.claudeAccess,
      refreshToken: s.claudeRefresh,
      expiresAt: now + 7 * HOUR,
      refreshTokenExpiresAt: now + 30 * 24 * HOUR,
      scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'],
      subscriptionType: 'max',
      rateLimitTier: 'default_claude_max_20x',
    },
  });
  put(home, '.claude.json', {
    numStartups: 3,
    oauthAccount: { accountUuid: 'acc-uuid-1', emailAddress: 'claude-user@example.test', organizationUuid: 'org-uuid-1', organizationName: 'Example Org', organizationRole: 'admin', displayName: 'Dev', billingType: 'stripe_subscription' },
  });
  put(home, '.local/share/opencode/auth.json', {
    openai: { type: 'oauth', refresh: opencodeOpenai.refreshToken, access: opencodeOpenai.accessToken, expires: now + 30 * 60_000, accountId: opencodeOpenai.accountId },
    anthropic: { type: 'api', key: s.opencodeAnthropicKey },
    openrouter: { type: 'api', key: s.openrouterKey },
  });
  put(home, '.openclaw/agents/main/agent/auth-profiles.json', {
    version: 1,
    profiles: {
      'anthropic:default': { type: 'token', provider: 'anthropic', token: s.openclawToken, expires: now + 300 * 24 * HOUR },
      'openai-codex:default': { type: 'oauth', provider: 'openai-codex', access: openclawCodex.accessToken, refresh: openclawCodex.refreshToken, expires: now - HOUR, accountId: openclawCodex.accountId, email: 'claw@example.test' },
    },
    order: { anthropic: ['anthropic:default'] },
  });
  put(home, '.jcode/auth.json', {
    anthropic_accounts: [{ label: 'claude-1', access: s.jcodeAccess, refresh: s.jcodeRefresh, expires: now - 2 * HOUR, email: 'jcode@example.test' }],
    active_anthropic_account: 'claude-1',
  });
  put(home, '.config/auth-wizard/auth-profiles.json', {
    version: 1,
    profiles: { 'anthropic:setup-token': { type: 'token', provider: 'anthropic', token: s.setupToken, expires: now + 364 * 24 * HOUR } },
    order: { anthropic: ['anthropic:setup-token'] },
  });
  const all = [
    codex.idToken, codex.accessToken, codex.refreshToken, opencodeOpenai.accessToken, opencodeOpenai.refreshToken, openclawCodex.accessToken, openclawCodex.refreshToken,
    s.claudeAccess, s.claudeRefresh, s.opencodeAnthropicKey, s.openrouterKey, s.openclawToken, s.jcodeAccess, s.jcodeRefresh, s.setupToken,
  ];
  return { home, secrets: { ...s, all } };
}

export { fakeJwt };

/**
 * The lock directories a SIGKILLed process left under `home`, dated ten
 * minutes back: the next run finds them stale and takes them over at once,
 * instead of waiting out the stale time (2 s at the least, proper-lockfile's
 * floor). Call it only once the holder is dead (its exit awaited): it stands
 * for the user coming back later. That a live or fresh lock is never taken,
 * and a dead one only after the stale time, is test/store-lock.test.ts's.
 * Returns how many it dated back.
 */
export function ageLeftLocks(home: string): number {
  const old = new Date(Date.now() - 600_000);
  let aged = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = join(dir, e.name);
      if (e.name.endsWith('.lock')) {
        utimesSync(p, old, old);
        aged++;
      } else walk(p);
    }
  };
  walk(home);
  return aged;
}
