// The report as text output shows it: every field from data made
// terminal-safe and bounded (see displayField), our own words and the state
// left as they are. Renderers of text take this view first, in one place, so no
// field reaches a line raw; --json renders the report itself, exact.
import type { AssessedCredential } from '../core/credential';
import { terminalSafe } from '../core/terminal-safe';
import { displayField, FIELD_MAX, PROSE_MAX } from './width';
import type { Report } from './discover';

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

/** The text fields of a credential shown from data, each with the most it is shown at. */
const TEXT_FIELDS = [
  ['id', FIELD_MAX],
  ['provider', FIELD_MAX],
  ['path', FIELD_MAX],
  ['entry', FIELD_MAX],
  ['accountId', FIELD_MAX],
  ['email', FIELD_MAX],
  ['userId', FIELD_MAX],
  ['orgId', FIELD_MAX],
  ['orgName', FIELD_MAX],
  ['plan', FIELD_MAX],
  ['rateLimitTier', FIELD_MAX],
  ['reason', PROSE_MAX],
  ['inactive', PROSE_MAX],
  ['fix', PROSE_MAX],
] as const satisfies readonly (readonly [key: keyof AssessedCredential, max: number])[];

export function displayCredential(c: AssessedCredential): AssessedCredential {
  // Nearly always every field is already safe and short: then the credential
  // is its own view (renderers only read it), and a copy is made only for one
  // that is not. Copying each of sixteen credentials of as many shapes cost
  // `status` ~0.2 ms on its first (cold) run; a table of fields keeps this
  // function small, and V8 compiles it on the main thread once it is hot.
  let view: AssessedCredential | undefined;
  for (let i = 0; i < TEXT_FIELDS.length; i++) {
    const key = TEXT_FIELDS[i]![0];
    const value = c[key];
    if (value === undefined) continue;
    const shown = displayField(value, TEXT_FIELDS[i]![1]);
    if (shown !== value) (view ??= { ...c })[key] = shown;
  }
  const scopes = c.scopes === undefined ? undefined : mapped(c.scopes, displayOne);
  const usedBy = mapped(c.usedBy, displayOne);
  const shadowedBy = mapped(c.shadowedBy, shownPair);
  if (scopes !== c.scopes || usedBy !== c.usedBy || shadowedBy !== c.shadowedBy) view = { ...(view ?? c), scopes, usedBy, shadowedBy };
  return view ?? c;
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
