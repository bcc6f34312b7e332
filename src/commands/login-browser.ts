// A ChatGPT sign-in through a browser: the loopback listener on the registered
// port and, beside it, the paste (first valid answer wins); headless, the link
// and the two ways through. `--method paste` is the same without the listener.
import { spokenDuration } from '../core/duration';
import { exchangeCode, prepareAuthorization, waitForCode } from '../oauth/login-flow';
import { callbackAddress, type CallbackAddress, type OpenAIEndpoints } from '../oauth/openai-endpoints';
import { DEFAULT_SIGN_IN_TIMEOUT_MS as DEFAULT_TIMEOUT_MS } from '../oauth/login-flow';
import type { LoginCtx } from './login-context';
import { pasteSource } from './login-paste';
import { checkTargetWritable, openaiTarget, preflightTarget, saveAndReport } from './login-target';

export interface BrowserMode {
  launch: boolean;
  listen: boolean;
  reason: string;
}

function pasteHow(ctx: LoginCtx): string {
  return ctx.deps.interactive ? 'paste it below' : 'paste it on stdin';
}

/** What the user is told before the wait: the link, and without a browser here, how to finish. */
function instructions(ctx: LoginCtx, url: string, mode: BrowserMode, cb: CallbackAddress): void {
  if (mode.launch) {
    ctx.say('Opening your browser to sign in to ChatGPT. If it does not open, visit:');
    ctx.say();
    ctx.say(`  ${url}`);
    ctx.say();
    return;
  }
  ctx.say('To sign in to ChatGPT, open this address in a browser (on any machine):');
  ctx.say();
  ctx.say(`  ${url}`);
  ctx.say();
  if (mode.listen) {
    ctx.say(`auth-wizard did not open a browser here (${mode.reason}). After you sign in, the browser goes to`);
    ctx.say(`${cb.redirectUri}?code=…. Two ways to finish:`);
    ctx.say(`  1. Paste that whole address here. On a machine where nothing listens on port ${cb.port} the page shows`);
    ctx.say('     an error; the address bar still holds what is needed.');
    ctx.say('  2. Or forward the port before signing in, and it finishes by itself:');
    ctx.say(`       ssh -L ${cb.port}:localhost:${cb.port} <this host>`);
  } else {
    ctx.say(`After you sign in, the browser goes to ${cb.redirectUri}?code=… (it may show an error page).`);
    ctx.say(`Copy the whole address from the address bar and ${pasteHow(ctx)}.`);
  }
  ctx.say();
}

export async function browserLogin(ctx: LoginCtx, endpoints: OpenAIEndpoints, mode: BrowserMode): Promise<void> {
  const { deps } = ctx;
  const target = openaiTarget(ctx);
  await preflightTarget(ctx, target);
  const cb = callbackAddress(deps.env);
  const auth = prepareAuthorization({ endpoints, redirectUri: cb.redirectUri, randomBytes: (n) => deps.randomBytes(n) });
  const wait = ctx.opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const deadline = deps.now() + wait;
  instructions(ctx, auth.url, mode, cb);

  let portBusy = false;
  const { code, via } = await waitForCode({
    auth,
    listen: mode.listen ? { port: cb.port } : undefined,
    paste: pasteSource(ctx, auth, mode.launch, deadline),
    timeoutMs: wait,
    onListenFailed: (e) => {
      portBusy = true;
      const why = e.code === 'port_busy' ? `port 127.0.0.1:${cb.port} is in use by another program` : 'the callback listener could not start';
      ctx.say(`The browser's answer cannot reach auth-wizard directly: ${why}.`);
      ctx.say(`Finish by pasting instead: after signing in, copy the whole address from the browser's address bar and ${pasteHow(ctx)}.`);
      ctx.say();
    },
    onCancelRequest: () => ctx.say('Another sign-in asked this one to stop (GET /cancel).'),
    onReady: async () => {
      if (mode.launch) {
        try {
          await deps.openBrowser(auth.url);
        } catch (e) {
          ctx.say(`Could not open a browser (${e instanceof Error ? e.message : String(e)}); open the address above yourself.`);
        }
      }
      // At a terminal the paste prompt shows the wait and its countdown itself.
      if (deps.interactive) return;
      const upTo = `up to ${spokenDuration(wait)}`;
      if (!mode.listen || portBusy) ctx.say(`Waiting ${upTo} for the address on stdin.`);
      else if (mode.launch) ctx.say(`Waiting for the browser (${upTo}). If it runs on another machine, paste the address it ends on to stdin.`);
      else ctx.say(`Waiting ${upTo} for the address on stdin or the forwarded callback.`);
    },
  });
  ctx.say(via === 'callback' ? 'The browser finished the sign-in; fetching tokens…' : 'Got the address; fetching tokens…');
  await checkTargetWritable(ctx, target); // again: the wait may have taken minutes
  const tokens = await exchangeCode({ fetch: deps.fetch, now: deps.now, endpoints, code, verifier: auth.verifier, redirectUri: auth.redirectUri });
  await saveAndReport(ctx, target, tokens);
}
