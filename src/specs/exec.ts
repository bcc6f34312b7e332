import { defineCommand } from './common';

export const execSpec = defineCommand({
  name: 'exec',
  usage: 'auth-wizard exec --account <tool>:<name> -- <command> [args…]',
  description: [
    "Runs one command with a saved account; the tool's default is not changed, so",
    'two terminals can run two accounts side by side. Claude Code: CLAUDE_CONFIG_DIR',
    "is that account's folder. Codex: CODEX_HOME is that account's own folder (it",
    "sees your config.toml); the sign-in moves there for the command and back after",
    'it, never copied. The exit status, or the signal, is the command\'s own.',
  ].join('\n'),
  options: { account: { type: 'string', value: '<tool>:<name>', description: 'the saved account, e.g. codex:work or claude:max2', required: true } },
  positionals: 10_000,
  examples: ['auth-wizard exec --account codex:work -- codex', 'auth-wizard exec --account claude:max2 -- claude -p "hello"'],
  async run(values, positionals, deps) {
    const { run } = await import('../commands/exec');
    await run({ account: values.account, command: positionals }, deps);
  },
});
