// ANSI styles for the renderers, on or off by the caller's choice (Deps.color
// decides once, from NO_COLOR / FORCE_COLOR / TTY). Not picocolors: importing it
// runs a TTY probe that loads node:tty and node:net, ~3 ms of `status` start-up.

export interface Colors {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  gray(s: string): string;
}

function style(open: number, close: number): (s: string) => string {
  const o = `\u001b[${open}m`;
  const c = `\u001b[${close}m`;
  // Re-open after an inner reset of the same style, so nesting keeps working.
  return (s) => o + s.split(c).join(c + o) + c;
}

const ON: Colors = { bold: style(1, 22), dim: style(2, 22), red: style(31, 39), green: style(32, 39), yellow: style(33, 39), cyan: style(36, 39), gray: style(90, 39) };
const plain = (s: string) => s;
const OFF: Colors = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain, gray: plain };

export function createColors(enabled: boolean): Colors {
  return enabled ? ON : OFF;
}
