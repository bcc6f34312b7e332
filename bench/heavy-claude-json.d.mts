// Types for heavy-claude-json.mjs (used by test/claude-json-heavy.test.ts).
export declare const HEAVY_ACCOUNT: {
  accountUuid: string;
  emailAddress: string;
  organizationUuid: string;
  organizationName: string;
  organizationRole: string;
  displayName: string;
  billingType: string;
};
export declare function writeHeavyClaudeJson(path: string, targetBytes?: number, account?: Record<string, unknown>): number;
