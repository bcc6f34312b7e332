// The clack adapter's one translation (cancel → AppError('cancelled')), a
// withdrawn question, and headless detection.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectHeadless } from '../src/core/session';
import { readLine } from '../src/commands/login-input';
import { AppError } from '../src/errors';
import { type ClackModule, clackPrompter, loadClackPrompter } from '../src/ui/clack-prompter';
import { stdinOf } from './helpers/deps';

function sink(): Writable & { text: () => string } {
  let text = '';
  const w = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return Object.assign(w, { text: () => text });
}

/** A keyboard: clack reads keypresses from this stream. */
function keyboard(): PassThrough {
  return new PassThrough();
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('clack prompter (real @clack/prompts on a fake terminal)', () => {
  it('Ctrl-C in a text prompt rejects with AppError("cancelled") — exit code 2, no process.exit', async () => {
    const input = keyboard();
    const output = sink();
    const p = await loadClackPrompter({ input, output });
    const answer = p.text({ message: 'Paste it' });
    await tick();
    input.write('\x03');
    const err = await answer.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'cancelled', exitCode: 2 });
    expect(output.text()).toContain('Paste it');
  });

  it('Escape in a select and in a password prompt is the same cancel', async () => {
    for (const ask of [
      (p: Awaited<ReturnType<typeof loadClackPrompter>>) => p.select({ message: 'Pick', options: [{ value: 1, label: 'one' }] }),
      (p: Awaited<ReturnType<typeof loadClackPrompter>>) => p.password({ message: 'Key' }),
      (p: Awaited<ReturnType<typeof loadClackPrompter>>) => p.confirm({ message: 'Sure?' }),
      (p: Awaited<ReturnType<typeof loadClackPrompter>>) => p.multiselect({ message: 'Some', options: [{ value: 'a', label: 'a' }] }),
    ]) {
      const input = keyboard();
      const p = await loadClackPrompter({ input, output: sink() });
      const answer = ask(p);
      await tick();
      input.write('\x1b');
      await expect(answer).rejects.toMatchObject({ code: 'cancelled' });
    }
  });

  it('typed answers come back; validate re-asks; a password is not echoed', async () => {
    const input = keyboard();
    const output = sink();
    const p = await loadClackPrompter({ input, output });
    const answer = p.password({ message: 'Key', validate: (v) => (v.startsWith('sk-') ? undefined : 'Must start with sk-') });
    await tick();
    input.write('nope\r');
    await tick();
    expect(output.text()).toContain('Must start with sk-');
    for (let i = 0; i < 4; i++) input.write('\x7f');
    input.write('sk-secret-value\r');
    await expect(answer).resolves.toBe('sk-secret-value');
    expect(output.text()).not.toContain('sk-secret-value');
  });

  it('an aborted signal withdraws the question with the signal’s AppError reason', async () => {
    const input = keyboard();
    const p = await loadClackPrompter({ input, output: sink() });
    const ac = new AbortController();
    const answer = p.text({ message: 'Paste it', signal: ac.signal });
    await tick();
    const why = new AppError('cancelled', 'The browser finished first.');
    ac.abort(why);
    await expect(answer).rejects.toBe(why);
    // Already aborted: rejects at once, without drawing.
    const output = sink();
    const p2 = await loadClackPrompter({ input: keyboard(), output });
    await expect(p2.confirm({ message: 'Never shown', signal: ac.signal })).rejects.toBe(why);
  });

  it('with a stub module: any cancel value is translated, nothing else is', async () => {
    const CANCEL = Symbol('clack:cancel');
    const stub = {
      isCancel: (v: unknown) => v === CANCEL,
      text: async () => CANCEL,
      select: async () => 'b',
    } as unknown as ClackModule;
    const p = clackPrompter(stub);
    await expect(p.text({ message: 'x' })).rejects.toMatchObject({ code: 'cancelled', message: 'Cancelled.' });
    await expect(p.select({ message: 'x', options: [{ value: 'b', label: 'B' }] })).resolves.toBe('b');
  });
});

describe('headless detection', () => {
  const none = () => false;
  const cases: Array<[string, Record<string, string>, NodeJS.Platform, (p: string) => boolean, boolean]> = [
    ['Linux desktop (X11)', { DISPLAY: ':0' }, 'linux', none, false],
    ['Linux desktop (Wayland)', { WAYLAND_DISPLAY: 'wayland-0' }, 'linux', none, false],
    ['Linux, no display', {}, 'linux', none, true],
    ['SSH into a Linux desktop', { DISPLAY: ':0', SSH_CONNECTION: '10.0.0.2 5555 10.0.0.1 22' }, 'linux', none, true],
    ['SSH into a Mac', { SSH_TTY: '/dev/ttys001' }, 'darwin', none, true],
    ['Mac', {}, 'darwin', none, false],
    ['Windows', {}, 'win32', none, false],
    ['WSL without a display', { WSL_DISTRO_NAME: 'Ubuntu' }, 'linux', none, false],
    ['Docker (/.dockerenv)', { DISPLAY: ':0' }, 'linux', (p) => p === '/.dockerenv', true],
    ['Podman (/run/.containerenv)', { DISPLAY: ':0' }, 'linux', (p) => p === '/run/.containerenv', true],
    ['container=… (systemd-nspawn, podman)', { DISPLAY: ':0', container: 'podman' }, 'linux', none, true],
    ['BROWSER set wins (dev containers, remote helpers)', { BROWSER: '/vscode/helper.sh', SSH_CONNECTION: 'x' }, 'linux', (p) => p === '/.dockerenv', false],
    ['BROWSER=none', { DISPLAY: ':0', BROWSER: 'none' }, 'linux', none, true],
  ];
  it.each(cases)('%s', (_name, env, platform, probe, headless) => {
    const v = detectHeadless(env, platform, probe);
    expect(v.headless).toBe(headless);
    expect(v.reason).not.toBe('');
  });
});

describe('readLine (stdin answers)', () => {
  it('returns the first non-empty line, trimmed; undefined at end of input', async () => {
    expect(await readLine(stdinOf('\n\n  http://x/?code=a&state=b \r\nsecond\n'))).toBe('http://x/?code=a&state=b');
    expect(await readLine(stdinOf('no newline at end'))).toBe('no newline at end');
    expect(await readLine(stdinOf(''))).toBeUndefined();
    expect(await readLine(stdinOf('   \n'))).toBeUndefined();
  });
  it('an abort withdraws a read that is still waiting', async () => {
    const ac = new AbortController();
    const never = { isTTY: false, async *[Symbol.asyncIterator]() { await new Promise(() => {}); yield ''; } };
    const line = readLine(never, ac.signal);
    ac.abort();
    expect(await line).toBeUndefined();
  });
});
