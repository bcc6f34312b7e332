// Drives a program in a real terminal: a detached tmux session of a fixed size,
// keys sent as a person types them, the screen read back with capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

export interface Terminal {
  name: string;
  /** Types literal text (no Enter). */
  type(text: string): void;
  /** Sends tmux key names: 'Enter', 'Down', 'Space', 'C-c', 'Escape'. */
  press(...keys: string[]): void;
  /** The visible screen as text (trailing blanks trimmed); `joined` unwraps long lines. */
  screen(opts?: { ansi?: boolean; joined?: boolean }): string;
  /** Waits until the screen matches; returns it. Throws with the screen on timeout. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Resolves with the program's exit code once it has ended. */
  exitCode(timeoutMs?: number): Promise<number>;
  kill(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function startTerminal(argv: string[], opts: { env: Record<string, string>; cwd?: string; cols?: number; rows?: number }): Terminal {
  const name = `aw-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', name, ...args], { encoding: 'utf8' });
  const marker = `__AW_EXIT_${name}__`;
  // The program runs under `env -i` so only the given environment reaches it;
  // its exit code is printed after it ends and the pane stays open to read it.
  const envArgs = Object.entries(opts.env).map(([k, v]) => shellQuote(`${k}=${v}`)).join(' ');
  const cmd = `env -i ${envArgs} ${argv.map(shellQuote).join(' ')}; echo "${marker}$?"; sleep 600`;
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', name, '-x', String(opts.cols ?? 80), '-y', String(opts.rows ?? 30), ...(opts.cwd ? ['-c', opts.cwd] : []), cmd);
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  const screen = (o: { ansi?: boolean; joined?: boolean } = {}) =>
    tmux('capture-pane', '-p', ...(o.ansi ? ['-e'] : []), ...(o.joined ? ['-J'] : []), '-t', name)
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .replace(/\n+$/, '\n');
  return {
    name,
    type: (text) => void tmux('send-keys', '-t', name, '-l', text),
    press: (...keys) => void tmux('send-keys', '-t', name, ...keys),
    screen,
    async waitFor(pattern, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = screen();
        if (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s)) return s;
        if (Date.now() > deadline) throw new Error(`terminal: timed out waiting for ${String(pattern)}; screen:\n${s}`);
        await sleep(50);
      }
    },
    async exitCode(timeoutMs = 15_000) {
      const s = await this.waitFor(new RegExp(`${marker}\\d+`), timeoutMs);
      return Number(new RegExp(`${marker}(\\d+)`).exec(s)?.[1]);
    },
    kill() {
      spawnSync('tmux', ['-L', name, 'kill-server']);
    },
  };
}
