// GitHub Copilot CLI (provider `github-copilot`), read-only. Facts and sources
// in docs/stores.md, "GitHub Copilot CLI". Where it looks, in the CLI's own order:
//   1. COPILOT_GITHUB_TOKEN, GH_TOKEN, GITHUB_TOKEN (first set wins; a classic
//      ghp_ token there makes the CLI stop with an error);
//   2. its stored login: the OS keychain (service `copilot-cli`), or, when no
//      keychain was found and the user agreed, plain text in
//      $COPILOT_HOME/config.json (default ~/.copilot), member `authTokens`;
//      `loggedInUsers` / `lastLoggedInUser` name the accounts either way;
//   3. `gh auth token`: read here from gh's hosts.yml when gh keeps the token in
//      plain text there (gh is never run).
// Also the editor plugins' store ($XDG_CONFIG_HOME/github-copilot/apps.json and
// hosts.json), which Copilot CLI does not read but Crush imports on `crush login copilot`.
import { join } from 'node:path';
import type { AssessedCredential, Credential } from '../core/credential';
import { isRecord, str } from '../core/guards';
import { unreadable } from './context';
import { tildify, xdgConfigHome } from '../fs/paths';
import { parseJson, readCredentialFileSync } from '../fs/read-file';
import { CLASSIC_PAT_REASON, githubTokenKind } from './github-token';
import type { Discovered, Store, StoreContext, ToolChoice } from './types';
import { parseEditorPluginFile, parseGhHosts, PROVIDER, tokenCredential } from './copilot-files';

export { parseEditorPluginFile, parseGhHosts, PROVIDER } from './copilot-files';

export const COPILOT_ENV_VARS = ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'] as const;

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

export function copilotHome(ctx: Pick<StoreContext, 'home' | 'env'>): string {
  return nonEmpty(ctx.env.COPILOT_HOME) ?? join(ctx.home, '.copilot');
}

/** gh's config dir: GH_CONFIG_DIR, $XDG_CONFIG_HOME/gh, %AppData%\GitHub CLI (Windows), ~/.config/gh. */
export function ghConfigDir(ctx: Pick<StoreContext, 'home' | 'env' | 'platform'>): string {
  const own = nonEmpty(ctx.env.GH_CONFIG_DIR);
  if (own !== undefined) return own;
  const xdg = nonEmpty(ctx.env.XDG_CONFIG_HOME);
  if (xdg !== undefined) return join(xdg, 'gh');
  const appData = nonEmpty(ctx.env.AppData ?? ctx.env.APPDATA);
  if (ctx.platform === 'win32' && appData !== undefined) return join(appData, 'GitHub CLI');
  return join(ctx.home, '.config', 'gh');
}

/** The editor plugins' folder (copilot.vim, copilot.lua, JetBrains): Crush reads %LOCALAPPDATA% on Windows. */
export function editorPluginDir(ctx: Pick<StoreContext, 'home' | 'env' | 'platform'>): string {
  const local = nonEmpty(ctx.env.LOCALAPPDATA);
  if (ctx.platform === 'win32' && local !== undefined) return join(local, 'github-copilot');
  return join(xdgConfigHome(ctx), 'github-copilot');
}

// ---- environment ----

export function discoverCopilotEnv(env: StoreContext['env']): Credential[] {
  const out: Credential[] = [];
  for (const name of COPILOT_ENV_VARS) {
    const value = nonEmpty(env[name]);
    if (value === undefined) continue;
    out.push(tokenCredential({ id: `env:${name}`, provider: PROVIDER, source: 'env', path: `$${name}` }, value, true));
  }
  return out;
}

// ---- ~/.copilot/config.json ----

export interface CopilotConfig {
  credentials: Credential[];
  /** `login@host` of the account the CLI uses (lastLoggedInUser), when named. */
  active?: string | undefined;
  /** Accounts listed without a token in the file: their token is in the OS keychain. */
  inKeychain: string[];
}

// The host and key shapes are read with string methods, not regular
// expressions: `status` reads this file on every run, and compiling a pattern
// costs more than the whole of these checks (README, Start-up budget).

/** `https://github.com` (or `http://`, a trailing `/` allowed) → `github.com`; anything else as written. */
function hostName(host: string): string {
  const rest = host.startsWith('https://') ? host.slice(8) : host.startsWith('http://') ? host.slice(7) : undefined;
  if (rest === undefined) return host;
  const name = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  return name !== '' && !name.includes('/') ? name : host;
}

/** A token key, `<http(s)://host>:<login>` or `<http(s)://host>:<login>:<suffix>`, as its host and login. */
function tokenKeyAccount(key: string): { host: string; login: string } | undefined {
  const parts = key.split(':');
  const scheme = parts[0];
  const host = parts[1];
  const login = parts[2];
  if ((scheme !== 'https' && scheme !== 'http') || parts.length > 4 || parts[3] === '') return undefined;
  if (host === undefined || host.length < 3 || !host.startsWith('//') || login === undefined || login === '') return undefined;
  return { host: `${scheme}:${host}`, login };
}

/**
 * The CLI writes two `//` comment lines above the JSON ("This file is managed
 * automatically."), so the file is not plain JSON: only leading comment lines
 * are dropped, nothing inside the document.
 */
function stripLeadingComments(text: string): string {
  let rest = text;
  // trimStart() drops what \s matches: whitespace and line ends.
  for (let line = rest.trimStart(); line.startsWith('//'); line = rest.trimStart()) {
    const end = line.indexOf('\n');
    rest = end === -1 ? '' : line.slice(end + 1);
  }
  return rest;
}

export function parseCopilotConfig(text: string, path: string): CopilotConfig {
  const base = { id: 'copilot', provider: PROVIDER, source: 'copilot' as const, path };
  const json = parseJson(stripLeadingComments(text));
  if (!json.ok) return { credentials: [unreadable(base, json.reason)], inKeychain: [] };
  const doc = json.value;
  if (!isRecord(doc)) return { credentials: [unreadable(base, 'is not a JSON object')], inKeychain: [] };
  const tokens = doc.authTokens;
  const users = doc.loggedInUsers;
  if (tokens !== undefined && tokens !== null && !isRecord(tokens)) return { credentials: [unreadable(base, '"authTokens" is not an object')], inKeychain: [] };
  if (users !== undefined && users !== null && !Array.isArray(users)) return { credentials: [unreadable(base, '"loggedInUsers" is not a list')], inKeychain: [] };
  const last = isRecord(doc.lastLoggedInUser) ? doc.lastLoggedInUser : undefined;
  const lastHost = str(last?.host);
  const lastLogin = str(last?.login);
  const active = lastHost !== undefined && lastLogin !== undefined ? `${lastLogin}@${hostName(lastHost)}` : undefined;

  // Accounts: those listed, then any token key ("<host>:<login>" or "<host>:<login>:github") for one that is not.
  const accounts = new Map<string, { host: string; login: string }>();
  for (const u of users ?? []) {
    const host = isRecord(u) ? str(u.host) : undefined;
    const login = isRecord(u) ? str(u.login) : undefined;
    if (host !== undefined && login !== undefined) accounts.set(`${host}:${login}`, { host, login });
  }
  for (const key of Object.keys(tokens ?? {})) {
    const account = tokenKeyAccount(key);
    if (account !== undefined && !accounts.has(`${account.host}:${account.login}`)) accounts.set(`${account.host}:${account.login}`, account);
  }

  const credentials: Credential[] = [];
  const inKeychain: string[] = [];
  for (const [key, { host, login }] of accounts) {
    const entry = `${login}@${hostName(host)}`;
    const b = { ...base, id: `copilot:${entry}`, entry, accountId: login };
    const record = tokens?.[key] ?? tokens?.[`${key}:github`];
    if (record === undefined || record === null) {
      inKeychain.push(entry);
      continue;
    }
    if (!isRecord(record)) {
      credentials.push(unreadable(b, `the token of ${entry} is not an object`));
      continue;
    }
    const token = record.token;
    if (token !== undefined && token !== null && typeof token !== 'string') {
      credentials.push(unreadable(b, `"token" of ${entry} is not a string`));
      continue;
    }
    const t = str(token);
    if (t === undefined) credentials.push({ ...b, kind: null, expiresAt: null, canRefresh: false, fixedState: 'signed-out', reason: 'the stored token is empty', secrets: {} });
    else credentials.push(tokenCredential(b, t, true));
  }
  return { credentials, active, inKeychain };
}

// ---- discover / precedence ----

function readInto(out: Credential[], path: string, parse: (text: string) => Credential[], errId: string): void {
  const r = readCredentialFileSync(path);
  if (r.kind === 'unreadable') out.push(unreadable({ id: errId, provider: PROVIDER, source: 'copilot', path }, r.reason));
  if (r.kind === 'ok') out.push(...parse(r.text).map((c) => ({ ...c, fileMode: r.mode, symlink: r.symlink })));
}

export function discoverCopilot(ctx: StoreContext): Discovered | Promise<Discovered> {
  const credentials = discoverCopilotEnv(ctx.env);
  const notes: string[] = [];
  const configPath = join(copilotHome(ctx), 'config.json');
  let keychainActive: string | undefined;
  let keyring: Promise<Discovered> | undefined;
  const r = readCredentialFileSync(configPath);
  if (r.kind === 'unreadable') credentials.push(unreadable({ id: 'copilot', provider: PROVIDER, source: 'copilot', path: configPath }, r.reason));
  if (r.kind === 'ok') {
    const cfg = parseCopilotConfig(r.text, configPath);
    const active = cfg.active ?? [...cfg.credentials.map((c) => c.entry), ...cfg.inKeychain].find((e) => e !== undefined);
    // Only the active account is used; /user switch picks another.
    credentials.push(
      ...cfg.credentials.map((c) => ({
        ...c,
        fileMode: r.mode,
        symlink: r.symlink,
        // A token in config.json is plain text on disk: doctor's copilot-plaintext-token.
        ...(c.secrets.access !== undefined ? { flags: ['copilot-plaintext-token' as const] } : {}),
        ...(c.entry !== undefined && c.entry !== active ? { inactive: 'not the account Copilot CLI signs in with (lastLoggedInUser); /user switch selects it' } : {}),
      })),
    );
    const plain = cfg.credentials.filter((c) => c.secrets.access !== undefined).map((c) => c.entry);
    if (plain.length > 0) notes.push(`Copilot CLI keeps the token of ${plain.join(', ')} in plain text in ${tildify(configPath, ctx.home)} (no OS keychain was found at sign-in); \`copilot login\` on a host with a keychain stores it there instead.`);
    // Accounts listed without a token: their token is in the OS keyring (service
    // copilot-cli), read only because this file says so. On Linux the Secret
    // Service hands an unlocked item over without asking; on macOS another
    // program reading that item gets a password dialog (only `copilot` is on its
    // access list), so there it is named, not read (docs/stores.md, Keyrings).
    if (cfg.inKeychain.length > 0 && ctx.platform !== 'darwin') {
      keyring = import('./keyring-items').then((m) => m.readCopilotKeyring(ctx, { id: 'copilot', provider: PROVIDER, source: 'copilot' }));
    } else {
      for (const who of cfg.inKeychain) notes.push(`Copilot CLI's sign-in for ${who} is in the macOS Keychain (service copilot-cli); reading it would ask you for your password, so auth-wizard leaves it: \`copilot\` itself uses it.`);
    }
    if (active !== undefined && cfg.inKeychain.includes(active)) keychainActive = active;
  }
  // What comes after the stored login, in this order whether or not the keyring was read first.
  const rest = (): Discovered => {
    const ghHosts = join(ghConfigDir(ctx), 'hosts.yml');
    const ghCreds: Credential[] = [];
    readInto(ghCreds, ghHosts, (t) => parseGhHosts(t, ghHosts), 'copilot:gh');
    // Copilot CLI falls back to gh only without a stored login, and the keychain one counts even unread.
    credentials.push(...ghCreds.map((c) => (keychainActive === undefined ? c : { ...c, inactive: `Copilot CLI uses the keychain sign-in of ${keychainActive} first` })));
    const plugins = editorPluginDir(ctx);
    for (const file of ['apps', 'hosts'] as const) {
      const path = join(plugins, `${file}.json`);
      readInto(credentials, path, (t) => parseEditorPluginFile(t, path, file), `copilot:${file}`);
    }
    return { credentials, notes };
  };
  if (keyring === undefined) return rest();
  return keyring.then((k) => {
    credentials.push(...k.credentials.map((c) => (c.secrets.access !== undefined && c.fixedState === undefined ? tokenCredential(c, c.secrets.access, true) : c)));
    notes.push(...k.notes);
    return rest();
  });
}

/**
 * Copilot CLI's order: the env tokens, its stored login, then gh's token. A
 * classic token in the first env variable set makes it stop with an error
 * (rather than trying the next); accounts other than the active one, and gh's
 * token behind a keychain login, are marked inactive by discover.
 */
export function copilotChoices(creds: readonly Credential[], env: StoreContext['env']): ToolChoice[] {
  const firstEnv = COPILOT_ENV_VARS.map((n) => creds.find((c) => c.id === `env:${n}`)).find((c) => c !== undefined);
  if (firstEnv?.secrets.access !== undefined && githubTokenKind(firstEnv.secrets.access).copilotRefuses) {
    return [{ tool: 'copilot', provider: PROVIDER, order: [], disabledBy: `Copilot CLI stops with an error: ${firstEnv.path} is a classic personal access token (ghp_), so it uses none of the GitHub Copilot credentials.` }];
  }
  // In a Codespace the injected GITHUB_TOKEN does not take precedence over a /login account (`copilot help environment`).
  const codespace = env.CODESPACES === 'true';
  const stored = creds.filter((c) => c.source === 'copilot' && c.id !== 'copilot:gh:github.com' && !c.id.startsWith('copilot:apps') && !c.id.startsWith('copilot:hosts')).map((c) => c.id);
  const order = codespace
    ? ['env:COPILOT_GITHUB_TOKEN', 'env:GH_TOKEN', ...stored, 'env:GITHUB_TOKEN', 'copilot:gh:github.com']
    : ['env:COPILOT_GITHUB_TOKEN', 'env:GH_TOKEN', 'env:GITHUB_TOKEN', ...stored, 'copilot:gh:github.com'];
  return [{ tool: 'copilot', provider: PROVIDER, order }];
}

export const copilotStore: Store = {
  id: 'copilot',
  name: 'GitHub Copilot CLI',
  tools: ['copilot'],
  providers: [PROVIDER],
  bins: ['copilot'],
  discover: discoverCopilot,
  choices: copilotChoices,
  unreadableEffect: 'Copilot CLI keeps the sign-ins and settings it can read and resets the entry it cannot (CLI 1.0.x changelog).',
  readOnly: 'auth-wizard does not write Copilot CLI\'s sign-in; `copilot login` does (and `/logout` inside copilot removes it).',
  signIn: { bin: 'copilot', args: ['login'], install: 'npm install -g @github/copilot', headless: 'over SSH or without a display `copilot login` uses a device code: it prints a code and a link to open on another device' },
  fix(c: AssessedCredential): string | undefined {
    if (c.provider !== PROVIDER) return undefined;
    if (c.source === 'env' && c.reason === CLASSIC_PAT_REASON) {
      const name = c.path.slice(1);
      return name === 'COPILOT_GITHUB_TOKEN'
        ? 'set COPILOT_GITHUB_TOKEN to a fine-grained token (github_pat_) with the Copilot Requests permission, or unset it and run copilot login'
        : `unset ${name} (or set COPILOT_GITHUB_TOKEN, which comes first, to a fine-grained github_pat_ token with the Copilot Requests permission), then copilot login`;
    }
    if (c.source === 'env') return `replace or unset ${c.path.slice(1)}`;
    if (c.source !== 'copilot') return undefined;
    if (c.id === 'copilot:gh:github.com') return 'gh auth login';
    if (c.id.startsWith('copilot:apps') || c.id.startsWith('copilot:hosts')) return 'sign in again from the editor plugin (e.g. :Copilot setup in Vim)';
    return 'copilot login';
  },
};
