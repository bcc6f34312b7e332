// `auth-wizard doctor`: finds and explains every way a sign-in breaks. Reads
// the discovery report (never a second discovery), runs each check family,
// prints the findings grouped by severity, and exits by the worst one:
// 0 none/info (or warnings without --strict), 1 warnings with --strict,
// 4 errors. Changes nothing unless --fix, and then only the permissions it
// listed. Only --live touches the network.
import type { Deps } from '../deps';
import type { OptionValues } from '../specs/common';
import type { doctorSpec } from '../specs/doctor';
import { ReportPrinted } from '../errors';
import { accountChecks } from '../doctor/accounts';
import { codexChecks } from '../doctor/codex';
import { credentialChecks } from '../doctor/credentials';
import { environmentChecks } from '../doctor/environment';
import { familyChecks } from '../doctor/families';
import { afterFixes, applyFixes, fileChecks, type FixResult } from '../doctor/files';
import { type CheckContext, exitCodeFor, type Finding } from '../doctor/finding';
import { leftoverChecks } from '../doctor/leftovers';
import { refreshPrints } from '../doctor/machines';
import { toolChecks } from '../doctor/tools';
import { renderDoctor, renderDoctorJson } from '../doctor/render';
import { type DoctorSystem, realSystem } from '../doctor/system';
import { discover } from '../report/discover';
import { sourceContext, terminalWidth } from './context';

/** From doctor's flags; --host never reaches here (the spec sends it to doctor-hosts.ts). */
export type DoctorOptions = Omit<OptionValues<typeof doctorSpec.options>, 'host'>;

/** Runs every check and returns the findings (before any --fix), plus what --fix may change. */
export async function diagnose(opts: Pick<DoctorOptions, 'provider' | 'live'>, deps: Deps, system: DoctorSystem) {
  const report = await discover(sourceContext(deps), deps.now(), { provider: opts.provider });
  const ctx: CheckContext = { deps, report, provider: opts.provider };
  const files = await fileChecks(ctx);
  const findings: Finding[] = [
    ...familyChecks(ctx),
    ...accountChecks(ctx),
    ...credentialChecks(ctx),
    ...files.findings,
    ...(await leftoverChecks(ctx)),
    ...(await codexChecks(ctx)),
    ...toolChecks(ctx),
    ...(await environmentChecks(ctx, system)),
  ];
  if (opts.live) {
    // Loaded only here: jose comes with it, and nothing offline needs either.
    const { liveChecks } = await import('../doctor/live');
    findings.push(...(await liveChecks(ctx)));
  }
  return { findings, targets: files.targets, report };
}

export async function run(opts: DoctorOptions, deps: Deps, system: DoctorSystem = deps.doctorSystem ?? realSystem(deps)): Promise<void> {
  const { findings: found, targets, report } = await diagnose(opts, deps, system);
  let findings = found;
  let fixed: FixResult[] | undefined;
  if (opts.fix) {
    fixed = await applyFixes(targets);
    findings = afterFixes(found, fixed);
  }
  deps.stdout.write(opts.json ? renderDoctorJson(findings, fixed, refreshPrints(report)) : renderDoctor(findings, { color: deps.color, home: deps.home, fixed, live: opts.live, width: terminalWidth(deps) }));
  const code = exitCodeFor(findings, opts.strict);
  if (code !== 0) throw new ReportPrinted(code);
}
