// Runs the official Claude Code CLI for sign-in. By Anthropic's terms
// (docs/providers.md §1) auth-wizard runs no Claude.ai OAuth of its own: it hands
// the terminal to `claude auth login` and afterwards only reads what Claude
// Code wrote.
import type { Exec } from '../deps';
import { isRecord, str } from '../core/guards';
import { AppError } from '../errors';

export const CLAUDE_BIN = 'claude';
export const CLAUDE_INSTALL = 'npm install -g @anthropic-ai/claude-code';

export function claudeLoginArgs(console: boolean): string[] {
  return console ? ['auth', 'login', '--console'] : ['auth', 'login'];
}

function notInstalled(): AppError {
  return new AppError('missing_tool', 'Claude Code (the `claude` command) is not installed or not on PATH, so its sign-in cannot run.', {
    hint: `install it with \`${CLAUDE_INSTALL}\`, then run this again`,
  });
}

/** `claude auth login [--console]` with the terminal handed over; throws unless it succeeded. */
export async function runClaudeLogin(exec: Exec, opts: { console: boolean }): Promise<void> {
  const args = claudeLoginArgs(opts.console);
  const r = await exec(CLAUDE_BIN, args, { inheritStdio: true });
  if (r.notFound === true) throw notInstalled();
  if (r.code !== 0) {
    throw new AppError('auth_needed', `\`claude ${args.join(' ')}\` ended with ${r.code === null ? 'a signal' : `exit code ${r.code}`}; Claude Code's sign-in was not changed by auth-wizard.`);
  }
}

export interface ClaudeAuthStatus {
  loggedIn: boolean;
  authMethod?: string | undefined;
  email?: string | undefined;
  subscriptionType?: string | undefined;
  /** Which variable supplied an API key (seen with ANTHROPIC_API_KEY set). */
  apiKeySource?: string | undefined;
}

/** `claude auth status` JSON output; undefined when it is not that shape. The one parser (login and doctor). */
export function parseClaudeAuthStatus(stdout: string): ClaudeAuthStatus | undefined {
  let v: unknown;
  try {
    v = JSON.parse(stdout.trim());
  } catch {
    return undefined;
  }
  if (!isRecord(v) || typeof v.loggedIn !== 'boolean') return undefined;
  return { loggedIn: v.loggedIn, authMethod: str(v.authMethod), email: str(v.email), subscriptionType: str(v.subscriptionType), apiKeySource: str(v.apiKeySource) };
}

/**
 * `claude auth status` (JSON by default since Claude Code 2.1.41, docs/interop.md §5),
 * as a second opinion when no credentials file shows the sign-in (macOS
 * Keychain, or `--console`). undefined when it cannot tell.
 */
export async function claudeAuthStatus(exec: Exec): Promise<ClaudeAuthStatus | undefined> {
  const r = await exec(CLAUDE_BIN, ['auth', 'status'], { timeoutMs: 20_000 });
  if (r.notFound === true || r.timedOut === true) return undefined;
  return parseClaudeAuthStatus(r.stdout);
}
