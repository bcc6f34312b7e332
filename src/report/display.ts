// The report as text output shows it: every field from data made
// terminal-safe and bounded (see displayField), our own words and the state
// left as they are. Renderers of text take this view first, in one place, so no
// field reaches a line raw; --json renders the report itself, exact.
import type { AssessedCredential } from '../core/credential';
import { terminalSafe } from '../core/terminal-safe';
import { displayField, PROSE_MAX } from './columns';
import type { Report } from './discover';

function field(s: string | undefined, max?: number): string | undefined {
  return s === undefined ? undefined : displayField(s, max);
}

export function displayCredential(c: AssessedCredential): AssessedCredential {
  return {
    ...c,
    id: displayField(c.id),
    provider: displayField(c.provider),
    path: displayField(c.path),
    entry: field(c.entry),
    accountId: field(c.accountId),
    email: field(c.email),
    userId: field(c.userId),
    orgId: field(c.orgId),
    orgName: field(c.orgName),
    plan: field(c.plan),
    rateLimitTier: field(c.rateLimitTier),
    scopes: c.scopes?.map((s) => displayField(s)),
    reason: field(c.reason, PROSE_MAX),
    inactive: field(c.inactive, PROSE_MAX),
    fix: field(c.fix, PROSE_MAX),
    usedBy: c.usedBy.map((t) => displayField(t)),
    shadowedBy: c.shadowedBy.map((s) => ({ tool: displayField(s.tool), by: displayField(s.by) })),
  };
}

export function displayReport(r: Report): Report {
  return {
    ...r,
    credentials: r.credentials.map(displayCredential),
    notes: r.notes.map((n) => displayField(n, PROSE_MAX)),
    filter: r.filter === undefined ? undefined : { provider: displayField(r.filter.provider), others: r.filter.others.map((p) => displayField(p)) },
  };
}

/** The home directory as paths in the view are shown against (tildify): made safe the same way, so `~` still replaces it. */
export function displayHome(home: string): string {
  return terminalSafe(home);
}
