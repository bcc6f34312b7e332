// A scripted HTTP server on 127.0.0.1 for the hostile-issuer tests: it stands
// in for the issuer (AUTH_WIZARD_OPENAI_ISSUER points at it) and answers every
// request with whatever the test's `answer` returns — a redirect elsewhere, an
// error that echoes the request, a token response with wrong claims. Every
// request is recorded, so a test can count what reached it (and, with a second
// instance as the redirect target, what reached "elsewhere").
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  contentType: string;
  raw: string;
  /** The body as fields (JSON or form), flattened to strings. */
  body: Record<string, string>;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
}

export interface ScriptedServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: SeenRequest[];
  /** Requests seen at `path` (all when undefined). */
  count(path?: string): number;
  answer: (req: SeenRequest) => Answer;
  stop(): Promise<void>;
}

function fields(raw: string, contentType: string): Record<string, string> {
  if (contentType.includes('json')) {
    try {
      const v: unknown = JSON.parse(raw);
      if (typeof v !== 'object' || v === null) return {};
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  return raw;
}

export async function startScriptedServer(answer: (req: SeenRequest) => Answer = () => ({ status: 200, body: {} })): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const self: ScriptedServer = {
    origin: '',
    requests,
    count: (path) => requests.filter((r) => path === undefined || r.path === path).length,
    answer,
    stop: async () => {},
  };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    const seen: SeenRequest = { method: req.method ?? '', path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname, contentType, raw, body: fields(raw, contentType) };
    requests.push(seen);
    const a = self.answer(seen);
    const isText = typeof a.body === 'string';
    res.writeHead(a.status, { 'content-type': isText ? 'text/plain' : 'application/json', 'cache-control': 'no-store', ...a.headers });
    res.end(a.body === undefined ? '' : isText ? (a.body as string) : JSON.stringify(a.body));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  self.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return self;
}
