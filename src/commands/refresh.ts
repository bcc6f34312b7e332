// `auth-wizard refresh --provider openai [--profile ID | --source codex|opencode] [--force] [--json]`:
// renews an OpenAI sign-in when it expires within the refresh margin (5 minutes,
// or half the token's lifetime when shorter), or always with --force, and says what happened. Never prints a token.
// Anthropic credentials are never refreshed by auth-wizard (docs/providers.md §1).
import type { Deps } from '../deps';
import type { OptionValues } from '../specs/common';
import type { refreshSpec } from '../specs/refresh';
import { jsonTerminalSafe, terminalSafe } from '../core/terminal-safe';
import { AppError } from '../errors';
import { type RefreshOutcome, refreshOpenAiGrant } from '../oauth/refresh';
import { formatAbsolute, formatRelative } from '../report/format';
import { resolveOpenAiGrant } from '../stores/resolve-grant';

export type RefreshOptions = OptionValues<typeof refreshSpec.options>;

function until(expiresAt: number | undefined, now: number): string {
  return expiresAt === undefined ? 'with no stated expiry' : `until ${formatAbsolute(expiresAt)} (${formatRelative(expiresAt, now)})`;
}

export function renderRefresh(o: RefreshOutcome, now: number): string {
  const g = o.grant;
  const who = [g.email, g.plan].filter((x) => x !== undefined).join(', ');
  const label = `${o.ref.label}${who !== '' ? ` [${who}]` : ''}`;
  switch (o.result) {
    case 'valid':
      return `${label} is still valid ${until(g.expiresAt, now)}; nothing to do (--force refreshes anyway).\n`;
    case 'adopted':
      return `${label} had just been refreshed by another process; using its tokens, valid ${until(g.expiresAt, now)}. No request was sent.\n`;
    case 'refreshed':
      return (
        `Refreshed ${label}: the access token is valid ${until(g.expiresAt, now)}. ` +
        (o.refreshTokenRotated === true ? 'The new refresh token was saved.\n' : 'The server sent no new refresh token; the old one was kept.\n')
      );
  }
}

/** Stable keys; never a token. */
export function refreshJson(o: RefreshOutcome): string {
  const g = o.grant;
  return (
    JSON.stringify(
      {
        result: o.result,
        provider: 'openai',
        source: o.ref.source,
        entry: o.ref.entry,
        path: o.ref.path,
        email: g.email ?? null,
        accountId: g.accountId ?? null,
        plan: g.plan ?? null,
        expiresAt: g.expiresAt !== undefined ? new Date(g.expiresAt).toISOString() : null,
        refreshTokenRotated: o.result === 'refreshed' ? o.refreshTokenRotated === true : null,
      },
      null,
      2,
    ) + '\n'
  );
}

export async function run(opts: RefreshOptions, deps: Deps): Promise<void> {
  if (opts.provider === 'anthropic') {
    throw new AppError(
      'usage',
      'auth-wizard never refreshes Anthropic credentials: Claude Code renews its own sign-in when it runs (Anthropic\'s terms keep that to Claude Code), and a `claude setup-token` token lasts a year with no refresh.',
      { hint: 'claude auth status' },
    );
  }
  const ref = await resolveOpenAiGrant({ home: deps.home, env: deps.env }, opts);
  const outcome = await refreshOpenAiGrant(ref, deps, { force: opts.force });
  deps.stdout.write(opts.json ? jsonTerminalSafe(refreshJson(outcome)) : terminalSafe(renderRefresh(outcome, deps.now()).trimEnd()) + '\n');
}
