// Crush (charmbracelet/crush), read-only. Facts and sources in docs/stores.md,
// "Crush". Crush merges its global config ($CRUSH_GLOBAL_CONFIG/crush.json, else
// $XDG_CONFIG_HOME/crush/crush.json) and then its data file, which it writes
// itself ($CRUSH_GLOBAL_DATA/crush.json > $XDG_DATA_HOME/crush/crush.json >
// %LOCALAPPDATA%\crush\crush.json on Windows > ~/.local/share/crush/crush.json),
// so an entry in the data file wins. Per provider: `api_key` (a literal, or a
// shell template such as `$OPENAI_API_KEY` that Crush expands when it starts)
// and, for providers signed in with OAuth, `oauth{access_token, refresh_token,
// expires_in, expires_at}` with both times in SECONDS.
import { join } from 'node:path';
import type { AssessedCredential, Credential } from '../core/credential';
import { expiryMs } from '../core/expiry';
import { isRecord, str } from '../core/guards';
import { mistypedField, unreadable } from './context';
import { xdgConfigHome, xdgDataHome } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { PROVIDER as COPILOT_PROVIDER } from './copilot';
import type { Discovered, Store, StoreContext, ToolChoice } from './types';

export const CLAUDE_DROPPED_REASON = 'Crush dropped Claude subscription sign-in in v0.31.0 (PR #1783); it deletes this entry the next time it starts';

/** Crush's provider ids that are another provider's in auth-wizard's table. */
function providerOf(id: string): string {
  return id === 'copilot' ? COPILOT_PROVIDER : id;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

export function crushDataFile(ctx: Pick<StoreContext, 'home' | 'env' | 'platform'>): string {
  const own = nonEmpty(ctx.env.CRUSH_GLOBAL_DATA);
  if (own !== undefined) return join(own, 'crush.json');
  const xdg = nonEmpty(ctx.env.XDG_DATA_HOME);
  if (xdg !== undefined) return join(xdgDataHome(ctx), 'crush', 'crush.json');
  if (ctx.platform === 'win32') {
    const local = nonEmpty(ctx.env.LOCALAPPDATA) ?? join(nonEmpty(ctx.env.USERPROFILE) ?? ctx.home, 'AppData', 'Local');
    return join(local, 'crush', 'crush.json');
  }
  return join(ctx.home, '.local', 'share', 'crush', 'crush.json');
}

export function crushConfigFile(ctx: Pick<StoreContext, 'home' | 'env'>): string {
  const own = nonEmpty(ctx.env.CRUSH_GLOBAL_CONFIG);
  return own !== undefined ? join(own, 'crush.json') : join(xdgConfigHome(ctx), 'crush', 'crush.json');
}

/** Epoch seconds later than this are milliseconds written where Crush reads seconds (year 5138 in seconds). */
const MAX_PLAUSIBLE_EPOCH_SECONDS = 1e11;

/** Length of the shell variable name (`[A-Za-z_][A-Za-z0-9_]*`) starting at `from`; 0 when there is none. */
function nameLength(s: string, from: number): number {
  let i = from;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
    const digit = c >= 0x30 && c <= 0x39;
    if (!letter && !(digit && i > from)) break;
  }
  return i - from;
}

/**
 * `$VAR` / `${VAR}` (also `${VAR:-default}` and the other shell operators): the
 * variable named. Read by hand rather than by a regular expression, which
 * `status` would compile on every run for one value (README, Start-up budget).
 */
function templateVar(v: string): string | undefined {
  const t = v.trim();
  if (!t.startsWith('$')) return undefined;
  if (!t.startsWith('{', 1)) {
    const n = nameLength(t, 1);
    return n > 0 && 1 + n === t.length ? t.slice(1) : undefined;
  }
  const n = nameLength(t, 2);
  if (n === 0 || !t.endsWith('}')) return undefined;
  // After the name: nothing, or an operator (`-`, `+`, `?`, `=`, each with an optional `:` before it) and a default without `}`.
  const rest = t.slice(2 + n, -1);
  const op = rest.startsWith(':') ? 1 : 0;
  const ok = rest === '' || ('-+?='.includes(rest.charAt(op)) && rest.charAt(op) !== '' && !rest.includes('}', op + 1));
  return ok ? t.slice(2, 2 + n) : undefined;
}

export interface CrushParse {
  credentials: Credential[];
  /** What is not a secret but says where one comes from ("from $OPENAI_API_KEY"). */
  notes: string[];
}

export function parseCrush(text: string, path: string, env: StoreContext['env'], idPrefix = 'crush'): CrushParse {
  const base = { id: idPrefix, provider: 'crush', source: 'crush' as const, path };
  const json = parseJson(text);
  if (!json.ok) return { credentials: [unreadable(base, json.reason)], notes: [] };
  if (!isRecord(json.value)) return { credentials: [unreadable(base, 'is not a JSON object')], notes: [] };
  const providers = json.value.providers;
  if (providers === undefined || providers === null) return { credentials: [], notes: [] };
  if (!isRecord(providers)) return { credentials: [unreadable(base, '"providers" is not an object')], notes: [] };
  const credentials: Credential[] = [];
  const notes: string[] = [];
  for (const [id, p] of Object.entries(providers)) {
    const b = { ...base, id: `${idPrefix}:${id}`, provider: providerOf(id), entry: id };
    if (!isRecord(p)) {
      credentials.push(unreadable(b, `provider "${id}" is not an object`));
      continue;
    }
    const typo = mistypedField(p, { api_key: 'string' });
    if (typo !== undefined) {
      credentials.push(unreadable(b, `provider "${id}": ${typo}`));
      continue;
    }
    const oauth = p.oauth;
    if (oauth !== undefined && oauth !== null) {
      credentials.push(oauthCredential(b, id, oauth, str(p.api_key)));
      continue;
    }
    const key = str(p.api_key);
    if (key === undefined) continue; // a provider configured without a key of its own (base_url, models, …)
    const v = templateVar(key);
    if (v !== undefined) {
      const set = nonEmpty(env[v]) !== undefined;
      notes.push(`Crush takes its ${id} key from $${v} (${set ? 'set here' : 'not set here'}), not from a stored secret.`);
      credentials.push({ ...b, kind: 'api_key', expiresAt: null, canRefresh: false, secrets: {}, ...(set ? {} : { fixedState: 'signed-out' as const, reason: `api_key is $${v}, which is not set in this environment` }) });
      continue;
    }
    if (key.includes('$(') || key.includes('`')) {
      // Never run: a command is the user's, and status runs nothing.
      notes.push(`Crush runs a command for its ${id} key when it starts; auth-wizard does not run it.`);
      credentials.push({ ...b, kind: 'api_key', expiresAt: null, canRefresh: false, secrets: {} });
      continue;
    }
    credentials.push({ ...b, kind: 'api_key', expiresAt: null, canRefresh: false, secrets: { apiKey: key } });
  }
  return { credentials, notes };
}

function oauthCredential(b: Pick<Credential, 'id' | 'provider' | 'source' | 'path'> & { entry: string }, id: string, oauth: unknown, apiKey: string | undefined): Credential {
  if (!isRecord(oauth)) return unreadable(b, `provider "${id}": "oauth" is not an object`, 'oauth');
  const typo = mistypedField(oauth, { access_token: 'string', refresh_token: 'string', id_token: 'string', expires_in: 'number', expires_at: 'number' });
  if (typo !== undefined) return unreadable(b, `provider "${id}": oauth ${typo}`, 'oauth', str(oauth.refresh_token));
  const access = str(oauth.access_token) ?? apiKey;
  const refresh = str(oauth.refresh_token);
  if (id === 'anthropic') {
    return { ...b, kind: 'oauth', expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: CLAUDE_DROPPED_REASON, flags: ['crush-claude-oauth-dead'], secrets: { access, refresh } };
  }
  const at = oauth.expires_at;
  if (typeof at === 'number' && at > MAX_PLAUSIBLE_EPOCH_SECONDS) {
    // Crush compares seconds: a millisecond value reads as "valid for millennia" to it, so it never refreshes.
    return unreadable(b, `provider "${id}": oauth "expires_at" looks like milliseconds; Crush reads seconds`, 'oauth', refresh);
  }
  const expiresAt = typeof at === 'number' ? (expiryMs(at * 1000) ?? null) : null;
  return {
    ...b,
    kind: 'oauth',
    // 0 or absent: Crush treats the token as expired and refreshes (oauth/token.go).
    expiresAt: expiresAt ?? 0,
    canRefresh: refresh !== undefined,
    secrets: { access, refresh },
    ...(access === undefined && refresh === undefined ? { fixedState: 'signed-out' as const, reason: 'the entry has no tokens' } : {}),
  };
}

function readCrush(out: CrushParse, path: string, env: StoreContext['env'], idPrefix: string): void {
  const r = readCredentialFileSync(path);
  if (r.kind === 'unreadable') out.credentials.push(unreadable({ id: idPrefix, provider: 'crush', source: 'crush', path }, r.reason));
  if (r.kind !== 'ok') return;
  const p = parseCrush(r.text, path, env, idPrefix);
  out.credentials.push(...p.credentials.map((c) => ({ ...c, fileMode: r.mode, symlink: r.symlink })));
  out.notes.push(...p.notes);
}

export function discoverCrush(ctx: StoreContext): Discovered {
  const out: CrushParse = { credentials: [], notes: [] };
  readCrush(out, crushDataFile(ctx), ctx.env, 'crush');
  readCrush(out, crushConfigFile(ctx), ctx.env, 'crush:config');
  return out;
}

/** Crush's default providers read these when crush.json has no key of its own (catwalk's `$VAR` defaults). */
const DEFAULT_ENV_KEY: Record<string, string> = { openai: 'env:OPENAI_API_KEY', anthropic: 'env:ANTHROPIC_API_KEY' };

export function crushChoices(creds: readonly Credential[]): ToolChoice[] {
  const ids = new Set<string>();
  for (const c of creds) if (c.source === 'crush' && c.entry !== undefined) ids.add(c.entry);
  // Where Crush is set up at all, its default providers read the environment keys.
  if (ids.size > 0) for (const id of Object.keys(DEFAULT_ENV_KEY)) ids.add(id);
  return [...ids].sort().map((id) => ({
    tool: 'crush',
    provider: providerOf(id),
    order: [`crush:${id}`, `crush:config:${id}`, ...(DEFAULT_ENV_KEY[id] !== undefined ? [DEFAULT_ENV_KEY[id]] : [])],
  }));
}

export const crushStore: Store = {
  id: 'crush',
  name: 'Crush',
  tools: ['crush'],
  providers: ['hyper', COPILOT_PROVIDER, 'openai', 'anthropic'],
  bins: ['crush'],
  discover: discoverCrush,
  choices: (creds) => crushChoices(creds),
  unreadableEffect: 'Crush stops with a configuration error until the file is fixed or moved aside.',
  readOnly: 'auth-wizard does not write Crush\'s crush.json; `crush login` (hyper, copilot) does, and API keys are set in Crush itself.',
  signIn: { bin: 'crush', args: ['login'], providerArgs: { 'github-copilot': ['login', 'copilot'], hyper: ['login', 'hyper'] }, headless: '`crush login` prints a device code and a link to open on another device' },
  fix(c: AssessedCredential): string | undefined {
    if (c.source !== 'crush') return undefined;
    if (c.reason === CLAUDE_DROPPED_REASON) return 'start crush and choose an Anthropic API key (or another provider); Claude subscription sign-in is gone';
    if (c.entry === 'hyper' || c.entry === 'copilot') return `crush login ${c.entry}`;
    if (c.reason?.startsWith('api_key is $') === true) return `export ${c.reason.slice('api_key is $'.length).split(',')[0] ?? ''} before starting crush`;
    return 'fix the entry in crush.json, or set the key again in crush';
  },
};
