// `login --device` against a local server with the shape of OpenAI's
// device-code endpoints (test/helpers/device-server.ts); the clock and sleep
// are stubbed, so a 15-minute wait takes milliseconds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps';
import { run as login } from '../src/commands/login';
import { main } from '../src/main';
import { classifyPollResponse, parseUserCodeResponse } from '../src/oauth/device';
import { openaiEndpoints } from '../src/oauth/openai-endpoints';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { type DeviceServer, type DeviceServerOptions, startDeviceServer } from './helpers/device-server';
import { fakePrompter } from './helpers/fake-prompter';
import { put, tempHome } from './helpers/fixture-home';
import { signatureOf } from './helpers/tokens';
import { realFetch } from './helpers/net';


let server: DeviceServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function runDevice(opts: DeviceServerOptions, args: string[] = [], home = tempHome()) {
  server = await startDeviceServer({ expSec: Math.floor(FIXED_NOW / 1000) + 3600, ...opts });
  let t = FIXED_NOW;
  const sleeps: number[] = [];
  const deps = testDeps(home, {
    env: { AUTH_WIZARD_OPENAI_ISSUER: server.issuer },
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    fetch: realFetch,
  });
  const code = await main(['login', '--provider', 'openai', '--device', ...args], deps);
  return { code, out: deps.out(), err: deps.err(), sleeps, home, elapsed: t - FIXED_NOW, deps };
}

describe('login --device', () => {
  it('shows the code and URL, polls at the interval through 403/404 pending, +5 s after slow_down, then saves to Codex', async () => {
    const r = await runDevice({ interval: '5', polls: ['pending403', 'pending404', 'slow_down', 'authorization_pending', 'approve'] });
    expect(r.err).toContain('ABCD-1234');
    expect(r.err).toContain(`${server!.issuer}/codex/device`);
    expect(r.code).toBe(0);
    // 5, 5, 5 (→ slow_down), then 10, 10.
    expect(r.sleeps).toEqual([5000, 5000, 5000, 10000, 10000]);
    expect(r.err).toContain('now every 10 s');
    expect(server!.polls()).toBe(5);
    expect(server!.exchanges()).toBe(1);
    // The exchange used the device redirect (the server refuses anything else).
    const exchange = server!.requests.find((q) => q.path === '/oauth/token')!;
    expect(exchange.body.redirect_uri).toBe(`${server!.issuer}/deviceauth/callback`);
    expect(r.out).toContain('Signed in to ChatGPT as device-user@example.test');
    expect(r.out).toContain('plan      pro');

    const auth = JSON.parse(readFileSync(join(r.home, '.codex/auth.json'), 'utf8'));
    expect(auth.auth_mode).toBe('chatgpt');
    expect(auth.tokens.refresh_token).toBe(server!.issued!.refreshToken);
    // Never a token in the output.
    for (const s of [server!.issued!.accessToken, server!.issued!.refreshToken, signatureOf(server!.issued!.idToken)]) {
      expect(r.out + r.err).not.toContain(s);
    }
    const status = testDeps(r.home);
    expect(await main(['status', '--json', '--provider', 'openai'], status)).toBe(0);
    const creds = JSON.parse(status.out()).credentials as Array<{ source: string; email: string; usable: boolean }>;
    expect(creds).toEqual([expect.objectContaining({ source: 'codex', email: 'device-user@example.test', usable: true })]);
  });

  it('at a terminal the wait is a spinner with the time the code has left', async () => {
    server = await startDeviceServer({ expSec: Math.floor(FIXED_NOW / 1000) + 3600, interval: '5', polls: ['authorization_pending', 'slow_down', 'approve'] });
    let t = FIXED_NOW;
    const prompter = fakePrompter([]);
    const deps = testDeps(tempHome(), { env: { AUTH_WIZARD_OPENAI_ISSUER: server.issuer }, interactive: true, now: () => t, sleep: async (ms) => void (t += ms), fetch: realFetch, prompter: async () => prompter });
    await login({ provider: 'openai', device: true, noBrowser: false, printUrl: false, force: false, console: false }, deps);
    prompter.assertDone();
    const waits = prompter.transcript.filter((l) => l.startsWith('… Waiting for approval'));
    expect(waits[0]).toMatch(/^… Waiting for approval \(\d+:\d{2} left\)$/);
    expect(waits.some((l) => l.endsWith('polling every 10 s now'))).toBe(true);
    expect(prompter.transcript).toContain('✓ Approved');
    expect(deps.err()).not.toContain('The server asked to poll more slowly'); // said by the spinner instead
  });

  it('accepts a numeric interval and the `usercode` spelling; --target opencode', async () => {
    const r = await runDevice({ interval: 2, legacyUserCodeField: true, polls: ['pending403'] }, ['--target', 'opencode']);
    expect(r.code).toBe(0);
    expect(r.sleeps).toEqual([2000, 2000]);
    const oc = JSON.parse(readFileSync(join(r.home, '.local/share/opencode/auth.json'), 'utf8'));
    expect(oc.openai).toMatchObject({ type: 'oauth', refresh: server!.issued!.refreshToken });
  });

  it('stops at the server expiry with a clear message; nothing written', async () => {
    const home = tempHome();
    const before = put(home, '.codex/auth.json', '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-test-existing-key-0000000000"}\n');
    const bytes = readFileSync(before);
    const r = await runDevice({ interval: '5', expiresIn: 30, after: 'pending403' }, [], home);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/device code expired before it was approved/);
    expect(r.elapsed).toBeLessThanOrEqual(30_000);
    expect(server!.polls()).toBe(6);
    expect(server!.exchanges()).toBe(0);
    expect(readFileSync(before)).toEqual(bytes);
  });

  it('gives up after 15 minutes when the server names no expiry, also across slow_downs', async () => {
    const r = await runDevice({ interval: '5', polls: ['slow_down', 'slow_down'], after: 'pending404' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/expired/);
    expect(r.elapsed).toBeLessThanOrEqual(15 * 60_000);
    expect(r.elapsed).toBeGreaterThan(14 * 60_000);
    expect(r.sleeps.slice(0, 3)).toEqual([5000, 10000, 15000]);
  });

  it('an expired_token answer ends the wait', async () => {
    const r = await runDevice({ polls: ['pending403', 'expired'] });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/expired/);
    expect(server!.polls()).toBe(2);
  });

  it('access_denied → exit 4; a 5xx while polling → exit 1; no token request either way', async () => {
    const denied = await runDevice({ polls: ['denied'] });
    expect(denied.code).toBe(4);
    expect(denied.err).toMatch(/refused \(access_denied\)/);
    expect(server!.exchanges()).toBe(0);
    await server!.stop();
    const failed = await runDevice({ polls: ['pending403', 'error500'] });
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/HTTP 500/);
    expect(server!.exchanges()).toBe(0);
  });

  it('a 404 from the usercode endpoint explains that device login must be enabled', async () => {
    const r = await runDevice({ userCodeStatus: 404 });
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/Device-code sign-in is not available \(HTTP 404\)/);
    expect(r.err).toMatch(/--no-browser/);
    expect(server!.polls()).toBe(0);
  });
});

describe('device response parsers (hand-made answers)', () => {
  const endpoints = openaiEndpoints({});
  it('usercode: interval as string or number, clamped, default 5 s; expiry capped at 15 min', () => {
    const a = parseUserCodeResponse(200, JSON.stringify({ device_auth_id: 'd', user_code: 'U', interval: '7' }), endpoints, 0);
    expect(a).toMatchObject({ intervalMs: 7000, expiresAt: 15 * 60_000, verificationUrl: 'https://auth.openai.com/codex/device' });
    expect(parseUserCodeResponse(200, JSON.stringify({ device_auth_id: 'd', user_code: 'U' }), endpoints, 0).intervalMs).toBe(5000);
    expect(parseUserCodeResponse(200, JSON.stringify({ device_auth_id: 'd', user_code: 'U', interval: 0 }), endpoints, 0).intervalMs).toBe(1000);
    expect(parseUserCodeResponse(200, JSON.stringify({ device_auth_id: 'd', user_code: 'U', interval: 'x', expires_in: 60 }), endpoints, 0)).toMatchObject({ intervalMs: 5000, expiresAt: 60_000 });
  });
  it('usercode: junk and missing fields are typed errors', () => {
    for (const [status, text] of [
      [200, 'not json'],
      [200, '[]'],
      [200, '{"user_code":"U"}'],
      [400, '{"error":"invalid_client"}'],
      [503, ''],
    ] as const) {
      expect(() => parseUserCodeResponse(status, text, endpoints, 0)).toThrow(expect.objectContaining({ name: 'AppError' }));
    }
  });
  it('poll: pending, slow_down, approval with a matching challenge, and a mismatched one', () => {
    expect(classifyPollResponse(403, '')).toEqual({ kind: 'pending' });
    expect(classifyPollResponse(404, '{}')).toEqual({ kind: 'pending' });
    expect(classifyPollResponse(400, '{"error":"slow_down"}')).toEqual({ kind: 'slow_down' });
    expect(classifyPollResponse(429, '')).toEqual({ kind: 'slow_down' });
    expect(classifyPollResponse(400, '{"error":{"code":"expired_token"}}')).toEqual({ kind: 'expired' });
    expect(classifyPollResponse(200, '{"authorization_code":"c","code_verifier":"v"}')).toEqual({ kind: 'approved', grant: { authorizationCode: 'c', codeVerifier: 'v' } });
    expect(classifyPollResponse(200, '{"authorization_code":"c","code_verifier":"v","code_challenge":"nope"}').kind).toBe('error');
    expect(classifyPollResponse(200, '{"authorization_code":"c"}').kind).toBe('error');
    expect(classifyPollResponse(418, 'teapot').kind).toBe('error');
  });
});
