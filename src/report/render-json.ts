// The stable `--json` shape (documented in the README). Keys are never
// removed or renamed; secrets appear only under `secrets` with --show-token.
import type { AssessedCredential } from '../core/credential';
import { jsonTerminalSafe } from '../core/terminal-safe';
import type { Report } from './discover';
import { isoString } from './format';

function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : (isoString(ms) ?? null);
}

export function credentialJson(c: AssessedCredential, showToken: boolean): Record<string, unknown> {
  return {
    id: c.id,
    provider: c.provider,
    source: c.source,
    kind: c.kind,
    path: c.path,
    profile: c.entry ?? null,
    accountId: c.accountId ?? null,
    email: c.email ?? null,
    userId: c.userId ?? null,
    orgId: c.orgId ?? null,
    orgName: c.orgName ?? null,
    plan: c.plan ?? null,
    scopes: c.scopes ?? null,
    expiresAt: iso(c.expiresAt),
    refreshExpiresAt: iso(c.refreshExpiresAt),
    lastRefresh: iso(c.lastRefresh),
    canRefresh: c.canRefresh,
    state: c.state,
    usable: c.usable,
    usedBy: c.usedBy,
    shadowedBy: c.shadowedBy,
    reason: c.reason ?? null,
    fix: c.fix ?? null,
    ...(showToken ? { secrets: { ...c.secrets } } : {}),
  };
}

export function renderStatusJson(report: Report, showToken: boolean): string {
  return jsonTerminalSafe(JSON.stringify({ generatedAt: iso(report.now), credentials: report.credentials.map((c) => credentialJson(c, showToken)), notes: report.notes }, null, 2)) + '\n';
}
