// Which tools are installed: an executable of that name on PATH. Cheap (a few
// stat calls) and injectable, so the wizard's pre-selection is testable.
import { isOnPath } from '../fs/on-path';
import { STORES } from '../stores/index';
import type { Installed } from './plan';

export type OnPath = (bin: string) => boolean;

export function onPathProbe(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): OnPath {
  const probe = (bin: string) => isOnPath(env, platform, bin);
  // Each executable is looked up once per run: the wizard asks for the same
  // ones several times before its first question (what is installed, what to
  // offer), and each lookup is a stat per PATH entry (~600 before the first
  // prompt with eleven entries).
  const known = new Map<string, boolean>();
  return (bin) => {
    let found = known.get(bin);
    if (found === undefined) known.set(bin, (found = probe(bin)));
    return found;
  };
}

/** Every store's executables (Store.bins), each: whether it is on PATH. */
export function installedTools(onPath: OnPath): Installed {
  const out: Record<string, boolean> = {};
  for (const s of STORES) for (const bin of s.bins ?? []) out[bin] = onPath(bin);
  return out;
}
