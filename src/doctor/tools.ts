// Checks for the tools that sign in through their own CLI (Gemini CLI, Kimi
// CLI, Qwen Code, GitHub Copilot CLI, Crush, Cursor): what their stores
// flagged in a credential (core/credential.ts CREDENTIAL_FLAGS), and an
// environment token that hides a tool's stored login. Every finding comes
// from a field a store set (flags, shadowedBy, fix, reason), never from a
// reason's wording or a switch on a store's id, so a new store plugs in by
// setting a flag.
//
// Refresh-token families need nothing here: the new stores keep their refresh
// tokens in `secrets.refresh`, which families.ts already compares.
import type { AssessedCredential, CredentialFlag } from '../core/credential';
import { fixFor } from '../report/assess';
import { toolStores } from '../stores/tool-sign-in';
import type { Store } from '../stores/types';
import { type CheckContext, type Finding, type Severity, show } from './finding';
import { isFilePath, where } from './names';

interface FlagWording {
  severity: Severity;
  title(ctx: CheckContext, c: AssessedCredential): string;
  detail(ctx: CheckContext, c: AssessedCredential): string;
  /** Undefined: the credential's own fix. */
  fix?(ctx: CheckContext, c: AssessedCredential): string | undefined;
}

const because = (c: AssessedCredential): string => (c.reason !== undefined ? ` (${c.reason})` : '');

/** One entry per flag: the finding's id is the flag. */
const FLAGS: Record<CredentialFlag, FlagWording> = {
  // Gemini CLI's precedence (docs/stores.md, "Gemini CLI"): with Google sign-in
  // selected in its settings the key is never read, so this is not the key
  // hiding the sign-in but the reverse — worth knowing, nothing is broken.
  'gemini-api-key-ignored': {
    severity: 'info',
    title: () => "GEMINI_API_KEY is set, but Gemini CLI's settings select Google sign-in: Gemini CLI ignores the key.",
    detail: () =>
      'Gemini CLI takes its auth method from security.auth.selectedType in its settings.json first; with "oauth-personal" it signs in with Google and never reads GEMINI_API_KEY. Choosing "Use Gemini API key" in its /auth dialog makes it use the key instead.',
    fix: () => 'unset GEMINI_API_KEY if you meant Google sign-in; or run `gemini` and choose the Gemini API key under /auth',
  },
  'copilot-plaintext-token': {
    severity: 'warning',
    title: (ctx, c) => `GitHub Copilot CLI keeps its GitHub token in plain text in ${show(ctx, c.path)}.`,
    detail: () =>
      'Copilot CLI stores its login in the OS keychain and falls back to a plain-text file only when no keychain answered and you agreed. Anyone who can read the file can use the token as you.',
    fix: () => 'copilot logout, then `copilot login` on a machine with a keychain (on Linux: a running Secret Service, e.g. gnome-keyring); or keep the file at chmod 600',
  },
  'qwen-oauth-dead': {
    severity: 'error',
    title: (ctx, c) => `Qwen Code's Qwen OAuth sign-in in ${show(ctx, c.path)} can no longer be used: the free tier ended on 2026-04-15.`,
    detail: (_ctx, c) => `Qwen's servers refuse these tokens since the free tier was discontinued (QwenLM/qwen-code#3203, PR #3291), whatever the file's expiry says${c.state === 'unreadable' ? `; the file is also unreadable${because(c)}` : ''}.`,
  },
  'crush-claude-oauth-dead': {
    severity: 'warning',
    title: (ctx, c) => `Crush's Claude subscription sign-in in ${show(ctx, c.path)}${c.entry !== undefined ? ` [${c.entry}]` : ''} is no longer used.`,
    detail: () => 'Crush dropped Claude subscription sign-in (charmbracelet/crush PR #1783, v0.31.0) and deletes such an entry when it loads its data file; it needs an Anthropic API key or another provider instead.',
  },
  'keyring-unreadable': {
    severity: 'warning',
    title: (ctx, c) => `${where(ctx, c)}: the OS keyring that holds this sign-in could not be read.`,
    detail: (_ctx, c) =>
      `The tool's configuration keeps its secret in the keyring, and auth-wizard could not read it${because(c)}. auth-wizard never unlocks a keyring by itself; the tool may still be signed in.`,
    fix: () => 'unlock the keyring (log in to the desktop session, or start the Secret Service: `gnome-keyring-daemon --unlock`), then run `auth-wizard status` again',
  },
};

/** Flags whose finding says everything the generic state finding would (credentials.ts skips those). */
const REPLACES_STATE: readonly CredentialFlag[] = ['qwen-oauth-dead', 'crush-claude-oauth-dead', 'keyring-unreadable'];

export function replacesStateFinding(c: AssessedCredential): boolean {
  return c.flags?.some((f) => REPLACES_STATE.includes(f)) === true;
}

function storeOf(c: AssessedCredential, stores: readonly Store[]): Store | undefined {
  return stores.find((s) => s.id === c.source);
}

/** A tool store's login that an environment token hides: credentials.ts leaves these to tokenShadowing. */
export function isToolLogin(c: AssessedCredential, stores: readonly Store[] = toolStores()): boolean {
  return c.source !== 'env' && storeOf(c, stores) !== undefined;
}

function flagFindings(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.report.credentials) {
    for (const flag of new Set(c.flags ?? [])) {
      const w = FLAGS[flag];
      out.push({ id: flag, severity: w.severity, title: w.title(ctx, c), detail: w.detail(ctx, c), fix: w.fix?.(ctx, c) ?? c.fix ?? fixFor(c), paths: isFilePath(c.path) ? [c.path] : [] });
    }
  }
  return out;
}

/**
 * `env-token-hides-<store>-login`: a variable the tool reads before its stored
 * login (GH_TOKEN over Copilot CLI's, GOOGLE_CLOUD_ACCESS_TOKEN over Gemini
 * CLI's). Such variables are often set for another program (GH_TOKEN for
 * `gh`), so the fix keeps them for it and drops them for this tool only.
 */
function tokenShadowing(ctx: CheckContext, stores: readonly Store[]): Finding[] {
  const groups = new Map<string, { store: Store; variables: string[]; creds: AssessedCredential[] }>();
  for (const c of ctx.report.credentials) {
    const store = storeOf(c, stores);
    if (c.source === 'env' || store === undefined) continue;
    for (const s of c.shadowedBy) {
      if (!s.by.startsWith('env:')) continue;
      const variable = s.by.slice(4).split(':')[0] ?? s.by;
      const g = groups.get(store.id) ?? { store, variables: [], creds: [] };
      if (!g.variables.includes(variable)) g.variables.push(variable);
      if (!g.creds.includes(c)) g.creds.push(c);
      groups.set(store.id, g);
    }
  }
  return [...groups.values()].map(({ store, variables, creds }) => {
    const vars = variables.map((v) => `$${v}`).join(', ');
    const bin = store.signIn?.bin ?? store.bins?.[0] ?? store.id;
    return {
      id: `env-token-hides-${store.id}-login`,
      severity: 'warning' as const,
      title: `${vars} hide${variables.length === 1 ? 's' : ''} ${store.name}'s stored login.`,
      detail: `${store.name} reads ${variables.join(', ')} before ${creds.map((c) => show(ctx, c.path) + (c.entry !== undefined ? ` [${c.entry}]` : '')).join(', ')}, and says nothing about it: while ${variables.length === 1 ? 'it is' : 'they are'} set, the stored login is not used.`,
      fix: `unset ${variables.join(' ')} — or, to keep ${variables.length === 1 ? 'it' : 'them'} for other programs: alias ${bin}='env ${variables.map((v) => `-u ${v}`).join(' ')} ${bin}'`,
      paths: [...new Set(creds.map((c) => c.path).filter(isFilePath))],
    };
  });
}

export function toolChecks(ctx: CheckContext, stores: readonly Store[] = toolStores()): Finding[] {
  return [...flagFindings(ctx), ...tokenShadowing(ctx, stores)];
}
