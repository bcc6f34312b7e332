// One grant, one machine. A refresh token copied from one machine to another
// (say ~/.codex/auth.json scp'd to a VM) logs one of them out at the next
// refresh, exactly as two stores on one machine do (src/doctor/families.ts).
// Each side computes the fingerprints of its own refresh tokens (a SHA-256
// prefix) and only those cross the ssh connection; the tokens never do.
import { isRecord } from '../core/guards';
import { fingerprint } from '../core/fingerprint';
import type { Report } from '../report/discover';
import type { Finding } from './finding';

/** One stored refresh token, by fingerprint only: the `refreshFingerprints` entries of `doctor --json`. */
export interface RefreshPrint {
  fingerprint: string;
  provider: string;
  source: string;
  path: string;
  profile: string | null;
}

export function refreshPrints(report: Report): RefreshPrint[] {
  const out: RefreshPrint[] = [];
  for (const c of report.credentials) {
    const refresh = c.secrets.refresh;
    if (refresh === undefined || refresh === '') continue;
    out.push({ fingerprint: fingerprint(refresh), provider: c.provider, source: c.source, path: c.path, profile: c.entry ?? null });
  }
  return out;
}

const FP_RE = /^[0-9a-f]{12}$/;

/** Reads another machine's `refreshFingerprints`; an entry that is not one is left out (an older auth-wizard has none). */
export function parsePrints(v: unknown): RefreshPrint[] {
  if (!Array.isArray(v)) return [];
  const str = (x: unknown) => (typeof x === 'string' ? x : '?');
  return v.filter(isRecord).flatMap((e) =>
    typeof e.fingerprint === 'string' && FP_RE.test(e.fingerprint) ? [{ fingerprint: e.fingerprint, provider: str(e.provider), source: str(e.source), path: str(e.path), profile: typeof e.profile === 'string' ? e.profile : null }] : [],
  );
}

const place = (p: RefreshPrint) => `${p.source}${p.profile !== null ? ` [${p.profile}]` : ''} (${p.path})`;

/** `refresh-token-on-two-machines`: a token held here and on `host` too. */
export function twoMachineChecks(host: string, here: readonly RefreshPrint[], there: readonly RefreshPrint[]): Finding[] {
  const out: Finding[] = [];
  for (const fp of new Set(here.map((p) => p.fingerprint))) {
    const remote = there.filter((p) => p.fingerprint === fp);
    if (remote.length === 0) continue;
    const local = here.filter((p) => p.fingerprint === fp);
    const provider = local[0]!.provider;
    out.push({
      id: 'refresh-token-on-two-machines',
      severity: 'warning',
      title: `The same ${provider} refresh token is on this machine and on ${host}: whichever refreshes first signs the other out.`,
      detail:
        'Refresh tokens rotate, so a sign-in copied to a second machine works only until one of them refreshes. ' +
        `Token fingerprint ${fp} (a SHA-256 prefix, computed on each machine; no token crossed) is here in ${local.map(place).join('; ')} and on ${host} in ${remote.map(place).join('; ')}.`,
      fix: `Sign in again on one of them, so each machine has its own sign-in: on ${host}, \`auth-wizard login --provider ${provider} --host ${host}\` from here (or \`auth-wizard login\` there); or here, \`auth-wizard login --provider ${provider}\`.`,
      paths: [],
    });
  }
  return out;
}
