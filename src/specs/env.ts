import { defineCommand, PROVIDER_OPT } from './common';

export const SHELLS = ['sh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export const envSpec = defineCommand({
  name: 'env',
  usage: 'auth-wizard env [--provider <provider>] [--profile <id>] [--account claude:<name>] [--shell sh|fish|powershell]',
  description: [
    "From auth-wizard's store: a `claude setup-token` token as",
    'CLAUDE_CODE_OAUTH_TOKEN, API keys as ANTHROPIC_API_KEY / OPENAI_API_KEY, quoted',
    'for the shell. One Anthropic variable at most (Claude Code prefers',
    'ANTHROPIC_API_KEY over CLAUDE_CODE_OAUTH_TOKEN, so exporting both would switch',
    "it to API billing): the store's first choice, or --profile.",
    'The output holds secrets: load it with eval rather than printing it (a warning',
    'goes to stderr on a terminal).',
    'Shell: --shell, else PowerShell on Windows, fish when $SHELL is fish, else',
    'POSIX sh.',
    '--account claude:<name> prints the line that selects a saved Claude Code',
    'account (CLAUDE_CONFIG_DIR; no token moves), as `switch claude <name>` does.',
  ].join('\n'),
  options: {
    provider: PROVIDER_OPT,
    profile: { type: 'string', value: '<id>', description: 'export this profile only, e.g. anthropic:setup-token' },
    shell: { type: 'string', value: '<shell>', description: 'sh (bash, zsh), fish or powershell', choices: SHELLS },
    account: { type: 'string', value: '<claude:name>', description: 'select a saved Claude Code account (its CLAUDE_CONFIG_DIR)' },
  },
  examples: ['auth-wizard env --provider anthropic --shell fish | source', 'eval "$(auth-wizard env)"', 'eval "$(auth-wizard env --account claude:work)"', 'auth-wizard env --shell powershell | Out-String | Invoke-Expression'],
  async run(values, _p, deps) {
    const { run } = await import('../commands/env');
    await run(values, deps);
  },
});
