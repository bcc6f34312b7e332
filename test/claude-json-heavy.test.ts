// ~/.claude.json on a heavy Claude Code machine holds tens of MB of project
// history: `oauthAccount` is found by scanning bytes in chunks from both ends,
// following JSON's nesting and strings, so only the top-level key counts and
// memory stays bounded (issue 10 §7).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAVY_ACCOUNT, writeHeavyClaudeJson } from '../bench/heavy-claude-json.mjs';
import { parseClaudeAccount } from '../src/stores/claude-code';
import { scanTextObjectMember } from '../src/fs/json-member-scan';
import { builtCli } from './helpers/built-cli';
import { put, tempHome } from './helpers/fixture-home';
import { fakeSecret } from './helpers/tokens';

const ACCOUNT = { accountUuid: 'u-1', emailAddress: 'me@example.test', organizationUuid: 'o-1', organizationName: 'Org {with} "quotes" \\ and \u00e9' };
const EXPECTED = { email: 'me@example.test', accountId: 'u-1', orgId: 'o-1', orgName: ACCOUNT.organizationName };

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

/** Random JSON values with the traps: nested "oauthAccount" keys, the name inside strings, backslash runs, brackets in strings. */
function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 4 : 7));
  if (k === 0) return Math.floor(r() * 1e6) / 100;
  if (k === 1) return [null, true, false][Math.floor(r() * 3)];
  if (k <= 3) {
    const parts = ['oauthAccount', '"oauthAccount": {', '\\', '\\\\"', '}', '{', '[', ']', ',', ':', 'x', 'é', '\n', '"'];
    return Array.from({ length: Math.floor(r() * 8) }, () => parts[Math.floor(r() * parts.length)]).join('');
  }
  if (k === 4) return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let n = Math.floor(r() * 5); n > 0; n--) o[r() < 0.2 ? 'oauthAccount' : `k${Math.floor(r() * 100)}\\"}`] = r() < 0.2 ? { emailAddress: 'decoy@example.test' } : randomValue(r, depth + 1);
  return o;
}

describe('finding the top-level oauthAccount', () => {
  it('agrees with JSON.parse on random documents, whatever the chunk size and wherever the key is', () => {
    const r = rng(11);
    for (let n = 0; n < 600; n++) {
      const before = Object.fromEntries(Array.from({ length: Math.floor(r() * 6) }, (_, i) => [`b${i}`, randomValue(r, 1)]));
      const after = Object.fromEntries(Array.from({ length: Math.floor(r() * 6) }, (_, i) => [`a${i}`, randomValue(r, 1)]));
      const doc = r() < 0.85 ? { ...before, oauthAccount: ACCOUNT, ...after } : { ...before, ...after };
      const text = JSON.stringify(doc, null, r() < 0.5 ? 2 : undefined);
      const truth = (JSON.parse(text) as { oauthAccount?: unknown }).oauthAccount;
      for (const chunk of [64, 97, 1024]) {
        const got = scanTextObjectMember(text, 'oauthAccount', 64 * 1024, chunk);
        expect(got.kind === 'found' ? got.value : undefined, `doc ${n}, chunk ${chunk}: ${text.slice(0, 300)}`).toEqual(truth);
      }
    }
  });

  it('takes the key when it is last, not a project’s own "oauthAccount" earlier, nor the name inside a string', () => {
    const projects = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`/p/${i}`, { oauthAccount: { emailAddress: `nested-${i}@x` }, history: [{ display: `say "oauthAccount": {"emailAddress":"fake@x"} \\` }] }]));
    const text = JSON.stringify({ note: 'oauthAccount', projects, oauthAccount: ACCOUNT }, null, 2);
    expect(parseClaudeAccount(text)).toEqual(EXPECTED);
    // Small chunks: the key and its value cross chunk boundaries from both ends.
    for (const chunk of [64, 100, 333, 4096]) expect(scanTextObjectMember(text, 'oauthAccount', 65536, chunk)).toEqual({ kind: 'found', value: ACCOUNT });
  });

  it('takes the key when it is first, before a large history', () => {
    const projects = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`/p/${i}`, { oauthAccount: { emailAddress: `nested-${i}@x` } }]));
    const text = JSON.stringify({ oauthAccount: ACCOUNT, projects }, null, 2);
    for (const chunk of [64, 100, 4096]) expect(scanTextObjectMember(text, 'oauthAccount', 65536, chunk)).toEqual({ kind: 'found', value: ACCOUNT });
  });

  it('finds nothing where there is no top-level key, a truncated file, or a value that is not an object', () => {
    expect(parseClaudeAccount(JSON.stringify({ projects: { a: { oauthAccount: ACCOUNT } } }))).toEqual({});
    expect(parseClaudeAccount('{"oauthAccount": {"emailAddress": "a@b"')).toEqual({});
    expect(parseClaudeAccount('{"oauthAccount": "me@example.test"}')).toEqual({});
    expect(parseClaudeAccount('["oauthAccount", {"emailAddress": "a@b"}]')).toEqual({});
    expect(parseClaudeAccount('{"x": "\\"oauthAccount\\": {\\"emailAddress\\": \\"a@b\\"}"}')).toEqual({});
  });

  it('an oauthAccount object over 64 KiB is not read, and status says so', async () => {
    const home = tempHome();
    put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: Date.now() + 3600_000 } });
    put(home, '.claude.json', JSON.stringify({ oauthAccount: { ...ACCOUNT, padding: 'x'.repeat(70_000) } }));
    const r = spawnSync(process.execPath, [builtCli(), 'status'], { env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8' });
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/account details \(email, organization\) are not shown: ~\/\.claude\.json: its "oauthAccount" entry is larger than 64 KiB/);
    expect(r.stdout).not.toContain('me@example.test');
  });
});

describe('a 50 MB .claude.json with the account last', () => {
  const home = tempHome();
  put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: fakeSecret('sk-ant-oat01-'), refreshToken: fakeSecret('sk-ant-ort01-'), expiresAt: Date.now() + 3600_000 } });
  const size = writeHeavyClaudeJson(join(home, '.claude.json'));
  /** Peak RSS of a process, from inside it, at exit. */
  const preload = join(home, 'maxrss.cjs');
  writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `\\nMAXRSS ${process.resourceUsage().maxRSS}\\n`));\n");
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--require', preload, ...args], { env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8', timeout: 30_000 });
    return { ...r, maxRssKb: Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1]) };
  };

  it('status shows the account, with memory close to an empty Node', () => {
    expect(size).toBeGreaterThan(50 * 1024 * 1024);
    const status = run([builtCli(), 'status', '--json']);
    expect(status.status, status.stderr).toBe(0);
    const cred = (JSON.parse(status.stdout) as { credentials: Array<{ email: string; orgName: string }> }).credentials[0]!;
    expect(cred).toMatchObject({ email: HEAVY_ACCOUNT.emailAddress, orgName: HEAVY_ACCOUNT.organizationName });
    const node = run(['-e', '0']);
    // Decoding the file whole peaked at ~150 MiB more; one chunk is 1 MiB.
    expect(status.maxRssKb).toBeLessThan(node.maxRssKb * 1.5);
  }, 60_000);
});
