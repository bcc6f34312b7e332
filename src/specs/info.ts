import { bool, type CommandSpec, JSON_OPT, PROVIDER_OPT, required, SHOW_TOKEN_OPT, SOURCE_IDS, str } from './common';

export const infoSpec: CommandSpec = {
  name: 'info',
  usage: 'auth-wizard info --provider <provider> [--source <source>] [--profile <id>] [--json] [--show-token]',
  description: ["Without --source, shows the credential the provider's tool actually uses.", 'Claims are decoded without checking signatures.'].join('\n'),
  options: {
    provider: PROVIDER_OPT,
    source: { type: 'string', value: '<source>', description: 'which store: ' + SOURCE_IDS.join(', '), choices: SOURCE_IDS },
    profile: { type: 'string', value: '<id>', description: 'an entry within the store (e.g. openai:default)' },
    json: JSON_OPT,
    'show-token': SHOW_TOKEN_OPT,
  },
  examples: ['auth-wizard info --provider openai', 'auth-wizard info --provider anthropic --source claude-code', 'auth-wizard info --provider openai --source opencode --json'],
  async run(values, _p, deps) {
    const { run } = await import('../commands/info');
    await run({ provider: required(values, 'provider', 'info'), source: str(values.source), profile: str(values.profile), json: bool(values.json), showToken: bool(values['show-token']) }, deps);
  },
};
