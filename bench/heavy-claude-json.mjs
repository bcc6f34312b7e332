// A heavy Claude Code user's ~/.claude.json, written in pieces (never whole in
// memory): every project with its prompt history, pasted contents and stats,
// as Claude Code writes it (JSON.stringify(config, null, 2)), with
// `oauthAccount` last. Decoys an honest scan must not take for the account: a
// project holding its own "oauthAccount" object, and prompts quoting one.
// Used by bench/run.mjs and test/claude-json-heavy.test.ts.
import { closeSync, openSync, writeSync } from 'node:fs';

const WORDS = 'the a fix test failing build refactor why does this function return undefined when called with an empty list please add types and a unit test for src/parser.ts also check the CI log error TypeError cannot read properties of null reading length at line 42 make it faster use a map instead of nested loops'.split(' ');

/** Deterministic pseudo-random numbers, so every run writes the same file. */
function rng(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

function sentence(r, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]);
  return out.join(' ');
}

/** Source-like pasted text: quotes, backslashes, newlines, tabs, a little non-ASCII. */
function pasted(r, lines) {
  const out = [];
  for (let i = 0; i < lines; i++) {
    const kind = Math.floor(r() * 5);
    if (kind === 0) out.push(`  const re = /\\d+\\.\\d+/; // "${sentence(r, 4)}"`);
    else if (kind === 1) out.push(`\tat Object.<anonymous> (C:\\Users\\dev\\src\\index.js:${Math.floor(r() * 900)}:17)`);
    else if (kind === 2) out.push(`  console.log("résumé — ${sentence(r, 6)}");`);
    else out.push(`  ${sentence(r, 8)}`);
  }
  return out.join('\n');
}

function project(r, i) {
  const history = [];
  const entries = 20 + Math.floor(r() * 60);
  for (let h = 0; h < entries; h++) {
    const display = h % 17 === 3 ? `why does status show "oauthAccount": {"emailAddress": "decoy-${i}@example.test"} here?` : sentence(r, 5 + Math.floor(r() * 40));
    const paste = r() < 0.3 ? { 1: { id: 1, type: 'text', content: pasted(r, 5 + Math.floor(r() * 80)) } } : {};
    history.push({ display, pastedContents: paste });
  }
  const p = {
    allowedTools: [],
    history,
    mcpContextUris: [],
    mcpServers: {},
    enabledMcpjsonServers: [],
    disabledMcpjsonServers: [],
    hasTrustDialogAccepted: true,
    projectOnboardingSeenCount: 1,
    hasClaudeMdExternalIncludesApproved: false,
    hasClaudeMdExternalIncludesWarningShown: false,
    lastCost: Math.round(r() * 500) / 100,
    lastAPIDuration: Math.floor(r() * 100000),
    lastDuration: Math.floor(r() * 1000000),
    lastLinesAdded: Math.floor(r() * 400),
    lastLinesRemoved: Math.floor(r() * 200),
    lastTotalInputTokens: Math.floor(r() * 90000),
    lastTotalOutputTokens: Math.floor(r() * 20000),
    lastTotalCacheCreationInputTokens: Math.floor(r() * 50000),
    lastTotalCacheReadInputTokens: Math.floor(r() * 900000),
    lastSessionId: `5f2c${i.toString(16).padStart(4, '0')}-1b2c-4d5e-8f90-123456789abc`,
  };
  // One project keeps an object of the same name deep in its data.
  if (i === 2) p.oauthAccount = { emailAddress: 'nested-decoy@example.test', accountUuid: 'decoy' };
  return p;
}

export const HEAVY_ACCOUNT = {
  accountUuid: 'acc-heavy-1',
  emailAddress: 'heavy-user@example.test',
  organizationUuid: 'org-heavy-1',
  organizationName: 'Heavy "Org" {x}',
  organizationRole: 'admin',
  displayName: 'Dev',
  billingType: 'stripe_subscription',
};

/** Writes the file; returns its size in bytes. */
export function writeHeavyClaudeJson(path, targetBytes = 50 * 1024 * 1024, account = HEAVY_ACCOUNT) {
  const r = rng(7);
  const fd = openSync(path, 'w', 0o600);
  let size = 0;
  const put = (s) => {
    size += writeSync(fd, s);
  };
  try {
    put('{\n  "numStartups": 812,\n  "installMethod": "native",\n  "autoUpdates": false,\n  "tipsHistory": {\n    "new-user-warmup": 7,\n    "memory-command": 61\n  },\n  "projects": {');
    for (let i = 0; size < targetBytes; i++) {
      const body = JSON.stringify(project(r, i), null, 2).replace(/\n/g, '\n    ');
      put(`${i === 0 ? '' : ','}\n    ${JSON.stringify(`/home/dev/src/project-${String(i).padStart(4, '0')}`)}: ${body}`);
    }
    put(`\n  },\n  "userID": "8d1f0c2b9a7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c",\n  "oauthAccount": ${JSON.stringify(account, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  } finally {
    closeSync(fd);
  }
  return size;
}
