// What the loopback listener answers, request by request: the one callback
// path (the code, a refusal, or a forged request turned away without ending
// the wait), GET /cancel from another sign-in, and self-contained pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, isAppError } from '../errors.js';
import { checkCallbackParams } from './callback-params.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** What the handler needs from the listener: the attempt, and how to end it. */
export interface CallbackAttempt {
  /** The redirect URI's path, the only callback path served. */
  pathname: string;
  expectedState: string;
  settled(): boolean;
  onCancelRequest?: (() => void) | undefined;
  /** Ends the wait with `outcome` once `res` has been sent. */
  finishAfter(res: ServerResponse, outcome: { code: string } | AppError): void;
}

export function callbackHandler(attempt: CallbackAttempt): Handler {
  return (req, res) => {
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
    if (url.pathname === '/cancel') return cancel(attempt, req, res);
    if (url.pathname !== attempt.pathname) return sendText(res, 404, 'Not found.');
    if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed.');
    if (attempt.settled()) {
      return sendPage(res, 410, false, 'Sign-in already finished', 'This sign-in attempt has already ended. Return to the terminal.');
    }
    callback(attempt, url, res);
  };
}

function cancel(attempt: CallbackAttempt, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed.');
  // Another sign-in (ours or Codex's) asks the old listener to give up. A web
  // page could ask too (<img src=…/cancel>); browsers mark such requests with
  // Origin or Sec-Fetch-Site, CLIs do not, so those are refused.
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
    return sendText(res, 403, 'Refused: a web page may not cancel a sign-in.');
  }
  if (attempt.settled()) return sendText(res, 200, 'Login cancelled.');
  attempt.onCancelRequest?.();
  sendText(res, 200, 'Login cancelled.');
  attempt.finishAfter(res, new AppError('cancelled', 'Another sign-in took over the callback port.'));
}

function callback(attempt: CallbackAttempt, url: URL, res: ServerResponse): void {
  let outcome: { code: string };
  try {
    outcome = checkCallbackParams(url.searchParams, attempt.expectedState);
  } catch (e) {
    const err = isAppError(e) ? e : new AppError('internal', 'The callback could not be read.', { cause: e });
    if (err.code === 'oauth') {
      // The state matched, so the error is the server's own (RFC 6749 §4.1.2.1): the attempt is over.
      sendPage(res, 200, false, 'Sign-in refused', `${err.message}. Return to the terminal to try again.`);
      return attempt.finishAfter(res, err);
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
  attempt.finishAfter(res, outcome);
}

export function loopbackHost(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]';
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

