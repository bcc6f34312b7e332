// `auth-wizard login`: sign in, one grant into exactly one store.
//
// OpenAI (ChatGPT, Codex's public client): browser + loopback listener, with a
// paste prompt running alongside (first valid answer wins); headless hosts get
// the link and the two ways through; two-phase --print-url/--complete for
// automation; device code; API keys.
// Anthropic, within its terms (protocols.md §0): the official `claude auth
// login`, a pasted `claude setup-token` token, or an API key — no OAuth of our own.
//
// Messages and instructions go to stderr; the result (and --print-url's URL)
// to stdout. Nothing here writes a store until the sign-in has fully
// succeeded, so a failure leaves every file as it was.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { claudeAuthStatus, runClaudeLogin } from '../anthropic/claude-cli';
import { checkSetupToken, cleanPaste, SETUP_TOKEN_LIFETIME_MS, SETUP_TOKEN_PREFIX } from '../anthropic/shapes';
import type { Deps } from '../deps';
import { AppError, isAppError, usageError } from '../errors';
import { pollDeviceAuthorization, requestDeviceCode } from '../oauth/device';
import { exchangeCode, prepareAuthorization, waitForCode, type Authorization, type PasteSource } from '../oauth/login-flow';
import { OPENAI_CALLBACK_PORT, OPENAI_CLIENT_ID, OPENAI_REDIRECT_URI, openaiEndpoints, type OpenAIEndpoints } from '../oauth/openai-endpoints';
import { parsePastedRedirect, pastedResponseParams } from '../oauth/paste';
import { discover } from '../report/discover';
import { codexCredentialsStore, codexIgnoresAuthFile } from '../sources/codex';
import { writeCodexApiKey } from '../store/codex-writer';
import type { UpdateOptions } from '../store/json-file';
import { OPENAI_TARGETS, saveOpenAiGrant, type OpenAiTarget, type OpenAiTokens, type SavedGrant } from '../store/openai-targets';
import { writeOpencodeEntry } from '../store/opencode-writer';
import { codexAuthFile, codexHome, opencodeAuthFile, tildify, type PathEnv } from '../store/paths';
import { profileId, profilesPath, upsertProfile } from '../store/profiles';
import { preflightWrite } from '../store/preflight';
import { readCredentialFile } from '../store/read-file';
import { asReadable, asWritable, loadClackPrompter } from '../ui/clack-prompter';
import { needsTty, type Prompter } from '../ui/prompter';
import { safePrompter } from '../ui/safe-prompter';
import { terminalSafe } from '../core/terminal-safe';
import { sourceContext } from './context';
import { detectHeadless, type PathProbe } from '../core/session';
import { readLine } from './login-input';
import { checkApiKey } from './login-keys';
import { claimPending, peekPending, PENDING_TTL_MS, savePending } from './login-pending';

export const OPENAI_METHODS = ['browser', 'paste', 'device', 'api-key'] as const;
export const ANTHROPIC_METHODS = ['claude-cli', 'setup-token', 'api-key'] as const;
export const LOGIN_METHODS = ['browser', 'paste', 'device', 'api-key', 'claude-cli', 'setup-token'] as const;

export interface LoginOptions {
  provider?: string | undefined;
  method?: string | undefined;
  /** undefined when --target was not given (codex for a ChatGPT sign-in). */
  target?: string | undefined;
  profile?: string | undefined;
  noBrowser: boolean;
  device: boolean;
  printUrl: boolean;
  complete?: string | undefined;
  /** Minutes, as typed. */
  timeout?: string | undefined;
  force: boolean;
  console: boolean;
  /** --host: sign in here, deliver the grant to that machine over ssh (src/remote/). */
  host?: string | undefined;
}

/** What tests (and the onboarding wizard) may hand in instead of the terminal and the machine. */
export interface LoginIo {
  prompter?: Prompter | undefined;
  probe?: PathProbe | undefined;
}

const DEFAULT_TIMEOUT_MIN = 10;
const PROFILE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

class Ctx {
  private prompterP: Promise<Prompter> | undefined;
  constructor(
    readonly deps: Deps,
    readonly opts: LoginOptions,
    private readonly io: LoginIo,
  ) {}

  get paths(): PathEnv {
    return { home: this.deps.home, env: this.deps.env };
  }

  /** Prompts only with a terminal; the clack adapter is loaded on first use. */
  prompter(): Promise<Prompter> {
    if (this.io.prompter !== undefined) return Promise.resolve(safePrompter(this.io.prompter));
    this.prompterP ??= loadClackPrompter({ input: asReadable(this.deps.stdin), output: asWritable(this.deps.stderr) }).then(safePrompter);
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

  probe(path: string): boolean {
    return (this.io.probe ?? existsSync)(path);
  }
}

export async function run(opts: LoginOptions, deps: Deps, io: LoginIo = {}): Promise<void> {
  const ctx = new Ctx(deps, opts, io);
  const provider = opts.provider ?? (await askProvider(ctx));
  if (provider !== 'openai' && provider !== 'anthropic') throw usageError(`--provider must be openai or anthropic; got "${provider}".`);
  validateFlags(ctx, provider);
  if (opts.host !== undefined) (await import('../remote/login-remote')).checkHostLogin({ host: opts.host, method: effectiveMethod(opts), printUrl: opts.printUrl, complete: opts.complete });
  if (provider === 'openai') await openaiLogin(ctx);
  else await anthropicLogin(ctx);
}

async function askProvider(ctx: Ctx): Promise<string> {
  if (!ctx.deps.interactive) throw needsTty('auth-wizard login needs to know which provider to sign in to', '--provider openai or --provider anthropic');
  const p = await ctx.prompter();
  return p.select({
    message: 'Sign in to which provider?',
    options: [
      { value: 'openai', label: 'OpenAI', hint: 'ChatGPT sign-in for Codex CLI / OpenCode, or an API key' },
      { value: 'anthropic', label: 'Anthropic', hint: 'Claude Code sign-in, a setup-token, or an API key' },
    ],
  });
}

function validateFlags(ctx: Ctx, provider: 'openai' | 'anthropic'): void {
  const o = ctx.opts;
  const method = effectiveMethod(o);
  if (o.device && o.method !== undefined && o.method !== 'device') throw usageError(`--device and --method ${o.method} ask for different sign-ins; give one.`);
  if (o.printUrl && o.complete !== undefined) throw usageError('--print-url starts a two-phase sign-in and --complete finishes it; give one of them.');
  if ((o.printUrl || o.complete !== undefined) && method !== undefined && method !== 'browser' && method !== 'paste') {
    throw usageError(`--${o.printUrl ? 'print-url' : 'complete'} is a browser sign-in; it does not go with --method ${method}.`);
  }
  if (provider === 'anthropic') {
    for (const [flag, on] of [['device', o.device], ['print-url', o.printUrl], ['complete', o.complete !== undefined], ['no-browser', o.noBrowser], ['target', o.target !== undefined], ['timeout', o.timeout !== undefined]] as const) {
      if (on) throw usageError(`--${flag} is for --provider openai; Anthropic sign-in runs through Claude Code's own CLI (--method claude-cli), a setup-token or an API key.`);
    }
    if (method !== undefined && !(ANTHROPIC_METHODS as readonly string[]).includes(method)) {
      throw usageError(`--method ${method} is not an Anthropic sign-in; use one of ${ANTHROPIC_METHODS.join(', ')}.`, 'auth-wizard login --help');
    }
  } else {
    if (method !== undefined && !(OPENAI_METHODS as readonly string[]).includes(method)) {
      throw usageError(`--method ${method} is not an OpenAI sign-in; use one of ${OPENAI_METHODS.join(', ')}.`, 'auth-wizard login --help');
    }
    if (o.console) throw usageError('--console goes with --provider anthropic --method claude-cli.');
    if (o.target !== undefined && !(OPENAI_TARGETS as readonly string[]).includes(o.target)) throw usageError(`--target must be one of ${OPENAI_TARGETS.join(', ')}; got "${o.target}".`);
    // One grant, one store: a profile name only means something in auth-wizard's store.
    if (o.profile !== undefined && method !== 'api-key' && o.target !== 'auth-wizard' && o.complete === undefined) {
      throw usageError('--profile names a profile in auth-wizard\'s store; add --target auth-wizard (Codex and OpenCode keep a single OpenAI sign-in).');
    }
  }
  if (o.console && method !== 'claude-cli' && method !== undefined) throw usageError('--console goes with --method claude-cli.');
  if (o.profile !== undefined && !PROFILE_RE.test(o.profile)) throw usageError('--profile must be letters, digits, ".", "_" or "-" (up to 64), e.g. work.');
  timeoutMs(o); // validates
}

function effectiveMethod(o: LoginOptions): string | undefined {
  return o.device ? 'device' : o.method;
}

function timeoutMs(o: LoginOptions): number {
  if (o.timeout === undefined) return DEFAULT_TIMEOUT_MIN * 60_000;
  const m = Number(o.timeout);
  if (!Number.isFinite(m) || m <= 0 || m > 120) throw usageError(`--timeout is in minutes, more than 0 and at most 120; got "${o.timeout}".`);
  return Math.round(m * 60_000);
}

// ---------------------------------------------------------------------------
// OpenAI

async function openaiLogin(ctx: Ctx): Promise<void> {
  const o = ctx.opts;
  const endpoints = openaiEndpoints(ctx.deps.env);
  if (o.complete !== undefined) return completeTwoPhase(ctx, endpoints, o.complete);
  if (o.printUrl) return printUrl(ctx, endpoints);
  const method = effectiveMethod(o) ?? 'browser';
  // A relative CODEX_HOME & co. is an error (store/paths.ts): say so before a code is exchanged, not after.
  if (method !== 'api-key' && o.host === undefined) targetPath(ctx, openaiTarget(ctx));
  switch (method) {
    case 'device':
      return deviceLogin(ctx, endpoints);
    case 'api-key':
      return apiKeyLogin(ctx, 'openai');
    case 'paste':
      return browserLogin(ctx, endpoints, { launch: false, listen: false, reason: '--method paste' });
    default: {
      const verdict = o.noBrowser ? { headless: true, reason: '--no-browser was given' } : detectHeadless(ctx.deps.env, ctx.deps.platform, (p) => ctx.probe(p));
      return browserLogin(ctx, endpoints, { launch: !verdict.headless, listen: true, reason: verdict.reason });
    }
  }
}

function openaiTarget(ctx: Ctx): OpenAiTarget {
  return (ctx.opts.target as OpenAiTarget | undefined) ?? 'codex';
}

/**
 * The loopback redirect. The string must be exactly the one OpenAI registered;
 * AUTH_WIZARD_CALLBACK_PORT moves it for tests and for a test issuer that
 * registered another port (the real issuer accepts only 1455).
 */
function callback(ctx: Ctx): { port: number; redirectUri: string } {
  const raw = ctx.deps.env.AUTH_WIZARD_CALLBACK_PORT?.trim();
  if (raw === undefined || raw === '') return { port: OPENAI_CALLBACK_PORT, redirectUri: OPENAI_REDIRECT_URI };
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`AUTH_WIZARD_CALLBACK_PORT must be a port number (1-65535); got "${raw}".`);
  return { port, redirectUri: `http://localhost:${port}/auth/callback` };
}

function duration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} min` : `${Math.round(ms / 1000)} s`;
}

const SPINNER_FRAMES = ['◒', '◐', '◓', '◑'];

/** "9:41" for the time until `deadline`. */
function timeLeft(deadline: number, now: number): string {
  const s = Math.max(0, Math.ceil((deadline - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function pasteSource(ctx: Ctx, auth: Authorization, alongsideBrowser: boolean, deadline: number): PasteSource {
  return async (signal) => {
    if (ctx.deps.interactive) {
      const p = await ctx.prompter();
      let frame = 0;
      const line = await p.text({
        message: alongsideBrowser ? 'If the browser is on another machine, paste the address it ended on:' : 'Paste the address the browser ended on:',
        // The wait, visible: a spinner and the time left, with the paste prompt beside them.
        live: () => {
          const spin = SPINNER_FRAMES[frame++ % SPINNER_FRAMES.length];
          const left = timeLeft(deadline, ctx.deps.now());
          return alongsideBrowser
            ? `${spin} Waiting for the browser (${left} left). Or paste the address it ends on:`
            : `${spin} Paste the address the browser ended on (${left} left):`;
        },
        placeholder: `${auth.redirectUri}?code=…`,
        signal,
        // A mis-paste may be corrected; a refusal from the server (error=…, with
        // the right state) ends the attempt below.
        validate: (v) => {
          try {
            parsePastedRedirect(v, auth.state);
            return undefined;
          } catch (e) {
            return isAppError(e) && e.code === 'oauth' ? undefined : isAppError(e) ? e.message : 'That is not a sign-in address.';
          }
        },
      });
      return parsePastedRedirect(line, auth.state);
    }
    const line = await readLine(ctx.deps.stdin, signal);
    return line === undefined ? undefined : parsePastedRedirect(line, auth.state);
  };
}

async function browserLogin(ctx: Ctx, endpoints: OpenAIEndpoints, mode: { launch: boolean; listen: boolean; reason: string }): Promise<void> {
  const { deps } = ctx;
  const target = openaiTarget(ctx);
  await preflightTarget(ctx, target);
  const cb = callback(ctx);
  const auth = prepareAuthorization({ endpoints, redirectUri: cb.redirectUri, randomBytes: (n) => deps.randomBytes(n) });
  const wait = timeoutMs(ctx.opts);
  const deadline = deps.now() + wait;
  const pasteHow = deps.interactive ? 'paste it below' : 'paste it on stdin';

  if (mode.launch) {
    ctx.say('Opening your browser to sign in to ChatGPT. If it does not open, visit:');
    ctx.say();
    ctx.say(`  ${auth.url}`);
    ctx.say();
  } else {
    ctx.say('To sign in to ChatGPT, open this address in a browser (on any machine):');
    ctx.say();
    ctx.say(`  ${auth.url}`);
    ctx.say();
    if (mode.listen) {
      ctx.say(`auth-wizard did not open a browser here (${mode.reason}). After you sign in, the browser goes to`);
      ctx.say(`${cb.redirectUri}?code=…. Two ways to finish:`);
      ctx.say(`  1. Paste that whole address here. On a machine where nothing listens on port ${cb.port} the page shows`);
      ctx.say('     an error; the address bar still holds what is needed.');
      ctx.say('  2. Or forward the port before signing in, and it finishes by itself:');
      ctx.say(`       ssh -L ${cb.port}:localhost:${cb.port} <this host>`);
    } else {
      ctx.say(`After you sign in, the browser goes to ${cb.redirectUri}?code=… (it may show an error page).`);
      ctx.say(`Copy the whole address from the address bar and ${pasteHow}.`);
    }
    ctx.say();
  }

  let portBusy = false;
  const { code, via } = await waitForCode({
    auth,
    listen: mode.listen ? { port: cb.port } : undefined,
    paste: pasteSource(ctx, auth, mode.launch, deadline),
    timeoutMs: wait,
    onListenFailed: (e) => {
      portBusy = true;
      const why = e.code === 'port_busy' ? `port 127.0.0.1:${cb.port} is in use by another program` : 'the callback listener could not start';
      ctx.say(`The browser's answer cannot reach auth-wizard directly: ${why}.`);
      ctx.say(`Finish by pasting instead: after signing in, copy the whole address from the browser's address bar and ${pasteHow}.`);
      ctx.say();
    },
    onCancelRequest: () => ctx.say('Another sign-in asked this one to stop (GET /cancel).'),
    onReady: async () => {
      if (mode.launch) {
        try {
          await deps.openBrowser(auth.url);
        } catch (e) {
          ctx.say(`Could not open a browser (${e instanceof Error ? e.message : String(e)}); open the address above yourself.`);
        }
      }
      // At a terminal the paste prompt shows the wait and its countdown itself.
      if (deps.interactive) return;
      const upTo = `up to ${duration(wait)}`;
      if (!mode.listen || portBusy) ctx.say(`Waiting ${upTo} for the address on stdin.`);
      else if (mode.launch) ctx.say(`Waiting for the browser (${upTo}). If it runs on another machine, paste the address it ends on to stdin.`);
      else ctx.say(`Waiting ${upTo} for the address on stdin or the forwarded callback.`);
    },
  });
  ctx.say(via === 'callback' ? 'The browser finished the sign-in; fetching tokens…' : 'Got the address; fetching tokens…');
  await checkTargetWritable(ctx, target); // again: the wait may have taken minutes
  const tokens = await exchangeCode({ fetch: deps.fetch, now: deps.now, endpoints, code, verifier: auth.verifier, redirectUri: auth.redirectUri });
  await saveAndReport(ctx, target, tokens);
}

/**
 * The writer's own refusals (a corrupt file, a folder we cannot write), asked
 * before the code is exchanged: the code is single-use and the server issues
 * the grant as it is exchanged, so a write refused afterwards would burn it.
 */
async function checkTargetWritable(ctx: Ctx, target: OpenAiTarget | 'anthropic'): Promise<void> {
  if (ctx.opts.host !== undefined) return (await import('../remote/login-remote')).checkHostTarget(ctx.deps, ctx.opts.host, target, ctx.opts.force);
  if (target === 'anthropic') return preflightWrite(profilesPath(ctx.paths), { force: ctx.opts.force });
  await preflightWrite(targetPath(ctx, target), { force: ctx.opts.force });
}

/** Fails early (before any sign-in) when the target could not be written anyway. */
async function preflightTarget(ctx: Ctx, target: OpenAiTarget): Promise<void> {
  await checkTargetWritable(ctx, target);
  if (target !== 'codex' || ctx.opts.host !== undefined) return;
  const config = await readCredentialFile(join(codexHome(ctx.paths), 'config.toml'));
  const mode = config.kind === 'ok' ? codexCredentialsStore(config.text) : undefined;
  if (codexIgnoresAuthFile(mode)) {
    ctx.say(`Note: Codex is set to keep its sign-in in the OS keyring (cli_auth_credentials_store = "${mode}") and will ignore auth.json.`);
    ctx.say('      Set cli_auth_credentials_store = "file" in config.toml for Codex to use this sign-in, or choose --target opencode|auth-wizard.');
    ctx.say();
  }
}

const TARGET_NAMES: Record<OpenAiTarget, string> = { codex: 'Codex CLI', opencode: 'OpenCode', 'auth-wizard': "auth-wizard's store" };

function targetPath(ctx: Ctx, target: OpenAiTarget): string {
  return target === 'codex' ? codexAuthFile(ctx.paths) : target === 'opencode' ? opencodeAuthFile(ctx.paths) : profilesPath(ctx.paths);
}

async function saveAndReport(ctx: Ctx, target: OpenAiTarget, tokens: OpenAiTokens, profile = ctx.opts.profile): Promise<SavedGrant> {
  // Codex refuses an auth.json without a parseable id_token (docs/interop.md §3).
  if (target === 'codex' && (tokens.idToken === undefined || tokens.idToken.split('.').length < 3)) {
    throw new AppError('oauth', "The sign-in server's answer has no usable id_token, which Codex requires. Nothing was written.");
  }
  const remote = ctx.opts.host === undefined ? undefined : await (await import('../remote/login-remote')).deliver(ctx.deps, ctx.opts.host, { kind: 'openai-oauth', target, profile, force: ctx.opts.force, tokens });
  const saved: SavedGrant = remote !== undefined ? { ...remote, target, expiresAt: remote.expiresAt !== undefined ? Date.parse(remote.expiresAt) : undefined } : await saveOpenAiGrant(ctx.paths, target, tokens, { ...ctx.saveOpts(ctx.deps.now()), profileName: profile });
  const where = `${TARGET_NAMES[target]} (${remote !== undefined ? `${remote.path} on ${ctx.opts.host}` : ctx.tilde(targetPath(ctx, target))}${target === 'codex' ? '' : `, entry ${saved.entry}`})${remote !== undefined ? '; nothing was written on this machine' : ''}`;
  ctx.result(`✓ Signed in to ChatGPT${saved.email !== undefined ? ` as ${saved.email}` : ''}`);
  if (saved.accountId !== undefined) ctx.result(`  account   ${saved.accountId}`);
  if (saved.plan !== undefined) ctx.result(`  plan      ${saved.plan}`);
  if (saved.expiresAt !== undefined) ctx.result(`  expires   ${new Date(saved.expiresAt).toISOString()} (the access token; ${target === 'auth-wizard' ? '`auth-wizard refresh`' : TARGET_NAMES[target]} renews it)`);
  ctx.result(`  saved to  ${where}`);
  const others = OPENAI_TARGETS.filter((t) => t !== target);
  ctx.say(`One sign-in is one grant in one store. For ${others.map((t) => TARGET_NAMES[t]).join(' or ')}, sign in again with --target ${others.join('|')}.`);
  return saved;
}

// --- two-phase -------------------------------------------------------------

async function printUrl(ctx: Ctx, endpoints: OpenAIEndpoints): Promise<void> {
  const target = openaiTarget(ctx);
  await preflightTarget(ctx, target);
  const cb = callback(ctx);
  const auth = prepareAuthorization({ endpoints, redirectUri: cb.redirectUri, randomBytes: (n) => ctx.deps.randomBytes(n) });
  const now = ctx.deps.now();
  const path = await savePending(ctx.paths, {
    state: auth.state,
    verifier: auth.verifier,
    redirectUri: auth.redirectUri,
    issuer: endpoints.issuer,
    target,
    profile: ctx.opts.profile,
    createdAt: now,
    expiresAt: now + PENDING_TTL_MS,
  });
  ctx.result(auth.url);
  ctx.say();
  ctx.say(`Open the address above in a browser and sign in; within ${PENDING_TTL_MS / 60_000} minutes, finish with`);
  ctx.say(`  auth-wizard login --provider openai --complete '<the address the browser ended on>'`);
  ctx.say(`(or --complete - to read it from stdin). The sign-in will be saved to ${TARGET_NAMES[target]}; its one-time secret is in ${ctx.tilde(path)}.`);
}

async function completeTwoPhase(ctx: Ctx, endpoints: OpenAIEndpoints, given: string): Promise<void> {
  let input = given;
  if (given === '-') {
    const line = await readLine(ctx.deps.stdin);
    if (line === undefined) throw usageError('--complete - reads the address from stdin, and stdin was empty.');
    input = line;
  }
  const state = pastedResponseParams(input).get('state');
  if (state === null || state === '') {
    throw new AppError('state_mismatch', 'The address has no state, so it cannot be matched to a pending sign-in. Its code was not sent anywhere and nothing was written.');
  }
  // Before the claim: a target that must be refused leaves the attempt to finish once it is fixed.
  const peeked = await peekPending(ctx.paths, state);
  if (peeked !== undefined) await checkTargetWritable(ctx, peeked.target);
  const pending = await claimPending(ctx.paths, state, ctx.deps.now());
  const { code } = parsePastedRedirect(input, pending.state);
  if (pending.issuer !== endpoints.issuer) {
    throw new AppError('usage', `This sign-in was started against ${pending.issuer} but AUTH_WIZARD_OPENAI_ISSUER now points to ${endpoints.issuer}. Nothing was written; start again.`);
  }
  const target = pending.target;
  if (ctx.opts.target !== undefined && ctx.opts.target !== target) {
    throw usageError(`This sign-in was started with --target ${target}; --complete cannot change it. Start again with --print-url --target ${ctx.opts.target}.`);
  }
  ctx.say('Got the address; fetching tokens…');
  await checkTargetWritable(ctx, target);
  const tokens = await exchangeCode({ fetch: ctx.deps.fetch, now: ctx.deps.now, endpoints, code, verifier: pending.verifier, redirectUri: pending.redirectUri });
  await saveAndReport(ctx, target, tokens, pending.profile ?? ctx.opts.profile);
}

// --- device code -----------------------------------------------------------

async function deviceLogin(ctx: Ctx, endpoints: OpenAIEndpoints): Promise<void> {
  const { deps } = ctx;
  const target = openaiTarget(ctx);
  await preflightTarget(ctx, target);
  const device = await requestDeviceCode({ fetch: deps.fetch, endpoints, clientId: OPENAI_CLIENT_ID, now: deps.now });
  ctx.say('To sign in to ChatGPT with a code:');
  ctx.say(`  1. Open ${device.verificationUrl} in a browser on any device and sign in.`);
  ctx.say(`  2. Enter this code:  ${device.userCode}`);
  ctx.say("Device-code sign-in must be turned on in ChatGPT's security settings.");
  // At a terminal the wait shows itself: a spinner and the time the code has left.
  const spin = deps.interactive ? (await ctx.prompter()).spinner() : undefined;
  const waiting = () => `Waiting for approval (${timeLeft(device.expiresAt, deps.now())} left)`;
  let timer: NodeJS.Timeout | undefined;
  if (spin !== undefined) {
    spin.start(waiting());
    timer = setInterval(() => spin.message(waiting()), 1000);
  } else {
    ctx.say(`Waiting for approval (the code is good until ${new Date(device.expiresAt).toISOString().slice(11, 16)} UTC).`);
  }
  let grant: Awaited<ReturnType<typeof pollDeviceAuthorization>>;
  try {
    grant = await pollDeviceAuthorization({
      fetch: deps.fetch,
      endpoints,
      device,
      now: deps.now,
      sleep: deps.sleep,
      onSlowDown: (ms) => (spin !== undefined ? spin.message(`${waiting()}; polling every ${ms / 1000} s now`) : ctx.say(`The server asked to poll more slowly; now every ${ms / 1000} s.`)),
    });
  } catch (e) {
    spin?.error('Not approved');
    throw e;
  } finally {
    clearInterval(timer);
  }
  spin?.stop('Approved');
  ctx.say('Approved; fetching tokens…');
  await checkTargetWritable(ctx, target); // again: the approval may have taken minutes
  const tokens = await exchangeCode({ fetch: deps.fetch, now: deps.now, endpoints, code: grant.authorizationCode, verifier: grant.codeVerifier, redirectUri: endpoints.deviceRedirectUri });
  await saveAndReport(ctx, target, tokens);
}

// --- secrets from the user -------------------------------------------------

/** One secret: hidden prompt with a terminal, else one line of stdin. Never echoed. */
async function askSecret(ctx: Ctx, q: { message: string; check: (v: string) => string | undefined; supply: string }): Promise<string> {
  const { deps } = ctx;
  if (deps.interactive) {
    const p = await ctx.prompter();
    const v = await p.password({ message: q.message, validate: (raw) => q.check(cleanPaste(raw)) });
    return cleanPaste(v);
  }
  // A terminal on stdin without one on stdout: reading would echo the secret.
  if (deps.stdin.isTTY === true) throw needsTty(`${q.message.replace(/:$/, '')} is needed`, q.supply);
  const line = await readLine(deps.stdin);
  if (line === undefined) throw needsTty(`${q.message.replace(/:$/, '')} is needed and stdin was empty`, q.supply);
  const value = cleanPaste(line);
  const problem = q.check(value);
  if (problem !== undefined) throw new AppError('usage', `${problem} Nothing was saved.`);
  return value;
}

async function apiKeyLogin(ctx: Ctx, provider: 'openai' | 'anthropic'): Promise<void> {
  const target = ctx.opts.target as OpenAiTarget | undefined;
  // Every file this writes, resolved first: a relative folder variable fails before the first one is written.
  profilesPath(ctx.paths);
  if (target !== undefined) targetPath(ctx, target);
  const key = await askSecret(ctx, {
    message: provider === 'openai' ? 'OpenAI API key:' : 'Anthropic API key:',
    check: (v) => checkApiKey(provider, v),
    supply: `the key on stdin (e.g. \`printenv ${provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'} | auth-wizard login --provider ${provider} --method api-key\`)`,
  });
  const now = ctx.deps.now();
  const id = profileId(provider, ctx.opts.profile ?? 'default');
  await upsertProfile(ctx.paths, id, { type: 'api_key', provider, key }, ctx.saveOpts(now));
  ctx.result(`✓ Saved the ${provider === 'openai' ? 'OpenAI' : 'Anthropic'} API key as ${id} in ${ctx.tilde(profilesPath(ctx.paths))}`);
  if (target === 'codex') {
    await writeCodexApiKey(ctx.paths, key, ctx.saveOpts(now));
    ctx.result(`  and as Codex CLI's OPENAI_API_KEY (${ctx.tilde(codexAuthFile(ctx.paths))}); Codex now uses the key instead of a ChatGPT sign-in.`);
  } else if (target === 'opencode') {
    await writeOpencodeEntry(ctx.paths, 'openai', { type: 'api', key }, ctx.saveOpts(now));
    ctx.result(`  and as OpenCode's openai entry (${ctx.tilde(opencodeAuthFile(ctx.paths))}).`);
  } else {
    const v = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    ctx.say(`Tools read it through ${v}: eval "$(auth-wizard env --provider ${provider})".${provider === 'openai' ? ' (--target codex puts it in Codex\'s auth.json instead.)' : ''}`);
  }
}

// ---------------------------------------------------------------------------
// Anthropic

async function anthropicLogin(ctx: Ctx): Promise<void> {
  const method = ctx.opts.method ?? (await askAnthropicMethod(ctx));
  if (ctx.opts.console && method !== 'claude-cli') throw usageError('--console goes with --method claude-cli.');
  switch (method) {
    case 'claude-cli':
      return claudeCliLogin(ctx);
    case 'setup-token':
      return setupTokenLogin(ctx);
    case 'api-key':
      return apiKeyLogin(ctx, 'anthropic');
    default:
      throw usageError(`--method ${method} is not an Anthropic sign-in; use one of ${ANTHROPIC_METHODS.join(', ')}.`);
  }
}

async function askAnthropicMethod(ctx: Ctx): Promise<string> {
  if (!ctx.deps.interactive) throw needsTty('Anthropic sign-in needs a method', '--method claude-cli, --method setup-token or --method api-key');
  const p = await ctx.prompter();
  return p.select({
    message: 'How do you want to sign in to Anthropic?',
    options: [
      { value: 'claude-cli', label: 'Sign in with Claude Code', hint: 'runs `claude auth login` (Pro/Max, or --console for API billing)' },
      { value: 'setup-token', label: 'Paste a setup-token', hint: 'from `claude setup-token`; good for a year, for headless machines' },
      { value: 'api-key', label: 'Anthropic API key', hint: 'sk-ant-api03-…' },
    ],
  });
}

async function claudeCliLogin(ctx: Ctx): Promise<void> {
  const { deps } = ctx;
  const args = ctx.opts.console ? 'claude auth login --console' : 'claude auth login';
  if (!deps.interactive) {
    throw new AppError('needs_tty', `\`${args}\` signs in through a browser and needs a terminal, and there is none.`, {
      hint: 'run this in a terminal, or use --method setup-token (a token from `claude setup-token`, read from stdin)',
    });
  }
  if (ctx.opts.host !== undefined) {
    await (await import('../remote/login-remote')).claudeLoginOn(deps, ctx.opts.host, ctx.opts.console, (s) => ctx.say(s));
    return ctx.result(`✓ Claude Code's sign-in finished on ${ctx.opts.host}; see it with \`auth-wizard status --host ${ctx.opts.host}\`.`);
  }
  ctx.say(`Handing the terminal to Claude Code: ${args}`);
  await runClaudeLogin(deps.exec, { console: ctx.opts.console });
  // Read back what Claude Code wrote; auth-wizard never stores or refreshes these (protocols.md §0).
  const report = await discover(sourceContext(deps), deps.now(), { provider: 'anthropic' });
  const cred = report.credentials.find((c) => c.source === 'claude-code' && c.usable);
  if (cred !== undefined) {
    ctx.result(`✓ Claude Code is signed in${cred.email !== undefined ? ` as ${cred.email}` : ''}${cred.plan !== undefined ? ` (${cred.plan})` : ''}`);
    ctx.result(`  credentials  ${cred.path.startsWith('keychain:') ? cred.path : ctx.tilde(cred.path)}`);
    if (cred.usedBy.length === 0 && cred.shadowedBy.length > 0) {
      ctx.say(`Note: Claude Code will use ${cred.shadowedBy.map((s) => s.by).join(', ')} first (it wins over a stored sign-in); see \`auth-wizard status\`.`);
    }
    return;
  }
  const status = await claudeAuthStatus(deps.exec);
  if (status?.loggedIn === true) {
    ctx.result(`✓ Claude Code is signed in (${status.authMethod ?? 'signed in'}${status.email !== undefined ? `, ${status.email}` : ''}${status.subscriptionType !== undefined ? `, ${status.subscriptionType}` : ''})`);
    return;
  }
  throw new AppError('auth_needed', `\`${args}\` finished, but Claude Code shows no sign-in.`, { hint: 'run `claude auth status` to see why, then try again' });
}

async function setupTokenLogin(ctx: Ctx): Promise<void> {
  if (ctx.opts.host !== undefined) await checkTargetWritable(ctx, 'anthropic');
  ctx.say('A setup-token lets Claude Code use your Claude subscription on a machine without a browser.');
  ctx.say('Run `claude setup-token` on any machine with a browser and Claude Code installed; it signs in and');
  ctx.say(`prints a token starting ${SETUP_TOKEN_PREFIX} that is good for one year (inference only, no refresh).`);
  ctx.say(ctx.deps.interactive ? 'Paste it here (it is not shown).' : 'Reading it from stdin.');
  const token = await askSecret(ctx, {
    message: 'setup-token:',
    check: checkSetupToken,
    supply: 'the token on stdin (e.g. `pbpaste | auth-wizard login --provider anthropic --method setup-token`)',
  });
  const now = ctx.deps.now();
  const id = profileId('anthropic', ctx.opts.profile ?? 'default');
  const expires = now + SETUP_TOKEN_LIFETIME_MS;
  const remote = ctx.opts.host === undefined ? undefined : await (await import('../remote/login-remote')).deliver(ctx.deps, ctx.opts.host, { kind: 'anthropic-setup-token', profile: ctx.opts.profile, force: ctx.opts.force, token, expires });
  if (remote === undefined) await upsertProfile(ctx.paths, id, { type: 'token', provider: 'anthropic', token, expires }, ctx.saveOpts(now));
  const where = remote !== undefined ? `${remote.path} on ${ctx.opts.host} (nothing was written on this machine)` : ctx.tilde(profilesPath(ctx.paths));
  ctx.result(`✓ Saved the setup-token as ${id} in ${where} (good until about ${new Date(expires).toISOString().slice(0, 10)})`);
  ctx.result('  Claude Code uses it through CLAUDE_CODE_OAUTH_TOKEN (it wins over a stored /login sign-in):');
  ctx.result('    eval "$(auth-wizard env --provider anthropic)"');
}
