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
import type { Credential } from '../core/credential';
import type { Exec, KeyringReader } from '../deps';
import type { PathEnv } from '../fs/paths';
import type { ToolLock } from '../fs/tool-locks';

export interface StoreContext {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** For OS tools (the macOS `security` command); never on the default path unless configuration asks. */
  exec: Exec;
  /** The OS keyring; read only when the tool's configuration says its secret is there (keyring-items.ts). */
  keyring?: KeyringReader | undefined;
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
  /**
   * Locate and parse; never throws (a broken file is an `unreadable` credential).
   * Synchronous, as every read on `status`'s path is (src/fs/read-file.ts); a
   * promise only when the tool's own configuration puts its secret where a read
   * waits on another process (an OS keyring, the macOS `security` command).
   */
  discover(ctx: StoreContext): Discovered | Promise<Discovered>;
  /** This store's tools' precedence, given everything discovered. */
  choices?(creds: readonly Credential[], env: StoreContext['env'], facts?: Discovered['facts']): ToolChoice[];
  /** What the owning tool does with a file it cannot parse (doctor shows it). */
  unreadableEffect?: string | undefined;
  /** For stores auth-wizard never writes: the sentence login/logout give instead. */
  readOnly?: string | undefined;
  /** The tool's own sign-out command, suggested with `readOnly` (e.g. `claude auth logout`). */
  signOut?: string | undefined;
  /** Sign-in through the tool's own CLI. */
  signIn?: CliSignIn | undefined;
  /** The command that fixes a credential of this store that is not usable. */
  fix?(c: Credential): string | undefined;
  /**
   * Credentials a tool of this store never reads, whatever `choices` says, and
   * what hides them (OPENCODE_AUTH_CONTENT replaces OpenCode's whole file).
   * Applied after every store's choices.
   */
  hidden?(creds: readonly Credential[]): Array<{ id: string; tool: string; by: string }>;
  /** The tool's own folders (doctor --fix changes nothing outside them). */
  folders?(p: PathEnv): string[];
  /** For stores auth-wizard writes an OpenAI grant into: the light half `token` and refresh read. */
  grant?: GrantSide | undefined;
  /** The write half, loaded with import() by the commands that write (it brings the lock). */
  write?: (() => Promise<StoreWriter>) | undefined;
}

/** Where a store keeps an OpenAI grant and how to read it out of the parsed file; no lock, no write. */
export interface GrantSide {
  /** The file, as configured (may be a symlink; writes go to its real path). */
  file(p: PathEnv): string;
  /** The entry a grant of `provider` goes to when none is named (`tokens`, `openai`, a profile id). */
  entry(provider: string, profileName?: string): string;
  /** For messages: `Codex's sign-in (~/.codex/auth.json)`. */
  label(where: string, entry: string): string;
  /** The exact command that signs this entry in again. */
  loginCommand(entry: string): string;
  /** The grant in the parsed document, or why there is none. Never throws. */
  extract(doc: Record<string, unknown>, entry: string): GrantRead;
  /** Whether the entry is in the document at all (logout: nothing to remove otherwise). */
  has(doc: Record<string, unknown>, entry: string): boolean;
  /** Why this store cannot hold `provider`'s credential (logout --source), or undefined when it can. */
  refuseProvider?(provider: string): string | undefined;
  /** Whether the entry holds an OpenAI credential (logout shows the grant, --revoke ends it). */
  isOpenAi(entry: string): boolean;
  /** The tool's own lock around its file, when it has one (fs/tool-locks.ts). */
  toolLock?(path: string): ToolLock;
}

/** The members to write back; `null` for "delete the whole file" (as `codex logout` does). */
export type Members = Record<string, unknown>;

/** Document in, members out: pure, so each store's writer is unit-tested on a document. */
export interface StoreWriter {
  /** A new sign-in: the members that make `doc` hold it. */
  applyGrant(doc: Record<string, unknown>, t: OpenAiTokens & { accountId?: string | undefined; expiresAt?: number | undefined; email?: string | undefined; plan?: string | undefined }, now: number, entry: string): Members;
  /** Rotated tokens into the entry they came from; undefined when the entry is gone. */
  applyRotated(doc: Record<string, unknown>, entry: string, t: RotatedTokens, now: number): Members | undefined;
  /** Logout: the members to rewrite, `'delete-file'`, or undefined when the entry is not there. */
  remove(doc: Record<string, unknown>, entry: string): Members | 'delete-file' | undefined;
}

// The grant as token and refresh see it (stores/grant.ts works on these).

/** A sign-in's tokens, as the token endpoint returned them. */
export interface OpenAiTokens {
  idToken?: string | undefined;
  accessToken: string;
  refreshToken?: string | undefined;
  /** Seconds, from the token response; used when the access token is not a JWT. */
  expiresIn?: number | undefined;
}

export interface StoredGrant {
  access?: string | undefined;
  refresh?: string | undefined;
  idToken?: string | undefined;
  /** Epoch ms; undefined when neither the store nor the access token says. */
  expiresAt?: number | undefined;
  lastRefresh?: number | undefined;
  /** Epoch ms the access token was issued (its JWT `iat`), when it says. */
  issuedAt?: number | undefined;
  accountId?: string | undefined;
  email?: string | undefined;
  plan?: string | undefined;
}

export type GrantRead =
  | { kind: 'ok'; grant: StoredGrant }
  | { kind: 'missing'; reason: string }
  | { kind: 'corrupt'; reason: string }
  | { kind: 'unusable'; reason: string };

/** What a successful refresh leaves in the store. */
export interface RotatedTokens {
  access: string;
  refresh: string | undefined;
  idToken: string | undefined;
  expiresAt: number | undefined;
}
