// A small local server with the shape of OpenAI's device-code sign-in
// (docs/providers.md §2): POST /api/accounts/deviceauth/usercode,
// POST /api/accounts/deviceauth/token (403/404 while pending), and the code
// exchange at POST /oauth/token, which insists on redirect_uri
// {issuer}/deviceauth/callback and the PKCE verifier it handed out.
// Scripted: each poll answer comes from `polls` in order (then 'approve').
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { openAiTokens } from './tokens';

export type PollAnswer =
  | 'pending403' // Codex's server: not approved yet
  | 'pending404'
  | 'authorization_pending' // RFC 8628 style, HTTP 400
  | 'slow_down' // RFC 8628 §3.5, HTTP 400
  | 'approve'
  | 'expired' // expired_token, HTTP 400
  | 'denied' // access_denied, HTTP 400
  | 'error500';

export interface DeviceServerOptions {
  /** `interval` in the usercode answer; Codex's server has sent strings. Default "5". */
  interval?: number | string | undefined;
  /** Seconds; omitted from the answer when undefined. */
  expiresIn?: number | undefined;
  /** Poll answers in order; after the list runs out: `after` (default 'approve'). */
  polls?: PollAnswer[];
  after?: PollAnswer;
  /** HTTP status for the usercode request (404 = device login not enabled). Default 200. */
  userCodeStatus?: number;
  /** Use the `usercode` spelling instead of `user_code`. */
  legacyUserCodeField?: boolean;
  /** Claims of the issued tokens. */
  email?: string;
  plan?: string;
  /** Access-token expiry (epoch seconds). */
  expSec?: number;
}

export interface DeviceRequest {
  path: string;
  body: Record<string, unknown>;
}

export interface DeviceServer {
  issuer: string;
  userCode: string;
  requests: DeviceRequest[];
  polls: () => number;
  exchanges: () => number;
  /** What the token endpoint handed out (for asserting nothing leaks). */
  issued: { idToken: string; accessToken: string; refreshToken: string } | undefined;
  stop(): Promise<void>;
}

const b64u = (b: Buffer) => b.toString('base64url');

export async function startDeviceServer(opts: DeviceServerOptions = {}): Promise<DeviceServer> {
  const deviceAuthId = `deviceauth_${b64u(randomBytes(12))}`;
  const userCode = 'ABCD-1234';
  const script = [...(opts.polls ?? [])];
  const after = opts.after ?? 'approve';
  const requests: DeviceRequest[] = [];
  let polls = 0;
  let exchanges = 0;
  let approved: { code: string; verifier: string } | undefined;
  let issued: DeviceServer['issued'];
  let issuer = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const readBody = async (req: IncomingMessage): Promise<string> => {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    return raw;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    let body: Record<string, unknown> = {};
    try {
      body = type.includes('json') ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return json(res, 400, { error: 'invalid_request' });
    }
    requests.push({ path: url.pathname, body });
    if (req.method !== 'POST') return json(res, 405, { error: 'method_not_allowed' });

    if (url.pathname === '/api/accounts/deviceauth/usercode') {
      if (!type.includes('application/json')) return json(res, 415, { error: 'unsupported_media_type' });
      if (body.client_id !== 'app_EMoamEEZ73f0CkXaXp7hrann') return json(res, 400, { error: 'invalid_client' });
      if ((opts.userCodeStatus ?? 200) !== 200) return json(res, opts.userCodeStatus!, { error: { code: 'not_found', message: 'device code login is not enabled' } });
      return json(res, 200, {
        device_auth_id: deviceAuthId,
        [opts.legacyUserCodeField === true ? 'usercode' : 'user_code']: userCode,
        interval: opts.interval ?? '5',
        ...(opts.expiresIn !== undefined ? { expires_in: opts.expiresIn } : {}),
      });
    }

    if (url.pathname === '/api/accounts/deviceauth/token') {
      polls++;
      if (body.device_auth_id !== deviceAuthId || body.user_code !== userCode) return json(res, 400, { error: 'invalid_request' });
      const answer = script.shift() ?? after;
      switch (answer) {
        case 'pending403':
          return json(res, 403, { error: { code: 'deviceauth_authorization_pending', message: 'pending' } });
        case 'pending404':
          return json(res, 404, { error: { code: 'not_found' } });
        case 'authorization_pending':
          return json(res, 400, { error: 'authorization_pending' });
        case 'slow_down':
          return json(res, 400, { error: 'slow_down' });
        case 'expired':
          return json(res, 400, { error: 'expired_token' });
        case 'denied':
          return json(res, 400, { error: 'access_denied' });
        case 'error500':
          return json(res, 500, { error: 'server_error' });
        case 'approve': {
          const verifier = b64u(randomBytes(32));
          approved = { code: `ac_${b64u(randomBytes(16))}`, verifier };
          return json(res, 200, { authorization_code: approved.code, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_verifier: verifier });
        }
      }
    }

    if (url.pathname === '/oauth/token') {
      exchanges++;
      if (!type.includes('application/x-www-form-urlencoded')) return json(res, 400, { error: 'invalid_request', error_description: 'form body expected' });
      const ok =
        approved !== undefined &&
        body.grant_type === 'authorization_code' &&
        body.code === approved.code &&
        body.code_verifier === approved.verifier &&
        body.client_id === 'app_EMoamEEZ73f0CkXaXp7hrann' &&
        body.redirect_uri === `${issuer}/deviceauth/callback`;
      if (!ok) return json(res, 400, { error: 'invalid_grant', error_description: 'code, verifier or redirect_uri mismatch' });
      approved = undefined; // single use
      const t = openAiTokens({ email: opts.email ?? 'device-user@example.test', plan: opts.plan ?? 'pro', expSec: opts.expSec ?? Math.floor(Date.now() / 1000) + 3600, iss: issuer });
      issued = { idToken: t.idToken, accessToken: t.accessToken, refreshToken: t.refreshToken };
      return json(res, 200, { id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, expires_in: 3600, token_type: 'Bearer' });
    }
    return json(res, 404, { error: 'not_found' });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    userCode,
    requests,
    polls: () => polls,
    exchanges: () => exchanges,
    get issued() {
      return issued;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
