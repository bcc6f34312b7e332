// What every part of `auth-wizard login` shares: the options, the Deps, the
// paths, the Prompter and the two output streams (each line terminal-safe).
import type { Deps } from '../deps';
import type { OptionValues } from '../specs/common';
import type { loginSpec } from '../specs/login';
import type { UpdateOptions } from '../fs/json-file';
import { tildify, type PathEnv } from '../fs/paths';
import type { Prompter } from '../ui/prompter';
import { safePrompter } from '../ui/safe-prompter';
import { terminalSafe } from '../core/terminal-safe';

/** From login's flags (specs/login.ts): --method and --target as their unions, --timeout in milliseconds. */
export type LoginOptions = OptionValues<typeof loginSpec.options>;

export class LoginCtx {
  private prompterP: Promise<Prompter> | undefined;
  constructor(
    readonly deps: Deps,
    readonly opts: LoginOptions,
  ) {}

  get paths(): PathEnv {
    return { home: this.deps.home, env: this.deps.env };
  }

  /** Asked only with a terminal (callers check); what it shows is made terminal-safe. */
  prompter(): Promise<Prompter> {
    this.prompterP ??= this.deps.prompter().then(safePrompter);
    return this.prompterP;
  }

  // Every line login prints goes through these two, each made terminal-safe:
  // they carry emails, plans and paths from files and from the token's claims.
  say(text = ''): void {
    this.deps.stderr.write(terminalSafe(text) + '\n');
  }

  /** Options for every store write: --force, and warnings (a folder others can write to) on stderr at once. */
  saveOpts(now: number): UpdateOptions {
    return { now, force: this.opts.force, warn: (m) => this.say(`auth-wizard: warning: ${m}`) };
  }

  result(text: string): void {
    this.deps.stdout.write(terminalSafe(text) + '\n');
  }

  tilde(path: string): string {
    return tildify(path, this.deps.home);
  }
}
