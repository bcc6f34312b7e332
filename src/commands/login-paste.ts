// The paste half of a browser sign-in: the address the browser ended on, from
// a prompt (with the wait's spinner and countdown beside it) or one line of stdin.
import { isAppError } from '../errors';
import type { Authorization, PasteSource } from '../oauth/login-flow';
import { parsePastedRedirect } from '../oauth/paste';
import { clockLeft } from '../core/duration';
import type { LoginCtx } from './login-context';
import { readLine } from './login-input';

const SPINNER_FRAMES = ['◒', '◐', '◓', '◑'];

export function pasteSource(ctx: LoginCtx, auth: Authorization, alongsideBrowser: boolean, deadline: number): PasteSource {
  return async (signal) => {
    if (ctx.deps.interactive) {
      const p = await ctx.prompter();
      let frame = 0;
      const line = await p.text({
        message: alongsideBrowser ? 'If the browser is on another machine, paste the address it ended on:' : 'Paste the address the browser ended on:',
        // The wait, visible: a spinner and the time left, with the paste prompt beside them.
        live: () => {
          const spin = SPINNER_FRAMES[frame++ % SPINNER_FRAMES.length];
          const left = clockLeft(deadline, ctx.deps.now());
          return alongsideBrowser
            ? `${spin} Waiting for the browser (${left} left). Or paste the address it ends on:`
            : `${spin} Paste the address the browser ended on (${left} left):`;
        },
        placeholder: `${auth.redirectUri}?code=…`,
        signal,
        // A mis-paste may be corrected; a refusal from the server (error=…, with
        // the right state) ends the attempt below.
        validate: (v) => {
          try {
            parsePastedRedirect(v, auth.state);
            return undefined;
          } catch (e) {
            return isAppError(e) && e.code === 'oauth' ? undefined : isAppError(e) ? e.message : 'That is not a sign-in address.';
          }
        },
      });
      return parsePastedRedirect(line, auth.state);
    }
    const line = await readLine(ctx.deps.stdin, signal);
    return line === undefined ? undefined : parsePastedRedirect(line, auth.state);
  };
}
