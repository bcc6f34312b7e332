// A Deps for tests: a temporary home, a fixed clock, captured output, no TTY,
// and exec/fetch/browser that fail loudly unless a test provides them. The
// prompter, file probe and PATH lookup are the real ones on these streams and
// this env unless a test passes its own (e.g. `prompter: async () => fake`).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Deps, Exec, InStream } from '../../src/deps';
import { onPathProbe } from '../../src/onboard/installed';
import type { Prompter } from '../../src/ui/prompter';
import { terminalPrompter } from '../../src/ui/terminal-prompter';

export interface TestIO {
  out: () => string;
  err: () => string;
}

export const FIXED_NOW = Date.parse('2026-11-23T12:00:00Z');

export function testDeps(home: string, overrides: Partial<Deps> = {}): Deps & TestIO {
  let out = '';
  let err = '';
  const stdin: InStream = { isTTY: false, async *[Symbol.asyncIterator]() {} };
  const exec: Exec = async () => ({ code: null, stdout: '', stderr: 'not found', notFound: true });
  let prompter: Promise<Prompter> | undefined;
  const deps: Deps = {
    env: {},
    home,
    platform: 'linux',
    now: () => FIXED_NOW,
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    stdin,
    color: false,
    interactive: false,
    exec,
    randomBytes: (n) => randomBytes(n),
    sleep: async () => {},
    fetch: async () => {
      throw new Error('test made an unexpected HTTP request');
    },
    openBrowser: async () => {
      throw new Error('test opened a browser unexpectedly');
    },
    prompter: () => (prompter ??= terminalPrompter(deps)),
    exists: existsSync,
    onPath: (bin) => onPathProbe(deps.env, deps.platform)(bin),
    ...overrides,
  };
  return Object.assign(deps, { out: () => out, err: () => err });
}

export function stdinOf(text: string): InStream {
  return {
    isTTY: false,
    async *[Symbol.asyncIterator]() {
      yield text;
    },
  };
}
