// Types and shared flags for the command table. A spec names a command's flags,
// help and examples and loads the command module only when it runs, so
// `--help` and argument errors load no command code.
//
// A command's options type is derived from its flags (OptionValues below), so
// the parser's checks (choices, `parse`, `required`) are the only ones: what
// reaches `run` is already of the type the command declares, without casts.
import { STORE_IDS } from '../stores/ids';
import { PROVIDERS } from '../core/providers';
import type { Deps } from '../deps';
import { usageError } from '../errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Shown after the flag in help, e.g. `<provider>`. */
  value?: string;
  choices?: readonly string[];
  /** The flag may be repeated; its values are collected (string flags only). */
  multiple?: boolean;
  /** With `multiple`: each value is also a comma-separated list (`--provider openai,anthropic`). */
  list?: boolean;
  /** The command cannot run without it: `auth-wizard <cmd> needs --<flag>.` */
  required?: boolean;
  /** Checks and converts one value (after `choices`); throws a usage error naming the flag. */
  parse?: (raw: string) => unknown;
}

export type Options = Readonly<Record<string, OptionSpec>>;

/** What the flag parser returns: raw values by flag name. */
export type Values = Record<string, string | boolean | string[] | undefined>;

type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
type One<O> = O extends { parse: (raw: string) => infer T } ? T : O extends { choices: readonly (infer C extends string)[] } ? C : string;
type ValueOf<O> = O extends { type: 'boolean' } ? boolean : O extends { multiple: true } ? One<O>[] : O extends { required: true } ? One<O> : One<O> | undefined;
/** Flags that always have a value: switches, collected lists, required flags. */
type Always<O extends Options> = { [K in keyof O]: O[K] extends { type: 'boolean' } | { multiple: true } | { required: true } ? K : never }[keyof O];

/** A command's options, from its flags: `--no-browser` → `noBrowser: boolean`, `--method` with choices → their union. */
export type OptionValues<O extends Options> = string extends keyof O
  ? // The command table's view of any spec, whose flags it does not know.
    Record<string, unknown>
  : { [K in Always<O> & string as Camel<K>]: ValueOf<O[K]> } & { [K in Exclude<keyof O, Always<O>> & string as Camel<K>]?: ValueOf<O[K]> };

export interface CommandSpec<O extends Options = Options> {
  name: string;
  usage: string;
  description?: string;
  options: O;
  examples: string[];
  /** How many positional arguments are allowed. */
  positionals?: number;
  run(values: OptionValues<O>, positionals: string[], deps: Deps): Promise<void>;
}

/** Keeps the literal types of a spec's flags (choices, `required: true`), which its options type is derived from. */
export function defineCommand<const O extends Options>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** One flag, its literal types kept (for flags shared by several specs). */
export function option<const O extends OptionSpec>(spec: O): O {
  return spec;
}

export const PROVIDER_OPT = option({ type: 'string', value: '<provider>', description: 'openai or anthropic', choices: PROVIDERS });
export const REQUIRED_PROVIDER_OPT = option({ ...PROVIDER_OPT, required: true });
/** --provider for commands that only read (info): any provider id the report holds (google, github-copilot, …). */
export const ANY_PROVIDER_OPT = option({ type: 'string', value: '<provider>', description: 'a provider id as `auth-wizard status` shows it (openai, anthropic, google, …)', required: true });
export const JSON_OPT = option({ type: 'boolean', description: 'print machine-readable JSON' });
export const SHOW_TOKEN_OPT = option({ type: 'boolean', description: 'print tokens in full (they are masked otherwise)' });
/** --profile for commands that act on auth-wizard's own store. */
export const STORE_PROFILE_OPT = option({ type: 'string', value: '<id>', description: "a profile in auth-wizard's store, e.g. openai:work (or just work)" });
/** Every store's id, from the STORES list: a new store is a --source choice without an edit here. */
export const SOURCE_IDS: readonly string[] = STORE_IDS;
export type SourceId = string;

/** --source: one definition; each command says in its help which stores it acts on. */
export function sourceOpt<const D extends string>(description: D) {
  return option({ type: 'string', value: '<source>', description, choices: SOURCE_IDS });
}

const PROFILE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** --profile for a sign-in: the name of the profile it is saved as in auth-wizard's store. */
export const PROFILE_NAME_OPT = option({
  type: 'string',
  value: '<name>',
  description: "profile in auth-wizard's store (default: default)",
  parse: (v: string): string => {
    if (!PROFILE_NAME_RE.test(v)) throw usageError('--profile must be letters, digits, ".", "_" or "-" (up to 64), e.g. work.');
    return v;
  },
});

/** Checks that a spec's required flags are there (after every other check, as the commands did). */
export function requiredMessage(cmd: string, name: string): ReturnType<typeof usageError> {
  return usageError(`auth-wizard ${cmd} needs --${name}.`, `auth-wizard ${cmd} --help`);
}
