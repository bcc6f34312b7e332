// The few facts about the machine doctor needs beyond Deps: small system
// files (/proc/version, /.dockerenv) and whether a loopback port is free and
// who holds it. Behind one interface so tests never touch the real port 1455
// or depend on the machine they run on.
import { access, readFile, readdir, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Deps } from '../deps';

export type PortProbe =
  | { state: 'free' }
  | { state: 'held'; holder?: string | undefined }
  | { state: 'unknown'; reason: string };

export interface DoctorSystem {
  /** A small text file, or undefined when it is missing or unreadable. */
  readText(path: string): Promise<string | undefined>;
  exists(path: string): Promise<boolean>;
  /** Whether 127.0.0.1:port can be bound right now, and if not, by whom (best effort). */
  probePort(port: number): Promise<PortProbe>;
}

/** Binds 127.0.0.1:port and lets go at once. */
export function tryBind(port: number, host = '127.0.0.1'): Promise<'free' | 'busy' | { error: string }> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE' ? 'busy' : { error: e.code ?? e.message }));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve('free')));
  });
}

/**
 * Inodes of sockets listening on `port` in a /proc/net/tcp(6) table.
 * Columns: sl local_address rem_address st … uid timeout inode; st 0A = LISTEN;
 * the port is the hex after the colon of local_address.
 */
export function listeningInodes(table: string, port: number): string[] {
  const out: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    if (local === undefined || cols[3] !== '0A') continue;
    const hexPort = local.slice(local.lastIndexOf(':') + 1);
    if (Number.parseInt(hexPort, 16) === port && cols[9] !== undefined && cols[9] !== '0') out.push(cols[9]);
  }
  return out;
}

/** Linux: which process holds a listening socket on `port` (only processes we may inspect; stops at the first). */
export async function linuxPortHolder(port: number, proc = '/proc'): Promise<string | undefined> {
  const inodes = new Set<string>();
  for (const t of ['tcp', 'tcp6']) {
    const text = await readFile(`${proc}/net/${t}`, 'utf8').catch(() => '');
    for (const i of listeningInodes(text, port)) inodes.add(i);
  }
  if (inodes.size === 0) return undefined;
  const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
  const pids = (await readdir(proc).catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
  // Bounded: a busy machine has many processes; fds of others' processes are unreadable anyway.
  let budget = 50_000;
  for (const pid of pids) {
    const fds = await readdir(`${proc}/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if (--budget < 0) return undefined;
      const link = await readlink(`${proc}/${pid}/fd/${fd}`).catch(() => '');
      if (wanted.has(link)) {
        const comm = (await readFile(`${proc}/${pid}/comm`, 'utf8').catch(() => '')).trim();
        return comm !== '' ? `${comm} (pid ${pid})` : `pid ${pid}`;
      }
    }
  }
  return undefined;
}

/** macOS: `lsof -Fpc` prints `p<pid>` and `c<command>` lines. */
export function parseLsof(out: string): string | undefined {
  const pid = /^p(\d+)$/m.exec(out)?.[1];
  const cmd = /^c(.+)$/m.exec(out)?.[1];
  if (pid === undefined) return undefined;
  return cmd !== undefined ? `${cmd} (pid ${pid})` : `pid ${pid}`;
}

export function realSystem(deps: Pick<Deps, 'platform' | 'exec'>): DoctorSystem {
  return {
    async readText(path) {
      return readFile(path, 'utf8').then(
        (t) => t.slice(0, 64 * 1024),
        () => undefined,
      );
    },
    async exists(path) {
      return access(path).then(
        () => true,
        () => false,
      );
    },
    async probePort(port) {
      const r = await tryBind(port);
      if (r === 'free') return { state: 'free' };
      if (r !== 'busy') return { state: 'unknown', reason: `could not test the port (${r.error})` };
      let holder: string | undefined;
      if (deps.platform === 'linux') holder = await linuxPortHolder(port).catch(() => undefined);
      if (deps.platform === 'darwin') {
        const l = await deps.exec('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { timeoutMs: 2000 });
        if (l.code === 0) holder = parseLsof(l.stdout);
      }
      return { state: 'held', holder };
    },
  };
}
