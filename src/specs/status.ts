// Imported statically, unlike the other commands: `status` is the start-up-critical
// path, and one file loads faster than a chain of chunks.
import { run as statusRun } from '../commands/status';
import { usageError } from '../errors';
import { defineCommand, JSON_OPT, PROVIDER_OPT } from './common';

export const statusSpec = defineCommand({
  name: 'status',
  usage: 'auth-wizard status [--provider <provider>] [--json [--show-token]] [--host <host>…]',
  description: ['Exit status: 0 when a usable credential was found (of --provider), 4 when none,', '1 on error. With --host: the worst of the hosts (1, then 4, then 0).'].join('\n'),
  // Any provider id, not just openai/anthropic: other stores' rows carry their own (e.g. openrouter).
  options: { provider: { ...PROVIDER_OPT, choices: undefined, description: 'openai, anthropic, or another provider id shown in the table' }, json: JSON_OPT, 'show-token': { type: 'boolean', description: 'with --json: include the tokens themselves (under "secrets")' }, host: { type: 'string', multiple: true, value: '<[user@]host>', description: 'run status on that machine over ssh (repeat for several); one table' } },
  examples: ['auth-wizard status', 'auth-wizard status --provider openai', 'auth-wizard status --host gpu-box --host me@cloud-vm', "auth-wizard status --json | jq '.credentials[] | {provider, source, state}'"],
  async run(values, _p, deps) {
    const hosts = values.host;
    if (hosts.length > 0) {
      if (values.showToken) throw usageError('--show-token does not go with --host: tokens are never brought over from another machine.');
      return (await import('../commands/status-hosts')).run({ hosts, provider: values.provider, json: values.json }, deps);
    }
    await statusRun(values, deps);
  },
});
