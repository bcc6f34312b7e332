import { defineCommand } from './common';

export const receiveSpec = defineCommand({
  name: 'receive',
  usage: 'auth-wizard receive [--check [--target <tool>] [--format <n>] [--force]]',
  description: [
    'Run on this machine by `auth-wizard login --host <this machine>` elsewhere,',
    'over ssh: reads one grant document on stdin and writes it into the target',
    'here, exactly as a local sign-in would (atomic, 0600, locked, other keys kept,',
    'a corrupt file refused unless the sender gave --force). Prints one JSON line',
    'saying what it now holds, never a secret. --check only says which format it',
    'reads and whether the target can be written. Exit status: 0 written, 1 the',
    'target could not be written, 3 the document was refused.',
  ].join('\n'),
  options: {
    check: { type: 'boolean', description: 'write nothing: check the target and the format (the handshake)' },
    target: { type: 'string', value: '<tool>', description: 'with --check: codex, opencode, auth-wizard or anthropic' },
    format: { type: 'string', value: '<n>', description: 'with --check: the document format the sender will send' },
    force: { type: 'boolean', description: 'with --check: a corrupt target will be replaced (as login --force)' },
  },
  examples: ['auth-wizard login --provider openai --host me@gpu-box   # runs receive there', 'auth-wizard receive --check --target codex --format 1'],
  async run(values, _p, deps) {
    const { run } = await import('../commands/receive');
    await run({ check: values.check, version: false, format: values.format, target: values.target, force: values.force }, deps);
  },
});
