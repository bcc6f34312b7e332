// `status --host a --host b`: `auth-wizard status --json` on each host over
// the user's ssh (at most HOST_CONCURRENCY at once, each with a timeout), one
// table with a HOST column. A host that cannot be reached, has no
// auth-wizard, or an older one, is a row that says so and how to fix it; the
// others still print. Exit: the worst host's code under status's rules,
// where an error (1) is worse than "nothing usable" (4), which is worse than 0.
import type { Deps } from '../deps';
import { ExitCode, ReportPrinted } from '../errors';
import { isRecord } from '../core/guards';
import { shellQuote } from '../core/shell-quote';
import { columns, displayField, layoutWidth } from '../report/columns';
import { formatExpiry } from '../report/format';
import { checkHost } from '../remote/host';
import { installHint, mapBounded, runRemote } from '../remote/ssh';

export const HOST_CONCURRENCY = 4;
const HOST_TIMEOUT_MS = 20_000;

export interface StatusHostsOptions {
  hosts: string[];
  provider?: string | undefined;
  json: boolean;
}

type HostResult =
  | { host: string; ok: true; exitCode: number; report: Record<string, unknown> & { credentials: Record<string, unknown>[] } }
  | { host: string; ok: false; exitCode: number; state: string; error: string; fix: string };

const STATE_OF: Record<string, string> = { 'no-ssh': 'no ssh', unreachable: 'unreachable', batch: 'ssh refused', timeout: 'timed out', missing: 'no auth-wizard' };

const SEVERITY: Record<number, number> = { 0: 0, 4: 1, 1: 2 };

function worst(codes: number[]): number {
  return codes.reduce((w, c) => ((SEVERITY[c] ?? 2) > (SEVERITY[w] ?? 2) ? c : w), 0);
}

async function statusOn(deps: Deps, host: string, provider: string | undefined): Promise<HostResult> {
  const r = await runRemote(deps, host, { argv: ['auth-wizard', 'status', '--json', ...(provider !== undefined ? ['--provider', provider] : [])], timeoutMs: HOST_TIMEOUT_MS });
  if (!r.ok) return { host, ok: false, exitCode: ExitCode.error, state: STATE_OF[r.failure.kind] ?? 'unreachable', error: r.failure.message, fix: r.failure.fix };
  const { result } = r;
  let report: unknown;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = undefined;
  }
  if ((result.code === 0 || result.code === 4) && isRecord(report) && Array.isArray(report.credentials)) {
    return { host, ok: true, exitCode: result.code, report: { ...report, credentials: report.credentials.filter(isRecord) } };
  }
  // A usage error from `status --json` there: an auth-wizard without the flags this one sends.
  if (result.code === 3) return { host, ok: false, exitCode: ExitCode.error, state: 'older auth-wizard', error: `the auth-wizard on ${host} is older and does not understand \`status --json\`.`, fix: installHint(host) };
  const said = result.stderr.split('\n').find((l) => l.trim() !== '')?.replace(/^auth-wizard: /, '') ?? `exit ${result.code}`;
  return { host, ok: false, exitCode: ExitCode.error, state: 'error', error: `auth-wizard status failed on ${host}: ${said}`, fix: `ssh ${shellQuote(host)} auth-wizard status` };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function renderTable(results: HostResult[], deps: Deps): string {
  const now = deps.now();
  const rows: string[][] = [['HOST', 'PROVIDER', 'SOURCE', 'ACCOUNT', 'EXPIRES', 'STATE', 'USED BY']];
  const notes: string[] = [];
  for (const r of results) {
    const host = displayField(r.host, 40);
    if (!r.ok) {
      rows.push([host, '-', '-', '-', '-', `✗ ${r.state}`, '-']);
      notes.push(`${host}: ${displayField(r.error, 600)}`, `  Fix: ${displayField(r.fix, 600)}`);
      continue;
    }
    if (r.report.credentials.length === 0) rows.push([host, '-', '-', '-', '-', 'none', '-']);
    for (const c of r.report.credentials) {
      const exp = typeof c.expiresAt === 'string' ? Date.parse(c.expiresAt) : NaN;
      const usedBy = Array.isArray(c.usedBy) ? c.usedBy.filter((x): x is string => typeof x === 'string').join(', ') : '';
      rows.push([
        host,
        displayField(str(c.provider), 24),
        displayField(str(c.source), 24),
        displayField(str(c.email) || str(c.accountId) || '-', 28),
        Number.isNaN(exp) ? (c.kind === 'api_key' ? 'never' : '-') : formatExpiry(exp, now),
        displayField(str(c.state), 16),
        displayField(usedBy || '-', 40),
      ]);
    }
  }
  const lines = columns(rows, { width: layoutWidth(deps.stdout.columns), shrink: 3, min: 8 });
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : []), ''].join('\n');
}

export async function run(opts: StatusHostsOptions, deps: Deps): Promise<void> {
  // Every name is checked before the first ssh runs.
  const hosts = opts.hosts.map((h) => checkHost(h));
  const results = await mapBounded(hosts, HOST_CONCURRENCY, (h) => statusOn(deps, h, opts.provider));
  if (opts.json) {
    deps.stdout.write(
      JSON.stringify(
        { generatedAt: new Date(deps.now()).toISOString(), hosts: results.map((r) => (r.ok ? { host: r.host, ok: true, exitCode: r.exitCode, report: r.report } : { host: r.host, ok: false, exitCode: r.exitCode, state: r.state, error: r.error, fix: r.fix })) },
        null,
        2,
      ) + '\n',
    );
  } else deps.stdout.write(renderTable(results, deps));
  const code = worst(results.map((r) => r.exitCode));
  if (code !== 0) throw new ReportPrinted(code as ExitCode);
}
