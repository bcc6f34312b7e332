// The live message of a text question (the sign-in wait's spinner and countdown):
// redrawn every second on a terminal, drawn once elsewhere, and stopped when answered.
import { PassThrough, Writable } from 'node:stream';
import * as clack from '@clack/prompts';
import { describe, expect, it } from 'vitest';
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
  await new Promise((r) => setTimeout(r, 2300));
  input.write('done\r');
  const value = await answer;
  const drawnAfter = n;
  await new Promise((r) => setTimeout(r, 1200));
  return { value, text: out.text(), drawnAfter, drawnLater: n };
}

describe.concurrent('a text question with a live message', () => {
  it('on a terminal: redrawn every second until answered, then never again', async () => {
    const r = await ask(true);
    expect(r.value).toBe('done');
    expect(r.text).toContain('tick 1 ');
    expect(r.text).toMatch(/tick 3 /);
    expect(r.drawnLater).toBe(r.drawnAfter);
  }, 10_000);

  it('into a file or pipe: the plain message, not redrawn', async () => {
    const r = await ask(false);
    expect(r.value).toBe('done');
    expect(r.text).toContain('Paste the address:');
    expect(r.text).not.toContain('tick');
  }, 10_000);
});
