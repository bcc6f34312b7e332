// The loopback redirect listener for the browser sign-in (RFC 8252 §7.3):
// bound to 127.0.0.1 (and ::1 when possible) only, open for one attempt, path
// taken from the redirect URI, closed within a second of the outcome.
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, isAppError } from '../errors.js';
import { checkCallbackParams } from './callback-params.js';

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

  let settled = false;
  let resolveResult!: (v: { code: string }) => void;
  let rejectResult!: (e: AppError) => void;
  const result = new Promise<{ code: string }>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // A caller that only calls close() must not meet an unhandled rejection; awaiting `result` still sees it.
  result.catch(() => {});

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

  const finish = (outcome: { code: string } | AppError): void => {
    if (settled) return;
    settled = true;
    if (isAppError(outcome)) rejectResult(outcome);
    else resolveResult(outcome);
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

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!loopbackHost(req.headers.host)) {
      // DNS rebinding: a web page whose name resolves to 127.0.0.1 must not talk to us.
      return sendText(res, 400, 'Bad Host header.');
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return sendText(res, 400, 'Bad request.');
    }
    if (url.pathname === '/cancel') {
      if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed.');
      // Another sign-in (ours or Codex's) asks the old listener to give up. A web
      // page could ask too (<img src=…/cancel>); browsers mark such requests with
      // Origin or Sec-Fetch-Site, CLIs do not, so those are refused.
      const site = req.headers['sec-fetch-site'];
      if (req.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
        return sendText(res, 403, 'Refused: a web page may not cancel a sign-in.');
      }
      if (settled) return sendText(res, 200, 'Login cancelled.');
      opts.onCancelRequest?.();
      sendText(res, 200, 'Login cancelled.');
      return finishAfter(res, new AppError('cancelled', 'Another sign-in took over the callback port.'));
    }
    if (url.pathname !== redirect.pathname) return sendText(res, 404, 'Not found.');
    if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed.');
    if (settled) {
      return sendPage(res, 410, false, 'Sign-in already finished', 'This sign-in attempt has already ended. Return to the terminal.');
    }

    let outcome: { code: string };
    try {
      outcome = checkCallbackParams(url.searchParams, opts.expectedState);
    } catch (e) {
      const err = isAppError(e) ? e : new AppError('internal', 'The callback could not be read.', { cause: e });
      if (err.code === 'oauth') {
        // The state matched, so the error is the server's own (RFC 6749 §4.1.2.1): the attempt is over.
        sendPage(res, 200, false, 'Sign-in refused', `${err.message}. Return to the terminal to try again.`);
        return finishAfter(res, err);
      }
      // Wrong or missing state, or junk: refuse this request but keep waiting, so a
      // forged request cannot end the user's real sign-in (RFC 9700 §4.7). Nothing
      // from the request is echoed here.
      return sendPage(
        res,
        400,
        false,
        'Sign-in link not recognised',
        'This response does not belong to the sign-in that auth-wizard is waiting for. The terminal is still waiting; finish signing in from the tab that auth-wizard opened.',
      );
    }
    sendPage(res, 200, true, 'Signed in', 'auth-wizard received the sign-in. You can close this tab and return to the terminal.');
    finishAfter(res, outcome);
  };

  const requested = opts.port ?? redirect.port;
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

  timer = setTimeout(() => {
    finish(
      new AppError(
        'network',
        `Timed out after ${duration(opts.timeoutMs)} waiting for the browser to finish signing in. Nothing was written. Try again, or ${ALT_WAYS}.`,
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

function loopbackHost(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]';
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

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

function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const m = ms / 60_000;
    return `${m} minute${m === 1 ? '' : 's'}`;
  }
  const s = Math.round(ms / 100) / 10;
  return `${s} second${s === 1 ? '' : 's'}`;
}

const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  Connection: 'close',
  'X-Content-Type-Options': 'nosniff',
  // The callback URL carries the code; nothing on these pages may pass it on.
  'Referrer-Policy': 'no-referrer',
} as const;

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendPage(res: ServerResponse, status: number, ok: boolean, title: string, message: string): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    // Self-contained page: no scripts, no external loads, only the inline style below.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Frame-Options': 'DENY',
  });
  res.end(renderPage(title, message, ok));
}

export function renderPage(title: string, message: string, ok: boolean): string {
  const accent = ok ? '#1a7f37' : '#cf222e';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>auth-wizard: ${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;background:#f6f8fa;color:#1f2328}main{max-width:32rem;padding:2rem;background:#fff;border-radius:8px;border-top:4px solid ${accent};box-shadow:0 1px 3px rgba(0,0,0,.1)}h1{font-size:1.25rem;margin:0 0 .5rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
