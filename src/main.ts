// One invocation: argv in, exit code out. Maps every error to its exit code in
// one place. Never touches `process`, so tests call it with their own Deps.
import { COMMANDS, commandHelp, findCommand, GLOBAL_OPTIONS, mainHelp, parseCommandArgs } from './cli-spec';
import { suggest } from './core/suggest';
import type { Deps } from './deps';
import { terminalSafe } from './core/terminal-safe';
import { ExitCode, isAppError, isReportPrinted, usageError } from './errors';
import { finishInterruptedSwitch } from './accounts/intent-check';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Runs one invocation and returns its exit code; never calls process.exit (testable). */
export async function main(argv: string[], deps: Deps): Promise<number> {
  // A leading `--` only ends the (absent) global flags: `auth-wizard -- status` is `status`.
  const [first, ...rest] = argv[0] === '--' ? argv.slice(1) : argv;
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      const topic = first === 'help' ? rest[0] : undefined;
      const entry = topic !== undefined ? findCommand(topic) : undefined;
      deps.stdout.write(entry !== undefined ? commandHelp(entry, await entry.load()) : mainHelp(VERSION));
      return ExitCode.ok;
    }
    if (first === '--version' || first === '-v') {
      deps.stdout.write(`auth-wizard ${VERSION}\n`);
      return ExitCode.ok;
    }
    if (first.startsWith('-') && first.length > 1) throw unknownGlobalFlag(first);
    const entry = findCommand(first);
    if (entry === undefined) {
      const near = suggest(first, COMMANDS.map((c) => c.name));
      throw usageError(`Unknown command "${first}".${near !== undefined ? ` Did you mean \`auth-wizard ${near}\`?` : ''}`, 'auth-wizard --help');
    }
    const cmd = await entry.load();
    const { help, values, positionals } = parseCommandArgs(cmd, rest);
    if (help) {
      deps.stdout.write(commandHelp(entry, cmd));
      return ExitCode.ok;
    }
    await finishInterruptedSwitch(entry.name, deps);
    await cmd.run(values, positionals, deps);
    return ExitCode.ok;
  } catch (e) {
    return reportError(e, deps);
  }
}

/**
 * A flag before any command: only --help and --version exist there, so a typo
 * of one of them (`--verison`) is named as a flag, not as a command called
 * "--verison", and the nearest is suggested.
 */
function unknownGlobalFlag(flag: string) {
  const options = Object.entries(GLOBAL_OPTIONS);
  // -V or -H: the same letter in the other case.
  const short = /^-[a-zA-Z]$/.test(flag) ? options.find(([, o]) => o.short === flag[1]!.toLowerCase()) : undefined;
  const long = suggest(flag.replace(/^-+/, '').split('=')[0] ?? '', options.map(([name]) => name));
  const near = short !== undefined ? `-${short[1].short}` : long !== undefined ? `--${long}` : undefined;
  return usageError(`Unknown flag ${flag}.${near !== undefined ? ` Did you mean ${near}?` : ''}`, 'auth-wizard --help');
}

/** An error message is one line of our words around data (file names, flags, a server's answer). */
const MESSAGE_MAX = 2000;

/** The one printer of errors: each message bounded, then made terminal-safe (its line breaks escaped too: a message is one line). */
function safeMessage(s: string): string {
  return terminalSafe(s.length > MESSAGE_MAX ? `${s.slice(0, MESSAGE_MAX)}…` : s);
}

function reportError(e: unknown, deps: Deps): number {
  if (isReportPrinted(e)) return e.exitCode;
  if (isAppError(e)) {
    deps.stderr.write(`auth-wizard: ${safeMessage(e.message)}\n`);
    if (e.hint !== undefined) deps.stderr.write(`  → ${safeMessage(e.hint)}\n`);
    return e.exitCode;
  }
  // An unexpected failure: a short message; the stack only when asked, since
  // a stack can carry values from the failing frame.
  const msg = e instanceof Error ? e.message : String(e);
  deps.stderr.write(`auth-wizard: internal error: ${safeMessage(msg)}\n`);
  if (deps.env.AUTH_WIZARD_DEBUG === '1' && e instanceof Error && e.stack !== undefined) deps.stderr.write(e.stack.split('\n').map(terminalSafe).join('\n') + '\n');
  return ExitCode.error;
}

