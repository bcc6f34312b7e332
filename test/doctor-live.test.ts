// `doctor --live` against the local oidc-provider issuer (never the internet):
// real signed tokens verify, a tampered one does not, an unreachable issuer is
// a finding rather than a crash; `claude auth status` through an injected exec.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DoctorOptions, run } from '../src/commands/doctor';
import type { Deps, Exec, ExecResult } from '../src/deps';
import type { Finding } from '../src/doctor/finding';
import type { DoctorSystem } from '../src/doctor/system';
import { ReportPrinted } from '../src/errors';
import { testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { startTestIssuer, type TestIssuer, type TokenResponse } from './helpers/oidc-server';
import { fakeJwt, fakeSecret, signatureOf } from './helpers/tokens';
import { realFetch } from './helpers/net';

const system: DoctorSystem = { readText: async () => undefined, exists: async () => false, probePort: async () => ({ state: 'free' }) };

let issuer: TestIssuer;
let tokens: TokenResponse;

beforeAll(async () => {
  issuer = await startTestIssuer();
  tokens = await issuer.signIn({ email: 'live@example.test', plan: 'pro' });
});
afterAll(async () => {
  await issuer?.stop();
});


const notInstalled: Exec = async () => ({ code: null, stdout: '', stderr: 'spawn claude ENOENT', notFound: true });

async function live(home: string, o: { issuerUrl?: string; exec?: Exec; opts?: Partial<DoctorOptions>; fetchLog?: string[] } = {}) {
  const fetchLog = o.fetchLog ?? [];
  const deps = testDeps(home, {
    env: { DISPLAY: ':0', AUTH_WIZARD_OPENAI_ISSUER: o.issuerUrl ?? issuer.issuer },
    now: () => Date.now(), // the issuer signs with the real clock
    fetch: (url, init) => (fetchLog.push(String(url)), realFetch(url, init)),
    exec: o.exec ?? notInstalled,
  });
  let code = 0;
  try {
    await run({ json: true, strict: false, fix: false, live: true, ...o.opts }, deps, system);
  } catch (e) {
    if (!(e instanceof ReportPrinted)) throw e;
    code = e.exitCode;
  }
  const out = deps.out();
  return { code, out, err: deps.err(), findings: (JSON.parse(out) as { findings: Finding[] }).findings, fetchLog };
}

function codexHome(t: { id_token: string; access_token: string; refresh_token: string }): string {
  const home = tempHome();
  put(home, '.codex/auth.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: t.id_token, access_token: t.access_token, refresh_token: t.refresh_token, account_id: null }, last_refresh: new Date().toISOString() });
  return home;
}

const ids = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.severity}`);

describe('doctor --live: OpenAI', () => {
  it('tokens from a real sign-in verify as "signature valid" against the issuer JWKS', async () => {
    const home = codexHome(tokens);
    const r = await live(home);
    expect(ids(r.findings)).toEqual(expect.arrayContaining(['live-issuer-reachable info', 'live-jwt-signature-valid info', 'live-claude-missing info']));
    const valid = r.findings.find((f) => f.id === 'live-jwt-signature-valid')!;
    expect(valid.title).toBe(`Signature valid: the id_token and access token of Codex CLI ~/.codex/auth.json were signed by ${issuer.issuer}.`);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.code).toBe(0);
    // Discovery and JWKS, through deps.fetch (the proxy-aware one in real runs).
    expect(r.fetchLog).toEqual([`${issuer.issuer}/.well-known/openid-configuration`, `${issuer.issuer}/.well-known/jwks.json`]);
    // Redaction: nothing of the tokens reaches the output.
    for (const s of [tokens.id_token, tokens.access_token, tokens.refresh_token, signatureOf(tokens.access_token), signatureOf(tokens.id_token)]) expect(r.out + r.err).not.toContain(s);
  });

  it('an expired but genuine token still has a valid signature', async () => {
    const home = codexHome(tokens);
    const deps = testDeps(home, { env: { DISPLAY: ':0', AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer }, now: () => Date.now() + 30 * 24 * 3600_000, fetch: realFetch, exec: notInstalled });
    await run({ json: true, strict: false, fix: false, live: true }, deps, system).catch((e) => {
      if (!(e instanceof ReportPrinted)) throw e;
    });
    const found = (JSON.parse(deps.out()) as { findings: Finding[] }).findings;
    expect(ids(found)).toContain('live-jwt-signature-valid info');
  });

  it('a tampered token is "signature invalid" (an error, exit 4)', async () => {
    const [h, p, s] = tokens.access_token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const auth = claims['https://api.openai.com/auth'] as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, 'https://api.openai.com/auth': { ...auth, chatgpt_plan_type: 'enterprise' } })).toString('base64url')}.${s}`;
    const r = await live(codexHome({ ...tokens, access_token: forged }));
    const bad = r.findings.find((f) => f.id === 'live-jwt-signature-invalid');
    expect(bad?.severity).toBe('error');
    expect(bad?.title).toContain('Signature invalid: the access token of Codex CLI ~/.codex/auth.json');
    expect(r.code).toBe(4);
    expect(r.out).not.toContain(forged);
    expect(r.out).not.toContain(s);
  });

  it('a token signed by a key the issuer does not publish is flagged, not crashed on', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = fakeJwt({ iss: issuer.issuer, sub: 'x', iat: now - 60, exp: now + 3600 }, { alg: 'RS256', typ: 'JWT', kid: 'some-other-key' });
    const r = await live(codexHome({ ...tokens, id_token: other }));
    expect(ids(r.findings)).toContain('live-jwt-unknown-key warning');
  });

  it('an unreachable issuer is a finding, not a crash', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await live(codexHome(tokens), { issuerUrl: `http://127.0.0.1:${port}` });
    const f = r.findings.find((x) => x.id === 'live-issuer-unreachable');
    expect(f?.severity).toBe('error');
    expect(f?.title).toContain(`http://127.0.0.1:${port} cannot be reached`);
    expect(f?.fix).toMatch(/^curl -sS http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration/);
    expect(r.code).toBe(4);
    expect(r.findings.map((x) => x.id)).not.toContain('live-jwt-signature-valid');
  });

  it('a bad AUTH_WIZARD_OPENAI_ISSUER is a finding too', async () => {
    const r = await live(codexHome(tokens), { issuerUrl: 'http://issuer.example.test' });
    expect(ids(r.findings)).toContain('live-issuer-invalid error');
    expect(r.fetchLog).toEqual([]);
  });

  it('--provider anthropic makes no OpenAI request', async () => {
    const log: string[] = [];
    await live(codexHome(tokens), { opts: { provider: 'anthropic' }, fetchLog: log });
    expect(log).toEqual([]);
  });
});

describe('doctor --live: Claude Code via `claude auth status`', () => {
  function claudeHome(): string {
    const home = tempHome();
    put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: Date.now() + 3600_000, scopes: ['user:inference'] } });
    return home;
  }

  function execOf(result: Partial<ExecResult>, calls: unknown[][] = []): Exec {
    return async (cmd, args, opts) => {
      calls.push([cmd, args, opts?.timeoutMs]);
      return { code: 0, stdout: '', stderr: '', ...result };
    };
  }

  const CASES: { name: string; result: Partial<ExecResult>; expect: string }[] = [
    { name: 'signed in', result: { code: 0, stdout: '{"loggedIn": true, "authMethod": "claude.ai", "apiProvider": "firstParty", "email": "a@b.test", "subscriptionType": "max"}' }, expect: 'live-claude-signed-in info' },
    { name: 'not signed in although a credential file exists', result: { code: 1, stdout: '{"loggedIn": false, "authMethod": "none", "apiProvider": "firstParty"}' }, expect: 'live-claude-rejects-credentials error' },
    { name: 'not installed', result: { code: null, notFound: true }, expect: 'live-claude-missing info' },
    { name: 'timed out', result: { code: null, timedOut: true }, expect: 'live-claude-timeout warning' },
    { name: 'an old claude without JSON output', result: { code: 1, stdout: 'error: unknown command "auth"' }, expect: 'live-claude-status-unreadable warning' },
  ];

  it.each(CASES)('$name', async (c) => {
    const calls: unknown[][] = [];
    const r = await live(claudeHome(), { exec: execOf(c.result, calls), opts: { provider: 'anthropic' } });
    expect(ids(r.findings)).toContain(c.expect);
    expect(calls).toEqual([['claude', ['auth', 'status'], 20_000]]);
  });

  it('not signed in with no stored credentials is only a fact', async () => {
    const r = await live(tempHome(), { exec: execOf({ code: 1, stdout: '{"loggedIn": false, "authMethod": "none"}' }), opts: { provider: 'anthropic' } });
    expect(ids(r.findings)).toContain('live-claude-not-signed-in info');
    expect(r.code).toBe(0);
  });
});
