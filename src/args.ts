// Strict parsing of one command's flags. Not util.parseArgs: its first call
// costs ~0.5 ms of `status`'s start-up (two internal modules and their
// warm-up), about a tenth of the time the command may take beyond Node's own.
// The grammar is the one people expect from gh or git:
//   --name value   --name=value   -n value   -hy (booleans grouped)
//   --             everything after it is a positional
//   -              a positional (by convention stdin)
// A string flag's value may not start with "-" unless given as --name=-value,
// so `--provider --json` is a missing value, not a provider called "--json".
import type { OptionSpec, Values } from './specs/common';

/** A flag the command does not define; the caller words the suggestion. */
export class UnknownFlagError extends Error {
  constructor(readonly flag: string) {
    super(`Unknown flag ${flag}`);
  }
}

/** Anything else wrong with the flags; the message is a whole sentence. */
export class FlagError extends Error {}

export interface ParsedArgs {
  values: Values;
  positionals: string[];
}

export function parseFlags(args: readonly string[], options: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const values: Values = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) if (o.short !== undefined) byShort.set(o.short, name);

  // A repeated flag: the last one wins, unless the flag collects (multiple: string flags only).
  const set = (name: string, spec: OptionSpec, value: string | boolean) => {
    const prev = values[name];
    values[name] = spec.multiple === true && typeof value === 'string' ? [...(Array.isArray(prev) ? prev : []), value] : value;
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const spec = Object.hasOwn(options, name) ? options[name] : undefined;
      if (spec === undefined) throw new UnknownFlagError(`--${name}`);
      if (spec.type === 'boolean') {
        if (eq !== -1) throw new FlagError(`--${name} is a switch and takes no value (got "${arg.slice(eq + 1)}").`);
        set(name, spec, true);
        continue;
      }
      if (eq !== -1) {
        // `--provider=` is a flag whose value was forgotten (or an unset shell variable), not a choice.
        if (eq === arg.length - 1) throw new FlagError(`--${name} needs a value: --${name} ${spec.value ?? '<value>'}.`);
        set(name, spec, arg.slice(eq + 1));
        continue;
      }
      const next = args[i + 1];
      if (next === undefined || next === '' || (next.startsWith('-') && next !== '-')) throw new FlagError(`--${name} needs a value: --${name} ${spec.value ?? '<value>'}.`);
      set(name, spec, next);
      i++;
      continue;
    }
    // One or more short flags: -h, -hy, -p value.
    for (let k = 1; k < arg.length; k++) {
      const letter = arg[k]!;
      const name = byShort.get(letter);
      if (name === undefined) throw new UnknownFlagError(`-${letter}`);
      const spec = options[name]!;
      if (spec.type === 'boolean') {
        set(name, spec, true);
        continue;
      }
      // A string flag takes the rest of the group as its value (-pvalue), or the next argument.
      const rest = arg.slice(k + 1);
      const next = args[i + 1];
      if (rest !== '') set(name, spec, rest);
      else if (next === undefined || (next.startsWith('-') && next !== '-')) throw new FlagError(`-${letter} (--${name}) needs a value.`);
      else {
        set(name, spec, next);
        i++;
      }
      break;
    }
  }
  return { values, positionals };
}
