// Saved accounts (`auth-wizard accounts`): the same account saved twice, a
// saved grant that can no longer be used, a tool's grant that is also saved
// (a family: docs/providers.md §4), and a switch a crash interrupted.
import { existsSync } from 'node:fs';
import { accountFingerprint } from '../accounts/fingerprint';
import { intentPath } from '../accounts/intent-path';
import { GRANT_TOOLS, TOOL_LABEL } from '../accounts/names';
import { isToolGrant } from '../accounts/tools';
import type { AssessedCredential } from '../core/credential';
import { fingerprint } from '../core/fingerprint';
import { shellQuote } from '../core/shell-quote';
import type { CheckContext, Finding } from './finding';
import { where } from './names';

const savedName = (c: AssessedCredential) => (c.entry ?? '').replace(/^openai:/, '');

export function accountChecks(ctx: CheckContext): Finding[] {
  const creds = ctx.report.credentials;
  const saved = creds.filter((c) => c.source === 'auth-wizard' && c.provider === 'openai' && c.kind === 'oauth' && c.entry !== undefined);
  const out: Finding[] = [];
  const byAccount = new Map<string, AssessedCredential[]>();
  for (const c of saved) {
    const fp = accountFingerprint(c.provider, c.accountId, c.userId);
    if (fp !== undefined) byAccount.set(fp, [...(byAccount.get(fp) ?? []), c]);
  }
  for (const [fp, same] of byAccount) {
    if (same.length < 2) continue;
    out.push({
      id: 'account-saved-twice',
      severity: 'warning',
      title: `One account is saved ${same.length} times: ${same.map(savedName).join(', ')}.`,
      detail: `They are the same ChatGPT account (account id fingerprint ${fp}), each with a sign-in of its own; switching between them changes nothing. ${same.map((c) => where(ctx, c)).join('; ')}.`,
      fix: same.slice(1).map((c) => `auth-wizard logout --provider openai --profile ${shellQuote(savedName(c))}`).join('; '),
      paths: [],
    });
  }
  for (const c of saved) {
    if (c.usable) continue;
    out.push({
      id: 'saved-account-dead',
      severity: 'warning',
      title: `The saved account ${savedName(c)} can no longer be used (${c.state}${c.canRefresh ? '' : ', no refresh token'}).`,
      detail: `Switching to it would leave the tool signed out. ${where(ctx, c)}.`,
      fix: `auth-wizard logout --provider openai --profile ${shellQuote(savedName(c))}; auth-wizard accounts add codex --name ${shellQuote(savedName(c))}`,
      paths: [],
    });
  }
  for (const t of GRANT_TOOLS) {
    const tool = creds.find((c) => isToolGrant(c, t) && c.secrets.refresh !== undefined && c.secrets.refresh !== '');
    if (tool === undefined) continue;
    const twin = saved.find((s) => s.secrets.refresh === tool.secrets.refresh);
    if (twin === undefined) continue;
    out.push({
      id: 'saved-account-in-use',
      severity: 'error',
      title: `${TOOL_LABEL[t]} uses a sign-in that is also saved as ${savedName(twin)}: one of the two will be signed out.`,
      detail: `The same refresh token (fingerprint ${fingerprint(tool.secrets.refresh!)}) is in ${where(ctx, tool)} and ${where(ctx, twin)}, a copy rather than a move; whichever refreshes first kills the other.`,
      fix: `auth-wizard logout --provider openai --profile ${shellQuote(savedName(twin))} (the tool keeps its own), then auth-wizard accounts add ${t} --name ${shellQuote(savedName(twin))} for a saved sign-in of its own`,
      paths: [],
    });
  }
  const intent = intentPath({ home: ctx.deps.home, env: ctx.deps.env });
  if (existsSync(intent)) {
    out.push({
      id: 'switch-interrupted',
      severity: 'warning',
      title: 'An account switch was interrupted and is not finished yet.',
      detail: `${intent} holds its plan; until it is finished a sign-in may be in two files.`,
      fix: 'auth-wizard accounts (finishes it)',
      paths: [intent],
    });
  }
  return out;
}
