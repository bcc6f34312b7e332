// The setup of the tests that run many built-CLI processes against the test
// issuer: a private copy of the CLI (helpers/private-cli.ts) and an issuer,
// started once per file, stopped after it, with the issuer's request counts
// reset before each test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTestIssuer, type TestIssuer } from './oidc-server';
import { type PrivateCli, privateCli } from './private-cli';

export interface IssuerAndCli {
  readonly op: TestIssuer;
  readonly cli: PrivateCli;
}

export function issuerAndCli(tag: string, issuer?: Parameters<typeof startTestIssuer>[0]): IssuerAndCli {
  let op: TestIssuer | undefined;
  let cli: PrivateCli | undefined;
  beforeAll(async () => {
    cli = privateCli(tag);
    op = await startTestIssuer(issuer);
  }, 120_000);
  afterAll(async () => {
    await op?.stop();
    cli?.dispose();
  });
  beforeEach(() => op?.resetCounts());
  return {
    get op() {
      if (op === undefined) throw new Error('the test issuer is started in beforeAll');
      return op;
    },
    get cli() {
      if (cli === undefined) throw new Error('the private CLI is made in beforeAll');
      return cli;
    },
  };
}
