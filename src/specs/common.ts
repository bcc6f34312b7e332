// Types and shared flags for the command table. A spec names a command's flags,
// help and examples and loads the command module only when it runs, so
// `--help` and argument errors load no command code.
import type { Deps } from '../deps';
import { usageError } from '../errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Shown after the flag in help, e.g. `<provider>`. */
  value?: string;
  choices?: readonly string[];
  multiple?: boolean;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  name: string;
  usage: string;
  description?: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** How many positional arguments are allowed. */
  positionals?: number;
  run(values: Values, positionals: string[], deps: Deps): Promise<void>;
}

export const PROVIDER_OPT: OptionSpec = { type: 'string', value: '<provider>', description: 'openai or anthropic', choices: ['openai', 'anthropic'] };
export const JSON_OPT: OptionSpec = { type: 'boolean', description: 'print machine-readable JSON' };
export const SHOW_TOKEN_OPT: OptionSpec = { type: 'boolean', description: 'print tokens in full (they are masked otherwise)' };
/** --profile for commands that act on auth-wizard's own store. */
export const STORE_PROFILE_OPT: OptionSpec = { type: 'string', value: '<id>', description: "a profile in auth-wizard's store, e.g. openai:work (or just work)" };
export const SOURCE_IDS = ['codex', 'claude-code', 'opencode', 'openclaw', 'coderclaw', 'jcode', 'ccproxy', 'auth-wizard', 'env', 'copilot', 'crush', 'cursor'] as const;

export const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);
export const bool = (v: Values[string]): boolean => v === true;

export function required(values: Values, name: string, cmd: string): string {
  const v = str(values[name]);
  if (v === undefined) throw usageError(`auth-wizard ${cmd} needs --${name}.`, `auth-wizard ${cmd} --help`);
  return v;
}
