// A home holding EVERY store auth-wizard reads, each signed in the way its
// tool leaves it: the bench's `status (all stores)` home and the test that
// `status` over it runs no child process and loads no keyring.
//
// The older stores come from fullFixtureHome; each store added since is one
// line in STORE_FIXTURES (a function writing that tool's files into the home).
import { FIXED_NOW } from './deps';
import { fullFixtureHome, put } from './fixture-home';
import { copilotConfigText, ghToken } from './fixture-2026-gh';
import { geminiCreds, kimiCreds, qwenCreds } from './new-stores-home';

export { fullFixtureHome };

type AddStore = (home: string, now: number) => void;

/** One entry per store added in 2026 (Cursor's sign-in is not readable: only CURSOR_API_KEY, an env value). */
export const STORE_FIXTURES: readonly AddStore[] = [
  (home, now) => {
    put(home, '.gemini/oauth_creds.json', JSON.stringify(geminiCreds(now, { expiry_date: now + 2 * 3600_000 }).doc, null, 2));
    put(home, '.gemini/google_accounts.json', JSON.stringify({ active: 'gemini-user@example.test', old: [] }, null, 2), 0o644);
    put(home, '.gemini/settings.json', '{\n  "security": { "auth": { "selectedType": "oauth-personal" } }\n}\n', 0o644);
  },
  (home, now) => put(home, '.kimi/credentials/kimi-code.json', JSON.stringify(kimiCreds(now).doc)),
  (home, now) => put(home, '.qwen/oauth_creds.json', JSON.stringify(qwenCreds(now).doc, null, 2)),
  (home) => put(home, '.copilot/config.json', copilotConfigText([{ login: 'octo-user', token: ghToken('gho_') }], 'octo-user')),
  (home, now) => put(home, '.local/share/crush/crush.json', JSON.stringify({ providers: { openrouter: { api_key: `sk-or-${'a'.repeat(40)}` }, hyper: { api_key: 'hy', oauth: { access_token: `hy-${'b'.repeat(40)}`, refresh_token: `hyr-${'c'.repeat(40)}`, expires_in: 3600, expires_at: Math.floor(now / 1000) + 3600 } } } }, null, 2)),
];

export function everyStoreHome(now = FIXED_NOW): { home: string } {
  const { home } = fullFixtureHome(now);
  for (const add of STORE_FIXTURES) add(home, now);
  return { home };
}
