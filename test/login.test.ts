// `login --provider openai` end to end against a real authorization server
// (oidc-provider configured like OpenAI's, test/helpers/oidc-server.ts). The
// browser is played over HTTP (issuer.authorizeViaHttp); test/browser.test.ts
// does the same with a real Chromium.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps, InStream } from '../src/deps';
import { run as runLogin, type LoginOptions } from '../src/commands/login';
import { main } from '../src/main';
import type { Prompter, TextQuestion } from '../src/ui/prompter';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { startTestIssuer, type TestIssuer } from './helpers/oidc-server';
import { signatureOf } from './helpers/tokens';
import { freePort, realFetch } from './helpers/net';



async function portIsFree(port: number): Promise<boolean> {
  const s = createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** stdin that stays open until the test pushes a line (or ends it), like a terminal or a pipe. */
function lateStdin(): { stream: InStream; push(text: string): void; end(): void; returned: () => boolean } {
  const queue: string[] = [];
  let waiting: ((r: IteratorResult<string>) => void) | undefined;
  let ended = false;
  let returned = false;
  const stream: InStream = {
    isTTY: false,
    [Symbol.asyncIterator]() {
      return {
        next: () =>
          new Promise<IteratorResult<string>>((resolve) => {
            if (queue.length > 0) resolve({ value: queue.shift()!, done: false });
            else if (ended) resolve({ value: undefined, done: true });
            else waiting = resolve;
          }),
        return: async () => {
          returned = true;
          ended = true;
          waiting?.({ value: undefined, done: true });
          return { value: undefined, done: true };
        },
      };
    },
  };
  return {
    stream,
    push(text) {
      if (waiting !== undefined) {
        const w = waiting;
        waiting = undefined;
        w({ value: text, done: false });
      } else queue.push(text);
    },
    end() {
      ended = true;
      waiting?.({ value: undefined, done: true });
    },
    returned: () => returned,
  };
}

let issuer: TestIssuer;
let port: number;
let env: Record<string, string>;

beforeAll(async () => {
  port = await freePort();
  issuer = await startTestIssuer({ redirectUris: [`http://localhost:${port}/auth/callback`] });
  env = { AUTH_WIZARD_OPENAI_ISSUER: issuer.issuer, AUTH_WIZARD_CALLBACK_PORT: String(port) };
});
afterAll(async () => {
  await issuer?.stop();
});

interface Run {
  done: Promise<number>;
  /** Resolves with the authorize URL once the CLI printed it. */
  url: Promise<string>;
  out: () => string;
  err: () => string;
  opened: string[];
  deps: Deps;
}

function startLogin(args: string[], o: { home: string; stdin?: InStream; platform?: NodeJS.Platform; extraEnv?: Record<string, string>; openBrowser?: (url: string) => Promise<void>; fetch?: Deps['fetch']; now?: () => number }): Run {
  const opened: string[] = [];
  let err = '';
  let foundUrl!: (u: string) => void;
  const url = new Promise<string>((r) => (foundUrl = r));
  const re = new RegExp(`${issuer.issuer.replace(/[.]/g, '\\.')}/oauth/authorize\\?\\S+`);
  const deps = testDeps(o.home, {
    env: { ...env, ...o.extraEnv },
    // darwin: no display/container heuristics from the machine running the tests.
    platform: o.platform ?? 'darwin',
    fetch: o.fetch ?? realFetch,
    ...(o.now !== undefined ? { now: o.now } : {}),
    ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
    openBrowser: async (u) => {
      opened.push(u);
      await o.openBrowser?.(u);
    },
  });
  deps.stderr = {
    isTTY: false,
    write: (s: string) => {
      err += s;
      const m = re.exec(err);
      if (m) foundUrl(m[0]);
      return true;
    },
  };
  return { done: main(['login', ...args], deps), url, out: deps.out, err: () => err, opened, deps };
}

function snapshotFile(path: string): { bytes: Buffer; mode: number } {
  return { bytes: readFileSync(path), mode: statSync(path).mode };
}

async function statusJson(home: string, extraEnv: Record<string, string> = {}) {
  const d = testDeps(home, { env: { ...extraEnv } });
  await main(['status', '--json', '--provider', 'openai'], d);
  return JSON.parse(d.out()).credentials as Array<Record<string, unknown>>;
}

function codexSecrets(home: string): string[] {
  const t = JSON.parse(readFileSync(join(home, '.codex/auth.json'), 'utf8')).tokens as Record<string, string>;
  return [t.access_token!, t.refresh_token!, signatureOf(t.id_token!), signatureOf(t.access_token!)];
}

const EXISTING_CODEX = '{\n  "auth_mode": "apikey",\n  "OPENAI_API_KEY": "sk-test-existing-0000000000000000",\n  "other": {"keep": [1, 2.50]}\n}\n';

describe('login --provider openai: browser + loopback callback', () => {
  it('opens the browser on the authorize URL, the callback reaches our listener, Codex gets the grant', async () => {
    const home = tempHome();
    const codeRequests = issuer.counts.authorizationCode;
    let page: Promise<{ status: number; body: string }> | undefined;
    const run = startLogin(['--provider', 'openai'], {
      home,
      openBrowser: async (url) => {
        // Like a browser: returns at once, the user signs in later.
        page = (async () => {
          const cb = await issuer.authorizeViaHttp(url, { email: 'cb-user@example.test', plan: 'pro' });
          const res = await fetch(cb);
          return { status: res.status, body: await res.text() };
        })();
      },
    });
    expect(await run.done).toBe(0);
    expect(run.opened).toHaveLength(1);
    const u = new URL(run.opened[0]!);
    expect(`${u.origin}${u.pathname}`).toBe(`${issuer.issuer}/oauth/authorize`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
      redirect_uri: `http://localhost:${port}/auth/callback`,
      scope: 'openid profile email offline_access',
      code_challenge_method: 'S256',
      id_token_add_organizations: 'true',
      codex_cli_simplified_flow: 'true',
    });
    expect(u.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(u.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const shown = await page!;
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('Signed in');

    // The token request repeated the redirect_uri byte for byte.
    expect(issuer.counts.authorizationCode).toBe(codeRequests + 1);
    expect(issuer.requests.at(-1)!.body.redirect_uri).toBe(`http://localhost:${port}/auth/callback`);

    const acct = issuer.account('cb-user@example.test');
    expect(run.out()).toContain('✓ Signed in to ChatGPT as cb-user@example.test');
    expect(run.out()).toContain(`account   ${acct.accountId}`);
    expect(run.out()).toContain('plan      pro');
    expect(run.out()).toContain('saved to  Codex CLI (~/.codex/auth.json)');
    const auth = JSON.parse(readFileSync(join(home, '.codex/auth.json'), 'utf8'));
    expect(auth).toMatchObject({ auth_mode: 'chatgpt', tokens: { account_id: acct.accountId } });
    expect(statSync(join(home, '.codex/auth.json')).mode & 0o777).toBe(0o600);
    for (const s of codexSecrets(home)) expect(run.out() + run.err()).not.toContain(s);

    const creds = await statusJson(home);
    expect(creds).toEqual([expect.objectContaining({ source: 'codex', kind: 'oauth', email: 'cb-user@example.test', plan: 'pro', accountId: acct.accountId, usable: true })]);
    // The listener is gone.
    expect(await portIsFree(port)).toBe(true);
  });

  it('a forged callback with a wrong state is refused and does not end the wait; the real one then finishes', async () => {
    const home = tempHome();
    let forged: Promise<number> | undefined;
    const run = startLogin(['--provider', 'openai', '--target', 'auth-wizard'], {
      home,
      openBrowser: async (url) => {
        forged = (async () => {
          const bad = await fetch(`http://127.0.0.1:${port}/auth/callback?code=evil&state=not-the-state`);
          await bad.text();
          const cb = await issuer.authorizeViaHttp(url);
          await (await fetch(cb)).text();
          return bad.status;
        })();
      },
    });
    expect(await run.done).toBe(0);
    expect(await forged).toBe(400);
    expect(run.out()).toContain("saved to  auth-wizard's store (~/.config/auth-wizard/auth-profiles.json, entry openai:default)");
    const creds = await statusJson(home);
    expect(creds).toEqual([expect.objectContaining({ source: 'auth-wizard', kind: 'oauth', email: 'user@example.test', usable: true })]);
  });

  it('access_denied at the consent page → exit 4, a clear sentence, no token request, Codex file byte-identical', async () => {
    const home = tempHome();
    const file = put(home, '.codex/auth.json', EXISTING_CODEX);
    const before = snapshotFile(file);
    const codeRequests = issuer.counts.authorizationCode;
    let page: Promise<string> | undefined;
    const run = startLogin(['--provider', 'openai'], {
      home,
      openBrowser: async (url) => {
        page = (async () => (await fetch(await issuer.authorizeViaHttp(url, { deny: true }))).text())();
      },
    });
    expect(await run.done).toBe(4);
    expect(run.err()).toMatch(/auth-wizard: The sign-in was refused: access_denied/);
    expect(await page).toContain('Sign-in refused');
    expect(issuer.counts.authorizationCode).toBe(codeRequests);
    expect(snapshotFile(file)).toEqual(before);
    expect(await portIsFree(port)).toBe(true);
  });
});

describe('login --provider openai: headless (link + paste, listener alongside)', () => {
  it('over SSH: no browser is launched; the URL and both ways are printed; the pasted address (stdin) wins and withdraws the listener', async () => {
    const home = tempHome();
    const stdin = lateStdin();
    const run = startLogin(['--provider', 'openai', '--target', 'opencode'], { home, stdin: stdin.stream, extraEnv: { SSH_CONNECTION: '10.0.0.2 5555 10.0.0.1 22' } });
    const url = await run.url;
    const cb = await issuer.authorizeViaHttp(url, { email: 'ssh-user@example.test' });
    expect(new URL(cb).searchParams.get('iss')).toBe(issuer.issuer);
    stdin.push(`${cb}\n`);
    expect(await run.done).toBe(0);
    expect(run.opened).toEqual([]);
    expect(run.err()).toContain('auth-wizard did not open a browser here (this is an SSH session)');
    expect(run.err()).toContain('Paste that whole address here');
    expect(run.err()).toContain(`ssh -L ${port}:localhost:${port} <this host>`);
    expect(run.err()).toContain('Got the address; fetching tokens');
    expect(run.out()).toContain('saved to  OpenCode (~/.local/share/opencode/auth.json, entry openai)');
    expect(await portIsFree(port)).toBe(true);
    const oc = JSON.parse(readFileSync(join(home, '.local/share/opencode/auth.json'), 'utf8'));
    expect(oc.openai).toMatchObject({ type: 'oauth', accountId: issuer.account('ssh-user@example.test').accountId });
    expect(run.out() + run.err()).not.toContain(oc.openai.refresh);
    expect(run.out() + run.err()).not.toContain(oc.openai.access);
    const creds = await statusJson(home);
    expect(creds).toEqual([expect.objectContaining({ source: 'opencode', kind: 'oauth', email: 'ssh-user@example.test', usable: true })]);
  });

  it('--no-browser with the port forwarded: the callback wins and withdraws the stdin read', async () => {
    const home = tempHome();
    const stdin = lateStdin();
    const run = startLogin(['--provider', 'openai', '--no-browser', '--target', 'auth-wizard', '--profile', 'work'], { home, stdin: stdin.stream });
    const url = await run.url;
    const res = await fetch(await issuer.authorizeViaHttp(url));
    expect(res.status).toBe(200);
    expect(await run.done).toBe(0);
    expect(run.opened).toEqual([]);
    expect(run.err()).toContain('(--no-browser was given)');
    expect(run.err()).toContain('The browser finished the sign-in');
    expect(stdin.returned()).toBe(true);
    expect(run.out()).toContain('entry openai:work');
  });

  it('a pasted address with a wrong state → exit 4, no token request, target byte-identical', async () => {
    const home = tempHome();
    const file = put(home, '.codex/auth.json', EXISTING_CODEX);
    const before = snapshotFile(file);
    const stdin = lateStdin();
    const run = startLogin(['--provider', 'openai', '--no-browser'], { home, stdin: stdin.stream });
    const cb = new URL(await issuer.authorizeViaHttp(await run.url));
    const codeRequests = issuer.counts.authorizationCode;
    cb.searchParams.set('state', 'x'.repeat(43));
    stdin.push(`${cb.href}\n`);
    expect(await run.done).toBe(4);
    expect(run.err()).toMatch(/belongs to a different sign-in attempt/);
    expect(run.err()).toMatch(/nothing was written/);
    expect(issuer.counts.authorizationCode).toBe(codeRequests);
    expect(snapshotFile(file)).toEqual(before);
    expect(await portIsFree(port)).toBe(true);
  });

  it('a pasted code the server rejects (invalid_grant) → exit 4; target byte-identical', async () => {
    const home = tempHome();
    const file = put(home, '.codex/auth.json', EXISTING_CODEX);
    const before = snapshotFile(file);
    const stdin = lateStdin();
    const run = startLogin(['--provider', 'openai', '--method', 'paste'], { home, stdin: stdin.stream });
    const cb = new URL(await issuer.authorizeViaHttp(await run.url));
    cb.searchParams.set('code', `${cb.searchParams.get('code')}tampered`);
    stdin.push(cb.href);
    stdin.end();
    expect(await run.done).toBe(4);
    expect(run.err()).toMatch(/did not accept the authorization code \(invalid_grant\)/);
    expect(run.err()).not.toContain(cb.searchParams.get('code')!);
    expect(snapshotFile(file)).toEqual(before);
  });

  it('--method paste does not listen at all (the port may belong to a running Codex login)', async () => {
    const home = tempHome();
    const stdin = lateStdin();
    const run = startLogin(['--provider', 'openai', '--method', 'paste'], { home, stdin: stdin.stream });
    await run.url;
    expect(await portIsFree(port)).toBe(true);
    stdin.push(`${await issuer.authorizeViaHttp(await run.url)}\n`);
    expect(await run.done).toBe(0);
  });

  it('the token endpoint failing (503, or unreachable) → exit 1, target byte-identical', async () => {
    for (const failing of [
      (async () => new Response('{"error":"temporarily_unavailable"}', { status: 503 })) as Deps['fetch'],
      (async () => {
        throw new TypeError('fetch failed');
      }) as Deps['fetch'],
    ]) {
      const home = tempHome();
      const file = put(home, '.codex/auth.json', EXISTING_CODEX);
      const before = snapshotFile(file);
      const stdin = lateStdin();
      const run = startLogin(['--provider', 'openai', '--method', 'paste'], { home, stdin: stdin.stream, fetch: failing });
      stdin.push(`${await issuer.authorizeViaHttp(await run.url)}\n`);
      expect(await run.done).toBe(1);
      expect(run.err()).toMatch(/unavailable|Could not reach the sign-in server/);
      expect(run.err()).toMatch(/Nothing was written/);
      expect(snapshotFile(file)).toEqual(before);
    }
  });

  it('nobody answers: times out (--timeout), exit 1, listener closed', async () => {
    const home = tempHome();
    const stdin = lateStdin();
    const t0 = Date.now();
    const run = startLogin(['--provider', 'openai', '--no-browser', '--timeout', '0.01'], { home, stdin: stdin.stream });
    expect(await run.done).toBe(1);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(run.err()).toMatch(/Timed out after 0\.6 seconds/);
    expect(await portIsFree(port)).toBe(true);
    expect(existsSync(join(home, '.codex'))).toBe(false);
  });
});

/** Another program on a port: not an auth-wizard/Codex listener; counts the /cancel it is sent and ignores it. */
async function busyPort(at: number): Promise<{ cancels(): number; close(): Promise<void> }> {
  let cancels = 0;
  const holder = createServer((req, res) => {
    if (req.url === '/cancel') cancels++;
    res.writeHead(404).end('not ours');
  });
  await new Promise<void>((r) => holder.listen(at, '127.0.0.1', r));
  return {
    cancels: () => cancels,
    close: async () => {
      holder.closeAllConnections();
      await new Promise<void>((r) => holder.close(() => r()));
    },
  };
}

// Side by side, each against a port of its own: both wait out Codex's retries
// (10 x 200 ms), which is most of their time.
describe.concurrent('login --provider openai: busy port', () => {
  it('asks the holder to /cancel, retries, then falls back to the paste with a clear message', async ({ expect, onTestFinished }) => {
    const holder = await busyPort(port);
    onTestFinished(holder.close);
    const home = tempHome();
    const stdin = lateStdin();
    const t0 = Date.now();
    const run = startLogin(['--provider', 'openai'], { home, stdin: stdin.stream });
    const url = await run.url;
    // Wait until the fallback message is out, then paste.
    for (let i = 0; i < 100 && !run.err().includes('Finish by pasting'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(run.err()).toContain(`port 127.0.0.1:${port} is in use by another program`);
    stdin.push(`${await issuer.authorizeViaHttp(url, { email: 'busy@example.test' })}\n`);
    expect(await run.done).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1800); // Codex's 10 × 200 ms
    expect(holder.cancels()).toBe(1);
    expect(run.opened).toHaveLength(1); // the browser still opens: its address bar carries the code
    const creds = await statusJson(home);
    expect(creds).toEqual([expect.objectContaining({ source: 'codex', email: 'busy@example.test', usable: true })]);
  });

  it('busy port and nothing on stdin → exit 1 naming the alternatives; nothing written', async ({ expect, onTestFinished }) => {
    const other = await freePort();
    const holder = await busyPort(other);
    onTestFinished(holder.close);
    const home = tempHome();
    const run = startLogin(['--provider', 'openai', '--no-browser'], { home, extraEnv: { AUTH_WIZARD_CALLBACK_PORT: String(other) } });
    expect(await run.done).toBe(1);
    expect(run.err()).toMatch(/already in use.*--no-browser.*--device/s);
    expect(holder.cancels()).toBe(1);
    expect(existsSync(join(home, '.codex'))).toBe(false);
  });
});

describe('login --provider openai: two-phase (--print-url, --complete)', () => {
  it('prints only the URL on stdout, keeps the secret 0600 for 10 minutes, completes once into the chosen target', async () => {
    const home = tempHome();
    const awHome = join(home, 'aw');
    const first = startLogin(['--provider', 'openai', '--print-url', '--target', 'auth-wizard', '--profile', 'ci'], { home, extraEnv: { AUTH_WIZARD_HOME: awHome } });
    expect(await first.done).toBe(0);
    const url = first.out().trim();
    expect(url.split('\n')).toHaveLength(1);
    expect(url.startsWith(`${issuer.issuer}/oauth/authorize?`)).toBe(true);
    expect(first.err()).toContain('--complete');
    const dir = join(awHome, 'pending-logins');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    const pending = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
    expect(pending.expiresAt - pending.createdAt).toBe(10 * 60_000);
    expect(url).not.toContain(pending.verifier);

    const cb = await issuer.authorizeViaHttp(url, { email: 'ci@example.test' });
    const done = startLogin(['--provider', 'openai', '--complete', cb], { home, extraEnv: { AUTH_WIZARD_HOME: awHome } });
    expect(await done.done).toBe(0);
    expect(done.out()).toContain('entry openai:ci');
    expect(readdirSync(dir)).toEqual([]);
    const creds = await statusJson(home, { AUTH_WIZARD_HOME: awHome });
    expect(creds).toEqual([expect.objectContaining({ source: 'auth-wizard', email: 'ci@example.test', usable: true })]);

    // Single use: the same address again finds nothing, and no token request is made.
    const codeRequests = issuer.counts.authorizationCode;
    const again = startLogin(['--provider', 'openai', '--complete', cb], { home, extraEnv: { AUTH_WIZARD_HOME: awHome } });
    expect(await again.done).toBe(4);
    expect(again.err()).toMatch(/does not belong to a pending sign-in/);
    expect(issuer.counts.authorizationCode).toBe(codeRequests);
  });

  it('--complete - reads the address from stdin; a wrong state is refused; an expired attempt is refused and removed', async () => {
    const home = tempHome();
    const file = put(home, '.codex/auth.json', EXISTING_CODEX);
    const before = snapshotFile(file);
    const start = startLogin(['--provider', 'openai', '--print-url'], { home });
    expect(await start.done).toBe(0);
    const cb = new URL(await issuer.authorizeViaHttp(start.out().trim()));
    const codeRequests = issuer.counts.authorizationCode;

    const forged = new URL(cb.href);
    forged.searchParams.set('state', 'y'.repeat(43));
    const wrong = startLogin(['--provider', 'openai', '--complete', '-'], { home, stdin: (() => { const s = lateStdin(); s.push(forged.href + '\n'); return s.stream; })() });
    expect(await wrong.done).toBe(4);
    expect(wrong.err()).toMatch(/state matches none/);
    const noState = new URL(cb.href);
    noState.searchParams.delete('state');
    const missing = startLogin(['--provider', 'openai', '--complete', noState.href], { home });
    expect(await missing.done).toBe(4);
    expect(missing.err()).toMatch(/has no state/);

    const late = startLogin(['--provider', 'openai', '--complete', cb.href], { home, now: () => FIXED_NOW + 11 * 60_000 });
    expect(await late.done).toBe(4);
    expect(late.err()).toMatch(/pending sign-in expired/);
    expect(issuer.counts.authorizationCode).toBe(codeRequests);
    expect(readdirSync(join(home, '.config/auth-wizard/pending-logins'))).toEqual([]);
    expect(snapshotFile(file)).toEqual(before);
  });
});

describe('login: flags and no-terminal rules', () => {
  const cases: Array<[string[], number, RegExp]> = [
    [[], 3, /which provider.*no terminal[\s\S]*--provider openai or --provider anthropic/],
    [['--provider', 'anthropic'], 3, /needs a method[\s\S]*--method claude-cli/],
    [['--provider', 'anthropic', '--target', 'codex'], 3, /--target is for --provider openai/],
    [['--provider', 'openai', '--method', 'setup-token'], 3, /not an OpenAI sign-in/],
    [['--provider', 'openai', '--profile', 'work'], 3, /add --target auth-wizard/],
    [['--provider', 'openai', '--print-url', '--complete', 'x'], 3, /give one of them/],
    [['--provider', 'openai', '--device', '--method', 'paste'], 3, /different sign-ins/],
    [['--provider', 'openai', '--timeout', '0'], 3, /--timeout is in minutes/],
    [['--provider', 'openai', '--target', 'vscode'], 3, /--target must be one of codex, opencode, auth-wizard/],
  ];
  it.each(cases)('%j → exit %i', async (args, code, message) => {
    const d = testDeps(tempHome(), { env });
    expect(await main(['login', ...args], d)).toBe(code);
    expect(d.err()).toMatch(message);
  });

  it('AUTH_WIZARD_CALLBACK_PORT must be a port', async () => {
    const d = testDeps(tempHome(), { env: { ...env, AUTH_WIZARD_CALLBACK_PORT: 'abc' } });
    expect(await main(['login', '--provider', 'openai', '--method', 'paste'], d)).toBe(3);
    expect(d.err()).toMatch(/AUTH_WIZARD_CALLBACK_PORT must be a port number/);
  });
});

describe('login --provider openai: interactive paste prompt (scripted Prompter)', () => {
  function textOnly(answer: (q: TextQuestion) => Promise<string>): Prompter {
    const fail = () => {
      throw new Error('unexpected prompt');
    };
    const noop = () => {};
    return {
      text: answer,
      password: fail,
      select: fail,
      multiselect: fail,
      confirm: fail,
      intro: noop,
      outro: noop,
      note: noop,
      spinner: () => ({ start: noop, message: noop, stop: noop, error: noop }),
      log: { info: noop, success: noop, step: noop, warn: noop, error: noop, message: noop },
    };
  }
  const opts: LoginOptions = { provider: 'openai', noBrowser: true, device: false, printUrl: false, force: false, console: false };

  it('the callback wins: the paste prompt is withdrawn through its AbortSignal', async () => {
    const home = tempHome();
    const deps = testDeps(home, { env, interactive: true, platform: 'darwin', fetch: realFetch });
    let withdrawn: unknown;
    let url = '';
    deps.stderr = { write: (s: string) => ((url ||= /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/.exec(s)?.[0] ?? ''), true) };
    const prompter = textOnly(
      (q) =>
        new Promise((_resolve, reject) => {
          void (async () => {
            await fetch(await issuer.authorizeViaHttp(url));
          })();
          q.signal!.addEventListener('abort', () => {
            withdrawn = q.signal!.reason;
            reject(q.signal!.reason);
          });
        }),
    );
    await runLogin(opts, { ...deps, prompter: async () => prompter });
    expect(withdrawn).toMatchObject({ code: 'cancelled' });
    expect(deps.out()).toContain('Signed in to ChatGPT');
  });

  it('the paste wins; a mis-paste is caught by validate (asked again), an error=… is let through to end the attempt', async () => {
    const home = tempHome();
    const deps = testDeps(home, { env, interactive: true, platform: 'darwin', fetch: realFetch });
    let url = '';
    deps.stderr = { write: (s: string) => ((url ||= /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+/.exec(s)?.[0] ?? ''), true) };
    let listenerClosed: boolean | undefined;
    const prompter = textOnly(async (q) => {
      const cb = new URL(await issuer.authorizeViaHttp(url));
      expect(q.validate!('hello there')).toMatch(/does not look like a sign-in redirect/);
      const wrong = new URL(cb.href);
      wrong.searchParams.set('state', 'z'.repeat(43));
      expect(q.validate!(wrong.href)).toMatch(/different sign-in attempt/);
      const refused = new URL(cb.href);
      refused.search = `?error=access_denied&state=${cb.searchParams.get('state')}`;
      expect(q.validate!(refused.href)).toBeUndefined();
      expect(q.validate!(cb.href)).toBeUndefined();
      q.signal!.addEventListener('abort', () => (listenerClosed = true));
      return `  ${cb.href}  `;
    });
    await runLogin(opts, { ...deps, prompter: async () => prompter });
    expect(deps.out()).toContain('Signed in to ChatGPT');
    expect(listenerClosed).toBe(true);
    expect(await portIsFree(port)).toBe(true);
  });
});
