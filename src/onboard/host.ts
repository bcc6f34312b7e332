// `onboard --host`: the sign-in is for another machine. The wizard still runs
// here, where the browser is; every sign-in it makes is `login --host`, so the
// tokens land only on that machine (src/remote/login-remote.ts).
//
// The question is asked only when --host is given. auth-wizard cannot tell
// from inside a session which machine will use a sign-in: in an SSH session
// the sign-in is most often for the machine itself (it is worded for a
// headless host already), and on a desktop it is for the desktop. Guessing
// another host would send tokens somewhere the user did not name.
import type { Deps } from '../deps';
import { usageError } from '../errors';
import { shellQuote } from '../core/shell-quote';
import { checkHost } from '../remote/host';
import type { Prompter } from '../ui/prompter';

/** The machine the sign-ins are for: undefined (this one) without --host; asked when several were given. */
export async function chooseHost(hosts: readonly string[] | undefined, deps: Deps, p: Prompter): Promise<string | undefined> {
  if (hosts === undefined || hosts.length === 0) return undefined;
  // Every name is checked before anything is asked or run.
  const checked = [...new Set(hosts.map((h) => checkHost(h)))];
  let host = checked[0]!;
  if (checked.length > 1) {
    if (!deps.interactive) throw usageError(`onboard without a terminal signs in for one machine; give one --host (got ${checked.join(', ')}).`, 'auth-wizard onboard --help');
    host = await p.select<string>({ message: 'Which machine will use this sign-in?', options: checked.map((h) => ({ value: h, label: h })), initialValue: host });
  }
  p.note([`You sign in here; the tokens are sent over ssh to auth-wizard on ${host}`, 'and written there. Nothing is written on this machine.'].join('\n'), `For ${host}`);
  return host;
}

/** The closing note for another machine: what was done, and how to look at it there. */
export function hostDoneLines(host: string, results: readonly { provider: string; outcome: string }[]): string[] {
  const q = shellQuote(host);
  return [...results.map((r) => `${r.provider}: ${r.outcome === 'signed-in' ? `signed in on ${host}` : r.outcome}`), '', 'Next:', `  auth-wizard status --host ${q}`, `  auth-wizard doctor --host ${q}`];
}
