// The report as text output shows it: every field from data made
// terminal-safe and bounded (see displayField), our own words and the state
// left as they are. Renderers of text take this view first, in one place, so no
// field reaches a line raw; --json renders the report itself, exact.
import type { AssessedCredential } from '../core/credential';
import { terminalSafe } from '../core/terminal-safe';
import { displayField, PROSE_MAX } from './width';
import type { Report } from './discover';

function field(s: string | undefined, max?: number): string | undefined {
  return s === undefined ? undefined : displayField(s, max);
}

/** `xs` itself when `f` leaves every item as it is, else the mapped copy. */
function mapped<T>(xs: readonly T[], f: (x: T) => T): T[] {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as T;
    if (f(x) !== x) return xs.map(f);
  }
  return xs as T[];
}

const displayOne = (s: string) => displayField(s);

const shownPair = (s: { tool: string; by: string }) => {
  const tool = displayField(s.tool);
  const by = displayField(s.by);
  return tool === s.tool && by === s.by ? s : { tool, by };
};

export function displayCredential(c: AssessedCredential): AssessedCredential {
  const id = displayField(c.id);
  const provider = displayField(c.provider);
  const path = displayField(c.path);
  const entry = field(c.entry);
  const accountId = field(c.accountId);
  const email = field(c.email);
  const userId = field(c.userId);
  const orgId = field(c.orgId);
  const orgName = field(c.orgName);
  const plan = field(c.plan);
  const rateLimitTier = field(c.rateLimitTier);
  const scopes = c.scopes === undefined ? undefined : mapped(c.scopes, displayOne);
  const reason = field(c.reason, PROSE_MAX);
  const inactive = field(c.inactive, PROSE_MAX);
  const fix = field(c.fix, PROSE_MAX);
  const usedBy = mapped(c.usedBy, displayOne);
  const shadowedBy = mapped(c.shadowedBy, shownPair);
  // Nearly always every field is already safe and short: then the credential
  // is its own view (renderers only read it). Copying each of sixteen
  // credentials of as many shapes cost `status` ~0.2 ms on its first (cold) run.
  const same =
    id === c.id && provider === c.provider && path === c.path && entry === c.entry && accountId === c.accountId && email === c.email && userId === c.userId &&
    orgId === c.orgId && orgName === c.orgName && plan === c.plan && rateLimitTier === c.rateLimitTier && scopes === c.scopes && reason === c.reason &&
    inactive === c.inactive && fix === c.fix && usedBy === c.usedBy && shadowedBy === c.shadowedBy;
  return same ? c : { ...c, id, provider, path, entry, accountId, email, userId, orgId, orgName, plan, rateLimitTier, scopes, reason, inactive, fix, usedBy, shadowedBy };
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
