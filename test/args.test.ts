// The flag grammar of every command (src/args.ts), and how main() words its errors.
import { describe, expect, it } from 'vitest';
import { FlagError, parseFlags, UnknownFlagError } from '../src/args';
import { main } from '../src/main';
import type { OptionSpec } from '../src/specs/common';
import { testDeps } from './helpers/deps';
import { tempHome } from './helpers/fixture-home';

const OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: '' },
  yes: { type: 'boolean', short: 'y', description: '' },
  json: { type: 'boolean', description: '' },
  provider: { type: 'string', short: 'p', value: '<provider>', description: '' },
  method: { type: 'string', multiple: true, description: '' },
};

describe('parseFlags', () => {
  it.each([
    [['--json'], { json: true }, []],
    [['--provider', 'openai'], { provider: 'openai' }, []],
    [['--provider=openai'], { provider: 'openai' }, []],
    [['--provider=-x'], { provider: '-x' }, []],
    [['-p', 'anthropic'], { provider: 'anthropic' }, []],
    [['-panthropic'], { provider: 'anthropic' }, []],
    [['-hy'], { help: true, yes: true }, []],
    [['-yp', 'openai'], { yes: true, provider: 'openai' }, []],
    [['--provider', 'openai', '--provider', 'anthropic'], { provider: 'anthropic' }, []],
    [['--method', 'paste', '--method=setup-token'], { method: ['paste', 'setup-token'] }, []],
    [['a', '--json', 'b'], { json: true }, ['a', 'b']],
    [['-'], {}, ['-']],
    [['--provider', '-'], { provider: '-' }, []],
    [['--json', '--', '--provider', '-h'], { json: true }, ['--provider', '-h']],
    [[], {}, []],
  ])('%j', (args, values, positionals) => {
    expect(parseFlags(args, OPTIONS)).toEqual({ values, positionals });
  });

  it.each([
    [['--jsno'], '--jsno'],
    [['--jsno=1'], '--jsno'],
    [['-x'], '-x'],
    [['-hx'], '-x'],
    [['--constructor'], '--constructor'],
    [['--__proto__'], '--__proto__'],
  ])('%j is an unknown flag', (args, flag) => {
    expect(() => parseFlags(args, OPTIONS)).toThrow(expect.objectContaining({ constructor: UnknownFlagError, flag }));
  });

  it.each([
    [['--provider'], '--provider needs a value: --provider <provider>.'],
    [['--provider='], '--provider needs a value: --provider <provider>.'],
    [['--provider', ''], '--provider needs a value: --provider <provider>.'],
    [['--provider', '--json'], '--provider needs a value: --provider <provider>.'],
    [['-p'], '-p (--provider) needs a value.'],
    [['--json=yes'], '--json is a switch and takes no value (got "yes").'],
  ])('%j is a usage error', (args, message) => {
    expect(() => parseFlags(args, OPTIONS)).toThrow(new FlagError(message));
  });
});

describe('flag errors through main()', () => {
  it('name the command and its --help, exit 3', async () => {
    const deps = testDeps(tempHome());
    expect(await main(['status', '--provider'], deps)).toBe(3);
    expect(await main(['status', '-q'], deps)).toBe(3);
    expect(await main(['status', '--json=1'], deps)).toBe(3);
    expect(deps.err()).toBe(
      [
        'auth-wizard: --provider needs a value: --provider <provider>.',
        '  → auth-wizard status --help',
        'auth-wizard: Unknown flag -q for `auth-wizard status`.',
        '  → auth-wizard status --help',
        'auth-wizard: --json is a switch and takes no value (got "1").',
        '  → auth-wizard status --help',
        '',
      ].join('\n'),
    );
  });
});

describe('flags before a command', () => {
  it.each([
    [['--verison'], 'auth-wizard: Unknown flag --verison. Did you mean --version?'],
    [['--hlep'], 'auth-wizard: Unknown flag --hlep. Did you mean --help?'],
    [['-version'], 'auth-wizard: Unknown flag -version. Did you mean --version?'],
    [['--version=1'], 'auth-wizard: Unknown flag --version=1. Did you mean --version?'],
    [['-V'], 'auth-wizard: Unknown flag -V. Did you mean -v?'],
    [['--json', 'status'], 'auth-wizard: Unknown flag --json.'],
    [['-x'], 'auth-wizard: Unknown flag -x.'],
  ])('%j is an unknown flag, not an unknown command (exit 3)', async (argv, message) => {
    const deps = testDeps(tempHome());
    expect(await main(argv, deps)).toBe(3);
    expect(deps.err()).toBe(`${message}\n  → auth-wizard --help\n`);
    expect(deps.out()).toBe('');
  });

  it('--help, -h, --version and -v still work, and a lone "-" is still an unknown command', async () => {
    for (const argv of [['--help'], ['-h'], ['--version'], ['-v']]) expect(await main(argv, testDeps(tempHome()))).toBe(0);
    const deps = testDeps(tempHome());
    expect(await main(['-'], deps)).toBe(3);
    expect(deps.err()).toContain('Unknown command "-".');
  });
});

describe('before the command', () => {
  it('a leading -- ends the global flags: `auth-wizard -- status` is status', async () => {
    const deps = testDeps(tempHome());
    expect(await main(['--', 'status', '--json'], deps)).toBe(4);
    expect(JSON.parse(deps.out())).toMatchObject({ credentials: [] });
  });
});
