// The device-code ChatGPT sign-in: a code to type on any device, polled until
// approved (at a terminal a spinner shows the time the code has left).
import { clockLeft } from '../core/duration';
import { pollDeviceAuthorization, requestDeviceCode } from '../oauth/device';
import { exchangeCode } from '../oauth/login-flow';
import { OPENAI_CLIENT_ID, type OpenAIEndpoints } from '../oauth/openai-endpoints';
import type { LoginCtx } from './login-context';
import { checkTargetWritable, openaiTarget, preflightTarget, saveAndReport } from './login-target';

export async function deviceLogin(ctx: LoginCtx, endpoints: OpenAIEndpoints): Promise<void> {
  const { deps } = ctx;
  const target = openaiTarget(ctx);
  await preflightTarget(ctx, target);
  const device = await requestDeviceCode({ fetch: deps.fetch, endpoints, clientId: OPENAI_CLIENT_ID, now: deps.now });
  ctx.say('To sign in to ChatGPT with a code:');
  ctx.say(`  1. Open ${device.verificationUrl} in a browser on any device and sign in.`);
  ctx.say(`  2. Enter this code:  ${device.userCode}`);
  ctx.say("Device-code sign-in must be turned on in ChatGPT's security settings.");
  // At a terminal the wait shows itself: a spinner and the time the code has left.
  const spin = deps.interactive ? (await ctx.prompter()).spinner() : undefined;
  const waiting = () => `Waiting for approval (${clockLeft(device.expiresAt, deps.now())} left)`;
  let timer: NodeJS.Timeout | undefined;
  if (spin !== undefined) {
    spin.start(waiting());
    timer = setInterval(() => spin.message(waiting()), 1000);
  } else {
    ctx.say(`Waiting for approval (the code is good until ${new Date(device.expiresAt).toISOString().slice(11, 16)} UTC).`);
  }
  let grant: Awaited<ReturnType<typeof pollDeviceAuthorization>>;
  try {
    grant = await pollDeviceAuthorization({
      fetch: deps.fetch,
      endpoints,
      device,
      now: deps.now,
      sleep: deps.sleep,
      onSlowDown: (ms) => (spin !== undefined ? spin.message(`${waiting()}; polling every ${ms / 1000} s now`) : ctx.say(`The server asked to poll more slowly; now every ${ms / 1000} s.`)),
    });
  } catch (e) {
    spin?.error('Not approved');
    throw e;
  } finally {
    clearInterval(timer);
  }
  spin?.stop('Approved');
  ctx.say('Approved; fetching tokens…');
  await checkTargetWritable(ctx, target); // again: the approval may have taken minutes
  const tokens = await exchangeCode({ fetch: deps.fetch, now: deps.now, endpoints, code: grant.authorizationCode, verifier: grant.codeVerifier, redirectUri: endpoints.deviceRedirectUri });
  await saveAndReport(ctx, target, tokens);
}
