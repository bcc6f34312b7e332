// Codex's credential store setting (`cli_auth_credentials_store` in
// $CODEX_HOME/config.toml). Observed with codex-cli 0.169 (docs/interop.md §3):
// "file" and "auto" (without a keyring) read auth.json; "keyring" and
// "ephemeral" ignore auth.json entirely; any other value stops Codex with
// "unknown variant".
import { join } from 'node:path';
import { shellPath } from '../core/shell-quote';
import { codexCredentialsStore } from '../stores/codex';
import { codexAuthFile, codexHome } from '../stores/codex';
import { readCredentialFile } from '../fs/read-file';
import { type CheckContext, type Finding, show, wants } from './finding';

const KNOWN = ['file', 'keyring', 'auto', 'ephemeral'] as const;

export async function codexChecks(ctx: CheckContext): Promise<Finding[]> {
  if (!wants(ctx, 'openai')) return [];
  const p = { home: ctx.deps.home, env: ctx.deps.env };
  const configPath = join(codexHome(p), 'config.toml');
  const config = await readCredentialFile(configPath);
  if (config.kind !== 'ok') return [];
  const mode = codexCredentialsStore(config.text);
  if (mode === undefined || mode === 'file') return [];
  const authPath = codexAuthFile({ home: ctx.deps.home, env: ctx.deps.env });
  const hasFile = (await readCredentialFile(authPath)).kind !== 'missing';
  const setting = `cli_auth_credentials_store = "${mode}"`;
  if (!(KNOWN as readonly string[]).includes(mode)) {
    return [
      {
        id: 'codex-config-invalid',
        severity: 'error',
        title: `Codex will not start: ${show(ctx, configPath)} sets ${setting}.`,
        detail: `Codex accepts only ${KNOWN.map((k) => `"${k}"`).join(', ')} and stops with "unknown variant" on anything else.`,
        fix: `set cli_auth_credentials_store = "file" (or "keyring") in ${shellPath(show(ctx, configPath))}`,
        paths: [configPath],
      },
    ];
  }
  if ((mode === 'keyring' || mode === 'ephemeral') && hasFile) {
    return [
      {
        id: 'codex-auth-file-ignored',
        severity: 'warning',
        title: `Codex ignores ${show(ctx, authPath)}: ${show(ctx, configPath)} sets ${setting}.`,
        detail:
          mode === 'keyring'
            ? 'With "keyring" Codex reads its sign-in only from the OS keyring, so the file is not used (and on Linux without a Secret Service, Codex reports an error).'
            : 'With "ephemeral" Codex keeps its sign-in only in memory for one session, so the file is not used.',
        fix: `set cli_auth_credentials_store = "file" in ${shellPath(show(ctx, configPath))} to use the file, or remove ${shellPath(show(ctx, authPath))} and run \`codex login\``,
        paths: [authPath, configPath],
      },
    ];
  }
  if (mode === 'ephemeral') {
    return [
      {
        id: 'codex-ephemeral-mode',
        severity: 'info',
        title: `Codex keeps its sign-in in memory only (${setting}); every new Codex session must sign in again.`,
        detail: 'auth-wizard cannot see an in-memory sign-in.',
        fix: `set cli_auth_credentials_store = "file" in ${shellPath(show(ctx, configPath))} to keep sign-ins`,
        paths: [configPath],
      },
    ];
  }
  return [
    {
      id: 'codex-keyring-mode',
      severity: 'info',
      title: hasFile
        ? `Codex may keep its sign-in in the OS keyring (${setting}) rather than in ${show(ctx, authPath)}.`
        : `Codex keeps its sign-in in the OS keyring (${setting}); no auth.json does not mean signed out.`,
      detail:
        mode === 'auto'
          ? 'With "auto" Codex uses the keyring when the OS offers one and the file otherwise; `auth-wizard status` reads both, in that order.'
          : '`auth-wizard status` reads Codex\'s keyring item (read only; a locked keyring is reported, never unlocked).',
      fix: 'codex login status',
      paths: [configPath],
    },
  ];
}
