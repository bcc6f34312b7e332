import { defineCommand, JSON_OPT } from './common';

export const switchSpec = defineCommand({
  name: 'switch',
  usage: 'auth-wizard switch <tool> <name> [--save-as <name>] [--force] [--json]',
  description: [
    "Codex and OpenCode: the tool's current sign-in moves into auth-wizard's store",
    '(under --save-as, asked, or named after its email), and the saved account',
    "<name> moves into the tool's file; nothing is copied, so no refresh token is",
    'ever in two files, even if the switch is killed halfway (the next run',
    'finishes it). Nothing is refreshed. Refused while the tool is running.',
    "Claude Code: no token moves; prints the CLAUDE_CONFIG_DIR line that selects",
    'the account: eval "$(auth-wizard switch claude work)".',
    'Exit status: 0 ok · 1 error (the tool is running, a file is corrupt) · 3 usage.',
  ].join('\n'),
  options: {
    'save-as': { type: 'string', value: '<name>', description: "the name the tool's current account is saved under" },
    force: { type: 'boolean', description: 'switch even though the tool is running' },
    json: JSON_OPT,
  },
  positionals: 2,
  examples: ['auth-wizard switch codex work --save-as personal', 'auth-wizard switch opencode personal', 'eval "$(auth-wizard switch claude work)"'],
  async run(values, positionals, deps) {
    const [tool, name] = positionals;
    if (tool === undefined || name === undefined) {
      const { usageError } = await import('../errors');
      throw usageError('auth-wizard switch needs a tool and an account name: auth-wizard switch <tool> <name>.', 'auth-wizard accounts');
    }
    const { run } = await import('../commands/switch');
    await run({ tool, name, saveAs: values.saveAs, force: values.force, json: values.json }, deps);
  },
});
