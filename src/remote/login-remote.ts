// `login --host`: the parts of a sign-in that differ when the grant is for
// another machine. The sign-in itself (browser, paste, device code) runs here,
// where the browser is; the handshake, the delivery and the report go through
// this module; nothing is written on this machine.
import type { Deps } from '../deps';
import { AppError, usageError } from '../errors';
import { shellQuote } from '../core/shell-quote';
import type { GrantDocument, ReceiveAnswer } from './document';
import { checkHost, namesThisMachine } from './host';
import { checkRemoteTarget, sendGrant } from './send';
import { remoteError, runRemote } from './ssh';

export interface HostLoginFlags {
  host: string;
  method: string | undefined;
  printUrl: boolean;
  complete: string | undefined;
}

/** Before anything runs: a host that ssh may take, and only the sign-ins that can be delivered. */
export function checkHostLogin(f: HostLoginFlags): void {
  checkHost(f.host);
  if (namesThisMachine(f.host)) {
    throw usageError(`--host ${f.host} names this machine; --host delivers a sign-in to another one and writes nothing here.`, 'drop --host to sign in on this machine');
  }
  if (f.printUrl || f.complete !== undefined) throw usageError('--print-url/--complete keep a pending secret on this machine; with --host sign in in one step (the browser, --method paste or --device).');
  if (f.method === 'api-key') throw usageError('--host delivers a ChatGPT sign-in or a setup-token; for an API key run `auth-wizard login --method api-key` on that machine (e.g. over ssh).');
}

/** The handshake, run before the sign-in (and again before the code is exchanged): a refusal never burns a grant. */
export async function checkHostTarget(deps: Deps, host: string, target: string, force: boolean): Promise<void> {
  await checkRemoteTarget(deps, host, target, force);
}

/** Sends the grant and returns what the remote side holds, for the report. */
export async function deliver(deps: Deps, host: string, doc: GrantDocument): Promise<NonNullable<ReceiveAnswer['saved']> & { remoteHost: string }> {
  const a = await sendGrant(deps, host, doc);
  if (a.saved === undefined) throw new AppError('internal', `auth-wizard on ${host} did not say what it saved.`);
  return { ...a.saved, remoteHost: a.host };
}

/** `claude auth login` on the host, with this terminal handed over (`ssh -t`): that sign-in belongs to Claude Code there. */
export async function claudeLoginOn(deps: Deps, host: string, consoleAccount: boolean, say: (s: string) => void): Promise<void> {
  const argv = ['claude', 'auth', 'login', ...(consoleAccount ? ['--console'] : [])];
  if (!deps.interactive) {
    throw new AppError('needs_tty', `\`${argv.join(' ')}\` on ${host} signs in through a browser and needs this terminal, and there is none.`, { hint: 'run this in a terminal, or use --method setup-token --host (the token read from stdin)' });
  }
  say(`Handing the terminal to Claude Code on ${host}: ssh -t ${shellQuote(host)} ${argv.join(' ')}`);
  const r = await runRemote(deps, host, { argv, tty: true });
  if (!r.ok) throw remoteError(r.failure);
  if (r.result.code !== 0) throw new AppError('auth_needed', `\`${argv.join(' ')}\` on ${host} exited ${r.result.code ?? 'on a signal'}.`, { hint: `ssh ${shellQuote(host)} claude auth status` });
}
