// `accounts --host a --host b`: `auth-wizard accounts --json` on each host over
// the user's ssh (src/remote/fan-out.ts: bounded, each with a timeout), one
// table with a HOST column. A host that cannot be reached, has no auth-wizard
// or an older one is a row that says so with its fix; the others still print.
// Only what `accounts --json` prints crosses: names, emails, fingerprints of
// account ids, states — never a token.
import type { Deps } from '../deps';
import { ExitCode, ReportPrinted } from '../errors';
import { isRecord } from '../core/guards';
import { columns } from '../report/columns';
import { displayField, layoutWidth } from '../report/width';
import { askHosts, hostJson, type HostAnswer } from '../remote/fan-out';

export interface AccountsHostsOptions {
  hosts: string[];
  tool?: string | undefined;
  json: boolean;
}

type HostResult = HostAnswer<{ accounts: Record<string, unknown>[] }>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function renderTable(results: HostResult[], deps: Deps): string {
  const rows: string[][] = [['HOST', 'TOOL', 'NAME', 'EMAIL', 'ACCOUNT ID', 'STATE']];
  const notes: string[] = [];
  for (const r of results) {
    const host = displayField(r.host, 40);
    if (!r.ok) {
      rows.push([host, '-', '-', '-', '-', `✗ ${r.state}`]);
      notes.push(`${host}: ${displayField(r.error, 600)}`, `  Fix: ${displayField(r.fix, 600)}`);
      continue;
    }
    if (r.report.accounts.length === 0) rows.push([host, '-', '-', '-', '-', 'none']);
    for (const a of r.report.accounts) {
      const name = `${a.active === true ? '* ' : ''}${text(a.name) || '(in use)'}`;
      rows.push([host, displayField(text(a.tool), 16), displayField(name, 24), displayField(text(a.email) || '-', 32), displayField(text(a.fingerprint) || '-', 16), displayField(text(a.state), 16)]);
    }
  }
  const lines = columns(rows, { width: layoutWidth(deps.stdout.columns), shrink: 3, min: 8 });
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : []), ''].join('\n');
}

export async function run(opts: AccountsHostsOptions, deps: Deps): Promise<void> {
  const results: HostResult[] = await askHosts(deps, opts.hosts, {
    argv: ['accounts', '--json', ...(opts.tool !== undefined ? ['--tool', opts.tool] : [])],
    accept: (code, doc) => (code === 0 && isRecord(doc) && Array.isArray(doc.accounts) ? { exitCode: 0, report: { accounts: doc.accounts.filter(isRecord) } } : undefined),
  });
  if (opts.json) deps.stdout.write(JSON.stringify({ generatedAt: new Date(deps.now()).toISOString(), hosts: results.map(hostJson) }, null, 2) + '\n');
  else deps.stdout.write(renderTable(results, deps));
  // The worst host: a host that could not be asked is an error (1).
  const code = results.some((r) => r.exitCode !== 0) ? ExitCode.error : 0;
  if (code !== 0) throw new ReportPrinted(code);
}
