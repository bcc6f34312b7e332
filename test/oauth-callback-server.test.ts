import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.js';
import { type CallbackServer, escapeHtml, startCallbackServer } from '../src/oauth/callback-server.js';

const STATE = 'st4te_-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const CODE = 'ac_code-value_123';
// The registered string; tests override the port with 0 so they never touch 1455.
const REDIRECT = 'http://localhost:1455/auth/callback';

const open: CallbackServer[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(blockers.splice(0).map((b) => new Promise((r) => b.close(r))));
});

async function start(over: Partial<Parameters<typeof startCallbackServer>[0]> = {}): Promise<CallbackServer> {
  const s = await startCallbackServer({ redirectUri: REDIRECT, expectedState: STATE, timeoutMs: 30_000, port: 0, ...over });
  open.push(s);
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PENDING = Symbol('pending');
async function stillWaiting(s: CallbackServer): Promise<boolean> {
  return (await Promise.race([s.result, sleep(100).then(() => PENDING)])) === PENDING;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('resolved');
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createNetServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host: '127.0.0.1', port }, () => srv.close(() => resolve(true)));
  });
}

/** Polls until the port can be bound again; returns how long that took. */
async function msUntilFree(port: number, limitMs = 2000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitMs) {
    if (await canBind(port)) return Date.now() - t0;
    await sleep(20);
  }
  return Infinity;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const url = (s: CallbackServer, query: string, path = '/auth/callback') => `http://127.0.0.1:${s.port}${path}?${query}`;

describe('callback server: binding', () => {
  it('listens on loopback addresses only', async () => {
    const s = await start();
    expect(s.port).toBeGreaterThan(0);
    expect(s.addresses[0]).toBe('127.0.0.1');
    for (const a of s.addresses) expect(['127.0.0.1', '::1']).toContain(a);
  });

  it('cannot be reached on a LAN address', async (ctx) => {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal);
    if (!lan) return ctx.skip();
    const s = await start();
    const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const sock = connect({ host: lan.address, port: s.port, timeout: 1000 });
      sock.once('connect', () => {
        sock.destroy();
        resolve(undefined);
      });
      sock.once('timeout', () => {
        sock.destroy();
        resolve(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      });
      sock.once('error', resolve);
    });
    expect(err?.code).toMatch(/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/);
  });

  it('refuses a redirect URI that is not a loopback http URL', async () => {
    for (const redirectUri of ['https://localhost:1455/cb', 'http://example.com:1455/cb', 'http://localhost/cb', 'nope']) {
      await expect(startCallbackServer({ redirectUri, expectedState: STATE, timeoutMs: 1000, port: 0 })).rejects.toMatchObject({
        code: 'internal',
      });
    }
  });
});

describe('callback server: the callback', () => {
  it('returns the code and a safe success page, then closes within a second', async () => {
    const s = await start();
    const res = await fetch(url(s, `code=${CODE}&state=${STATE}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('connection')).toBe('close');
    const body = await res.text();
    expect(body).toContain('Signed in');
    expect(body).not.toContain(CODE);
    expect(body).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
    await expect(s.result).resolves.toEqual({ code: CODE });
    expect(await msUntilFree(s.port)).toBeLessThan(1000);
  });

  it('is reachable on [::1] too when that was free', async (ctx) => {
    const s = await start();
    if (!s.addresses.includes('::1')) return ctx.skip();
    const res = await fetch(`http://[::1]:${s.port}/auth/callback?code=${CODE}&state=${STATE}`);
    expect(res.status).toBe(200);
    await expect(s.result).resolves.toEqual({ code: CODE });
  });

  it('a wrong or missing state gets an error page, echoes nothing, and does not end the wait', async () => {
    const s = await start();
    const evil = encodeURIComponent('<script>alert(1)</script>');
    for (const q of [
      `code=${evil}&state=${evil}`,
      `error=${evil}&error_description=${evil}&state=wrong`,
      `error=access_denied`,
      `code=${CODE}`,
      `state=${STATE}`,
      '',
    ]) {
      const res = await fetch(url(s, q));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
      const body = await res.text();
      expect(body).not.toContain('<script>');
      expect(body).not.toContain('alert(1)');
      expect(body).toContain('still waiting');
    }
    expect(await stillWaiting(s)).toBe(true);
    await fetch(url(s, `code=${CODE}&state=${STATE}`));
    await expect(s.result).resolves.toEqual({ code: CODE });
  });

  it('an error callback with the right state ends the wait, its text escaped', async () => {
    const s = await start();
    const desc = encodeURIComponent('no <script>alert("x")</script> & bye');
    const res = await fetch(url(s, `error=access_denied&error_description=${desc}&state=${STATE}`));
    const body = await res.text();
    expect(body).toContain('Sign-in refused');
    expect(body).toContain('access_denied (no &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; bye)');
    expect(body).not.toContain('<script>');
    const e = await rejection(s.result);
    expect(e.code).toBe('oauth');
    expect(e.message).toBe('The sign-in was refused: access_denied (no <script>alert("x")</script> & bye)');
    expect(await msUntilFree(s.port)).toBeLessThan(1000);
  });

  it('answers 404 on other paths and keeps waiting', async () => {
    const s = await start();
    for (const path of ['/', '/favicon.ico', '/auth/callback/x', '/auth', '/success']) {
      const res = await fetch(`http://127.0.0.1:${s.port}${path}?code=${CODE}&state=${STATE}`);
      expect(res.status).toBe(404);
      await res.arrayBuffer();
    }
    expect(await stillWaiting(s)).toBe(true);
  });

  it('refuses requests whose Host is not loopback (DNS rebinding)', async () => {
    const s = await start();
    const res = await get(s.port, `/auth/callback?code=${CODE}&state=${STATE}`, { Host: `evil.example:${s.port}` });
    expect(res.status).toBe(400);
    expect((await get(s.port, '/cancel', { Host: 'evil.example' })).status).toBe(400);
    expect(await stillWaiting(s)).toBe(true);
  });
});

describe('callback server: ending the wait', () => {
  it('GET /cancel makes this listener give up', async () => {
    let told = 0;
    const s = await start({ onCancelRequest: () => told++ });
    const res = await fetch(`http://127.0.0.1:${s.port}/cancel`);
    expect(res.status).toBe(200);
    await res.text();
    const e = await rejection(s.result);
    expect(e.code).toBe('cancelled');
    expect(e.message).toBe('Another sign-in took over the callback port.');
    expect(told).toBe(1);
    expect(await msUntilFree(s.port)).toBeLessThan(1000);
  });

  it('a web page cannot send /cancel', async () => {
    const s = await start();
    expect((await get(s.port, '/cancel', { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await get(s.port, '/cancel', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(await stillWaiting(s)).toBe(true);
  });

  it('times out with a clear error and is closed within a second, keep-alive sockets included', async () => {
    const s = await start({ timeoutMs: 300 });
    // An idle connection, as a browser's pre-connect would leave.
    const sock = connect({ host: '127.0.0.1', port: s.port });
    await new Promise((r) => sock.once('connect', r));
    const sockClosed = new Promise((r) => sock.once('close', r));
    sock.on('error', () => {});
    const e = await rejection(s.result);
    const t0 = Date.now();
    expect(e.code).toBe('network');
    expect(e.message).toMatch(/^Timed out after 0\.3 seconds waiting for the browser/);
    expect(e.message).toContain('--no-browser');
    expect(e.message).toContain('--device');
    await sockClosed;
    expect(await msUntilFree(s.port)).toBeLessThan(1000);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('an aborted signal ends the wait and closes', async () => {
    const ac = new AbortController();
    const s = await start({ signal: ac.signal });
    ac.abort();
    expect((await rejection(s.result)).code).toBe('cancelled');
    expect(await msUntilFree(s.port)).toBeLessThan(1000);
  });

  it('an already-aborted signal does not bind', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(start({ signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('close() ends the wait and resolves promptly with a connection still open', async () => {
    const s = await start();
    const sock = connect({ host: '127.0.0.1', port: s.port });
    sock.on('error', () => {});
    await new Promise((r) => sock.once('connect', r));
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await rejection(s.result)).code).toBe('cancelled');
    expect(await canBind(s.port)).toBe(true);
    sock.destroy();
  });
});

describe('callback server: busy port', () => {
  it('asks the holder to cancel, retries, then names the alternatives — well under 5 s', async () => {
    const seen: string[] = [];
    const blocker = createHttpServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('not yours'); // ignores /cancel and keeps the port
    });
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen({ host: '127.0.0.1', port: 0 }, r));
    const port = (blocker.address() as { port: number }).port;

    const t0 = Date.now();
    const e = await rejection(start({ port }));
    const elapsed = Date.now() - t0;
    expect(e.code).toBe('port_busy');
    expect(e.message).toContain(`Port 127.0.0.1:${port} is already in use`);
    expect(e.message).toContain('--no-browser');
    expect(e.message).toContain('--device');
    expect(elapsed).toBeLessThan(4000);
    expect(elapsed).toBeGreaterThanOrEqual(1500); // it did retry (10 × 200 ms)
    expect(seen).toEqual(['/cancel']);
  });

  it('takes the port over from an older auth-wizard (or Codex) sign-in', async () => {
    const older = await start();
    const newer = await start({ port: older.port });
    expect(newer.port).toBe(older.port);
    const e = await rejection(older.result);
    expect(e.code).toBe('cancelled');
    await fetch(url(newer, `code=${CODE}&state=${STATE}`));
    await expect(newer.result).resolves.toEqual({ code: CODE });
  });
});

describe('escapeHtml', () => {
  it('escapes every character that matters in text and attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
