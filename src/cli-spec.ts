// The command table, strict argument parsing with suggestions, and help text.
// Each command's flags live in src/specs/<name>.ts.
import { FlagError, parseFlags, UnknownFlagError } from './args';
import { usageError } from './errors';
import { suggest } from './core/suggest';
import { DEFAULT_WIDTH } from './report/width';
import { wrap } from './report/wrap';
import { type CommandSpec, type Options, type OptionSpec, type OptionValues, requiredMessage, type Values } from './specs/common';
// `status` is the start-up-critical path: its spec (and command) load with this
// module; every other command's spec is loaded only when that command runs.
import { statusSpec } from './specs/status';

export type { CommandSpec, OptionSpec, OptionValues, Values };

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show help for a command' },
  version: { type: 'boolean', short: 'v', description: 'print the version' },
};

/** One line of the command table; the spec itself (flags, help, run) loads on demand. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandSpec>;
}

/** In the order `--help` lists them. */
export const COMMANDS: CommandEntry[] = [
  { name: 'onboard', summary: 'Guided set-up: see what is signed in, sign in what is missing, verify', load: async () => (await import('./specs/onboard')).onboardSpec },
  { name: 'status', summary: 'Show every credential on this machine and which one each tool uses', load: async () => statusSpec },
  { name: 'info', summary: 'Decode one credential in full: account, plan, JWT claims, expiry', load: async () => (await import('./specs/info')).infoSpec },
  { name: 'login', summary: 'Sign in: ChatGPT for Codex/OpenCode (browser, paste, device code), Claude Code, or an API key', load: async () => (await import('./specs/login')).loginSpec },
  { name: 'logout', summary: 'Remove one stored credential (optionally revoking it at OpenAI)', load: async () => (await import('./specs/logout')).logoutSpec },
  { name: 'token', summary: 'Print a usable access token (refreshed if needed), for scripts', load: async () => (await import('./specs/token')).tokenSpec },
  { name: 'refresh', summary: 'Renew an OpenAI sign-in now, safely across processes', load: async () => (await import('./specs/refresh')).refreshSpec },
  { name: 'env', summary: 'Print export lines for stored setup-tokens and API keys', load: async () => (await import('./specs/env')).envSpec },
  { name: 'accounts', summary: 'List each tool\'s account in use and the saved ones; add one more', load: async () => (await import('./specs/accounts')).accountsSpec },
  { name: 'switch', summary: 'Make a saved account the one a tool uses (moved, never copied)', load: async () => (await import('./specs/switch')).switchSpec },
  { name: 'exec', summary: 'Run one command with a saved account, without changing any default', load: async () => (await import('./specs/exec')).execSpec },
  { name: 'doctor', summary: 'Explain every way a sign-in breaks, with the command that fixes each', load: async () => (await import('./specs/doctor')).doctorSpec },
  { name: 'receive', summary: 'Write a sign-in sent by `login --host` from another machine (over ssh)', load: async () => (await import('./specs/receive')).receiveSpec },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export interface Parsed<O extends Options = Options> {
  /** --help was given: nothing but the choices was checked, and the command should not run. */
  help: boolean;
  values: OptionValues<O>;
  positionals: string[];
}

/**
 * `show-token` → `showToken`: a dash before a lowercase letter goes, the letter
 * is raised. A loop, not a regex: every command runs this, and a pattern's
 * first match compiles it (README, Start-up budget).
 */
function camel(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const next = name[i + 1];
    if (name[i] === '-' && next !== undefined && next >= 'a' && next <= 'z') {
      out += next.toUpperCase();
      i++;
    } else out += name[i];
  }
  return out;
}

/** One value of a string flag: its choice checked, then the spec's own check and conversion. */
function checkValue(name: string, spec: OptionSpec, v: string, parse: boolean): unknown {
  if (spec.choices !== undefined && !spec.choices.includes(v)) {
    const near = suggest(v, spec.choices);
    throw usageError(`--${name} must be one of ${spec.choices.join(', ')}; got "${v}".${near !== undefined ? ` Did you mean ${near}?` : ''}`);
  }
  return parse && spec.parse !== undefined ? spec.parse(v) : v;
}

/**
 * Strict parsing: unknown flags, bad choices and bad values are usage errors
 * with a suggestion, and this is the only place a flag is checked: the values
 * come out typed by the spec (camelCase names, choices as unions, `parse`'s
 * results), switches false and lists empty when absent.
 */
export function parseCommandArgs<O extends Options>(cmd: CommandSpec<O>, args: string[]): Parsed<O> {
  const options: Options = { ...GLOBAL_OPTIONS, ...cmd.options };
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(args, options);
  } catch (e) {
    if (e instanceof UnknownFlagError) {
      const near = e.flag.startsWith('--') ? suggest(e.flag.slice(2), Object.keys(options)) : undefined;
      throw usageError(`Unknown flag ${e.flag} for \`auth-wizard ${cmd.name}\`.${near !== undefined ? ` Did you mean --${near}?` : ''}`, `auth-wizard ${cmd.name} --help`);
    }
    if (e instanceof FlagError) throw usageError(e.message, `auth-wizard ${cmd.name} --help`);
    throw e;
  }
  const raw = parsed.values;
  // With --help only the choices are checked (as before): help must print without the required flags.
  const help = raw.help === true;
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(cmd.options)) {
    const v = raw[name];
    const key = camel(name);
    if (spec.type === 'boolean') values[key] = v === true;
    else if (spec.multiple === true) {
      const list = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).flatMap((x) => (spec.list === true ? x.split(',').map((y) => y.trim()).filter((y) => y !== '') : [x]));
      values[key] = [...new Set(list.map((x) => checkValue(name, spec, x, !help)))];
    } else if (typeof v === 'string') values[key] = checkValue(name, spec, v, !help);
  }
  if (parsed.positionals.length > (cmd.positionals ?? 0)) {
    throw usageError(`Unexpected argument "${parsed.positionals[cmd.positionals ?? 0]}" for \`auth-wizard ${cmd.name}\`.`, `auth-wizard ${cmd.name} --help`);
  }
  if (!help) for (const [name, spec] of Object.entries(cmd.options)) if (spec.required === true && values[camel(name)] === undefined) throw requiredMessage(cmd.name, name);
  // The one cast of the flag layer: `values` was just built from `cmd.options` by the rules OptionValues<O> states.
  return { help, values: values as OptionValues<O>, positionals: parsed.positionals };
}

// Help is laid out for 80 columns whatever the terminal: it is read in
// terminals of that size, often over SSH, and pasted into issues and docs.
// Descriptions (spec.description) are wrapped by hand in the specs, where the
// line breaks can follow the sense; test/width.test.ts holds every line to 80.
const HELP_WIDTH = DEFAULT_WIDTH;

/** Two columns (a flag, a command, a variable and what it is); a long description continues under its own column. */
function definitionLines(rows: readonly (readonly [term: string, description: string])[]): string[] {
  const w = Math.max(...rows.map(([t]) => t.length));
  return rows.flatMap(([t, d]) => wrap([d], HELP_WIDTH, { first: `  ${t.padEnd(w)}  ` }));
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  return definitionLines(Object.entries(options).map(([name, o]) => [`${o.short !== undefined ? `-${o.short}, ` : '    '}--${name}${o.value !== undefined ? ` ${o.value}` : ''}`, o.description] as const));
}

/**
 * A usage line, wrapped between its arguments (never inside a `[…]` group),
 * further lines under the first argument as git and gh do.
 */
function usageLines(usage: string): string[] {
  // Spaces inside brackets become no-break spaces while wrapping, so a group stays whole.
  let depth = 0;
  let glued = '';
  for (const ch of usage) {
    depth += ch === '[' ? 1 : ch === ']' ? -1 : 0;
    glued += ch === ' ' && depth > 0 ? '\u00a0' : ch;
  }
  const command = /^\S+ \S+ /.exec(usage)?.[0] ?? '';
  return wrap([glued], HELP_WIDTH, { first: '  ', rest: ' '.repeat(2 + command.length) }).map((l) => l.replaceAll('\u00a0', ' '));
}

export function commandHelp(entry: CommandEntry, cmd: CommandSpec): string {
  return [
    ...wrap([entry.summary + '.'], HELP_WIDTH),
    '',
    'USAGE',
    ...usageLines(cmd.usage),
    ...(cmd.description !== undefined ? ['', cmd.description] : []),
    '',
    'FLAGS',
    ...optionLines({ ...cmd.options, help: GLOBAL_OPTIONS.help! }),
    '',
    'EXAMPLES',
    ...cmd.examples.map((e) => `  $ ${e}`),
    '',
  ].join('\n');
}

export function mainHelp(version: string): string {
  return [
    ...wrap([`auth-wizard ${version} — sign in your AI coding tools (Claude Code, Codex CLI, OpenCode) and see that they are.`], HELP_WIDTH),
    '',
    'USAGE',
    '  auth-wizard <command> [flags]',
    '',
    'COMMANDS',
    ...definitionLines(COMMANDS.map((c) => [c.name, c.summary] as const)),
    '',
    'FLAGS',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'EXAMPLES',
    '  $ npx auth-wizard onboard',
    '  $ auth-wizard status',
    '  $ auth-wizard info --provider openai',
    '',
    'ENVIRONMENT',
    ...definitionLines([
      ['NO_COLOR / FORCE_COLOR', 'colour off / on'],
      ['AUTH_WIZARD_HOME', "auth-wizard's own store (default $XDG_CONFIG_HOME/auth-wizard)"],
      ['CODEX_HOME', "Codex's directory (default ~/.codex)"],
      ['CLAUDE_CONFIG_DIR', "Claude Code's directory (default ~/.claude)"],
      ['XDG_DATA_HOME', "holds OpenCode's opencode/ (default ~/.local/share)"],
      ['HTTPS_PROXY, NO_PROXY', 'proxies for sign-in and refresh'],
    ]),
    '',
    'EXIT CODES',
    '  0 ok · 1 error · 2 cancelled · 3 usage error · 4 sign-in needed',
    '',
    'Run `auth-wizard <command> --help` for a command\'s flags and examples.',
    '',
  ].join('\n');
}
