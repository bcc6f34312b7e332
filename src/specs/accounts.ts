import { OPENAI_GRANT_METHODS } from '../core/providers';
import { defineCommand, JSON_OPT } from './common';

export const accountsSpec = defineCommand({
  name: 'accounts',
  usage: 'auth-wizard accounts [--tool <tool>] [--json] [--host <host>…] | accounts add <tool> --name <name> [--method <m>]',
  description: [
    'Lists, for Codex, OpenCode and Claude Code, the account each uses now (*) and',
    'the saved ones, with states as in `status` and a short ACCOUNT ID made from',
    'the account, never from a token: two rows with one id are one account.',
    '`accounts add` signs in one more account without touching the one in use:',
    "ChatGPT through `login` into auth-wizard's store; Claude Code through",
    '`claude auth login` in a config folder of its own (CLAUDE_CONFIG_DIR).',
    'Exit status: 0 ok · 1 error · 3 usage · 4 sign-in refused.',
  ].join('\n'),
  options: {
    tool: { type: 'string', value: '<tool>', description: 'codex, opencode or claude' },
    name: { type: 'string', value: '<name>', description: 'with add: the name the new account is saved under' },
    method: { type: 'string', value: '<method>', description: 'with add (ChatGPT): browser, paste or device', choices: OPENAI_GRANT_METHODS },
    'no-browser': { type: 'boolean', description: 'with add: do not open a browser; print the link' },
    console: { type: 'boolean', description: 'with add claude: an Anthropic Console account' },
    json: JSON_OPT,
    host: { type: 'string', multiple: true, value: '<[user@]host>', description: 'list that machine\'s accounts over ssh (repeat for several); one table' },
  },
  positionals: 2,
  examples: ['auth-wizard accounts', 'auth-wizard accounts --tool codex --json', 'auth-wizard accounts --host gpu-box', 'auth-wizard accounts add codex --name work', 'auth-wizard accounts add claude --name max2'],
  async run(values, positionals, deps) {
    const { usageError } = await import('../errors');
    const [verb, tool] = positionals;
    if (verb === undefined && values.host.length > 0) return (await import('../commands/accounts-hosts')).run({ hosts: values.host, tool: values.tool, json: values.json }, deps);
    if (verb !== undefined && values.host.length > 0) throw usageError('--host goes with the listing only: `accounts add` signs in on this machine (use `login --host` to sign in for another).', 'auth-wizard accounts --help');
    if (verb === undefined) {
      const { run } = await import('../commands/accounts');
      return run({ tool: values.tool, json: values.json }, deps);
    }
    if (verb !== 'add') throw usageError(`Unknown accounts subcommand "${verb}"; the one there is: add.`, 'auth-wizard accounts --help');
    const t = tool ?? values.tool;
    if (t === undefined) throw usageError('auth-wizard accounts add needs a tool: codex, opencode or claude.', 'auth-wizard accounts --help');
    const { runAdd } = await import('../commands/accounts');
    await runAdd({ tool: t, name: values.name, method: values.method, noBrowser: values.noBrowser, console: values.console }, deps);
  },
});
