import { ANY_PROVIDER_OPT, defineCommand, JSON_OPT, SHOW_TOKEN_OPT, SOURCE_IDS, sourceOpt } from './common';

export const infoSpec = defineCommand({
  name: 'info',
  usage: 'auth-wizard info --provider <provider> [--source <source>] [--profile <id>] [--json] [--show-token]',
  description: ["Without --source, shows the credential the provider's tool actually uses.", 'Claims are decoded without checking signatures.'].join('\n'),
  options: {
    provider: ANY_PROVIDER_OPT,
    source: sourceOpt(`which store: ${SOURCE_IDS.join(', ')}`),
    profile: { type: 'string', value: '<id>', description: 'an entry within the store (e.g. openai:default)' },
    json: JSON_OPT,
    'show-token': SHOW_TOKEN_OPT,
  },
  examples: ['auth-wizard info --provider openai', 'auth-wizard info --provider anthropic --source claude-code', 'auth-wizard info --provider openai --source opencode --json'],
  async run(values, _p, deps) {
    const { run } = await import('../commands/info');
    await run(values, deps);
  },
});
