// The refresh retry policy, with a stubbed deps.fetch and a recorded deps.sleep:
// 5xx/429/network → at most 3 tries with backoff + jitter, Retry-After
// honoured; permanent errors never retried; a timeout after sending re-reads
// the store (and adopts) before trying again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps';
import { main } from '../src/main';
import { backoffMs, classifyFetchError } from '../src/oauth/http-retry';
import { upsertProfile } from '../src/stores/auth-wizard.write';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { tempHome } from './helpers/fixture-home';
import { type OpenAiTokenSet, openAiTokens, signatureOf } from './helpers/tokens';

const nowSec = Math.floor(FIXED_NOW / 1000);
type Answer = Response | Error | ((n: number) => Promise<Response>);

async function setup(answers: Answer[], random = 128) {
  const home = tempHome();
  const t = openAiTokens({ email: 'retry@example.test', expSec: nowSec + 60 });
  await upsertProfile({ home, env: {} }, 'openai:default', { type: 'oauth', provider: 'openai', access: t.accessToken, refresh: t.refreshToken, idToken: t.idToken }, { now: FIXED_NOW });
  const fresh = openAiTokens({ email: 'retry@example.test', expSec: nowSec + 3600, iss: 'http://127.0.0.1:9' });
  const calls: string[] = [];
  const sleeps: number[] = [];
  const deps = testDeps(home, {
    env: { AUTH_WIZARD_OPENAI_ISSUER: 'http://127.0.0.1:9' },
    randomBytes: (n) => new Uint8Array(n).fill(random),
    sleep: async (ms) => void sleeps.push(ms),
    fetch: async (url, init) => {
      calls.push(String(url));
      const a = answers[calls.length - 1] ?? ok(fresh);
      if (a instanceof Error) throw a;
      return typeof a === 'function' ? a(calls.length) : a;
    },
  });
  const file = join(home, '.config/auth-wizard/auth-profiles.json');
  return { home, t, fresh, calls, sleeps, deps, file, before: readFileSync(file) };
}

const ok = (t: OpenAiTokenSet) => Response.json({ access_token: t.accessToken, refresh_token: t.refreshToken, id_token: t.idToken, expires_in: 3600 });
const status = (code: number, body: unknown = {}, headers: Record<string, string> = {}) => Response.json(body, { status: code, headers });
const netError = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
const timeout = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');
const stored = (file: string) => JSON.parse(readFileSync(file, 'utf8')).profiles['openai:default'];

async function refresh(deps: Deps) {
  return main(['refresh', '--provider', 'openai', '--json'], deps);
}

function expectClean(s: Awaited<ReturnType<typeof setup>>) {
  const all = s.deps.out() + s.deps.err();
  for (const x of [s.t.accessToken, s.t.refreshToken, s.t.idToken, s.fresh.refreshToken, s.fresh.accessToken]) expect(all).not.toContain(x);
  expect(all).not.toContain(signatureOf(s.t.accessToken));
}

describe('refresh retry policy', () => {
  it('5xx then success: two tries, one jittered backoff, tokens stored', async () => {
    const s = await setup([status(503)]);
    expect(await refresh(s.deps)).toBe(0);
    expect(s.calls).toEqual(['http://127.0.0.1:9/oauth/token', 'http://127.0.0.1:9/oauth/token']);
    expect(s.sleeps).toHaveLength(1);
    expect(s.sleeps[0]).toBeGreaterThanOrEqual(250);
    expect(s.sleeps[0]).toBeLessThanOrEqual(500);
    expect(stored(s.file).refresh).toBe(s.fresh.refreshToken);
    expectClean(s);
  });

  it('429 with Retry-After (seconds): waits at least that long before the next try', async () => {
    const s = await setup([status(429, { error: 'rate_limited' }, { 'retry-after': '7' })]);
    expect(await refresh(s.deps)).toBe(0);
    expect(s.calls).toHaveLength(2);
    expect(s.sleeps).toEqual([7000]);
  });

  it('Retry-After as an HTTP date is honoured too', async () => {
    const s = await setup([status(503, {}, { 'retry-after': new Date(FIXED_NOW + 12_000).toUTCString() })]);
    expect(await refresh(s.deps)).toBe(0);
    expect(s.sleeps).toEqual([12_000]);
  });

  it('three tries at most: 503 ×3 → exit 1, backoff grows, the store is byte-identical', async () => {
    const s = await setup([status(503), status(502), status(500), ok(openAiTokens({ expSec: nowSec + 3600 }))], 255);
    expect(await refresh(s.deps)).toBe(1);
    expect(s.calls).toHaveLength(3);
    expect(s.sleeps).toEqual([500, 1000]); // jitter pinned to its top
    expect(s.deps.err()).toContain('failed after 3 tries: the sign-in server is unavailable (HTTP 500)');
    expect(readFileSync(s.file)).toEqual(s.before);
    expectClean(s);
  });

  it('a long Retry-After is not waited out under the lock: stop and say so', async () => {
    const s = await setup([status(503, {}, { 'retry-after': '45' })]);
    expect(await refresh(s.deps)).toBe(1);
    expect(s.calls).toHaveLength(1);
    expect(s.sleeps).toEqual([]);
    expect(s.deps.err()).toContain('asks to wait 45s. Try again later.');
  });

  it.each([
    ['invalid_grant (RFC 6749)', 400, { error: 'invalid_grant', error_description: 'grant request is invalid' }, 'invalid_grant'],
    ['refresh_token_reused (OpenAI)', 401, { error: { code: 'refresh_token_reused', message: 'reused' } }, 'refresh_token_reused'],
    ['refresh_token_expired', 401, { error: { code: 'refresh_token_expired' } }, 'refresh_token_expired'],
    ['refresh_token_invalidated', 401, { error: { code: 'refresh_token_invalidated' } }, 'refresh_token_invalidated'],
  ])('permanent %s: one try, never retried, exit 4, store untouched', async (_n, code, body, shown) => {
    const s = await setup([status(code, body)]);
    expect(await refresh(s.deps)).toBe(4);
    expect(s.calls).toHaveLength(1);
    expect(s.sleeps).toEqual([]);
    expect(s.deps.err()).toContain(`is no longer valid (${shown}); sign in again`);
    expect(readFileSync(s.file)).toEqual(s.before);
    expectClean(s);
  });

  it('a plain 4xx refusal is not retried either', async () => {
    const s = await setup([status(400, { error: 'invalid_request', error_description: 'bad' })]);
    expect(await refresh(s.deps)).toBe(4);
    expect(s.calls).toHaveLength(1);
    expect(s.deps.err()).toContain('refused the request (invalid_request: bad)');
  });

  it('network errors before sending (refused, DNS) are retried', async () => {
    const s = await setup([netError('ECONNREFUSED'), netError('ENOTFOUND')]);
    expect(await refresh(s.deps)).toBe(0);
    expect(s.calls).toHaveLength(3);
    expect(s.sleeps).toHaveLength(2);
    expect(JSON.parse(s.deps.out())).toMatchObject({ result: 'refreshed' });
  });

  it('three network failures: exit 1 naming the server, not any token', async () => {
    const s = await setup([netError('ECONNREFUSED'), netError('ECONNREFUSED'), netError('ECONNREFUSED')]);
    expect(await refresh(s.deps)).toBe(1);
    expect(s.deps.err()).toContain('failed after 3 tries: could not reach http://127.0.0.1:9 (ECONNREFUSED)');
    expect(readFileSync(s.file)).toEqual(s.before);
  });

  it('a TLS verification failure is not retried', async () => {
    const s = await setup([netError('UNABLE_TO_VERIFY_LEAF_SIGNATURE')]);
    expect(await refresh(s.deps)).toBe(1);
    expect(s.calls).toHaveLength(1);
    expect(s.deps.err()).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('a timeout after sending: re-reads the store first; nothing changed → tries again', async () => {
    const s = await setup([timeout()]);
    expect(await refresh(s.deps)).toBe(0);
    expect(s.calls).toHaveLength(2);
    expect(stored(s.file).refresh).toBe(s.fresh.refreshToken);
  });

  it('a timeout after sending while another writer stored rotated tokens: adopts them, no second request', async () => {
    const other = openAiTokens({ email: 'retry@example.test', expSec: nowSec + 7200 });
    const s = await setup([
      async () => {
        // A writer that does not honour our lock (say, the tool that owns the file) rotates meanwhile.
        await upsertProfile({ home: s.home, env: {} }, 'openai:default', { type: 'oauth', provider: 'openai', access: other.accessToken, refresh: other.refreshToken }, { now: FIXED_NOW, lockHeld: true });
        throw timeout();
      },
    ]);
    expect(await refresh(s.deps)).toBe(0);
    expect(s.calls).toHaveLength(1);
    expect(JSON.parse(s.deps.out())).toMatchObject({ result: 'adopted' });
    expect(stored(s.file).refresh).toBe(other.refreshToken);
  });

  it('a permanent error after another writer rotated: adopts the newer tokens instead of failing', async () => {
    const other = openAiTokens({ email: 'retry@example.test', expSec: nowSec + 7200 });
    const s = await setup([
      async () => {
        await upsertProfile({ home: s.home, env: {} }, 'openai:default', { type: 'oauth', provider: 'openai', access: other.accessToken, refresh: other.refreshToken }, { now: FIXED_NOW, lockHeld: true });
        return status(400, { error: 'invalid_grant' });
      },
    ]);
    expect(await refresh(s.deps)).toBe(0);
    expect(s.calls).toHaveLength(1);
    expect(JSON.parse(s.deps.out())).toMatchObject({ result: 'adopted' });
  });
});

describe('retry building blocks', () => {
  it('backoff doubles and stays within [½, 1] of its base', () => {
    expect([backoffMs(1, 0), backoffMs(1, 1), backoffMs(2, 0), backoffMs(2, 1), backoffMs(3, 0.5)]).toEqual([250, 500, 500, 1000, 1500]);
  });

  it.each([
    [netError('ECONNREFUSED'), 'before-send'],
    [netError('EAI_AGAIN'), 'before-send'],
    [netError('UND_ERR_CONNECT_TIMEOUT'), 'before-send'],
    [netError('ECONNRESET'), 'after-send'],
    [netError('UND_ERR_HEADERS_TIMEOUT'), 'after-send'],
    [new TypeError('fetch failed'), 'after-send'],
    [timeout(), 'after-send'],
    [netError('CERT_HAS_EXPIRED'), 'fatal'],
    [new Error('a bug'), undefined],
    [new TypeError('x is not a function'), undefined],
  ])('classifies %s', (e, want) => {
    expect(classifyFetchError(e)).toBe(want);
  });
});
