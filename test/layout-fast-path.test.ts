// The layout measures plain text (one column per code unit, no escape) by its
// indexes instead of character by character (src/report/width.ts isPlain).
// That is a shortcut only: every line, every cut, must be what the
// character-by-character measure gives. Checked on generated text, both ways.
import { afterEach, describe, expect, it } from 'vitest';
import { layoutSwitches, truncateWidth } from '../src/report/width';
import { CLAUSES, PARTS, WORDS, wrap } from '../src/report/wrap';

afterEach(() => {
  layoutSwitches.plainFastPath = true;
});

/** A small deterministic generator (xorshift), so a failure names its seed and reproduces. */
function random(seed: number) {
  let x = seed || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

// Words as our lines have them: paths, flags, commands in backticks, quoted values,
// parenthesised asides, separators, the marks we draw, and over-long tokens.
const PIECES = ['auth-wizard', 'login', '--provider', 'openai', '~/.codex/auth.json', '`codex login`', '"a b"', '(choose one)', '·', '—', 'Fix:', 'a,', 'b;', 'c:', '✓', '…', 'x'.repeat(95), 'dir/'.repeat(30), '$(touch x)', 'e@example.test'];
const GAPS = [' ', ' ', ' ', '  ', ' · ', ', '];

function text(next: (n: number) => number): string {
  let out = '';
  const words = 1 + next(40);
  for (let i = 0; i < words; i++) out += (i > 0 ? GAPS[next(GAPS.length)]! : '') + PIECES[next(PIECES.length)]!;
  return out;
}

function bothWays<T>(f: () => T): [T, T] {
  layoutSwitches.plainFastPath = true;
  const fast = f();
  layoutSwitches.plainFastPath = false;
  const slow = f();
  layoutSwitches.plainFastPath = true;
  return [fast, slow];
}

describe('the plain-text fast path', () => {
  it('wraps 3000 generated texts exactly as the character-by-character measure does', () => {
    const next = random(20261201);
    let multiLine = 0;
    for (let k = 0; k < 3000; k++) {
      const t = text(next);
      const width = 1 + next(100);
      const breaks = [WORDS, PARTS, CLAUSES][next(3)]!;
      const first = ['', '  ', '✗ '][next(3)]!;
      const [fast, slow] = bothWays(() => wrap([t], width, { first, rest: '    ', breaks }));
      expect(fast, `text ${JSON.stringify(t)} at width ${width}`).toEqual(slow);
      if (fast.length > 1) multiLine++;
    }
    // The comparison covered real breaking, not only lines that fit.
    expect(multiLine).toBeGreaterThan(1500);
  });

  it('wraps styled spans the same way', () => {
    const next = random(7);
    const style = (s: string) => `<${s}>`;
    for (let k = 0; k < 500; k++) {
      const spans = [['!', style] as const, ` ${text(next)} `, [text(next), style] as const];
      const width = 10 + next(80);
      const [fast, slow] = bothWays(() => wrap(spans, width, { rest: '  ', breaks: CLAUSES }));
      expect(fast).toEqual(slow);
    }
  });

  it('cuts fields exactly as the character-by-character measure does', () => {
    const next = random(42);
    for (let k = 0; k < 3000; k++) {
      const t = text(next).slice(0, next(120));
      const max = next(70);
      const [fast, slow] = bothWays(() => truncateWidth(t, max));
      expect(fast, `${JSON.stringify(t)} to ${max}`).toBe(slow);
    }
  });

  it('is not taken for text that is not plain: wide characters, escapes, combining marks', () => {
    // The wide and escaped text is measured by columns either way, so both ways agree and the width is right.
    for (const t of ['日本語のテキスト '.repeat(12), 'a\\x1b[31m '.repeat(20), 'e\u0301 '.repeat(40), '😀 '.repeat(30)]) {
      const [fast, slow] = bothWays(() => wrap([t], 30, { breaks: WORDS }));
      expect(fast).toEqual(slow);
      expect(truncateWidth(t, 9)).toBe(bothWays(() => truncateWidth(t, 9))[1]);
    }
    expect(truncateWidth('日本語のテキスト', 5)).toBe('日本…');
  });
});
