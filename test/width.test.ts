// Output fits the terminal: 80 columns unless told otherwise (users run in
// 80-column terminals, often over SSH), counting display columns (✓ ↻ … are
// one, East Asian characters two, colour codes none). The layout helpers of
// src/report/width.ts, columns.ts and wrap.ts, then every text output over the full fixture home.
import { describe, expect, it } from 'vitest';
import { sourceContext } from '../src/commands/context';
import { createColors } from '../src/core/colors';
import { main } from '../src/main';
import { columns } from '../src/report/columns';
import { displayWidth, layoutWidth, truncateWidth } from '../src/report/width';
import { PARTS, wrap } from '../src/report/wrap';
import { discover } from '../src/report/discover';
import { renderStatus } from '../src/report/render-status';
import { testDeps } from './helpers/deps';
import { fullFixtureHome, put, tempHome } from './helpers/fixture-home';

const ON = createColors(true);

async function runCli(home: string, args: string[], color = false) {
  const deps = testDeps(home, { color });
  const code = await main(args, deps);
  return { code, out: deps.out(), err: deps.err() };
}

/** The lines wider than `width` columns, with their width, so a failure shows them. */
function tooWide(text: string, width = 80): string[] {
  return text.split('\n').filter((l) => displayWidth(l) > width).map((l) => `${displayWidth(l)}: ${l}`);
}

/** The full fixture home plus a row of each state that has no expiry to show. */
function homeWithBrokenRows(): string {
  const { home } = fullFixtureHome();
  put(home, '.codex/auth.json', '{"tokens": {"access_token": "ey');
  put(home, '.claude/.credentials.json', { claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0 } });
  return home;
}

describe('layout helpers', () => {
  it('displayWidth counts columns, not code units or colour codes', () => {
    expect(displayWidth('✓ valid')).toBe(7);
    expect(displayWidth('↻ expired')).toBe(9);
    expect(displayWidth('acct-1…')).toBe(7);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('oauth · plan max — ok')).toBe(21);
    expect(displayWidth('e\u0301')).toBe(1); // a combining accent takes no column
    expect(displayWidth('🙂 x')).toBe(4);
    expect(displayWidth('a\u200db')).toBe(2);
    expect(displayWidth(ON.green('✓ valid'))).toBe(7);
  });

  it('truncateWidth cuts to a display width and marks the cut', () => {
    expect(truncateWidth('claude-user@example.test', 24)).toBe('claude-user@example.test');
    expect(truncateWidth('claude-user@example.test', 12)).toBe('claude-user…');
    expect(truncateWidth('日本語のメール', 6)).toBe('日本…');
    expect(displayWidth(truncateWidth('日本語のメール', 6))).toBeLessThanOrEqual(6);
  });

  it('layoutWidth: the terminal columns when sane, else 80', () => {
    expect(layoutWidth(120)).toBe(120);
    expect(layoutWidth(undefined)).toBe(80);
    expect(layoutWidth(0)).toBe(80);
    expect(layoutWidth(Number.NaN)).toBe(80);
  });

  it('columns: the shrinkable column gives way first, then the gaps narrow', () => {
    const rows = [['NAME', 'ACCOUNT', 'STATE'], ['a', 'someone@example.test', '✓ valid']];
    expect(columns(rows)).toEqual(['NAME  ACCOUNT               STATE', 'a     someone@example.test  ✓ valid']);
    expect(columns(rows, { width: 80, shrink: 1, min: 5 })).toEqual(columns(rows));
    expect(columns(rows, { width: 30, shrink: 1, min: 5 })).toEqual(['NAME  ACCOUNT          STATE', 'a     someone@exampl…  ✓ valid']);
    // At the minimum, one-space gaps buy the room back.
    expect(columns(rows, { width: 20, shrink: 1, min: 7 })).toEqual(['NAME ACCOUNT STATE', 'a    someon… ✓ valid']);
  });

  it('wrap: a hanging indent, units kept whole, quotes and paths respected, styles closed on every line', () => {
    expect(wrap(['one two three four'], 10, { first: '- ' })).toEqual(['- one two', '  three', '  four']);
    expect(wrap(['run `claude auth login` now'], 20)).toEqual(['run', '`claude auth login`', 'now']);
    expect(wrap(['a · bb cc · dd'], 9, { first: '  ', rest: '    ', breaks: PARTS })).toEqual(['  a', '    bb cc', '    dd']);
    expect(wrap(['see /very/long/path/to/a/file.json'], 16)).toEqual(['see', '/very/long/path/', 'to/a/file.json']);
    expect(wrap([['red words here', ON.red]], 9)).toEqual([ON.red('red words'), ON.red('here')]);
    expect(wrap([''], 10, { first: '  ' })).toEqual(['']);
    for (const line of wrap(['x'.repeat(200)], 80)) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });
});

describe('status fits 80 columns', () => {
  it('every line of the full fixture home, colour off and on, with unreadable and signed-out rows', async () => {
    for (const home of [fullFixtureHome().home, homeWithBrokenRows()]) {
      for (const color of [false, true]) {
        const r = await runCli(home, ['status'], color);
        expect(tooWide(r.out)).toEqual([]);
      }
    }
  });

  it('cuts the ACCOUNT column with … at 80, and nothing at 120', async () => {
    const { home } = fullFixtureHome();
    const report = await discover(sourceContext(testDeps(home)), testDeps(home).now());
    const narrow = renderStatus(report, { color: false, home });
    expect(narrow).toContain('acct-11111111-2222-3…');
    const wide = renderStatus(report, { color: false, home, width: 120 });
    expect(tooWide(wide, 120)).toEqual([]);
    expect(wide).toContain('acct-11111111-2222-3333-4444-555555555555');
    expect(wide).toContain('claude-user@example.test');
    // Every detail line fits on one line at 120 but the longest (OpenClaw's, ~150 columns).
    expect(wide.split('\n').filter((l) => l.startsWith('    '))).toEqual(['    expires 2026-11-23 11:00 UTC · refresh token: yes']);
    expect(wide.split('\n').find((l) => l.startsWith('PROVIDER'))).toMatch(/^PROVIDER {4}SOURCE {7}ACCOUNT {36}EXPIRES  STATE {7}USED BY$/);
  });

  it('wraps detail lines at their · separators, indented under the row', async () => {
    const r = await runCli(fullFixtureHome().home, ['status']);
    const lines = r.out.split('\n');
    const i = lines.findIndex((l) => l.startsWith('openai      openclaw'));
    expect(lines.slice(i + 1, i + 4)).toEqual([
      '  oauth · plan team',
      '    ~/.openclaw/agents/main/agent/auth-profiles.json [openai-codex:default]',
      '    expires 2026-11-23 11:00 UTC · refresh token: yes',
    ]);
  });

  it('EXPIRES is — for unreadable and signed-out rows; never only for what does not expire', async () => {
    const r = await runCli(homeWithBrokenRows(), ['status']);
    const row = (start: RegExp) => (r.out.split('\n').find((l) => start.test(l)) ?? '').split(/ {2,}/);
    expect(row(/^openai +codex /)).toEqual(['openai', 'codex', '—', '—', '✗ unreadable', '—']);
    expect(row(/^anthropic +claude-code /)).toEqual(['anthropic', 'claude-code', expect.any(String), '—', '✗ signed out', '—']);
    expect(row(/^anthropic +opencode /)).toEqual(['anthropic', 'opencode', 'anthropic', 'never', '✓ valid', 'opencode']);
  });
});

describe('info fits 80 columns', () => {
  it('every sheet of the full fixture home, colour off and on', async () => {
    const { home } = fullFixtureHome();
    const sheets = [
      ['openai'], ['openai', '--source', 'opencode'], ['openai', '--source', 'openclaw'],
      ['anthropic'], ['anthropic', '--source', 'opencode'], ['anthropic', '--source', 'auth-wizard'], ['anthropic', '--source', 'openclaw'], ['anthropic', '--source', 'jcode'],
    ];
    for (const args of sheets) {
      for (const color of [false, true]) {
        const r = await runCli(home, ['info', '--provider', ...args], color);
        expect(r.code, args.join(' ')).toBe(0);
        expect(tooWide(r.out), args.join(' ')).toEqual([]);
      }
    }
  });

  it('a long value continues under the values column', async () => {
    const r = await runCli(homeWithBrokenRows(), ['info', '--provider', 'anthropic', '--source', 'claude-code']);
    expect(tooWide(r.out)).toEqual([]);
    const lines = r.out.split('\n');
    const i = lines.findIndex((l) => l.startsWith('│ Problem '));
    const column = lines[i]!.indexOf('Claude Code left');
    // In its table cell: the next line's label cell is empty, the text goes on under the value.
    expect([lines[i + 1]!.slice(0, column).replace(/ /g, ''), lines[i + 1]![column]]).toEqual(['││', expect.stringMatching(/\S/)]);
  });

  it('an unreadable or signed-out credential has no time remaining (not "does not expire")', async () => {
    const home = homeWithBrokenRows();
    for (const source of ['codex', 'claude-code']) {
      const r = await runCli(home, ['info', '--provider', source === 'codex' ? 'openai' : 'anthropic', '--source', source]);
      expect(r.out).toMatch(/^│ Time remaining +│ — +│$/m);
    }
    expect((await runCli(home, ['info', '--provider', 'anthropic', '--source', 'opencode'])).out).toMatch(/^│ Time remaining +│ does not expire +│$/m);
  });
});

describe('--help fits 80 columns', () => {
  it('main help and every command help', async () => {
    const { COMMANDS } = await import('../src/cli-spec');
    for (const args of [['--help'], ...COMMANDS.map((c) => [c.name, '--help'])]) {
      const r = await runCli(tempHome(), args);
      expect(r.code).toBe(0);
      expect(tooWide(r.out), args.join(' ')).toEqual([]);
    }
  });

  it('flag descriptions wrap under their column; usage wraps between [groups]', async () => {
    const r = await runCli(tempHome(), ['login', '--help']);
    const lines = r.out.split('\n');
    const i = lines.findIndex((l) => l.startsWith('      --method <method>'));
    const column = lines[i]!.indexOf('openai:');
    expect(lines[i + 1]).toBe(' '.repeat(column) + 'anthropic: claude-cli, setup-token, api-key');
    const info = (await runCli(tempHome(), ['info', '--help'])).out.split('\n');
    const u = info.indexOf('USAGE');
    expect(info.slice(u + 1, u + 3)).toEqual([
      '  auth-wizard info --provider <provider> [--source <source>] [--profile <id>]',
      '                   [--json] [--show-token]',
    ]);
  });
});

describe('the terminal width reaches the renderers', () => {
  async function statusAt(stdout: { isTTY: boolean; columns?: number }) {
    const { home } = fullFixtureHome();
    let out = '';
    const deps = testDeps(home, { stdout: { ...stdout, write: (s: string) => (out += s) } });
    await main(['status'], deps);
    return out.split('\n');
  }

  it('a 120-column terminal gets the whole account id; a pipe or an 80-column terminal a cut one', async () => {
    const wide = await statusAt({ isTTY: true, columns: 120 });
    expect(wide.some((l) => l.includes('acct-11111111-2222-3333-4444-555555555555'))).toBe(true);
    expect(Math.max(...wide.map(displayWidth))).toBeGreaterThan(80);
    for (const narrow of [await statusAt({ isTTY: false, columns: 120 }), await statusAt({ isTTY: true, columns: 80 })]) {
      expect(narrow.some((l) => l.includes('acct-1111'))).toBe(true);
      expect(narrow.some((l) => l.includes('acct-11111111-2222-3333-4444-555555555555'))).toBe(false);
      expect(Math.max(...narrow.map(displayWidth))).toBeLessThanOrEqual(80);
    }
  });
});

describe('wrap with a deeper hanging indent', () => {
  it('a word that moves to the next line is measured against that line', () => {
    // First line: 0 + 10 columns; further lines: 6 + 4. "abcdefgh" (8) fits the first
    // line's room but not a further line's, so it must be cut there, not overflow.
    const lines = wrap(['ab abcdefgh'], 10, { first: '', rest: '      ' });
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(10);
    expect(lines.join('').replace(/ /g, '')).toBe('ababcdefgh');
  });
});

describe('info in a narrow terminal', () => {
  async function infoAt(columns: number) {
    const { home } = fullFixtureHome();
    let out = '';
    const deps = testDeps(home, { stdout: { isTTY: true, columns, write: (s: string) => (out += s) } });
    await main(['info', '--provider', 'openai'], deps);
    return out.split('\n');
  }

  it('never cuts a one-word value (an email, an id, a path), which would copy wrong', async () => {
    const lines = await infoAt(40);
    expect(lines.some((l) => l.includes('codex-user@example.test'))).toBe(true);
    expect(lines.some((l) => l.includes('~/.codex/auth.json'))).toBe(true);
  });

  it('does not wrap values into a column of fragments when there is no room for them', async () => {
    const lines = await infoAt(30);
    // Every value line starts with its label: no continuation lines of a few characters.
    const fragments = lines.filter((l) => /^ {4,}\S/.test(l) && displayWidth(l.trim()) < 10);
    expect(fragments).toEqual([]);
  });
});

describe('isoString', () => {
  it('is Date#toISOString for every time a Date holds in years 0–9999, and undefined beyond', async () => {
    const { isoString } = await import('../src/report/format');
    for (const ms of [0, 1, 999, 1_764_000_000_123, -1, -62_167_219_200_000, 253_402_300_799_999, Date.UTC(2026, 1, 28, 23, 59, 59, 7)]) {
      expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }
    expect(isoString(253_402_300_800_000)).toBe(new Date(253_402_300_800_000).toISOString()); // +010000-…
    expect(isoString(1e300)).toBeUndefined();
    expect(isoString(Number.NaN)).toBeUndefined();
  });
});
