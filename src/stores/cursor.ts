// Cursor CLI (`cursor-agent`, provider `cursor`), read-only, and only what
// Cursor documents (docs/stores.md, "Cursor CLI"): CURSOR_API_KEY, and the CLI's
// config file cli-config.json ($CURSOR_CONFIG_DIR, $XDG_CONFIG_HOME/cursor on
// Linux/BSD, else ~/.cursor). Cursor says only that a browser sign-in is
// "stored locally": the files other tools read (~/.config/cursor/auth.json,
// `authInfo` in cli-config.json) and the macOS Keychain items are not
// documented and have changed between releases, so the sign-in is reported as
// "not readable" with `cursor-agent status` as the way to see it — never guessed
// from a file's shape.
//
// keyring hook: if Cursor documents its macOS Keychain items (said to be
// `cursor-access-token` / `cursor-refresh-token`), a keyring reader can add the
// sign-in here; until then nothing is read from the keychain.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AssessedCredential, Credential } from '../core/credential';
import { isOnPath } from '../fs/on-path';
import { tildify } from '../fs/paths';
import type { Discovered, Store, StoreContext, ToolChoice } from './types';

export const PROVIDER = 'cursor';

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

export function cursorConfigDir(ctx: Pick<StoreContext, 'home' | 'env' | 'platform'>): string {
  const own = nonEmpty(ctx.env.CURSOR_CONFIG_DIR);
  if (own !== undefined) return own;
  const xdg = nonEmpty(ctx.env.XDG_CONFIG_HOME);
  if (xdg !== undefined && ctx.platform !== 'win32' && ctx.platform !== 'darwin') return join(xdg, 'cursor');
  return join(ctx.home, '.cursor');
}

export function discoverCursor(ctx: StoreContext): Discovered {
  const credentials: Credential[] = [];
  const key = nonEmpty(ctx.env.CURSOR_API_KEY);
  if (key !== undefined) credentials.push({ id: 'env:CURSOR_API_KEY', provider: PROVIDER, source: 'env', kind: 'api_key', path: '$CURSOR_API_KEY', expiresAt: null, canRefresh: false, secrets: { apiKey: key } });
  const config = join(cursorConfigDir(ctx), 'cli-config.json');
  const installed = isOnPath(ctx.env, ctx.platform, 'cursor-agent');
  const configured = existsSync(config);
  const notes: string[] = [];
  if (installed || configured) {
    const how = installed ? 'cursor-agent on PATH' : `${tildify(config, ctx.home)} exists`;
    notes.push(`Cursor CLI is installed (${how}); its sign-in is not readable by auth-wizard (Cursor does not document where it keeps it). \`cursor-agent status\` shows it.`);
  }
  return { credentials, notes };
}

export function cursorChoices(): ToolChoice[] {
  return [{ tool: 'cursor', provider: PROVIDER, order: ['env:CURSOR_API_KEY'] }];
}

export const cursorStore: Store = {
  id: 'cursor',
  name: 'Cursor CLI',
  tools: ['cursor'],
  providers: [PROVIDER],
  bins: ['cursor-agent'],
  discover: discoverCursor,
  choices: () => cursorChoices(),
  readOnly: 'auth-wizard does not read or write Cursor\'s sign-in; `cursor-agent login` and `cursor-agent logout` do.',
  signIn: { bin: 'cursor-agent', args: ['login'], headless: 'without a browser on this host, CURSOR_API_KEY (a User API Key from the Cursor dashboard) needs no sign-in' },
  fix(c: AssessedCredential): string | undefined {
    return c.provider === PROVIDER && c.source === 'env' ? 'replace or unset CURSOR_API_KEY (a User API Key from the Cursor dashboard)' : undefined;
  },
};
