// The `status` table: one row per credential with a dim detail line under it
// (kind, plan, where it lives, absolute expiry), then notes: what hides what,
// and the command that fixes each unusable row. Pure: report in, text out.
// Everything fits `width` columns: people run this in 80-column terminals,
// often over SSH, where a line one column too long wraps into the next row.
import { createColors } from '../core/colors';
import { type AssessedCredential, type CredentialState, inEnvironment } from '../core/credential';
import { tildify } from '../fs/paths';
import type { Report } from './discover';
import { columns } from './columns';
import { layoutWidth, truncateWidth } from './width';
import { CLAUSES, PARTS, type Span, wrap } from './wrap';
import { displayHome, displayReport } from './display';
import { formatAbsolute, formatExpiry } from './format';

export interface RenderOptions {
  color: boolean;
  home: string;
  /** The terminal's columns; undefined (not a terminal) lays out for 80. */
  width?: number | undefined;
}

/** ACCOUNT is cut with … before anything else, but keeps enough to tell accounts apart. */
const ACCOUNT_COLUMN = 2;
const ACCOUNT_MIN = 12;
/** A provider id can be any key of a store (OpenCode, OpenClaw): cut in the table; the detail line names the entry at more length. */
const PROVIDER_MAX = 24;

type Colors = ReturnType<typeof createColors>;

function stateText(state: CredentialState, usable: boolean, c: Colors): string {
  switch (state) {
    case 'valid':
      return c.green('✓ valid');
    case 'expiring':
      return c.yellow('! expiring');
    case 'expired':
      return usable ? c.yellow('↻ expired') : c.red('✗ expired');
    case 'signed-out':
      return c.red('✗ signed out');
    case 'unreadable':
      return c.red('✗ unreadable');
  }
}

function account(cred: AssessedCredential): string {
  return cred.email ?? cred.accountId ?? cred.entry ?? '—';
}

/** A credential that cannot be read or holds no sign-in has no expiry to show; `never` is for keys that do not expire. */
function expires(cred: AssessedCredential, now: number): string {
  return cred.state === 'unreadable' || cred.state === 'signed-out' ? '—' : formatExpiry(cred.expiresAt, now);
}

function detail(cred: AssessedCredential, o: RenderOptions): string {
  const parts = [cred.kind ?? 'unknown'];
  if (cred.plan !== undefined) parts.push(`plan ${cred.plan}`);
  parts.push(tildify(cred.path, o.home) + (cred.entry !== undefined && !inEnvironment(cred) ? ` [${cred.entry}]` : ''));
  if (cred.expiresAt !== null) parts.push(`expires ${formatAbsolute(cred.expiresAt)}`);
  if (cred.kind === 'oauth') parts.push(cred.canRefresh ? 'refresh token: yes' : 'refresh token: no');
  if (cred.state === 'unreadable' && cred.reason !== undefined) parts.push(cred.reason);
  return parts.join(' · ');
}

/** How a note names the credential that wins: `$VAR`, a setting, or its id. */
function winnerName(id: string): string {
  if (id.startsWith('env:')) return `$${id.slice(4).split(':')[0]}`;
  if (id === 'claude-code:apiKeyHelper') return 'the apiKeyHelper setting';
  return id;
}

/** A note under the table: symbol first, further lines indented under its text. */
function note(spans: readonly Span[], width: number): string[] {
  return wrap(spans, width, { rest: '  ' });
}

/** A note with its fix: one line when it fits, else the fix on lines of its own, where it can be copied. */
function fixNote(spans: readonly Span[], fix: string, c: Colors, width: number): string[] {
  const whole = note([...spans, ' Fix: ', [fix, c.bold]], width);
  if (whole.length === 1) return whole;
  return [...note(spans, width), ...wrap(['Fix: ', [fix, c.bold]], width, { first: '  ', rest: '       ', breaks: CLAUSES })];
}

export function renderStatus(raw: Report, given: RenderOptions): string {
  // Every field from data made safe and bounded before any colour is added.
  const report = displayReport(raw);
  const o = { ...given, home: displayHome(given.home) };
  const c = createColors(o.color);
  const width = layoutWidth(o.width);
  if (report.credentials.length === 0) {
    const asked = report.filter;
    const lines =
      asked === undefined
        ? ['No credentials found.', '', `Sign in with: ${c.bold('auth-wizard onboard')}`]
        : [
            `No credentials found for --provider ${asked.provider}.${asked.others.length > 0 ? ` Found for: ${asked.others.join(', ')}.` : ''}`,
            ...(asked.provider === 'openai' || asked.provider === 'anthropic' ? ['', `Sign in with: ${c.bold(`auth-wizard login --provider ${asked.provider}`)}`] : []),
          ];
    for (const n of report.notes) lines.push('', ...note([['i', c.cyan], ` ${n}`], width));
    return lines.join('\n') + '\n';
  }
  const rows = report.credentials.map((cred) => [truncateWidth(cred.provider, PROVIDER_MAX), cred.source, account(cred), expires(cred, report.now), stateText(cred.state, cred.usable, c), cred.usedBy.join(', ') || c.dim('—')]);
  // The detail line goes under each row, outside the columns, so its length does not widen them.
  const [head = '', ...body] = columns([['PROVIDER', 'SOURCE', 'ACCOUNT', 'EXPIRES', 'STATE', 'USED BY'], ...rows], { width, shrink: ACCOUNT_COLUMN, min: ACCOUNT_MIN });
  const lines = [c.bold(head)];
  report.credentials.forEach((cred, i) => lines.push(body[i] ?? '', ...wrap([detail(cred, o)], width, { first: '  ', rest: '    ', breaks: PARTS }).map(c.dim)));
  const notes: string[] = [];
  for (const cred of report.credentials) {
    const where = `${cred.source} ${tildify(cred.path, o.home)}${cred.entry !== undefined && !inEnvironment(cred) ? ` [${cred.entry}]` : ''}`;
    for (const s of cred.shadowedBy) notes.push(...note([['!', c.yellow], ` ${s.tool} ignores ${where}: ${winnerName(s.by)} comes first.`], width));
    if (cred.fix !== undefined) {
      const why = cred.state === 'unreadable' ? `unreadable (${cred.reason ?? 'unknown'})` : cred.state === 'signed-out' ? `signed out${cred.reason !== undefined ? ` (${cred.reason})` : ''}` : cred.state;
      notes.push(...fixNote([['✗', c.red], ` ${where}: ${why}.`], cred.fix, c, width));
    }
  }
  for (const n of report.notes) notes.push(...note([['i', c.cyan], ` ${n}`], width));
  if (notes.length > 0) lines.push('', ...notes);
  lines.push('', ...wrap([['Decoded claims are unverified; see auth-wizard info --provider openai|anthropic', c.dim]], width));
  return lines.join('\n') + '\n';
}
