// Every command we suggest (a `Fix:` line, a hint, the wizard's next steps) is
// meant to be pasted into a shell, and some of its arguments are data: a
// profile id, an OpenCode provider id, a path under a directory someone else
// named. Those go through here, so `$(…)`, backticks, quotes, `;` or a space in
// them stay one literal argument. (docs/security.md, Output.)

/** Characters no POSIX shell treats specially (Python's shlex.quote set): left as they are, so ordinary commands read as before. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word for `value`: as it is when plain, else in POSIX single quotes (a quote inside becomes '\''). */
export function shellQuote(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A path as shown to a person (`~/…` from tildify, or absolute) as one shell
 * word: the leading `~/` stays outside the quotes so the shell still expands it.
 */
export function shellPath(path: string): string {
  if (path === '~') return path;
  if (path.startsWith('~/')) return path.length === 2 ? path : `~/${shellQuote(path.slice(2))}`;
  return shellQuote(path);
}
