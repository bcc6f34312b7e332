// The Prompter a real run gets (Deps.prompter): clack at a terminal, the plain
// one without. Its own bundle, loaded by the first command that asks, so the
// `status` path never reads it or @clack/prompts.
import type { InStream, OutStream } from '../deps';
import { asReadable, asWritable, loadClackPrompter } from './clack-prompter';
import { plainPrompter } from './plain-prompter';
import type { Prompter } from './prompter';

export function terminalPrompter(io: { interactive: boolean; stdin: InStream; stderr: OutStream }): Promise<Prompter> {
  // Prompts are drawn on stderr so stdout stays data (a token, a URL, JSON).
  return io.interactive ? loadClackPrompter({ input: asReadable(io.stdin), output: asWritable(io.stderr) }) : Promise.resolve(plainPrompter(io.stderr));
}
