// The machine around the credentials: is this a headless session (SSH, no
// display, container) and which sign-in works here; is the OpenAI callback
// port free; which proxy and CA settings sign-in traffic will meet.
import { open } from 'node:fs/promises';
import { OPENAI_CALLBACK_PORT, openaiEndpoints } from '../oauth/openai-endpoints';
import { detectHeadless } from '../core/session';
import { type CheckContext, type Finding, wants } from './finding';
import type { DoctorSystem } from './system';

export interface SessionFacts {
  /** The same verdict `auth-wizard login` acts on (detectHeadless), so doctor and login agree. */
  headless: boolean;
  /** login's reason for the verdict, e.g. "this is an SSH session". */
  reason: string;
  wsl: boolean;
  container: boolean;
  ssh: boolean;
  /** Everything seen, for the detail line. */
  signals: string[];
}

function set(env: CheckContext['deps']['env'], name: string): boolean {
  const v = env[name];
  return v !== undefined && v.trim() !== '';
}

const CONTAINER_MARKERS = ['/.dockerenv', '/run/.containerenv'];

export async function sessionFacts(ctx: CheckContext, system: DoctorSystem): Promise<SessionFacts> {
  const { env, platform } = ctx.deps;
  const linux = platform === 'linux';
  const markers = new Set<string>();
  if (linux) for (const m of CONTAINER_MARKERS) if (await system.exists(m)) markers.add(m);
  const verdict = detectHeadless(env, platform, (p) => markers.has(p));

  const signals: string[] = [];
  const sshVars = ['SSH_CONNECTION', 'SSH_TTY', 'SSH_CLIENT'].filter((v) => set(env, v));
  if (sshVars.length > 0) signals.push(`SSH session (${sshVars.join(', ')})`);
  let wsl = false;
  if (linux) {
    if (set(env, 'WSL_DISTRO_NAME')) {
      wsl = true;
      signals.push(`WSL (WSL_DISTRO_NAME=${env.WSL_DISTRO_NAME ?? ''})`);
    } else if (/microsoft|wsl/i.test((await system.readText('/proc/version')) ?? '')) {
      wsl = true;
      signals.push('WSL (/proc/version), but WSL_DISTRO_NAME is unset, so the hand-off to the Windows browser may not work');
    }
    if (!set(env, 'DISPLAY') && !set(env, 'WAYLAND_DISPLAY')) signals.push('no DISPLAY or WAYLAND_DISPLAY');
  }
  const containerBy = [...markers, ...['container', 'KUBERNETES_SERVICE_HOST'].filter((v) => linux && set(env, v))];
  if (containerBy.length > 0) signals.push(`container (${containerBy.join(', ')})`);
  if (set(env, 'BROWSER')) signals.push(`BROWSER=${env.BROWSER?.trim() ?? ''}`);
  return { headless: verdict.headless, reason: verdict.reason, wsl, container: containerBy.length > 0, ssh: sshVars.length > 0, signals };
}

/** A summary of the session and the sign-in methods that will work in it. */
export function sessionFinding(ctx: CheckContext, s: SessionFacts): Finding {
  const openai = wants(ctx, 'openai');
  const anthropic = wants(ctx, 'anthropic');
  if (!s.headless) {
    const lines: string[] = [];
    if (openai) lines.push('OpenAI: browser sign-in with `auth-wizard login --provider openai`.');
    if (anthropic) lines.push("Anthropic: Claude Code's own sign-in with `auth-wizard login --provider anthropic --method claude-cli`.");
    return {
      id: 'session-desktop',
      severity: 'info',
      title: `This is a desktop session${s.reason === 'a desktop session' ? '' : ` (${s.reason})`}: browser sign-in will work here.`,
      detail: [s.signals.length > 0 ? `Seen: ${s.signals.join('; ')}.` : 'No SSH session, container or missing display seen.', ...lines].join(' '),
      fix: openai ? 'auth-wizard login --provider openai' : 'auth-wizard login --provider anthropic --method claude-cli',
      paths: [],
    };
  }
  const lines: string[] = [];
  if (openai) {
    const forward = s.ssh
      ? `; or forward the callback port first (\`ssh -L ${OPENAI_CALLBACK_PORT}:localhost:${OPENAI_CALLBACK_PORT} <this host>\`) so the browser on your own machine completes it`
      : s.container
        ? `; or publish port ${OPENAI_CALLBACK_PORT} of the container so a browser on the host completes it`
        : '';
    lines.push(
      `OpenAI: run \`auth-wizard login --provider openai --no-browser\`, open the printed URL in any browser and paste back the address it ends on${forward}; ` +
        'or use `--method device` (a code typed at auth.openai.com) when device sign-in is enabled for the account.',
    );
  }
  if (anthropic) {
    lines.push(
      'Anthropic: `claude auth login` prints a URL and takes the code back, or run `claude setup-token` on any machine with a browser and paste the token into `auth-wizard login --provider anthropic --method setup-token`.',
    );
  }
  return {
    id: 'session-headless',
    severity: 'info',
    title: `This is a headless session (${s.reason}): a browser here cannot complete a sign-in, so use a pasted address, a forwarded port or a device code.`,
    detail: [`Seen: ${s.signals.join('; ')}.`, ...lines].join(' '),
    fix: openai ? 'auth-wizard login --provider openai --no-browser' : 'auth-wizard login --provider anthropic --method setup-token',
    paths: [],
  };
}

export async function portFinding(ctx: CheckContext, system: DoctorSystem): Promise<Finding | undefined> {
  if (!wants(ctx, 'openai')) return undefined;
  const port = OPENAI_CALLBACK_PORT;
  const r = await system.probePort(port);
  if (r.state === 'free') {
    return {
      id: 'callback-port-free',
      severity: 'info',
      title: `Port ${port} on 127.0.0.1 is free for the OpenAI browser sign-in callback.`,
      detail: `The redirect address registered for the Codex client is http://localhost:${OPENAI_CALLBACK_PORT}/auth/callback, so sign-in listens on exactly this port.`,
      paths: [],
    };
  }
  if (r.state === 'unknown') {
    return {
      id: 'callback-port-unknown',
      severity: 'warning',
      title: `Could not tell whether port ${port} is free: ${r.reason}.`,
      detail: 'If the browser sign-in cannot listen on it, the paste and device-code sign-ins still work.',
      fix: 'auth-wizard login --provider openai --no-browser',
      paths: [],
    };
  }
  return {
    id: 'callback-port-busy',
    severity: 'warning',
    title: `Port ${port} on 127.0.0.1 is held by ${r.holder ?? 'another process'}, so the browser sign-in callback cannot listen there.`,
    detail:
      `The redirect address registered for the Codex client is fixed at http://localhost:${port}/auth/callback. ` +
      (r.holder === undefined ? 'The OS did not say which process holds it (it may belong to another user). ' : '') +
      'Often it is an unfinished `codex login` or another sign-in; finish or stop it, or sign in without the callback.',
    fix: `stop ${r.holder ?? `the process listening on port ${port}`}, or: auth-wizard login --provider openai --no-browser`,
    paths: [],
  };
}

/** A proxy URL without its user:password part, for display. */
export function redactProxy(raw: string): { shown: string; valid: boolean } {
  try {
    const u = new URL(raw.includes('://') ? raw : `http://${raw}`);
    if (u.username !== '' || u.password !== '') {
      u.username = '***';
      u.password = '';
    }
    return { shown: u.href.replace(/\/$/, ''), valid: ['http:', 'https:'].includes(u.protocol) };
  } catch {
    return { shown: '(not a URL)', valid: false };
  }
}

/** Does a NO_PROXY list cover `host`? (`*`, exact names, `.suffix` / `suffix` domain matches.) */
export function noProxyCovers(noProxy: string, host: string): boolean {
  return noProxy
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter((e) => e !== '')
    .some((e) => e === '*' || host === e.replace(/^\./, '') || host.endsWith(e.startsWith('.') ? e : `.${e}`));
}

function first(env: CheckContext['deps']['env'], names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return { name, value: v.trim() };
  }
  return undefined;
}

async function readHead(path: string, bytes: number): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  let fh;
  try {
    fh = await open(path, 'r');
    const st = await fh.stat();
    if (!st.isFile()) return { ok: false, reason: 'is not a regular file' };
    const buf = Buffer.alloc(Math.min(bytes, st.size));
    await fh.read(buf, 0, buf.length, 0);
    return { ok: true, text: buf.toString('latin1') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(e)})` };
  } finally {
    await fh?.close().catch(() => {});
  }
}

export async function networkFindings(ctx: CheckContext): Promise<Finding[]> {
  const env = ctx.deps.env;
  const out: Finding[] = [];
  let issuerHost = 'auth.openai.com';
  try {
    issuerHost = new URL(openaiEndpoints(env).issuer).hostname;
  } catch {
    // A bad AUTH_WIZARD_OPENAI_ISSUER is reported by the commands that use it.
  }
  const https = first(env, ['HTTPS_PROXY', 'https_proxy']);
  const http = first(env, ['HTTP_PROXY', 'http_proxy']);
  const noProxy = first(env, ['NO_PROXY', 'no_proxy']);
  // undici's EnvHttpProxyAgent sends https:// requests through HTTPS_PROXY, falling back to HTTP_PROXY.
  const effective = https ?? http;
  for (const p of [https, http].filter((x): x is { name: string; value: string } => x !== undefined)) {
    const r = redactProxy(p.value);
    if (!r.valid) {
      out.push({
        id: 'proxy-invalid',
        severity: 'warning',
        title: `${p.name} is not a usable proxy URL.`,
        detail: `It holds ${r.shown}; sign-in and refresh requests will fail to connect. Expected http://host:port or https://host:port.`,
        fix: `export ${p.name}=http://proxy.example:3128  (your proxy's address), or unset ${p.name}`,
        paths: [],
      });
    }
  }
  if (effective !== undefined) {
    const r = redactProxy(effective.value);
    const bypass = noProxy !== undefined && noProxyCovers(noProxy.value, issuerHost);
    if (r.valid) {
      out.push({
        id: 'proxy-configured',
        severity: 'info',
        title: bypass
          ? `${noProxy?.name ?? 'NO_PROXY'} sends sign-in traffic to ${issuerHost} around the proxy ${r.shown}.`
          : `Sign-in traffic to ${issuerHost} goes through the proxy ${r.shown} (${effective.name}).`,
        detail:
          `auth-wizard honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case)${noProxy !== undefined ? `; ${noProxy.name}=${noProxy.value}` : ''}. ` +
          'A proxy that inspects TLS needs its CA in NODE_EXTRA_CA_CERTS. `auth-wizard doctor --live` tests the way through.',
        paths: [],
      });
    }
  }
  const ca = first(env, ['NODE_EXTRA_CA_CERTS']);
  if (ca !== undefined) {
    const head = await readHead(ca.value, 64 * 1024);
    if (!head.ok) {
      out.push({
        id: 'extra-ca-certs-unreadable',
        severity: 'warning',
        title: `NODE_EXTRA_CA_CERTS names a file that ${head.reason}: ${ca.value}.`,
        detail: 'Node then starts without those certificates (it only prints a warning), so TLS to the issuer fails behind a proxy or gateway that needs them.',
        fix: 'export NODE_EXTRA_CA_CERTS=/path/to/your-ca.pem  (a PEM file you can read), or unset it',
        paths: [ca.value],
      });
    } else if (!head.text.includes('-----BEGIN CERTIFICATE-----')) {
      out.push({
        id: 'extra-ca-certs-invalid',
        severity: 'warning',
        title: `NODE_EXTRA_CA_CERTS does not hold PEM certificates: ${ca.value}.`,
        detail: 'Node expects one or more "-----BEGIN CERTIFICATE-----" blocks and ignores anything else.',
        fix: 'openssl x509 -inform der -in your-ca.cer -out your-ca.pem  (convert it), then point NODE_EXTRA_CA_CERTS at the .pem',
        paths: [ca.value],
      });
    } else {
      out.push({
        id: 'extra-ca-certs',
        severity: 'info',
        title: `Extra CA certificates are loaded from ${ca.value} (NODE_EXTRA_CA_CERTS).`,
        detail: 'Node trusts them in addition to its built-in list for sign-in and refresh requests.',
        paths: [ca.value],
      });
    }
  }
  return out;
}

export async function environmentChecks(ctx: CheckContext, system: DoctorSystem): Promise<Finding[]> {
  const out: Finding[] = [sessionFinding(ctx, await sessionFacts(ctx, system))];
  const port = await portFinding(ctx, system);
  if (port !== undefined) out.push(port);
  out.push(...(await networkFindings(ctx)));
  return out;
}
