// `info` as `ccproxy auth openai-info` lays it out: the account summary as a
// panel, then each group of token details as a bordered Property / Value table
// (cli-table3), fitting the terminal, every field of the sheet still there with
// its whole value, and cli-table3 kept out of the `status` bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import { displayWidth } from '../src/report/width';
import { buildInfoSheet } from '../src/report/info-sheet';
import { renderInfo } from '../src/report/render-info';
import { repoRoot } from './helpers/built-cli';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { fullFixtureHome, put, tempHome } from './helpers/fixture-home';
import { AUTH, fakeJwt, fakeSecret } from './helpers/tokens';

async function info(home: string, args: string[], o: { color?: boolean; columns?: number } = {}) {
  let out = '';
  const stdout = o.columns === undefined ? { isTTY: false, write: (s: string) => (out += s) } : { isTTY: true, columns: o.columns, write: (s: string) => (out += s) };
  const deps = testDeps(home, { color: o.color ?? false, stdout });
  const code = await main(['info', ...args], deps);
  return { code, out, err: deps.err() };
}

const BOX = /[╭╮╰╯├┤┬┴┼─│]/;
/** A table's own lines: borders and rows. */
const isTableLine = (l: string) => /^[╭╰├│]/.test(l);

interface Parsed {
  title: string;
  head: string[];
  rows: [string, string][];
}

/**
 * Reads the tables back: the title (a line above the box, or the box's
 * first row for the panel), the head, and each row with its continuation
 * lines joined; the value column starts two past the middle rule of the details tables,
 * and the panel (no rule) keeps the same columns.
 */
function parse(out: string): Parsed[] {
  const lines = out.split('\n');
  const top = lines.find((l) => l.startsWith('╭') && l.includes('┬'))!;
  const rule = top.indexOf('┬');
  const tables: Parsed[] = [];
  let cur: Parsed | undefined;
  let inHead = false;
  let title = '';
  for (const l of lines) {
    if (!isTableLine(l)) {
      if (l.trim() !== '') title = l;
      continue;
    }
    if (l.startsWith('╭')) {
      cur = { title, head: [], rows: [] };
      tables.push(cur);
      inHead = true;
      continue;
    }
    if (l.startsWith('├')) inHead = false;
    if (!l.startsWith('│') || cur === undefined) continue;
    const body = l.slice(1, -1);
    if (inHead) {
      cur.head.push(...body.split('│').map((s) => s.trim()));
      continue;
    }
    const label = body.slice(0, rule - 1).trim();
    const value = body.slice(rule).trim();
    const last = cur.rows.at(-1);
    if (label === '' && last !== undefined) last[1] += (last[1].endsWith('/') ? '' : ' ') + value;
    else cur.rows.push([label, value]);
  }
  return tables;
}

describe('info as a report of tables', () => {
  it('openai: the account panel first, then a Property / Value table per group of token details', async () => {
    const { home } = fullFixtureHome();
    const r = await info(home, ['--provider', 'openai']);
    expect(r.code).toBe(0);
    const tables = parse(r.out);
    expect(tables.map((t) => (t.head[0] === 'Property' ? t.title : t.head[0]))).toEqual(['Account', 'Credential', 'Access token (claims unverified)', 'ID token (claims unverified)']);
    // The panel carries its title in the box and no Property / Value head; the details tables do.
    expect(tables[0]!.head).toEqual(['Account']);
    for (const t of tables.slice(1)) expect(t.head).toEqual(['Property', 'Value']);
    // One column of labels down the whole sheet: every box is as wide as the others.
    const widths = new Set(r.out.split('\n').filter(isTableLine).map(displayWidth));
    expect(widths.size).toBe(1);
  });

  it('every field of the sheet is in a table, with its whole value (openai and anthropic)', async () => {
    const { home } = fullFixtureHome();
    const deps = testDeps(home);
    const { discover } = await import('../src/report/discover');
    const { sourceContext } = await import('../src/commands/context');
    const { pickCredential } = await import('../src/commands/info');
    for (const provider of ['openai', 'anthropic']) {
      const report = await discover(sourceContext(deps), FIXED_NOW, { provider });
      const sheet = buildInfoSheet(pickCredential(report.credentials, {})!, FIXED_NOW, home, false);
      const tables = parse(renderInfo(sheet, false));
      const shown = Object.fromEntries(tables.map((t) => [t.head[0] === 'Property' ? t.title : t.head[0], t.rows]));
      const expected = Object.fromEntries(sheet.sections.map((s) => [s.title, s.rows.map(([l, v]) => [l, v])]));
      expect(shown, provider).toEqual(expected);
    }
  });

  it('fits 80 columns and keeps a long sentence inside its cell, wrapped between words', async () => {
    const home = tempHome();
    // A Claude Code file with no sign-in in it: the sheet has a Problem and a Fix, both longer than a cell.
    put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: '', refreshToken: '' } });
    const r = await info(home, ['--provider', 'anthropic', '--source', 'claude-code']);
    const lines = r.out.split('\n');
    expect(lines.filter((l) => displayWidth(l) > 80)).toEqual([]);
    const problem = lines.findIndex((l) => /^│ Problem /.test(l));
    expect(problem).toBeGreaterThan(0);
    // The sentence goes on in the value column of the next line, the label column left empty.
    expect(lines[problem + 1]).toMatch(/^│ +│ \S/);
    const rows = parse(r.out).find((t) => t.title === 'Credential')!.rows;
    expect(rows.find(([l]) => l === 'Fix')?.[1]).toMatch(/auth-wizard login --provider anthropic/);
  });

  it('never splits an id, an email or a path: one too wide for its cell is printed whole under the table', async () => {
    const home = tempHome();
    const now = Math.floor(FIXED_NOW / 1000);
    const email = `${'a'.repeat(70)}@example.test`;
    const account = `acct-${'0123456789'.repeat(8)}`;
    const idToken = fakeJwt({ email, iat: now - 60, exp: now + 3600, [AUTH]: { chatgpt_account_id: account, chatgpt_plan_type: 'pro' } });
    const accessToken = fakeJwt({ iat: now - 60, exp: now + 3600, [AUTH]: { chatgpt_account_id: account } });
    put(home, '.codex/auth.json', { tokens: { id_token: idToken, access_token: accessToken, refresh_token: fakeSecret('rt_'), account_id: account } });
    const r = await info(home, ['--provider', 'openai']);
    const lines = r.out.split('\n');
    // Each stays whole on a line of its own, after the table that names it.
    for (const v of [email, account]) expect(lines).toContain(v);
    expect(lines.filter((l) => l.includes(email.slice(0, 20)))).toEqual([email]);
    const panel = parse(r.out)[0]!;
    expect(panel.rows.find(([l]) => l === 'Email')?.[1]).toBe('(in full below)');
    // Everything else still fits.
    expect(lines.filter((l) => displayWidth(l) > 80 && l !== email && l !== account)).toEqual([]);
  });

  it('--show-token: each token whole on a line of its own, where it copies in one piece', async () => {
    const { home, secrets } = fullFixtureHome();
    const r = await info(home, ['--provider', 'openai', '--show-token']);
    const lines = r.out.split('\n');
    for (const t of [secrets.codex.accessToken, secrets.codex.refreshToken, secrets.codex.idToken]) expect(lines).toContain(t);
    expect(lines.filter((l) => l.length > 80 && !Object.values(secrets.codex).includes(l))).toEqual([]);
  });

  it('a narrow terminal: labels wrap, values keep at least 20 columns, ids and emails stay whole', async () => {
    const { home } = fullFixtureHome();
    const r = await info(home, ['--provider', 'openai'], { columns: 50 });
    const lines = r.out.split('\n');
    expect(lines.filter((l) => displayWidth(l) > 50)).toEqual([]);
    expect(lines.some((l) => l.includes('codex-user@example.test'))).toBe(true);
    expect(lines.some((l) => l.includes('~/.codex/auth.json'))).toBe(true);
    // No value column narrower than 20: the first data row's value starts at most 50 - 20 - 2 columns in.
    const row = lines.find((l) => l.startsWith('│ Provider'))!;
    expect(row.indexOf('openai')).toBeLessThanOrEqual(50 - 20 - 2);
  });

  it('wide characters and emoji in a value: measured as the table measures them, nothing cut', async () => {
    const home = tempHome();
    const now = Math.floor(FIXED_NOW / 1000);
    const org = '株式会社テスト🚀 開発部門 チーム 東京 大阪 名古屋 札幌 福岡';
    const idToken = fakeJwt({ email: 'e@x.test', iat: now - 60, exp: now + 3600, [AUTH]: { chatgpt_account_id: 'acct-1', organizations: [{ id: 'org-1', title: org, role: 'owner' }] } });
    put(home, '.codex/auth.json', { tokens: { id_token: idToken, access_token: fakeJwt({ iat: now, exp: now + 3600 }), refresh_token: fakeSecret('rt_') } });
    const r = await info(home, ['--provider', 'openai']);
    expect(r.out.split('\n').filter((l) => displayWidth(l) > 80)).toEqual([]);
    const orgLines = r.out.split('\n').filter((l) => /株|名古屋/.test(l));
    expect(orgLines).toHaveLength(2);
    for (const l of orgLines) expect(l).not.toContain('…');
    expect(r.out.replace(/[│\s]+/g, '')).toContain(`${org} (org-1, owner)`.replace(/\s+/g, ''));
  });

  it('colour on adds only our SGR codes (none of cli-table3’s own), and nothing when off', async () => {
    const { home } = fullFixtureHome();
    const plain = await info(home, ['--provider', 'openai']);
    const colored = await info(home, ['--provider', 'openai'], { color: true });
    expect(plain.out).not.toContain('\x1b');
    expect(colored.out).toContain('\x1b[');
    expect(colored.out.replace(/\x1b\[(?:1|2|22|31|32|33|36|39)m/g, '')).toBe(plain.out);
    expect(BOX.test(plain.out)).toBe(true);
  });
});

describe('cli-table3 is loaded by info only', () => {
  // A string of cli-table3's own code (its cell error), kept by the minifier.
  const MARK = 'Content needs to be a primitive';
  it('the info bundle has it; the status bundle (dist/cli.js) does not', () => {
    const dist = join(repoRoot, 'dist');
    expect(readFileSync(join(dist, 'commands-info.js'), 'utf8')).toContain(MARK);
    expect(readFileSync(join(dist, 'cli.js'), 'utf8')).not.toContain(MARK);
    expect(readFileSync(join(dist, 'cli.js'), 'utf8')).not.toContain('cli-table3');
  });
});
