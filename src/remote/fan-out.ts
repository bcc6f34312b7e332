// One auth-wizard command run on several hosts over the user's ssh, for
// `status --host` and `doctor --host`: at most HOST_CONCURRENCY at once, each
// with a timeout. A host that cannot be reached, has no auth-wizard, or an
// older one, comes back as a failure row that says so and how to fix it;
// the others still answer. Each command says which answers it accepts.
import type { Deps, ExecResult } from '../deps';
import { ExitCode } from '../errors';
import { shellQuote } from '../core/shell-quote';
import { checkHost } from './host';
import { installHint, mapBounded, runRemote } from './ssh';

export const HOST_CONCURRENCY = 4;
export const HOST_TIMEOUT_MS = 20_000;

export type HostFailure = { host: string; ok: false; exitCode: number; state: string; error: string; fix: string };
export type HostAnswer<R> = { host: string; ok: true; exitCode: number; report: R } | HostFailure;

const STATE_OF: Record<string, string> = { 'no-ssh': 'no ssh', unreachable: 'unreachable', batch: 'ssh refused', timeout: 'timed out', missing: 'no auth-wizard' };

export interface FanOut<R> {
  /** The auth-wizard subcommand and its flags, e.g. ['status', '--json']. */
  argv: string[];
  /** The report from the remote command's exit code and parsed stdout, or undefined when that is not an answer. */
  accept: (code: number | null, json: unknown) => { exitCode: number; report: R } | undefined;
}

function askOne<R>(deps: Deps, host: string, f: FanOut<R>): Promise<HostAnswer<R>> {
  return runRemote(deps, host, { argv: ['auth-wizard', ...f.argv], timeoutMs: HOST_TIMEOUT_MS }).then((r) => {
    if (!r.ok) return { host, ok: false, exitCode: ExitCode.error, state: STATE_OF[r.failure.kind] ?? 'unreachable', error: r.failure.message, fix: r.failure.fix };
    return answer(host, r.result, f);
  });
}

function answer<R>(host: string, result: ExecResult, f: FanOut<R>): HostAnswer<R> {
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = undefined;
  }
  const got = f.accept(result.code, json);
  if (got !== undefined) return { host, ok: true, ...got };
  const shown = `${f.argv[0] ?? ''} ${f.argv.includes('--json') ? '--json' : ''}`.trim();
  // A usage error there: an auth-wizard without the flags this one sends.
  if (result.code === 3) return { host, ok: false, exitCode: ExitCode.error, state: 'older auth-wizard', error: `the auth-wizard on ${host} is older and does not understand \`${shown}\`.`, fix: installHint(host) };
  const said = result.stderr.split('\n').find((l) => l.trim() !== '')?.replace(/^auth-wizard: /, '') ?? `exit ${result.code}`;
  return { host, ok: false, exitCode: ExitCode.error, state: 'error', error: `auth-wizard ${f.argv[0] ?? ''} failed on ${host}: ${said}`, fix: `ssh ${shellQuote(host)} auth-wizard ${f.argv[0] ?? ''}` };
}

/** Every name is checked before the first ssh runs; answers come back in the order of `hosts`. */
export async function askHosts<R>(deps: Deps, hosts: readonly string[], f: FanOut<R>): Promise<HostAnswer<R>[]> {
  const checked = hosts.map((h) => checkHost(h));
  return mapBounded(checked, HOST_CONCURRENCY, (h) => askOne(deps, h, f));
}

/** A host's row in `--json`: its report, or what failed and the fix. */
export function hostJson<R>(r: HostAnswer<R>): Record<string, unknown> {
  return r.ok ? { host: r.host, ok: true, exitCode: r.exitCode, report: r.report } : { host: r.host, ok: false, exitCode: r.exitCode, state: r.state, error: r.error, fix: r.fix };
}
