// Layout is linear in its input and displayed fields are bounded: crafted
// store files up to the 4 MiB read limit (an id made of `"a" ` quote pairs, an
// id without a single space, an email of megabytes) make every text command
// finish in well under a second, and print a bounded amount; --json keeps the
// values whole.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAUSES, PARTS, WORDS, wrap } from '../src/report/wrap';
import { MAX_CREDENTIAL_FILE_BYTES } from '../src/fs/read-file';
import { main } from '../src/main';
import { builtCli } from './helpers/built-cli';
import { FIXED_NOW, testDeps } from './helpers/deps';
import { put, tempHome } from './helpers/fixture-home';
import { fakeJwt } from './helpers/tokens';

const DAY = 24 * 3600_000;

/** A profile store whose one profile has `id` as its id, email and plan, within the read limit. */
function craftedHome(id: string) {
  const home = tempHome('aw-huge-');
  // Expired with no refresh token, so status also prints a note with its Fix: line.
  const access = fakeJwt({ exp: Math.floor((FIXED_NOW - DAY) / 1000) });
  const path = put(home, '.config/auth-wizard/auth-profiles.json', JSON.stringify({ version: 1, profiles: { [`openai:${id}`]: { type: 'oauth', provider: 'openai', access, expires: FIXED_NOW - DAY, email: id, plan: id } } }));
  expect(statSync(path).size).toBeLessThanOrEqual(MAX_CREDENTIAL_FILE_BYTES);
  return home;
}

const QUOTES_240K = '"a" '.repeat(60_000);
// Near the read limit: the id appears three times in the file (key, email, plan).
const HUGE_ID = 'x'.repeat(1_390_000);
// JSON writes `"` as `\"`: a million characters of this take 1.33 MB, three times within 4 MiB.
const HUGE_QUOTES = '"a" `b` (c) '.repeat(115_000);

async function timed(argv: string[], home: string) {
  const deps = testDeps(home);
  const t0 = performance.now();
  await main(argv, deps);
  return { ms: performance.now() - t0, out: deps.out(), err: deps.err() };
}

describe('layout is linear', () => {
  it('wraps a 240 KB run of quoted words, and a 500 KB word, in well under two seconds', () => {
    for (const [text, breaks] of [
      [QUOTES_240K, CLAUSES],
      [QUOTES_240K, WORDS],
      [QUOTES_240K, PARTS],
      // An opening mark never closed, before every quoted span: a search for its close must not start again at each span.
      ['`' + QUOTES_240K, CLAUSES],
      ['"' + '`a` '.repeat(60_000), WORDS],
      ['y'.repeat(500_000), WORDS],
      ['a/'.repeat(250_000), CLAUSES],
      [HUGE_QUOTES.slice(0, 500_000), CLAUSES],
    ] as const) {
      const t0 = performance.now();
      const lines = wrap([text], 80, { first: '  ', breaks });
      // Linear: ~0.1-0.3 s here even on a loaded machine; the old layout took 32 s for the first alone.
      expect(performance.now() - t0).toBeLessThan(2_000);
      expect(lines.join('')).not.toBe('');
    }
  });
});

describe('crafted files up to the read limit', () => {
  for (const [name, id] of [
    ['a 240 KB id of quote pairs', QUOTES_240K],
    ['an id of 1.4 MB without a space, three times in a 4 MiB file', HUGE_ID],
    ['quotes, backticks and parentheses, three times in a 4 MiB file', HUGE_QUOTES.slice(0, 1_000_000)],
  ] as const) {
    it(`${name}: status, info and doctor finish fast with bounded output; --json keeps it whole`, async () => {
      const home = craftedHome(id);
      for (const argv of [['status'], ['info', '--provider', 'openai'], ['doctor']]) {
        const r = await timed(argv, home);
        expect(r.ms, argv.join(' ')).toBeLessThan(2_000);
        expect(r.out.length + r.err.length, argv.join(' ')).toBeLessThan(argv[0] === 'status' ? 20_000 : 40_000);
        expect(r.out).toContain('…');
      }
      const json = await timed(['status', '--json'], home);
      expect(json.ms).toBeLessThan(2_000);
      expect((JSON.parse(json.out) as { credentials: { email: string }[] }).credentials[0]?.email).toBe(id);
    }, 30_000);
  }

  it('the built CLI: status on a 4 MiB crafted file', () => {
    const home = craftedHome(HUGE_QUOTES.slice(0, 1_000_000));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [builtCli(), 'status'], { env: { PATH: process.env.PATH ?? '', HOME: home }, timeout: 20_000 });
    const ms = performance.now() - t0;
    expect(r.status, String(r.stderr)).toBe(4);
    expect(ms).toBeLessThan(2_000);
    expect(r.stdout.length).toBeLessThan(20_000);
  });
});
