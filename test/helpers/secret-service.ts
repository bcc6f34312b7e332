// A real Secret Service for tests: a private D-Bus session bus (dbus-daemon)
// with gnome-keyring-daemon on it, its login keyring created and unlocked with
// a known password, all under a temporary directory. Items are created with
// libsecret's secret-tool (the attributes each tool's library writes), or by
// the real tool itself given `env`. Nothing here touches the user's own bus.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SECRET_SERVICE_TOOLS = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool'] as const;

/** The tools this helper needs that are not on PATH (.ci/run installs them: dbus, gnome-keyring, libsecret-tools). */
export function missingSecretServiceTools(): string[] {
  return SECRET_SERVICE_TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
}

export interface SecretService {
  dir: string;
  /** What a child needs to reach this Secret Service (and nothing else of the user's). */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  /** dbus-daemon's log so far: it names every service it activates (an unlock prompt would be org.gnome.keyring.SystemPrompter). */
  busLog(): string;
  store(label: string, attributes: Record<string, string>, secret: string): void;
  /** Locks the login collection, as after a screen lock or on a host where it was never unlocked. */
  lock(): void;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startSecretService(password = 'test-keyring-password'): Promise<SecretService> {
  const dir = mkdtempSync(join(tmpdir(), 'aw-secret-service-'));
  const runtime = join(dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const address = `unix:path=${join(dir, 'bus')}`;
  let log = '';
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1', `--address=${address}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  bus.stderr?.setEncoding('utf8').on('data', (d: string) => (log += d));
  await new Promise<void>((resolve, reject) => {
    bus.stdout?.once('data', () => resolve());
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited ${code}: ${log}`)));
  });
  const env = { DBUS_SESSION_BUS_ADDRESS: address };
  const childEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: runtime, ...env };
  // --unlock reads the password on stdin and creates the login keyring with it.
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env: childEnv, stdio: ['pipe', 'ignore', 'pipe'] });
  keyring.stderr?.setEncoding('utf8').on('data', (d: string) => (log += d));
  keyring.stdin?.end(password);
  const dbusSend = (args: string[]) => spawnSync('dbus-send', ['--session', '--print-reply', ...args], { env: childEnv, encoding: 'utf8' });
  for (let i = 0; ; i++) {
    const r = dbusSend(['--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets']);
    if (r.stdout.includes('boolean true')) break;
    if (i > 100) throw new Error(`gnome-keyring-daemon did not come up: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    dir,
    env,
    busLog: () => log,
    store(label, attributes, secret) {
      const r = spawnSync('secret-tool', ['store', `--label=${label}`, ...Object.entries(attributes).flat()], { env: childEnv, input: secret, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`secret-tool store failed: ${r.stderr}`);
    },
    lock() {
      const r = dbusSend(['--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login']);
      if (r.status !== 0) throw new Error(`locking the login collection failed: ${r.stderr}`);
    },
    async stop() {
      keyring.kill();
      bus.kill();
      await Promise.all([exited(keyring), exited(bus)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
