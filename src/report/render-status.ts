// The `status` table: one row per credential with a dim detail line under it
// (kind, plan, where it lives, absolute expiry), then notes: what hides what,
// and the command that fixes each unusable row. Pure: report in, text out.
import { createColors } from '../core/colors';
import type { AssessedCredential, CredentialState } from '../core/credential';
import { tildify } from '../store/paths';
import type { Report } from './discover';
import { columns } from './columns';
import { formatAbsolute, formatExpiry, truncate } from './format';

export interface RenderOptions {
  color: boolean;
  home: string;
}

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
  return truncate(cred.email ?? cred.accountId ?? cred.entry ?? '—', 24);
}

function detail(cred: AssessedCredential, o: RenderOptions): string {
  const parts = [cred.kind ?? 'unknown'];
  if (cred.plan !== undefined) parts.push(`plan ${cred.plan}`);
  parts.push(tildify(cred.path, o.home) + (cred.entry !== undefined && cred.source !== 'env' ? ` [${cred.entry}]` : ''));
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

export function renderStatus(report: Report, o: RenderOptions): string {
  const c = createColors(o.color);
  if (report.credentials.length === 0) {
    const lines = ['No credentials found.', '', `Sign in with: ${c.bold('auth-wizard onboard')}`];
    for (const n of report.notes) lines.push('', `${c.cyan('i')} ${n}`);
    return lines.join('\n') + '\n';
  }
  const rows = report.credentials.map((cred) => [cred.provider, cred.source, account(cred), formatExpiry(cred.expiresAt, report.now), stateText(cred.state, cred.usable, c), cred.usedBy.join(', ') || c.dim('—')]);
  // The detail line goes under each row, outside the columns, so its length does not widen them.
  const [head = '', ...body] = columns([['PROVIDER', 'SOURCE', 'ACCOUNT', 'EXPIRES', 'STATE', 'USED BY'], ...rows]);
  const lines = [c.bold(head)];
  report.credentials.forEach((cred, i) => lines.push(body[i] ?? '', c.dim(`  ${detail(cred, o)}`)));
  const notes: string[] = [];
  for (const cred of report.credentials) {
    const where = `${cred.source} ${tildify(cred.path, o.home)}${cred.entry !== undefined && cred.source !== 'env' ? ` [${cred.entry}]` : ''}`;
    for (const s of cred.shadowedBy) notes.push(`${c.yellow('!')} ${s.tool} ignores ${where}: ${winnerName(s.by)} comes first.`);
    if (cred.fix !== undefined) {
      const why = cred.state === 'unreadable' ? `unreadable (${cred.reason ?? 'unknown'})` : cred.state === 'signed-out' ? `signed out${cred.reason !== undefined ? ` (${cred.reason})` : ''}` : cred.state;
      notes.push(`${c.red('✗')} ${where}: ${why}. Fix: ${c.bold(cred.fix)}`);
    }
  }
  for (const n of report.notes) notes.push(`${c.cyan('i')} ${n}`);
  if (notes.length > 0) lines.push('', ...notes);
  lines.push('', c.dim('Decoded claims are unverified. Details: auth-wizard info --provider openai|anthropic'));
  return lines.join('\n') + '\n';
}
