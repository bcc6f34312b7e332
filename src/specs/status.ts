// Imported statically, unlike the other commands: `status` is the start-up-critical
// path, and one file loads faster than a chain of chunks.
import { run as statusRun } from '../commands/status';
import { defineCommand, JSON_OPT, PROVIDER_OPT } from './common';

export const statusSpec = defineCommand({
  name: 'status',
  usage: 'auth-wizard status [--provider <provider>] [--json [--show-token]]',
  description: ['Exit status: 0 when a usable credential was found (of --provider), 4 when none,', '1 on error.'].join('\n'),
  // Any provider id, not just openai/anthropic: other stores' rows carry their own (e.g. openrouter).
  options: { provider: { ...PROVIDER_OPT, choices: undefined, description: 'openai, anthropic, or another provider id shown in the table' }, json: JSON_OPT, 'show-token': { type: 'boolean', description: 'with --json: include the tokens themselves (under "secrets")' } },
  examples: ['auth-wizard status', 'auth-wizard status --provider openai', "auth-wizard status --json | jq '.credentials[] | {provider, source, state}'"],
  async run(values, _p, deps) {
    await statusRun(values, deps);
  },
});
