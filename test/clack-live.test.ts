// The live message of a text question (the sign-in wait's spinner and countdown):
// redrawn every second on a terminal, drawn once elsewhere, and stopped when answered.
import { PassThrough, Writable } from 'node:stream';
import * as clack from '@clack/prompts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clackPrompter } from '../src/ui/clack-prompter';

function screen(isTTY: boolean) {
  let text = '';
  const output = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    }),
    { isTTY, columns: 80, rows: 30 },
  );
  return { output, text: () => text };
}

async function ask(isTTY: boolean) {
  const input = new PassThrough();
  const out = screen(isTTY);
  let n = 0;
  const answer = clackPrompter(clack, { input, output: out.output }).text({ message: 'Paste the address:', live: () => `tick ${++n} Paste the address:` });
  // How often the message was drawn: at the start, just before and after each second.
  const drawn: number[] = [];
  await vi.advanceTimersByTimeAsync(0);
  drawn.push(n);
  for (let second = 1; second <= 2; second++) {
    await vi.advanceTimersByTimeAsync(999);
    drawn.push(n);
    await vi.advanceTimersByTimeAsync(1);
    drawn.push(n);
  }
  await vi.advanceTimersByTimeAsync(300);
  input.write('done\r');
  const value = await answer;
  const drawnAfter = n;
  await vi.advanceTimersByTimeAsync(1200);
  return { value, text: out.text(), drawn, drawnAfter, drawnLater: n };
}

// The clock is vitest's: 3.5 s of seconds ticking pass at once (only the
// timers are faked; the streams run as they do).
describe('a text question with a live message', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] }));
  afterEach(() => void vi.useRealTimers());

  it('on a terminal: redrawn every second until answered, then never again', async () => {
    const r = await ask(true);
    expect(r.value).toBe('done');
    expect(r.text).toContain('tick 1 ');
    expect(r.text).toMatch(/tick 3 /);
    // [start, 999 ms, 1000 ms, 1999 ms, 2000 ms]: drawn again at each second, not in between.
    const [start, beforeFirst, atFirst, beforeSecond, atSecond] = r.drawn;
    expect(start).toBeGreaterThan(0);
    expect(beforeFirst).toBe(start);
    expect(atFirst).toBeGreaterThan(beforeFirst!);
    expect(beforeSecond).toBe(atFirst);
    expect(atSecond).toBeGreaterThan(beforeSecond!);
    expect(r.drawnLater).toBe(r.drawnAfter);
  }, 10_000);

  it('into a file or pipe: the plain message, not redrawn', async () => {
    const r = await ask(false);
    expect(r.value).toBe('done');
    expect(r.text).toContain('Paste the address:');
    expect(r.text).not.toContain('tick');
  }, 10_000);
});
