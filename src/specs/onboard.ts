import { METHODS, PROVIDERS, type Method } from '../core/providers';
import { usageError } from '../errors';
import { TOOL_PROVIDER_IDS } from '../stores/ids';
import { defineCommand, PROFILE_NAME_OPT } from './common';
import { TARGET_OPT } from './login';

/** openai, anthropic, or a provider a tool signs in to through its own CLI (google, kimi, …). */
function provider(v: string): string {
  const tools = TOOL_PROVIDER_IDS;
  if (PROVIDERS.some((x) => x === v) || tools.includes(v)) return v;
  throw usageError(`--provider must be openai, anthropic or one of ${tools.join(', ')}; got "${v}".`, 'auth-wizard onboard --help');
}

function method(v: string): Method {
  const m = METHODS.find((x) => x === v);
  if (m === undefined) throw usageError(`--method ${v} is not a sign-in method; use one of ${METHODS.join(', ')}.`, 'auth-wizard onboard --help');
  return m;
}

export const onboardSpec = defineCommand({
  name: 'onboard',
  usage: 'auth-wizard onboard [--provider <provider>]… [--method <method>]… [--target <tool>] [--no-browser] [--yes] [--host <h>…] [--add-account [--name <name>]]',
  description: [
    'Every question can be answered by a flag, so onboard runs unattended; without a',
    'terminal, a missing answer is an error naming the flag to add.',
    'Methods — OpenAI: browser, paste, device, api-key, keep;',
    '          Anthropic: claude-cli, setup-token, api-key, keep.',
    'Tools with a sign-in of their own (google: Gemini CLI, kimi: Kimi CLI, …) run',
    'it with the terminal handed over; those on PATH or on disk are pre-selected.',
    'Where Codex or Claude Code already has a sign-in, "add another account" signs in',
    'one more beside it (`accounts add`); unattended: --add-account [--name N].',
    'Ctrl-C exits with status 2 and says what was saved.',
  ].join('\n'),
  options: {
    provider: { type: 'string', value: '<provider>', description: 'openai, anthropic, or a tool\'s provider such as google or kimi (repeat the flag, or comma-separate)', multiple: true, list: true, parse: provider },
    method: { type: 'string', value: '<method>', description: 'how to sign in (repeat for each provider)', multiple: true, list: true, parse: method },
    target: TARGET_OPT,
    profile: PROFILE_NAME_OPT,
    'no-browser': { type: 'boolean', description: 'never launch a browser; print the link and paste the result back' },
    yes: { type: 'boolean', short: 'y', description: 'accept the recommended answer to every question not given by a flag' },
    force: { type: 'boolean', description: 'write over a corrupt credentials file (a .corrupt-<time> copy is kept)' },
    'add-account': { type: 'boolean', description: 'where a tool already has a sign-in, sign in one more account beside it (auth-wizard accounts add)' },
    name: { type: 'string', value: '<name>', description: 'with --add-account: the name the new account is saved under' },
    host: { type: 'string', multiple: true, value: '<[user@]host>', description: 'the sign-ins are for that machine: sign in here, tokens sent over ssh (several: asked which)' },
  },
  examples: [
    'auth-wizard onboard',
    'auth-wizard onboard --provider openai --method paste --target codex',
    'auth-wizard onboard --provider anthropic --method setup-token < token.txt',
    'auth-wizard onboard --yes --no-browser',
  ],
  async run({ provider, method, host, ...rest }, _p, deps) {
    const { run } = await import('../commands/onboard');
    await run({ ...rest, hosts: host, providers: provider.length > 0 ? provider : undefined, methods: method }, deps);
  },
});
