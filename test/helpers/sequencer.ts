// The order files start in. vitest starts the files that took longest last
// time first, but on a fresh checkout (CI's) it has no timings and starts the
// largest files first, so the Codex kill test (a small file, and then the
// longest run: ~25 s of switches one after another) started 40 s in and the
// suite took 77 s instead of ~55. The files known to be long start first
// whatever vitest remembers; the rest keep vitest's order. (Measured again
// once the kill tests stopped waiting out stale locks: README "Tests".)
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first, as measured on a 2-core machine (README "Tests"). */
const LONG_FIRST = [
  'test/accounts-kill-codex.test.ts',
  'test/remote-ssh.test.ts',
  'test/accounts-kill-opencode.test.ts',
  'test/browser.test.ts',
  'test/login.test.ts',
  'test/onboard-e2e.test.ts',
  'test/build-standalone.test.ts',
  'test/keyring.test.ts',
  'test/store-lock.test.ts',
  'test/refresh-lifetime.test.ts',
];

export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FIRST.findIndex((rel) => f.moduleId.endsWith(`/${rel}`));
      return i === -1 ? LONG_FIRST.length : i;
    };
    // Array.prototype.sort is stable: files not on the list keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
