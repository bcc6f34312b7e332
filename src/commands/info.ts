// `auth-wizard info --provider P [--source S] [--profile ID]`: one credential,
// decoded in full. Picks the one the provider's tool actually uses unless told.
import type { AssessedCredential } from '../core/credential';
import type { Deps } from '../deps';
import type { OptionValues } from '../specs/common';
import type { infoSpec } from '../specs/info';
import { AppError, usageError } from '../errors';
import { suggest } from '../core/suggest';
import { PROVIDERS } from '../core/providers';
import { STORES } from '../stores/index';
import { discover } from '../report/discover';
import { buildInfoSheet } from '../report/info-sheet';
import { renderInfo, renderInfoJson } from '../report/render-info';
import { sourceContext, terminalWidth } from './context';

/** Providers of the stores auth-wizard reads, for the typo check. */
const KNOWN_PROVIDERS: readonly string[] = [...new Set([...PROVIDERS, ...STORES.flatMap((s) => s.providers)])];

export type InfoOptions = OptionValues<typeof infoSpec.options>;

export function pickCredential(creds: readonly AssessedCredential[], opts: Pick<InfoOptions, 'source' | 'profile'>): AssessedCredential | undefined {
  const matching = creds.filter((c) => (opts.source === undefined || c.source === opts.source) && (opts.profile === undefined || c.entry === opts.profile || c.id === opts.profile));
  return matching.find((c) => c.usedBy.length > 0) ?? matching.find((c) => c.usable) ?? matching[0];
}

export async function run(opts: InfoOptions, deps: Deps): Promise<void> {
  const report = await discover(sourceContext(deps), deps.now(), { provider: opts.provider });
  const cred = pickCredential(report.credentials, opts);
  if (cred === undefined) {
    // --provider takes any provider id the report can hold; a name no store
    // knows and nothing on this machine holds is a typo, answered like a bad choice.
    const known = [...new Set([...KNOWN_PROVIDERS, ...(report.filter?.others ?? [])])];
    if (!known.includes(opts.provider)) {
      const near = suggest(opts.provider, known);
      throw usageError(`--provider must be one of ${known.join(', ')}; got "${opts.provider}".${near !== undefined ? ` Did you mean ${near}?` : ''}`, 'auth-wizard status');
    }
    const where = [opts.source && `source ${opts.source}`, opts.profile && `profile ${opts.profile}`].filter(Boolean).join(', ');
    throw new AppError('not_found', `No ${opts.provider} credential found${where ? ` (${where})` : ''}.`, { hint: 'auth-wizard status' });
  }
  const sheet = buildInfoSheet(cred, report.now, deps.home, opts.showToken);
  deps.stdout.write(opts.json ? renderInfoJson(sheet, opts.showToken) : renderInfo(sheet, deps.color, terminalWidth(deps)));
}
