// Fixture homes for Gemini CLI, Qwen Code and Kimi CLI in the shapes those
// tools write (docs/stores.md, "Tools added in 2026"), with generated tokens.
import { FIXED_NOW } from './deps';
import { put, tempHome } from './fixture-home';
import { fakeJwt, fakeSecret } from './tokens';

export interface NewStoreSecrets {
  geminiAccess: string;
  geminiRefresh: string;
  geminiIdToken: string;
  kimiAccess: string;
  kimiRefresh: string;
  qwenAccess: string;
  qwenRefresh: string;
}

export function geminiCreds(now = FIXED_NOW, over: Record<string, unknown> = {}) {
  const access = fakeSecret('ya29.');
  const refresh = fakeSecret('1//0g');
  const idToken = fakeJwt({ iss: 'https://accounts.google.com', aud: '681255809395.apps.googleusercontent.com', sub: '109876543210987654321', email: 'gemini-user@example.test', exp: Math.floor(now / 1000) + 3600, iat: Math.floor(now / 1000) });
  // cacheCredentials writes JSON.stringify(credentials, null, 2).
  const doc = { access_token: access, refresh_token: refresh, scope: 'https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email openid', token_type: 'Bearer', id_token: idToken, expiry_date: now + 50 * 60_000, ...over };
  return { doc, access, refresh, idToken };
}

export function kimiCreds(now = FIXED_NOW, over: Record<string, unknown> = {}) {
  const access = fakeSecret('kimi-at-');
  const refresh = fakeSecret('kimi-rt-');
  // OAuthToken.to_dict: expires_at is time.time() + expires_in, a float of seconds.
  const doc = { access_token: access, refresh_token: refresh, expires_at: now / 1000 + 86399.5, scope: 'kimi-code', token_type: 'Bearer', expires_in: 86400.0, ...over };
  return { doc, access, refresh };
}

export function qwenCreds(now = FIXED_NOW, over: Record<string, unknown> = {}) {
  const access = fakeSecret('qwen-at-');
  const refresh = fakeSecret('qwen-rt-');
  const doc = { access_token: access, refresh_token: refresh, token_type: 'Bearer', resource_url: 'portal.qwen.ai', expiry_date: now + 6 * 3600_000, ...over };
  return { doc, access, refresh };
}

/** A home with all three stores, signed in the way each tool leaves it. */
export function newStoresHome(now = FIXED_NOW): { home: string; secrets: NewStoreSecrets } {
  const home = tempHome('aw-new-stores-');
  const g = geminiCreds(now);
  put(home, '.gemini/oauth_creds.json', JSON.stringify(g.doc, null, 2));
  put(home, '.gemini/google_accounts.json', JSON.stringify({ active: 'gemini-user@example.test', old: [] }, null, 2), 0o644);
  put(home, '.gemini/settings.json', '{\n  // written by the auth dialog\n  "security": { "auth": { "selectedType": "oauth-personal" } }\n}\n', 0o644);
  const k = kimiCreds(now);
  put(home, '.kimi/credentials/kimi-code.json', JSON.stringify(k.doc));
  const q = qwenCreds(now);
  put(home, '.qwen/oauth_creds.json', JSON.stringify(q.doc, null, 2));
  put(home, '.qwen/settings.json', JSON.stringify({ security: { auth: { selectedType: 'qwen-oauth' } } }, null, 2), 0o644);
  return { home, secrets: { geminiAccess: g.access, geminiRefresh: g.refresh, geminiIdToken: g.idToken, kimiAccess: k.access, kimiRefresh: k.refresh, qwenAccess: q.access, qwenRefresh: q.refresh } };
}
