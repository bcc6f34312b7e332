// Sign-in through a tool's own CLI (`gemini`, `kimi login`, `copilot login`,
// …), for the providers whose tools auth-wizard only reads: the terminal is
// handed over as for `claude auth login`, the exit code mapped, and what the
// tool wrote is read back through its store's discover. auth-wizard runs no
// OAuth flow of its own for these providers (docs/security.md).
import { detectHeadless } from '../core/session';
import { AppError, usageError } from '../errors';
import { discover } from '../report/discover';
import { signInArgs, signInCommand, type SignInStore, type ToolProvider } from '../stores/tool-sign-in';
import { sourceContext } from './context';
import type { LoginCtx } from './login-context';

/** Flags that belong to the OpenAI or Anthropic sign-ins, not to a tool's own CLI. */
const NOT_FOR_TOOLS = ['device', 'print-url', 'complete', 'target', 'timeout', 'console', 'profile', 'force'] as const;

function checkToolFlags(ctx: LoginCtx, tp: ToolProvider): void {
  const o = ctx.opts;
  const on: Record<(typeof NOT_FOR_TOOLS)[number], boolean> = {
    device: o.device,
    'print-url': o.printUrl,
    complete: o.complete !== undefined,
    target: o.target !== undefined,
    timeout: o.timeout !== undefined,
    console: o.console,
    profile: o.profile !== undefined,
    force: o.force,
  };
  const names = tp.stores.map((s) => s.name).join(' or ');
  for (const flag of NOT_FOR_TOOLS) {
    if (on[flag]) throw usageError(`--${flag} does not go with --provider ${tp.provider}: its sign-in runs through ${names}'s own CLI.`, 'auth-wizard login --help');
  }
  if (o.method !== undefined && o.method !== 'tool-cli') {
    throw usageError(`--method ${o.method} is not a ${tp.provider} sign-in; --provider ${tp.provider} signs in through ${names}'s own CLI (--method tool-cli, the default).`, 'auth-wizard login --help');
  }
}

/** The store whose CLI is installed (the first such), else the first that offers the provider. */
function pickStore(ctx: LoginCtx, tp: ToolProvider): SignInStore {
  const installed = tp.stores.find((s) => ctx.deps.onPath(s.signIn.bin));
  return installed ?? tp.stores[0]!;
}

export async function toolLogin(ctx: LoginCtx, tp: ToolProvider): Promise<void> {
  checkToolFlags(ctx, tp);
  const { deps } = ctx;
  const store = pickStore(ctx, tp);
  const command = signInCommand(store, tp.provider);
  const notInstalled = (): AppError =>
    new AppError('missing_tool', `${store.name} (the \`${store.signIn.bin}\` command) is not installed or not on PATH, so its sign-in (\`${command}\`) cannot run.`, {
      hint: store.signIn.install !== undefined ? `install it with \`${store.signIn.install}\`, then run this again` : `install ${store.name}, then run this again`,
    });
  if (!deps.onPath(store.signIn.bin)) throw notInstalled();
  if (!deps.interactive) {
    throw new AppError('needs_tty', `\`${command}\` signs in in a terminal, and there is none.`, { hint: `run \`auth-wizard login --provider ${tp.provider}\` (or \`${command}\`) in a terminal` });
  }
  const verdict = ctx.opts.noBrowser ? { headless: true, reason: '--no-browser was given' } : detectHeadless(deps.env, deps.platform, (p) => deps.exists(p));
  const extraEnv = verdict.headless ? (store.signIn.headlessEnv ?? {}) : {};
  // Said before the tool takes the terminal: once it runs, its own screen is all the user sees.
  if (verdict.headless && store.signIn.headless !== undefined) ctx.say(`No browser here can reach this machine (${verdict.reason}). ${store.name}: ${store.signIn.headless}.`);
  const shown = [...Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`), command].join(' ');
  ctx.say(`Handing the terminal to ${store.name}: ${shown}`);
  // The user's environment as given (HOME, the tool's folder variables), plus the headless switch.
  const r = await deps.exec(store.signIn.bin, [...signInArgs(store, tp.provider)], { inheritStdio: true, env: { ...deps.env, ...extraEnv } });
  if (r.notFound === true) throw notInstalled();
  if (r.code !== 0) {
    throw new AppError('auth_needed', `\`${command}\` ended with ${r.code === null ? 'a signal' : `exit code ${r.code}`}; auth-wizard changed nothing of ${store.name}'s.`, {
      hint: `run \`${command}\` again, or \`auth-wizard status --provider ${tp.provider}\` to see what is there`,
    });
  }
  if (store.signIn.unreadableResult !== undefined) {
    ctx.result(`✓ \`${command}\` finished.`);
    ctx.result(`  ${store.signIn.unreadableResult}`);
    return;
  }
  // Read back what the tool wrote; auth-wizard never writes these stores.
  const report = await discover(sourceContext(deps), deps.now(), { provider: tp.provider });
  const mine = report.credentials.filter((c) => c.source === store.id);
  const cred = mine.find((c) => c.usable && c.inactive === undefined) ?? mine.find((c) => c.usable);
  if (cred !== undefined) {
    const who = cred.email ?? cred.accountId;
    ctx.result(`✓ ${store.name} is signed in${who !== undefined ? ` as ${who}` : ''}${cred.plan !== undefined ? ` (${cred.plan})` : ''}`);
    ctx.result(`  credentials  ${cred.path.startsWith('keychain:') ? cred.path : ctx.tilde(cred.path)}`);
    const tool = store.tools[0];
    if (tool !== undefined && !cred.usedBy.includes(tool)) {
      const first = cred.shadowedBy.filter((s) => s.tool === tool).map((s) => s.by);
      ctx.say(`Note: ${store.name} will ${first.length > 0 ? `use ${first.join(', ')} first` : 'not use this sign-in as it is set up now'}; see \`auth-wizard status --provider ${tp.provider}\`.`);
    }
    return;
  }
  const seen = mine[0];
  throw new AppError('auth_needed', `\`${command}\` finished, but ${store.name} shows no usable sign-in${seen !== undefined ? `: ${ctx.tilde(seen.path)} is ${seen.state}${seen.reason !== undefined ? ` (${seen.reason})` : ''}` : ''}.`, {
    hint: `run \`${command}\` again, or \`auth-wizard status --provider ${tp.provider}\` to see what is there`,
  });
}
