import { defineCommand, REQUIRED_PROVIDER_OPT, sourceOpt, STORE_PROFILE_OPT } from './common';

export const logoutSpec = defineCommand({
  name: 'logout',
  usage: 'auth-wizard logout --provider <provider> [--profile <id> | --source <source>] [--revoke] [--yes]',
  description: [
    "Removes exactly one credential: a profile of auth-wizard's store (default),",
    "Codex's auth.json (--source codex, deleted as `codex logout` does), or one",
    'OpenCode entry (--source opencode; the others are kept as written).',
    "Claude Code's files are never written: to sign Claude Code out, run",
    '`claude auth logout`.',
    '--revoke first revokes the refresh token at OpenAI; if that fails, nothing is',
    'removed (the stored token is the only way to end the grant), so retry or re-run',
    'without --revoke. Asks for confirmation in a terminal unless --yes.',
    'Exit status: 0 removed · 4 nothing to remove · 2 cancelled · 1 error · 3 usage.',
  ].join('\n'),
  options: {
    provider: REQUIRED_PROVIDER_OPT,
    profile: STORE_PROFILE_OPT,
    source: sourceOpt('which store: auth-wizard (default), codex, opencode'),
    revoke: { type: 'boolean', description: 'also revoke the sign-in at OpenAI before removing it' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation' },
  },
  examples: [
    'auth-wizard logout --provider openai --profile work',
    'auth-wizard logout --provider openai --source codex --revoke --yes',
    'auth-wizard logout --provider anthropic --source opencode',
  ],
  async run(values, _p, deps) {
    const { run } = await import('../commands/logout');
    await run(values, deps);
  },
});
