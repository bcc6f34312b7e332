import type { Provider } from '../onboard/plan';
import { usageError } from '../errors';
import { bool, type CommandSpec, str, type Values } from './common';

function providers(values: Values): Provider[] | undefined {
  const raw = values.provider;
  const list = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (list.length === 0) return undefined;
  for (const p of list) if (p !== 'openai' && p !== 'anthropic') throw usageError(`--provider must be openai or anthropic; got "${p}".`, 'auth-wizard onboard --help');
  return [...new Set(list as Provider[])];
}

export const onboardSpec: CommandSpec = {
  name: 'onboard',
  usage: 'auth-wizard onboard [--provider <provider>]… [--method <method>]… [--target <tool>] [--no-browser] [--yes]',
  description: [
    'Every question can be answered by a flag, so onboard runs unattended; without a',
    'terminal, a missing answer is an error naming the flag to add.',
    'Methods — OpenAI: browser, paste, device, api-key, keep;',
    '          Anthropic: claude-cli, setup-token, api-key, keep.',
    'Ctrl-C exits with status 2 and says what was saved.',
  ].join('\n'),
  options: {
    provider: { type: 'string', value: '<provider>', description: 'openai and/or anthropic (repeat the flag, or comma-separate)', multiple: true },
    method: { type: 'string', value: '<method>', description: 'how to sign in (repeat for each provider)', multiple: true },
    target: { type: 'string', value: '<tool>', description: 'where a ChatGPT sign-in goes: codex, opencode or auth-wizard', choices: ['codex', 'opencode', 'auth-wizard'] },
    profile: { type: 'string', value: '<name>', description: "profile in auth-wizard's store (default: default)" },
    'no-browser': { type: 'boolean', description: 'never launch a browser; print the link and paste the result back' },
    yes: { type: 'boolean', short: 'y', description: 'accept the recommended answer to every question not given by a flag' },
    force: { type: 'boolean', description: 'write over a corrupt credentials file (a .corrupt-<time> copy is kept)' },
  },
  examples: [
    'auth-wizard onboard',
    'auth-wizard onboard --provider openai --method paste --target codex',
    'auth-wizard onboard --provider anthropic --method setup-token < token.txt',
    'auth-wizard onboard --yes --no-browser',
  ],
  async run(values, _p, deps) {
    const { run } = await import('../commands/onboard');
    const methods = (Array.isArray(values.method) ? values.method : typeof values.method === 'string' ? [values.method] : []).flatMap((v) => v.split(','));
    await run({ providers: providers(values), methods, target: str(values.target), profile: str(values.profile), noBrowser: bool(values['no-browser']), yes: bool(values.yes), force: bool(values.force) }, deps);
  },
};
