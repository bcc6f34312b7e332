import { defineCommand, JSON_OPT, REQUIRED_PROVIDER_OPT, sourceOpt, STORE_PROFILE_OPT } from './common';

export const refreshSpec = defineCommand({
  name: 'refresh',
  usage: 'auth-wizard refresh --provider openai [--profile <id> | --source codex|opencode] [--force] [--json]',
  description: [
    'Refreshes when the access token expires within 5 minutes, or always with',
    '--force, under a lock shared by every auth-wizard process; if another process',
    'already rotated the tokens, they are used and no request is sent.',
    "Without --source: the OpenAI profile in auth-wizard's own store. Codex's or",
    "OpenCode's sign-in is refreshed only when named with --source, and the new",
    'tokens go back into that same file. Tokens are never printed.',
    'Anthropic credentials are never refreshed by auth-wizard (Claude Code renews',
    'its own).',
    'Exit status: 0 ok · 4 sign in again (refresh token expired, reused or revoked;',
    'the stored file is left as it was) · 1 network or file error · 3 usage.',
  ].join('\n'),
  options: {
    provider: REQUIRED_PROVIDER_OPT,
    profile: STORE_PROFILE_OPT,
    source: sourceOpt("refresh another tool's sign-in in place: codex or opencode"),
    force: { type: 'boolean', description: 'refresh even if the access token is still valid' },
    json: JSON_OPT,
  },
  examples: ['auth-wizard refresh --provider openai', 'auth-wizard refresh --provider openai --source codex --force', 'auth-wizard refresh --provider openai --profile work --json'],
  async run(values, _p, deps) {
    const { run } = await import('../commands/refresh');
    await run(values, deps);
  },
});
