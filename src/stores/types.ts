// The one interface every credential store implements (docs/stores.md has each
// store's facts). A store is one module under src/stores/ plus one entry in
// the STORES list (src/stores/index.ts); everything that differs between
// stores — where the files are, how they parse, which tool reads which
// credential first, how the tool signs in, how auth-wizard writes the file —
// is a field here, so commands, doctor and refresh look a store up and never
// switch on its id.
//
// The read half (discover, precedence) runs on `status`'s start-up path: it
// must stay cheap — a few synchronous reads of small files, no child process
// and no keyring unless the tool's own configuration says its secret is
// there. The write half is loaded with import() when a command writes.
import type { AssessedCredential, Credential } from '../core/credential';
import type { Exec } from '../deps';

export interface StoreContext {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** For OS tools (the macOS `security` command); never on the default path unless configuration asks. */
  exec: Exec;
}

export interface Discovered {
  credentials: Credential[];
  /** Facts that are not a credential but change what the table means (e.g. "Codex keeps its sign-in in the keyring"). */
  notes: string[];
  /** What discover read that is no credential but decides choices() (e.g. Gemini CLI's selected auth type); never shown. */
  facts?: Readonly<Record<string, string>> | undefined;
}

/** Which credential one tool uses for one provider: candidate credential ids, first wins. */
export interface ToolChoice {
  tool: string;
  provider: string;
  order: string[];
  /** When set, the tool uses none of the candidates (e.g. Claude Code set to a cloud provider): the note to show. */
  disabledBy?: string | undefined;
}

/** How a tool signs in through its own CLI (auth-wizard runs no OAuth of its own for it). */
export interface CliSignIn {
  /** The executable on PATH, e.g. `gemini`. */
  bin: string;
  /** Arguments for an interactive sign-in, the terminal handed over. */
  args: readonly string[];
  /** What to tell a user on a host without a browser, e.g. "set NO_BROWSER=true: it prints a link and reads the code". */
  headless?: string | undefined;
  /** Extra environment for the headless way, e.g. {NO_BROWSER: 'true'}. */
  headlessEnv?: Readonly<Record<string, string>> | undefined;
  /** Arguments per provider when the CLI signs in to several (e.g. `crush login copilot`); `args` otherwise. */
  providerArgs?: Readonly<Record<string, readonly string[]>> | undefined;
  /** How to install the CLI when it is not on PATH, e.g. `npm install -g @google/gemini-cli`. */
  install?: string | undefined;
  /**
   * Set when the sign-in this CLI makes is one auth-wizard does not read (e.g.
   * Qwen Code's Coding Plan key in its settings): what to say after it
   * succeeded, instead of looking for a usable credential.
   */
  unreadableResult?: string | undefined;
}

export interface Store {
  /** The source id in `status --json` (`source`) and `--source`: `codex`, `gemini`, … */
  id: string;
  /** For people: `Codex CLI`, `Gemini CLI`. */
  name: string;
  /** Tool ids this store serves, as they appear in USED BY. */
  tools: readonly string[];
  /** Providers it can hold (for --provider and onboard). */
  providers: readonly string[];
  /** Executables whose presence on PATH means the tool is installed (onboard's pre-selection). */
  bins?: readonly string[] | undefined;
  /** Locate and parse; never throws (a broken file is an `unreadable` credential). */
  discover(ctx: StoreContext): Promise<Discovered>;
  /** This store's tools' precedence, given everything discovered. */
  choices?(creds: readonly Credential[], env: StoreContext['env'], facts?: Discovered['facts']): ToolChoice[];
  /** What the owning tool does with a file it cannot parse (doctor shows it). */
  unreadableEffect?: string | undefined;
  /** For stores auth-wizard never writes: the sentence login/logout give instead. */
  readOnly?: string | undefined;
  /** Sign-in through the tool's own CLI. */
  signIn?: CliSignIn | undefined;
  /** The command that fixes a credential of this store that is not usable. */
  fix?(c: AssessedCredential): string | undefined;
}
