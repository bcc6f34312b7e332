import { usageError } from '../errors';
import { defineCommand, JSON_OPT, PROVIDER_OPT } from './common';

export const doctorSpec = defineCommand({
  name: 'doctor',
  usage: 'auth-wizard doctor [--provider <provider>] [--json] [--strict] [--fix] [--live] [--host <host>…]',
  description: [
    'Checks: refresh tokens shared by two stores, file and directory permissions,',
    'environment variables hiding a stored sign-in, expired or expiring credentials',
    "and refresh tokens, Claude Code's signed-out placeholder and missing",
    'user:inference scope, clock skew, corrupt files, leftover .corrupt-* copies,',
    'stale locks, Codex keyring mode, headless sessions, port 1455, proxy and CA',
    'settings. Nothing is changed unless --fix is given, and then only the file and',
    'directory permissions listed. Only --live uses the network: it reaches the',
    'OpenAI issuer (through your proxy), verifies OpenAI token signatures against the',
    "issuer's keys, and runs `claude auth status` (Claude Code may update its",
    '~/.claude.json when it runs).',
    '',
    'Exit status: 0 none or info only (or warnings without --strict); 1 warnings with',
    '--strict; 4 errors. --json prints',
    '{findings:[{id,severity,title,detail,fix,paths}], summary:{error,warning,info}}',
    '(and fixed:[…] with --fix). Tokens are never printed; refreshFingerprints:[…]',
    'lists SHA-256 prefixes of the stored refresh tokens. --host runs doctor on that',
    'machine over ssh (repeat for several), one heading per host, and warns',
    '(refresh-token-on-two-machines) when it holds a refresh token held here too.',
  ].join('\n'),
  options: {
    provider: PROVIDER_OPT,
    json: JSON_OPT,
    strict: { type: 'boolean', description: 'exit 1 when there are warnings' },
    fix: { type: 'boolean', description: 'tighten the file and directory permissions listed (0600 / 0700)' },
    live: { type: 'boolean', description: 'also test the network: issuer, token signatures, `claude auth status`' },
    host: { type: 'string', multiple: true, value: '<[user@]host>', description: 'run doctor on that machine over ssh (repeat for several)' },
  },
  examples: ['auth-wizard doctor', 'auth-wizard doctor --fix', 'auth-wizard doctor --live --provider openai', 'auth-wizard doctor --host gpu-box', "auth-wizard doctor --json | jq '.findings[] | select(.severity == \"error\")'"],
  async run({ host, ...values }, _p, deps) {
    if (host.length > 0) {
      if (values.fix) throw usageError('--fix does not go with --host: run `auth-wizard doctor --fix` on that machine.');
      return (await import('../commands/doctor-hosts')).run({ ...values, hosts: host }, deps);
    }
    const { run } = await import('../commands/doctor');
    await run(values, deps);
  },
});
