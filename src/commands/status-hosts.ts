// `status --host a --host b`: `auth-wizard status --json` on each host over
// the user's ssh (at most HOST_CONCURRENCY at once, each with a timeout), one
// table with a HOST column. A host that cannot be reached, has no
// auth-wizard, or an older one, is a row that says so and how to fix it; the
// others still print. Exit: the worst host's code under status's rules,
// where an error (1) is worse than "nothing usable" (4), which is worse than 0.
import type { Deps } from '../deps';
import { ExitCode, ReportPrinted } from '../errors';
import { isRecord } from '../core/guards';
import { columns } from '../report/columns';
import { displayField, layoutWidth } from '../report/width';
import { formatExpiry } from '../report/format';
import { askHosts, hostJson, type HostAnswer } from '../remote/fan-out';

export interface StatusHostsOptions {
  hosts: string[];
  provider?: string | undefined;
  json: boolean;
}

type HostResult = HostAnswer<Record<string, unknown> & { credentials: Record<string, unknown>[] }>;

const SEVERITY: Record<number, number> = { 0: 0, 4: 1, 1: 2 };

function worst(codes: number[]): number {
  return codes.reduce((w, c) => ((SEVERITY[c] ?? 2) > (SEVERITY[w] ?? 2) ? c : w), 0);
}

function statusOn(deps: Deps, hosts: string[], provider: string | undefined): Promise<HostResult[]> {
  return askHosts(deps, hosts, {
    argv: ['status', '--json', ...(provider !== undefined ? ['--provider', provider] : [])],
    accept: (code, report) => ((code === 0 || code === 4) && isRecord(report) && Array.isArray(report.credentials) ? { exitCode: code, report: { ...report, credentials: report.credentials.filter(isRecord) } } : undefined),
  });
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
  const results = await statusOn(deps, opts.hosts, opts.provider);
  if (opts.json) {
    deps.stdout.write(
      JSON.stringify(
        { generatedAt: new Date(deps.now()).toISOString(), hosts: results.map(hostJson) },
        null,
        2,
      ) + '\n',
    );
  } else deps.stdout.write(renderTable(results, deps));
  const code = worst(results.map((r) => r.exitCode));
  if (code !== 0) throw new ReportPrinted(code as ExitCode);
}
