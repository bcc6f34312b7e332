// `doctor --host a --host b`: `auth-wizard doctor --json` on each host over
// the user's ssh (src/remote/fan-out.ts, as `status --host`), each host's
// findings under a heading of its own. The refresh-token fingerprints each
// host reports are compared with this machine's: a match is one grant on two
// machines (`refresh-token-on-two-machines`). Exit by doctor's rules over all
// hosts: 4 when any host has an error; else 1 when a host could not be
// checked, or has warnings with --strict; else 0.
import type { Deps } from '../deps';
import { ExitCode, ReportPrinted } from '../errors';
import { createColors } from '../core/colors';
import { isRecord } from '../core/guards';
import { exitCodeFor, type Finding, SEVERITIES, type Severity, summarize } from '../doctor/finding';
import { parsePrints, refreshPrints, twoMachineChecks, type RefreshPrint } from '../doctor/machines';
import { renderDoctor } from '../doctor/render';
import { askHosts, hostJson, type HostAnswer } from '../remote/fan-out';
import { discover } from '../report/discover';
import { displayField, layoutWidth, PROSE_MAX } from '../report/width';
import { wrap } from '../report/wrap';
import { sourceContext, terminalWidth } from './context';

export interface DoctorHostsOptions {
  hosts: string[];
  provider?: string | undefined;
  json: boolean;
  strict: boolean;
  live: boolean;
}

interface HostDoctor {
  findings: Finding[];
  refreshFingerprints: RefreshPrint[];
}

const isSeverity = (v: unknown): v is Severity => SEVERITIES.some((s) => s === v);

/** A finding from another machine's `doctor --json`; one that is not one is left out. */
function parseFinding(v: unknown): Finding[] {
  if (!isRecord(v) || typeof v.id !== 'string' || !isSeverity(v.severity) || typeof v.title !== 'string') return [];
  const paths = Array.isArray(v.paths) ? v.paths.filter((p): p is string => typeof p === 'string') : [];
  return [{ id: v.id, severity: v.severity, title: v.title, detail: typeof v.detail === 'string' ? v.detail : '', fix: typeof v.fix === 'string' ? v.fix : undefined, paths }];
}

/** Doctor's own exit codes (0, 4, and 1 only with --strict, which is not sent): anything else is not a report. */
function accept(code: number | null, json: unknown): { exitCode: number; report: HostDoctor } | undefined {
  if ((code !== 0 && code !== 4) || !isRecord(json) || !Array.isArray(json.findings)) return undefined;
  return { exitCode: code, report: { findings: json.findings.flatMap(parseFinding), refreshFingerprints: parsePrints(json.refreshFingerprints) } };
}

const RANK: Record<number, number> = { 0: 0, 1: 1, 4: 2 };

function worst(codes: number[]): number {
  return codes.reduce((w, c) => ((RANK[c] ?? 1) > (RANK[w] ?? 1) ? c : w), 0);
}

export async function run(opts: DoctorHostsOptions, deps: Deps): Promise<void> {
  const argv = ['doctor', '--json', ...(opts.provider !== undefined ? ['--provider', opts.provider] : []), ...(opts.live ? ['--live'] : [])];
  const [answers, here] = await Promise.all([
    askHosts(deps, opts.hosts, { argv, accept }),
    discover(sourceContext(deps), deps.now(), { provider: opts.provider }).then(refreshPrints),
  ]);
  // Each host's findings, with the grants it shares with this machine added, and its exit code by doctor's rules.
  const results: HostAnswer<HostDoctor>[] = answers.map((a) => {
    if (!a.ok) return a;
    const findings = [...a.report.findings, ...twoMachineChecks(a.host, here, a.report.refreshFingerprints)];
    return { ...a, exitCode: exitCodeFor(findings, opts.strict), report: { ...a.report, findings } };
  });
  if (opts.json) {
    const hosts = results.map((r) => (r.ok ? hostJson({ ...r, report: { findings: r.report.findings.map((f) => ({ ...f, fix: f.fix ?? null })), summary: summarize(r.report.findings), refreshFingerprints: r.report.refreshFingerprints } }) : hostJson(r)));
    deps.stdout.write(JSON.stringify({ generatedAt: new Date(deps.now()).toISOString(), hosts }, null, 2) + '\n');
  } else deps.stdout.write(renderHosts(results, opts, deps));
  const code = worst(results.map((r) => r.exitCode));
  if (code !== ExitCode.ok) throw new ReportPrinted(code as ExitCode);
}

function renderHosts(results: HostAnswer<HostDoctor>[], opts: DoctorHostsOptions, deps: Deps): string {
  const c = createColors(deps.color);
  const width = layoutWidth(terminalWidth(deps));
  const parts: string[] = [];
  for (const r of results) {
    const head = c.bold(`── ${displayField(r.host, 60)} `) + c.dim('─'.repeat(Math.max(3, Math.min(width, 60) - displayField(r.host, 60).length - 4)));
    if (!r.ok) {
      parts.push([head, ...wrap([['✗', c.red], ` ${displayField(r.error, PROSE_MAX)}`], width, { rest: '  ' }), ...wrap([['Fix:', c.dim], ' ', [displayField(r.fix, PROSE_MAX), c.bold]], width, { first: '  ', rest: '       ' }), ''].join('\n'));
      continue;
    }
    parts.push(`${head}\n${renderDoctor(r.report.findings, { color: deps.color, home: deps.home, live: opts.live, width: terminalWidth(deps) })}`);
  }
  return parts.join('\n');
}
