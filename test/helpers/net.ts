// Small network pieces the tests share: Node's own fetch as a Deps.fetch (for
// talking to the local test servers), and a free loopback port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deps } from '../../src/deps';

/** Node's fetch with Deps' `timeoutMs` honoured (default 5 s, so a test never hangs on a request). */
export const realFetch: Deps['fetch'] = (url, init = {}) => {
  const { timeoutMs, ...rest } = init;
  return fetch(url, { ...rest, signal: rest.signal ?? AbortSignal.timeout(timeoutMs ?? 5000) });
};

/** A port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
