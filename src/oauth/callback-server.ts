// The loopback redirect listener for the browser sign-in (RFC 8252 §7.3):
// bound to 127.0.0.1 (and ::1 when possible) only, open for one attempt, path
// taken from the redirect URI, closed within a second of the outcome.
import { request as httpRequest, createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, isAppError } from '../errors.js';
import { spokenDuration } from '../core/duration.js';
import { callbackHandler, loopbackHost, type Handler } from './callback-pages.js';

export { escapeHtml, renderPage } from './callback-pages.js';

export interface CallbackServerOptions {
  /** The registered redirect URI; its pathname is the only callback path served. */
  redirectUri: string;
  expectedState: string;
  timeoutMs: number;
  signal?: AbortSignal;
  host?: '127.0.0.1';
  /** Overrides the redirect URI's port (tests: 0 picks a free one). */
  port?: number;
  /** Called when another sign-in sent GET /cancel and this listener gave up. */
  onCancelRequest?: () => void;
  /** Bind retries after a busy port, as Codex does (10 × 200 ms). */
  bindAttempts?: number;
  bindRetryDelayMs?: number;
}

export interface CallbackServer {
  /** The port actually bound (differs from the redirect URI's only when overridden). */
  port: number;
  /** The loopback addresses listened on: 127.0.0.1, plus ::1 when it was free. */
  addresses: readonly string[];
  /** The authorization code, or the reason the wait ended. Rejections are AppErrors. */
  result: Promise<{ code: string }>;
  /** Stops listening and drops every connection; idempotent; resolves once closed. */
  close(): Promise<void>;
}

const ALT_WAYS = 'use --no-browser (paste the redirect URL instead) or --device (sign in with a code on another device)';

export async function startCallbackServer(opts: CallbackServerOptions): Promise<CallbackServer> {
  const redirect = parseRedirect(opts.redirectUri);
  const host = opts.host ?? '127.0.0.1';
  // Never 0.0.0.0: only this machine may deliver the code (RFC 8252 §8.3).
  if (host !== '127.0.0.1') throw new AppError('internal', 'The callback listener binds 127.0.0.1 only.');
  if (!(opts.timeoutMs > 0)) throw new AppError('internal', 'The callback timeout must be positive.');
  if (opts.signal?.aborted) throw cancelledBy(opts.signal);

  const { result, finish, settled } = settlement();

  const servers: Server[] = [];
  let closing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const shutdown = (): Promise<void> => {
    if (closing) return closing;
    if (timer) clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    closing = Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            // Browsers keep sockets alive and pre-connect spare ones; without this
            // close() would wait for them (up to keepAliveTimeout or longer).
            s.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
    return closing;
  };

  /** Ends the wait: settle now, close once our response has been handed to the OS. */
  const finishAfter = (res: ServerResponse, outcome: { code: string } | AppError): void => {
    finish(outcome);
    res.once('close', () => void shutdown());
    // Backstop in case the client stalls: the listener is gone within a second regardless.
    setTimeout(() => void shutdown(), 500).unref();
  };

  const onAbort = (): void => {
    if (opts.signal) finish(cancelledBy(opts.signal));
    void shutdown();
  };

  const handle = callbackHandler({ pathname: redirect.pathname, expectedState: opts.expectedState, settled, onCancelRequest: opts.onCancelRequest, finishAfter });

  const { port, addresses } = await listenLoopback(handle, host, opts.port ?? redirect.port, opts, servers);

  timer = setTimeout(() => {
    finish(
      new AppError(
        'network',
        `Timed out after ${spokenDuration(opts.timeoutMs)} waiting for the browser to finish signing in. Nothing was written. Try again, or ${ALT_WAYS}.`,
      ),
    );
    void shutdown();
  }, opts.timeoutMs);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();

  return {
    port,
    addresses,
    result,
    close: () => {
      finish(new AppError('cancelled', 'The browser sign-in was stopped.'));
      return shutdown();
    },
  };
}

function parseRedirect(redirectUri: string): { pathname: string; port: number } {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new AppError('internal', 'The redirect URI is not a URL.');
  }
  // RFC 8252 §7.3: a loopback redirect is plain http to a loopback host with an explicit port.
  if (url.protocol !== 'http:' || !loopbackHost(url.host) || url.port === '') {
    throw new AppError('internal', 'The redirect URI must be http://localhost:<port>/… (or 127.0.0.1 / [::1]).');
  }
  return { pathname: url.pathname, port: Number(url.port) };
}

function listenOnce(handler: Handler, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function tryListen(handler: Handler, host: string, port: number): Promise<Server | undefined> {
  try {
    return await listenOnce(handler, host, port);
  } catch {
    return undefined;
  }
}

/** The attempt's one outcome: the first `finish` wins, later ones are ignored. */
function settlement(): { result: Promise<{ code: string }>; finish(outcome: { code: string } | AppError): void; settled(): boolean } {
  let done = false;
  let resolveResult!: (v: { code: string }) => void;
  let rejectResult!: (e: AppError) => void;
  const result = new Promise<{ code: string }>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // A caller that only calls close() must not meet an unhandled rejection; awaiting `result` still sees it.
  result.catch(() => {});
  const finish = (outcome: { code: string } | AppError): void => {
    if (done) return;
    done = true;
    if (isAppError(outcome)) rejectResult(outcome);
    else resolveResult(outcome);
  };
  return { result, finish, settled: () => done };
}

/** 127.0.0.1 on the requested port (taken over from an older sign-in if need be), and ::1 on the same port when free. */
async function listenLoopback(handle: Handler, host: string, requested: number, opts: CallbackServerOptions, servers: Server[]): Promise<{ port: number; addresses: string[] }> {
  const v4 = await bindWithTakeover(handle, host, requested, opts.bindAttempts ?? 10, opts.bindRetryDelayMs ?? 200, opts.signal);
  servers.push(v4);
  const port = (v4.address() as AddressInfo).port;
  const addresses: string[] = [host];
  // The redirect URI says "localhost", which a browser may resolve to ::1 first.
  // Listening there too is a convenience; a failure (no IPv6, port taken) is ignored.
  const v6 = await tryListen(handle, '::1', port);
  if (v6) {
    servers.push(v6);
    addresses.push('::1');
  }
  return { port, addresses };
}

/**
 * Codex's behaviour on a busy port: ask whoever holds it to give up (GET /cancel,
 * which stops an older Codex or auth-wizard sign-in), then retry for a while.
 */
async function bindWithTakeover(
  handler: Handler,
  host: string,
  port: number,
  attempts: number,
  delayMs: number,
  signal: AbortSignal | undefined,
): Promise<Server> {
  let cancelSent = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await listenOnce(handler, host, port);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE') {
        throw new AppError('network', `Could not listen on ${host}:${port} for the browser sign-in (${code ?? 'unknown error'}); ${ALT_WAYS}.`, {
          cause: e,
        });
      }
      if (!cancelSent) {
        cancelSent = true;
        sendCancel(host, port); // not awaited: a holder that never answers must not stall the retries
      }
      if (attempt >= attempts) {
        throw new AppError(
          'port_busy',
          `Port ${host}:${port} is already in use (another sign-in or another program holds it). Close it and try again, or ${ALT_WAYS}.`,
          { cause: e },
        );
      }
      await new Promise((r) => setTimeout(r, delayMs));
      if (signal?.aborted) throw cancelledBy(signal);
    }
  }
}

function sendCancel(host: string, port: number): void {
  // node:http directly, not Deps.fetch: a configured HTTP proxy must not see loopback traffic.
  const req = httpRequest({ host, port, path: '/cancel', method: 'GET', timeout: 1000 }, (res) => res.resume());
  req.on('timeout', () => req.destroy());
  req.on('error', () => {});
  req.end();
}

function cancelledBy(signal: AbortSignal): AppError {
  return isAppError(signal.reason)
    ? signal.reason
    : new AppError('cancelled', 'The browser sign-in was cancelled.', { cause: signal.reason });
}
