// Pure renderers for the doctor report: findings grouped by severity with
// colour and symbols (✗ ! i), and the stable `--json` shape
// {findings:[{id,severity,title,detail,fix,paths}], summary:{error,warning,info},
// refreshFingerprints:[{fingerprint,provider,source,path,profile}]} (plus
// `fixed` with --fix). No secret ever reaches a finding, so nothing here needs masking; paths are shown with `~` in text, absolute in JSON.
// Text fits `width` columns (80 unless the caller knows the terminal's):
// titles and details wrap as prose, a fix continues indented under itself.
import { createColors } from '../core/colors';
import { jsonTerminalSafe } from '../core/terminal-safe';
import { displayField, layoutWidth, PROSE_MAX } from '../report/width';
import { CLAUSES, PARTS, type Span, wrap } from '../report/wrap';
import { tildify } from '../fs/paths';
import { type Finding, SEVERITIES, type Severity, sortFindings, summarize } from './finding';
import { type FixResult, octal } from './files';
import type { RefreshPrint } from './machines';

export interface DoctorRenderOptions {
  color: boolean;
  home: string;
  /** Present when --fix ran: what it changed. */
  fixed?: readonly FixResult[] | undefined;
  /** --live ran (otherwise the summary says the checks were offline). */
  live?: boolean | undefined;
  /** The terminal's columns; undefined (not a terminal) lays out for 80. */
  width?: number | undefined;
}

type Colors = ReturnType<typeof createColors>;

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' };

function symbol(sev: Severity, c: Colors): Span {
  return sev === 'error' ? ['✗', c.red] : sev === 'warning' ? ['!', c.yellow] : ['i', c.cyan];
}

function heading(sev: Severity, n: number, c: Colors): string {
  const text = `${HEADINGS[sev]} (${n})`;
  return c.bold(sev === 'error' ? c.red(text) : sev === 'warning' ? c.yellow(text) : c.cyan(text));
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}

/** A finding as text shows it: its sentences carry data (paths, ids, server answers), made safe and bounded before any colour. */
function displayFinding(f: Finding): Finding {
  return { ...f, id: displayField(f.id), title: displayField(f.title, PROSE_MAX), detail: displayField(f.detail, PROSE_MAX), fix: f.fix === undefined ? undefined : displayField(f.fix, PROSE_MAX) };
}

export function renderDoctor(raw: readonly Finding[], o: DoctorRenderOptions): string {
  const findings = raw.map(displayFinding);
  const c = createColors(o.color);
  const width = layoutWidth(o.width);
  const lines: string[] = [];
  const sorted = sortFindings(findings);
  for (const sev of SEVERITIES) {
    const group = sorted.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(heading(sev, group.length, c));
    for (const f of group) {
      lines.push(...wrap([symbol(sev, c), ` ${f.title} `, [`[${f.id}]`, c.dim]], width, { rest: '  ' }));
      if (f.detail !== '') lines.push(...wrap([f.detail], width, { first: '  ' }));
      if (f.fix !== undefined) lines.push(...wrap([['Fix:', c.dim], ' ', [f.fix, c.bold]], width, { first: '  ', rest: '       ', breaks: CLAUSES }));
    }
  }
  if (o.fixed !== undefined && o.fixed.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(c.bold(c.green(`Fixed (${o.fixed.filter((r) => r.error === undefined).length})`)));
    for (const r of o.fixed) {
      const p = displayField(tildify(r.path, o.home));
      lines.push(...wrap(r.error === undefined ? [['✓', c.green], ` chmod ${octal(r.to)} ${p}  `, [`(was ${octal(r.from)})`, c.dim]] : [['✗', c.red], ` chmod ${octal(r.from & 0o700)} ${p} failed: ${displayField(r.error, PROSE_MAX)}`], width, { rest: '  ' }));
    }
  }
  const s = summarize(findings);
  if (lines.length > 0) lines.push('');
  if (s.error === 0 && s.warning === 0) lines.push(c.green('✓ No problems found.'));
  const summary = `${count(s.error, 'error')} · ${count(s.warning, 'warning')} · ${count(s.info, 'info')}` + (o.live === true ? '' : ' · offline checks only (add --live to test the network and token signatures)');
  lines.push(...wrap([[summary, c.dim]], width, { breaks: PARTS }));
  return lines.join('\n') + '\n';
}

export function renderDoctorJson(findings: readonly Finding[], fixed?: readonly FixResult[], prints: readonly RefreshPrint[] = []): string {
  const doc: Record<string, unknown> = {
    findings: sortFindings(findings).map((f) => ({ id: f.id, severity: f.severity, title: f.title, detail: f.detail, fix: f.fix ?? null, paths: f.paths })),
    summary: summarize(findings),
  };
  if (fixed !== undefined) {
    doc.fixed = fixed.map((r) => ({ path: r.path, kind: r.kind, from: octal(r.from), to: octal(r.to), error: r.error ?? null }));
  }
  // Fingerprints only: what `doctor --host` on another machine compares with its own (src/doctor/machines.ts).
  doc.refreshFingerprints = prints;
  return jsonTerminalSafe(JSON.stringify(doc, null, 2)) + '\n';
}
