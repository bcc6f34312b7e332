// A real OpenSSH server for the --host tests: Debian's /usr/sbin/sshd on
// 127.0.0.1 and a free port, a throwaway host key, one user key per "host"
// alias. Each alias is the current user with its own HOME (a temporary
// directory) and PATH, set per key through authorized_keys `environment=`
// (PermitUserEnvironment), so one sshd plays several machines. The client
// side is an `ssh -F <config>` for AUTH_WIZARD_SSH_COMMAND: its own
// known_hosts and identities, so the user's ~/.ssh is never read.
//
// As root (CI) sshd needs its privilege-separation directory /run/sshd.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { builtCli } from './built-cli';
import { freePort } from './net';

export const SSHD = '/usr/sbin/sshd';

export interface RemoteHostSpec {
  /** Whether `auth-wizard` (the built CLI) is on this host's PATH. Default true. */
  authWizard?: boolean;
  /** An alias that points at a port where nothing listens. */
  down?: boolean;
  /** An alias whose key the server does not accept (ssh would ask for a password). */
  unauthorized?: boolean;
  /** Directories put first on this host's PATH (e.g. one holding a fake `claude`). */
  path?: string[];
}

export interface TestSshd {
  /** e.g. `ssh -F /tmp/…/ssh_config` */
  sshCommand: string;
  /** The alias's HOME on the "remote" side. */
  home(alias: string): string;
  port: number;
  stop(): Promise<void>;
}

function keygen(path: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'auth-wizard-test', '-f', path]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${String(r.stderr)}`);
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), r(true)));
      s.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

export async function startSshd(hosts: Record<string, RemoteHostSpec>): Promise<TestSshd> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install openssh-server (.ci/run does)`);
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'aw-sshd-'));
  const port = await freePort();
  const deadPort = await freePort();
  keygen(join(dir, 'host_key'));

  // The remote PATH: node (the one running the tests) and, where wanted, a bin/ holding `auth-wizard`.
  const withCli = join(dir, 'bin');
  mkdirSync(withCli);
  symlinkSync(builtCli(), join(withCli, 'auth-wizard'));
  const basePath = [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');

  const homes: Record<string, string> = {};
  const authorized: string[] = [];
  const client: string[] = [];
  for (const [alias, spec] of Object.entries(hosts)) {
    const home = join(dir, `home-${alias}`);
    mkdirSync(home, { mode: 0o700 });
    homes[alias] = home;
    const key = join(dir, `key-${alias}`);
    keygen(key);
    const path = [...(spec.path ?? []), ...(spec.authWizard === false ? [] : [withCli]), basePath].join(':');
    if (spec.unauthorized !== true) authorized.push(`environment="HOME=${home}",environment="PATH=${path}" ${readFileSync(`${key}.pub`, 'utf8').trim()}`);
    client.push(
      `Host ${alias}`,
      '  HostName 127.0.0.1',
      `  Port ${spec.down === true ? deadPort : port}`,
      `  User ${userInfo().username}`,
      `  IdentityFile ${key}`,
      '  IdentitiesOnly yes',
      '',
    );
  }
  client.push('Host *', `  UserKnownHostsFile ${join(dir, 'known_hosts')}`, '  StrictHostKeyChecking accept-new', '  LogLevel ERROR', '');
  writeFileSync(join(dir, 'authorized_keys'), authorized.join('\n') + '\n', { mode: 0o600 });
  writeFileSync(join(dir, 'ssh_config'), client.join('\n'), { mode: 0o600 });
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      // The temporary directory is not owned the way StrictModes wants for ~/.ssh.
      'StrictModes no',
      'PermitUserEnvironment yes',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      // Not OpenSSH 9's default sntrup761x25519: its post-quantum half costs each
      // side ~80 ms of CPU per connection (a connection 210-270 ms -> 128 ms
      // here), the remote tests make dozens, and the key exchange is not what
      // they test.
      'KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  let log = '';
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d) => (log += String(d)));
  await waitForPort(port, child, () => log);
  return {
    sshCommand: `ssh -F ${join(dir, 'ssh_config')}`,
    home: (alias) => homes[alias]!,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
