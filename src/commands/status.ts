// `auth-wizard status`: every credential on the machine, which one each tool
// uses, and how to fix what is broken. Exit 0 when something usable was found
// (of --provider), 4 when not.
import type { Deps } from '../deps';
import type { OptionValues } from '../specs/common';
import type { statusSpec } from '../specs/status';
import { ExitCode, ReportPrinted } from '../errors';
import { discover } from '../report/discover';
import { renderStatusJson } from '../report/render-json';
import { renderStatus } from '../report/render-status';
import { sourceContext, terminalWidth } from './context';

export type StatusOptions = OptionValues<typeof statusSpec.options>;

export async function run(opts: StatusOptions, deps: Deps): Promise<void> {
  const report = await discover(sourceContext(deps), deps.now(), { provider: opts.provider });
  deps.stdout.write(opts.json ? renderStatusJson(report, opts.showToken) : renderStatus(report, { color: deps.color, home: deps.home, width: terminalWidth(deps) }));
  if (!report.credentials.some((c) => c.usable)) throw new ReportPrinted(ExitCode.authNeeded);
}
