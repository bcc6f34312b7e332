// Output can never drive the terminal: a home whose every displayed field is
// hostile (generated here: ESC sequences that clear the screen, write the
// clipboard, make links and set the window title; BEL, BS, CR, NUL, DEL, LF; a
// C1 CSI; bidi overrides and isolates), run through every text command, with
// the raw bytes of stdout+stderr checked. Colour on and off: with colour the
// only escape sequences are our own SGR codes, and taking them out leaves
// exactly the colourless output.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { builtCli } from './helpers/built-cli';
import { FIXED_NOW, stdinOf, testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { AUTH, fakeJwt, fakeSecret } from './helpers/tokens';

const OSC8 = '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\';
/** Every category, in one string: CSI clear + home, OSC 52, OSC 8, OSC 0, BEL, BS, CR, NUL, DEL, C1 CSI, RLO, LRI, LF, and an SGR like ours. */
const EVIL = `\x1b[2J\x1b[H\x1b]52;c;cHduZWQ=\x07${OSC8}\x1b]0;pwned-title\x07\x07\x08\r\x00\x7f\u009b31m\u202e\u2066\n\x1b[31mred`;
/** What a file name or an environment variable can hold: no NUL, no `/`. */
const EVIL_NAME = '\x1b[2J\x1b]0;title\x07\x08\r\x7f\u009b\u202e\u2066\nname';

const DAY = 24 * 3600_000;
const nowSec = Math.floor(FIXED_NOW / 1000);

function hostileHome() {
  const home = tempHome('aw-hostile-');
  const codexHome = join(home, `codex${EVIL_NAME}`);
  mkdirSync(codexHome, { recursive: true, mode: 0o700 });
  const auth = {
    chatgpt_account_id: `acct-${EVIL}`,
    chatgpt_plan_type: `plan${EVIL}`,
    chatgpt_user_id: `user-${EVIL}`,
    chatgpt_subscription_active_until: `until${EVIL}`,
    organizations: [{ id: `org-${EVIL}`, title: `Org${EVIL}`, role: `role${EVIL}`, is_default: true }],
  };
  const idToken = fakeJwt(
    { iss: `https://issuer${EVIL}`, aud: [`aud${EVIL}`], sub: `sub${EVIL}`, email: `mail${EVIL}@x.test`, iat: nowSec - 60, exp: nowSec + 3600, jti: `jti${EVIL}`, sid: `sid${EVIL}`, [AUTH]: auth },
    { alg: `RS256${EVIL}`, typ: 'JWT', kid: `kid${EVIL}` },
  );
  const accessToken = fakeJwt({ iss: `https://issuer${EVIL}`, aud: [`aud${EVIL}`], sub: `sub${EVIL}`, iat: nowSec - 60, exp: nowSec + 9 * 24 * 3600, scp: [`scope${EVIL}`], [AUTH]: auth });
  put(codexHome, 'auth.json', { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens: { id_token: idToken, access_token: accessToken, refresh_token: fakeSecret('rt_'), account_id: `acct-${EVIL}` }, last_refresh: new Date(FIXED_NOW - 3600_000).toISOString() });
  put(home, '.claude/.credentials.json', {
    claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: FIXED_NOW + 7 * 3600_000, scopes: [`scope${EVIL}`], subscriptionType: `sub${EVIL}`, rateLimitTier: `tier${EVIL}` },
  });
  put(home, '.claude.json', { oauthAccount: { accountUuid: `acc-${EVIL}`, emailAddress: `claude${EVIL}@x.test`, organizationUuid: `org-${EVIL}`, organizationName: `OrgName${EVIL}` } });
  put(home, '.local/share/opencode/auth.json', {
    [`prov${EVIL}`]: { type: 'api', key: fakeSecret('sk-or-v1-') },
    // Fails OpenCode's schema: doctor suggests a command naming it.
    [`bad$(touch pwned)${EVIL}`]: { type: 'oauth' },
  });
  put(home, `.openclaw/agents/agent${EVIL_NAME}/agent/auth-profiles.json`, {
    version: 1,
    profiles: { [`anthropic:${EVIL}`]: { type: 'token', provider: 'anthropic', token: fakeSecret('sk-ant-oat01-'), expires: FIXED_NOW - DAY, email: `claw${EVIL}` } },
  });
  put(home, '.config/auth-wizard/auth-profiles.json', {
    version: 1,
    profiles: { [`other:${EVIL}`]: { type: 'token', provider: `other${EVIL}`, token: fakeSecret('tok-'), expires: FIXED_NOW - DAY } },
  });
  const env = { CODEX_HOME: codexHome, ANTHROPIC_API_KEY: `sk-ant-api03-${EVIL_NAME}abcdefghijklmnopqrstuvwxyz`, HTTPS_PROXY: `http://proxy.test:3128/${EVIL_NAME}` };
  return { home, env };
}

/** Our own colour codes (src/core/colors.ts): the only escape sequences allowed out. */
const OUR_SGR = /\x1b\[(?:1|2|22|31|32|33|36|39|90)m/g;
// eslint-disable-next-line no-control-regex
const BAD_BYTES = /[\x00-\x08\x0b-\x1f\x7f]/;
const BAD_CODE_POINTS = /[\u0080-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

/** Asserts over the raw bytes: no control byte but TAB/LF, no C1, no bidi; with colour, nothing once our SGR codes are taken out. */
function expectTerminalSafe(bytes: Buffer, color: boolean, what: string): void {
  const latin1 = bytes.toString('latin1');
  const rest = color ? latin1.replace(OUR_SGR, '') : latin1;
  const bad = BAD_BYTES.exec(rest);
  expect(bad, `${what}: control byte 0x${bad?.[0].charCodeAt(0).toString(16)} at ${bad?.index}: ${JSON.stringify(rest.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 10))}`).toBeNull();
  const text = bytes.toString('utf8');
  const cp = BAD_CODE_POINTS.exec(text);
  expect(cp, `${what}: code point U+${cp?.[0].codePointAt(0)?.toString(16)} at ${cp?.index}`).toBeNull();
}

async function run(argv: string[], h: { home: string; env: Record<string, string> }, color: boolean, stdin?: string) {
  const deps = testDeps(h.home, { env: { ...h.env }, color, ...(stdin !== undefined ? { stdin: stdinOf(stdin) } : {}) });
  const code = await main(argv, deps);
  return { code, out: deps.out(), err: deps.err(), bytes: Buffer.from(deps.out() + deps.err(), 'utf8') };
}

const COMMANDS: string[][] = [
  ['status'],
  ['status', '--provider', 'other'],
  ['info', '--provider', 'openai'],
  ['info', '--provider', 'anthropic', '--source', 'claude-code'],
  ['info', '--provider', 'anthropic', '--source', 'openclaw'],
  ['info', '--provider', 'openai', '--profile', `nothing${EVIL_NAME}`],
  ['doctor'],
  ['onboard', '--provider', 'openai', '--method', 'keep'],
  ['logout', '--provider', 'openai', '--profile', `x${EVIL_NAME}`],
];

describe('hostile fields never reach the terminal raw', () => {
  const h = hostileHome();

  for (const argv of COMMANDS) {
    it(`${argv.join(' ').replace(/[^\x20-\x7e]/g, '?')}: colour off and on`, async () => {
      const plain = await run(argv, h, false);
      expectTerminalSafe(plain.bytes, false, argv[0]!);
      const colored = await run(argv, h, true);
      expectTerminalSafe(colored.bytes, true, `${argv[0]} (colour)`);
      // Our colours are the only difference: the data's own `ESC [31m` was escaped, not passed on.
      expect((colored.out + colored.err).replace(OUR_SGR, '')).toBe(plain.out + plain.err);
    });
  }

  it('shows what it escaped, visibly', async () => {
    const status = await run(['status'], h, false);
    expect(status.out).toContain('\\x1b');
    const info = await run(['info', '--provider', 'openai'], h, false);
    for (const esc of ['\\x1b]52;c;', '\\x07', '\\x08', '\\x0d', '\\x00', '\\x7f', '\\x9b', '\\u202e', '\\u2066', '\\x0a']) expect(info.out).toContain(esc);
    const doctor = await run(['doctor'], h, false);
    expect(doctor.out).toContain('\\u202e');
  });

  it('a table cell cut to fit never splits an escape', async () => {
    const status = await run(['status'], h, false);
    // Cut cells end in …; what precedes it is never the start of an escape.
    expect(status.out).not.toMatch(/\\(?:x[0-9a-f]?|u[0-9a-f]{0,3})…/);
  });

  it('status --json keeps the exact values, and its bytes are safe too', async () => {
    const r = await run(['status', '--json'], h, false);
    expectTerminalSafe(Buffer.from(r.out, 'utf8'), false, 'status --json');
    const doc = JSON.parse(r.out) as { credentials: { source: string; email: string | null; plan: string | null; path: string; profile: string | null; provider: string }[] };
    const codex = doc.credentials.find((c) => c.source === 'codex');
    expect(codex?.email).toBe(`mail${EVIL}@x.test`);
    expect(codex?.plan).toBe(`plan${EVIL}`);
    expect(codex?.path).toBe(join(h.env.CODEX_HOME, 'auth.json'));
    expect(doc.credentials.some((c) => c.source === 'opencode' && c.provider === `prov${EVIL}`)).toBe(true);
    expect(doc.credentials.some((c) => c.source === 'openclaw' && c.profile?.endsWith(`anthropic:${EVIL}`))).toBe(true);
    for (const argv of [['info', '--provider', 'openai', '--json'], ['doctor', '--json']]) {
      const j = await run(argv, h, false);
      expectTerminalSafe(Buffer.from(j.out, 'utf8'), false, argv.join(' '));
      expect(() => JSON.parse(j.out)).not.toThrow();
    }
    const info = JSON.parse((await run(['info', '--provider', 'openai', '--json'], h, false)).out) as { credential: { email: string } };
    expect(info.credential.email).toBe(`mail${EVIL}@x.test`);
  });

  it('login and logout messages: a path and a profile id from data', async () => {
    const w = hostileHome();
    const login = await run(['login', '--provider', 'openai', '--method', 'api-key', '--target', 'codex'], w, false, `sk-proj-${'a'.repeat(40)}\n`);
    expect(login.code, login.err).toBe(0);
    expectTerminalSafe(login.bytes, false, 'login');
    expect(login.out).toContain('\\x1b');
    const logout = await run(['logout', '--provider', `other${EVIL_NAME}`, '--profile', `other:${EVIL_NAME}`], w, false);
    expectTerminalSafe(logout.bytes, false, 'logout');
  });

  it('the built CLI (fd writes), colour forced and off', () => {
    const cli = builtCli();
    for (const [argv, colorEnv] of [
      [['status'], { FORCE_COLOR: '1' }],
      [['status'], { NO_COLOR: '1' }],
      [['doctor'], { FORCE_COLOR: '1' }],
      [['info', '--provider', 'openai'], { NO_COLOR: '1' }],
    ] as const) {
      const r = spawnSync(process.execPath, [cli, ...argv], { env: { PATH: process.env.PATH ?? '', HOME: h.home, ...h.env, ...colorEnv }, timeout: 20_000 });
      expect(r.status, String(r.stderr)).not.toBeNull();
      expectTerminalSafe(Buffer.concat([r.stdout, r.stderr]), 'FORCE_COLOR' in colorEnv, `built ${argv.join(' ')}`);
    }
  });
});

describe('error messages carrying data', () => {
  it('a file name and a server answer in an error are printed escaped', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_request', error_description: `server says${EVIL}` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const h = hostileHome();
      const deps = testDeps(h.home, {
        env: { ...h.env, AUTH_WIZARD_OPENAI_ISSUER: `http://127.0.0.1:${port}` },
        fetch: (url, init = {}) => {
          const { timeoutMs, ...rest } = init;
          return fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs ?? 10_000) });
        },
      });
      const code = await main(['refresh', '--provider', 'openai', '--source', 'codex', '--force'], deps);
      expect(code).not.toBe(0);
      expectTerminalSafe(Buffer.from(deps.out() + deps.err(), 'utf8'), false, 'refresh error');
      // A missing profile named on the command line, into an error message.
      const missing = testDeps(h.home, { env: { ...h.env } });
      await main(['token', '--provider', 'openai', '--profile', `p${EVIL_NAME}`], missing);
      expectTerminalSafe(Buffer.from(missing.out() + missing.err(), 'utf8'), false, 'token error');
      expect(missing.err()).toContain('\\x1b');
    } finally {
      server.close();
    }
  });
});
