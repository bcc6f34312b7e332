// The one record every doctor check produces, and the exit code a list of
// them maps to. Ids are stable (scripts match on them, the README lists
// them); titles and details are prose and may be reworded.
import type { Deps } from '../deps';
import { ExitCode } from '../errors';
import type { Report } from '../report/discover';
import { tildify } from '../fs/paths';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Finding {
  /** Stable, kebab-case: what kind of problem, e.g. `refresh-token-family`. */
  id: string;
  severity: Severity;
  /** One plain sentence. */
  title: string;
  /** Why it matters and what exactly was seen. Never a secret: fingerprints only. */
  detail: string;
  /** The exact command or step that fixes it; undefined for facts that need nothing. */
  fix?: string | undefined;
  /** Absolute paths the finding is about (what `--fix` may touch, for permission findings). */
  paths: string[];
}

/** What every check reads: the injected deps, the discovery report, the provider filter. */
export interface CheckContext {
  deps: Deps;
  report: Report;
  /** `openai` / `anthropic` when `--provider` was given. */
  provider?: string | undefined;
}

/** A path as a person reads it: `~/.codex/auth.json`. */
export function show(ctx: CheckContext, path: string): string {
  return tildify(path, ctx.deps.home);
}

/** True when `--provider` leaves this provider in. */
export function wants(ctx: CheckContext, provider: string): boolean {
  return ctx.provider === undefined || ctx.provider === provider;
}

export type Summary = Record<Severity, number>;

export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) s[f.severity] += 1;
  return s;
}

/**
 * Exit code by the worst finding (documented in `doctor --help`):
 * 4 any error; 1 warnings with --strict; 0 otherwise (none, info, or
 * warnings without --strict).
 */
export function exitCodeFor(findings: readonly Finding[], strict: boolean): ExitCode {
  const s = summarize(findings);
  if (s.error > 0) return ExitCode.authNeeded;
  if (s.warning > 0 && strict) return ExitCode.error;
  return ExitCode.ok;
}

/** Errors first, then warnings, then info; checks keep their own order within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return SEVERITIES.flatMap((sev) => findings.filter((f) => f.severity === sev));
}
