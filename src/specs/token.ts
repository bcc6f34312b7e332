import { defineCommand, REQUIRED_PROVIDER_OPT, sourceOpt, STORE_PROFILE_OPT } from './common';

export const tokenSpec = defineCommand({
  name: 'token',
  usage: 'auth-wizard token --provider <provider> [--profile <id> | --source codex|opencode]',
  description: [
    'Prints only the token and a newline to stdout (like `gh auth token`); messages',
    'go to stderr.',
    "OpenAI: the access token of the ChatGPT sign-in in auth-wizard's store (first",
    'OpenAI profile, or --profile), refreshed first when it expires within 5 minutes.',
    '--source codex|opencode uses (and refreshes in place) the sign-in Codex or',
    'OpenCode keeps. Anthropic: a stored `claude setup-token` token or API key;',
    "Claude Code's own sign-in is never handed out or refreshed.",
    'Exit status: 0 printed · 4 sign-in needed (expired, revoked, none stored)',
    '· 1 network or file error · 3 usage.',
  ].join('\n'),
  options: {
    provider: REQUIRED_PROVIDER_OPT,
    profile: STORE_PROFILE_OPT,
    source: sourceOpt("use another tool's store instead: codex or opencode (OpenAI only)"),
  },
  examples: [
    'auth-wizard token --provider openai',
    'curl -H "Authorization: Bearer $(auth-wizard token --provider openai)" …',
    'auth-wizard token --provider anthropic --profile anthropic:setup-token',
  ],
  async run(values, _p, deps) {
    const { run } = await import('../commands/token');
    await run(values, deps);
  },
});
