// A --host value is handed to ssh as its destination argument. ssh parses its
// own options anywhere before the destination, so a "host" such as
// `-oProxyCommand=…` would be an option that runs a command on this machine
// (the class of bug behind git's CVE-2017-1000117). We refuse it here, before
// ssh runs, and also put `--` before the destination (src/remote/ssh.ts).
import { hostname } from 'node:os';
import { usageError } from '../errors';

/** The characters of `[user@]host[:port]`, an ssh_config alias, or `[v6]` — nothing a shell or ssh reads as syntax. */
const HOST_RE = /^[A-Za-z0-9_.@%:[\]-]+$/;
const HOST_MAX = 255;

export function checkHost(raw: string, flag = '--host'): string {
  const shown = JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
  if (raw === '') throw usageError(`${flag} needs a host name, e.g. ${flag} me@gpu-box.`);
  if (raw.startsWith('-')) throw usageError(`${flag} ${shown} starts with "-", which ssh would read as an option; refused (nothing was run).`);
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(raw)) throw usageError(`${flag} ${shown} contains a space or a control character; a host name has neither. Refused (nothing was run).`);
  if (raw.length > HOST_MAX || !HOST_RE.test(raw)) throw usageError(`${flag} ${shown} is not a host name ([user@]host or an alias from ~/.ssh/config). Refused (nothing was run).`);
  const at = raw.lastIndexOf('@');
  if (at === 0 || at === raw.length - 1) throw usageError(`${flag} ${shown} has an empty user or host around "@".`);
  return raw;
}

/**
 * Whether a host name obviously names this machine. `login --host` exists to
 * put a grant on another machine; delivering it here over ssh would be a
 * local write by a detour, so it is refused and the local command named.
 */
export function namesThisMachine(host: string): boolean {
  const name = host.slice(host.lastIndexOf('@') + 1).replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const own = hostname().toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1' || name === '0.0.0.0' || name === own || name === own.split('.')[0];
}
