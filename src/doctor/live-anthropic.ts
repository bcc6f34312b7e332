// `doctor --live` for Anthropic: ask the official `claude auth status` (JSON,
// exit 0 signed in, 1 not) instead of calling Anthropic's API ourselves
// (docs/providers.md §1).
import { parseClaudeAuthStatus } from '../anthropic/claude-cli';
import type { CheckContext, Finding } from './finding';
import { isFilePath, where } from './names';

export const CLAUDE_STATUS_TIMEOUT_MS = 20_000;

export async function anthropicLive(ctx: CheckContext): Promise<Finding[]> {
  const r = await ctx.deps.exec('claude', ['auth', 'status'], { timeoutMs: CLAUDE_STATUS_TIMEOUT_MS, env: { ...ctx.deps.env } });
  const stored = ctx.report.credentials.find((c) => c.source === 'claude-code');
  if (r.notFound === true) {
    return [
      {
        id: 'live-claude-missing',
        severity: 'info',
        title: 'Claude Code (`claude`) is not installed here, so its own sign-in check was skipped.',
        detail: 'doctor --live asks the official `claude auth status` rather than calling Anthropic itself.',
        fix: 'npm install -g @anthropic-ai/claude-code',
        paths: [],
      },
    ];
  }
  if (r.timedOut === true) {
    return [
      {
        id: 'live-claude-timeout',
        severity: 'warning',
        title: `\`claude auth status\` did not answer within ${CLAUDE_STATUS_TIMEOUT_MS / 1000} s.`,
        detail: 'Claude Code may be waiting on the network or on the macOS Keychain.',
        fix: 'claude auth status --text',
        paths: [],
      },
    ];
  }
  const status = parseClaudeAuthStatus(r.stdout);
  if (status === undefined) {
    return [
      {
        id: 'live-claude-status-unreadable',
        severity: 'warning',
        title: `\`claude auth status\` gave no JSON answer (exit ${r.code ?? '?'}); Claude Code may be older than 2.1.41.`,
        detail: 'Newer Claude Code prints {"loggedIn": …} and exits 0 when signed in, 1 when not.',
        fix: 'claude update',
        paths: [],
      },
    ];
  }
  const method = status.authMethod ?? 'unknown';
  if (status.loggedIn) {
    return [
      {
        id: 'live-claude-signed-in',
        severity: 'info',
        title: `Claude Code says it is signed in (method ${method}${status.subscriptionType !== undefined ? `, plan ${status.subscriptionType}` : ''}).`,
        detail: `Answer of \`claude auth status\`${status.apiKeySource !== undefined ? `; an API key also comes from ${status.apiKeySource}` : ''}.`,
        paths: [],
      },
    ];
  }
  if (stored !== undefined && stored.state !== 'signed-out' && stored.state !== 'unreadable') {
    return [
      {
        id: 'live-claude-rejects-credentials',
        severity: 'error',
        title: `Claude Code says it is not signed in, although ${where(ctx, stored)} holds a sign-in.`,
        detail: 'Claude Code does not accept the stored credentials (a missing "user:inference" scope or an empty access token does that); its own check is what counts.',
        fix: stored.fix ?? 'auth-wizard login --provider anthropic --method claude-cli',
        paths: isFilePath(stored.path) ? [stored.path] : [],
      },
    ];
  }
  return [
    {
      id: 'live-claude-not-signed-in',
      severity: 'info',
      title: 'Claude Code says it is not signed in.',
      detail: 'Answer of `claude auth status`.',
      fix: 'auth-wizard login --provider anthropic --method claude-cli',
      paths: [],
    },
  ];
}
