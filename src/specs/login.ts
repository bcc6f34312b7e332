import { LOGIN_METHODS, PROVIDERS } from '../core/providers';
import { TOOL_PROVIDER_IDS } from '../stores/ids';
import { usageError } from '../errors';
import { OPENAI_TARGETS } from '../stores/targets';
import { defineCommand, option, PROFILE_NAME_OPT, PROVIDER_OPT } from './common';

import { DEFAULT_SIGN_IN_TIMEOUT_MIN as DEFAULT_TIMEOUT_MIN } from '../oauth/login-flow';

/** --timeout in minutes, as the command gets it: milliseconds. */
function timeoutMs(raw: string): number {
  const m = Number(raw);
  if (!Number.isFinite(m) || m <= 0 || m > 120) throw usageError(`--timeout is in minutes, more than 0 and at most 120; got "${raw}".`);
  return Math.round(m * 60_000);
}

/** Where a ChatGPT sign-in goes; shared with onboard, which asks the same question. */
export const TARGET_OPT = option({ type: 'string', value: '<tool>', description: 'where a ChatGPT sign-in goes: codex, opencode or auth-wizard', choices: OPENAI_TARGETS });


export const loginSpec = defineCommand({
  name: 'login',
  usage: 'auth-wizard login --provider <provider> [--method <method>] [--target <tool>] [flags]',
  description: [
    'OpenAI: signs in with your ChatGPT account and writes the grant to ONE tool',
    '(--target, default codex). Opens a browser and listens on 127.0.0.1:1455; at the',
    'same time accepts the pasted address the browser ends on (on a TTY as a prompt,',
    'otherwise one line of stdin). Over SSH, in a container or without a display it',
    'does not launch a browser: it prints the link, the paste way and the',
    '`ssh -L 1455:localhost:1455` way.',
    '  --print-url / --complete   two steps for scripts (the secret waits 10 minutes',
    '                             in a 0600 file)',
    '  --device                   a code to type at auth.openai.com/codex/device',
    '                             (must be enabled in ChatGPT)',
    "  --method api-key           an API key into auth-wizard's store (and",
    '                             Codex/OpenCode with --target)',
    "Anthropic (no OAuth of auth-wizard's own, per Anthropic's terms):",
    '  --method claude-cli        runs `claude auth login` (--console: Console',
    '                             account) and reports the result',
    '  --method setup-token       stores a token from `claude setup-token` for',
    '                             CLAUDE_CODE_OAUTH_TOKEN',
    '  --method api-key           stores an Anthropic API key',
    "Tools that sign in through their own CLI (no OAuth of auth-wizard's own):",
    '  --provider google          runs `gemini` (choose Google in its /auth dialog;',
    '                             headless: NO_BROWSER=true, a link, a pasted code)',
    '  --provider kimi            runs `kimi login` (a device code)',
    '  other tools the same way (--method tool-cli): the terminal is handed over,',
    '  then auth-wizard reads back what the tool wrote and says who is signed in.',
    'Secrets are read hidden on a TTY, else as one line of stdin, and never printed.',
    'Exit status: 0 signed in, 1 error (network, timeout, busy port, missing tool),',
    '2 cancelled, 3 usage (or a needed answer with no terminal to ask on), 4 the',
    'sign-in was refused (access_denied, invalid_grant, wrong state).',
  ].join('\n'),
  options: {
    provider: { ...PROVIDER_OPT, description: `openai, anthropic, or a tool's provider: ${TOOL_PROVIDER_IDS.join(', ')}`, choices: [...PROVIDERS, ...TOOL_PROVIDER_IDS] },
    method: { type: 'string', value: '<method>', description: 'openai: browser (default), paste, device, api-key; anthropic: claude-cli, setup-token, api-key', choices: LOGIN_METHODS },
    target: { ...TARGET_OPT, description: 'openai: where the sign-in goes: codex (default), opencode or auth-wizard' },
    profile: PROFILE_NAME_OPT,
    'no-browser': { type: 'boolean', description: 'do not launch a browser: print the link, then listen and accept a paste' },
    device: { type: 'boolean', description: 'sign in with a device code (= --method device)' },
    'print-url': { type: 'boolean', description: 'two-phase: print the sign-in link and exit (finish with --complete)' },
    complete: { type: 'string', value: '<url>', description: 'two-phase: finish with the address the browser ended on ("-" reads stdin)' },
    timeout: { type: 'string', value: '<minutes>', description: `how long to wait for the sign-in (default ${DEFAULT_TIMEOUT_MIN})`, parse: timeoutMs },
    console: { type: 'boolean', description: 'with --method claude-cli: sign in with an Anthropic Console account' },
    host: { type: 'string', value: '<[user@]host>', description: 'sign in here, deliver the grant over ssh to auth-wizard on that machine' },
    force: { type: 'boolean', description: 'replace a target file that cannot be parsed (a .corrupt-<time> copy is kept)' },
  },
  examples: [
    'auth-wizard login --provider openai',
    'auth-wizard login --provider openai --target opencode --no-browser',
    'auth-wizard login --provider openai --device',
    'auth-wizard login --provider openai --print-url',
    'auth-wizard login --provider openai --complete "$REDIRECT"',
    'auth-wizard login --provider anthropic --method claude-cli',
    'pbpaste | auth-wizard login --provider anthropic --method setup-token',
    'auth-wizard login --provider openai --method api-key --target codex',
    'auth-wizard login --provider openai --host me@gpu-box --target codex',
    'auth-wizard login --provider google',
  ],
  async run(values, _p, deps) {
    const { run } = await import('../commands/login');
    await run(values, deps);
  },
});
