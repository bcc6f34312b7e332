// Refresh-token families: the same refresh token in two or more stores.
//
// Refresh tokens rotate: each refresh returns a new one and the old one dies,
// and replaying a dead one can revoke the whole grant (RFC 9700 §4.14.2). Two
// stores holding one token therefore log each other out, whichever refreshes
// first (openai/codex#9634, anthropics/claude-code#80292). Tokens are compared
// by a SHA-256 prefix; only that fingerprint is ever shown.
import type { AssessedCredential } from '../core/credential';
import { fingerprint } from '../core/fingerprint';
import { fixFor } from '../report/assess';
import type { CheckContext, Finding } from './finding';
import { isFilePath, where } from './names';

export function familyChecks(ctx: CheckContext): Finding[] {
  const byPrint = new Map<string, AssessedCredential[]>();
  for (const c of ctx.report.credentials) {
    const refresh = c.secrets.refresh;
    if (refresh === undefined || refresh === '') continue;
    const fp = fingerprint(refresh);
    byPrint.set(fp, [...(byPrint.get(fp) ?? []), c]);
  }
  const out: Finding[] = [];
  for (const [fp, members] of byPrint) {
    if (members.length < 2) continue;
    const [keep, ...others] = members;
    if (keep === undefined) continue;
    const fixes = [...new Set(others.map((c) => fixFor(c)))];
    out.push({
      id: 'refresh-token-family',
      severity: 'error',
      title: `The same refresh token is stored in ${members.length} places: whichever tool refreshes first signs the other${members.length > 2 ? 's' : ''} out.`,
      detail:
        `Refresh tokens rotate, so only one holder of a token can ever use it; a replayed old token can revoke the whole sign-in. ` +
        `Token fingerprint ${fp} (a SHA-256 prefix; the token is not shown) is in: ${members.map((c) => where(ctx, c)).join('; ')}.`,
      fix: `Keep ${where(ctx, keep)}; give every other store its own sign-in: ${fixes.join('; ')}`,
      paths: [...new Set(members.map((c) => c.path).filter(isFilePath))],
    });
  }
  return out;
}
