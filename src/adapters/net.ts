// The network and browser halves of the real Deps, in their own bundle: they
// are the only code that loads undici or open (with a native import(), since
// open is ESM-only), and `status` never needs them. Keeping every import() of a
// package out of dist/cli.js also lets bin/ run that bundle from V8's code cache
// (a vm.Script), where a native import() would need an experimental loader hook.
import { usageError } from '../errors';
import { proxyEnvProblem } from './proxy-env';

/** HTTP through undici; the EnvHttpProxyAgent is made once per process. */
export function createFetch(env: Readonly<Record<string, string | undefined>>): (url: string | URL, init?: RequestInit & { timeoutMs?: number }) => Promise<Response> {
  let dispatcher: unknown;
  return async (url, init = {}) => {
    // Before undici, whose constructor would throw a bare "Invalid URL"; nothing has been sent yet.
    const proxyProblem = dispatcher === undefined ? proxyEnvProblem(env) : undefined;
    if (proxyProblem !== undefined) throw usageError(proxyProblem);
    const undici = await import('undici');
    // EnvHttpProxyAgent reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case).
    dispatcher ??= new undici.EnvHttpProxyAgent({ connect: { timeout: 15_000 }, headersTimeout: 30_000, bodyTimeout: 30_000 });
    // `rest` carries the caller's `redirect: 'manual'` (sign-in requests never
    // follow a 3xx, src/oauth/no-redirect.ts): fetch, not the dispatcher, follows
    // redirects, so the proxy path keeps it (test/hostile-issuer.test.ts).
    const { timeoutMs, ...rest } = init;
    const signal = rest.signal ?? AbortSignal.timeout(timeoutMs ?? 30_000);
    const res = await undici.fetch(url, { ...(rest as object), signal, dispatcher } as Parameters<typeof undici.fetch>[1]);
    return res as unknown as Response;
  };
}

/** Opens `url` with $BROWSER when set (the convention: a command, the URL last), else the system's opener. */
export async function openBrowser(url: string, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const browser = env.BROWSER;
  if (browser !== undefined && browser.trim() !== '' && browser !== 'none') {
    const [cmd, ...args] = browser.trim().split(/\s+/);
    const { spawn } = await import('node:child_process');
    const child = spawn(cmd ?? browser, [...args, url], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return;
  }
  const { default: open } = await import('open');
  await open(url);
}
