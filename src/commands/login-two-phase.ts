// The two-phase ChatGPT sign-in for scripts: --print-url saves the attempt's
// secret (0600, ten minutes) and prints the link; --complete finishes it once.
import { AppError, usageError } from '../errors';
import { exchangeCode, prepareAuthorization } from '../oauth/login-flow';
import { callbackAddress, type OpenAIEndpoints } from '../oauth/openai-endpoints';
import { parsePastedRedirect, pastedResponseParams } from '../oauth/paste';
import type { LoginCtx } from './login-context';
import { readLine } from './login-input';
import { claimPending, peekPending, PENDING_TTL_MS, savePending } from './login-pending';
import { checkTargetWritable, openaiTarget, preflightTarget, saveAndReport, TARGET_NAMES } from './login-target';

export async function printUrl(ctx: LoginCtx, endpoints: OpenAIEndpoints): Promise<void> {
  const target = openaiTarget(ctx);
  await preflightTarget(ctx, target);
  const cb = callbackAddress(ctx.deps.env);
  const auth = prepareAuthorization({ endpoints, redirectUri: cb.redirectUri, randomBytes: (n) => ctx.deps.randomBytes(n) });
  const now = ctx.deps.now();
  const path = await savePending(ctx.paths, {
    state: auth.state,
    verifier: auth.verifier,
    redirectUri: auth.redirectUri,
    issuer: endpoints.issuer,
    target,
    profile: ctx.opts.profile,
    createdAt: now,
    expiresAt: now + PENDING_TTL_MS,
  });
  ctx.result(auth.url);
  ctx.say();
  ctx.say(`Open the address above in a browser and sign in; within ${PENDING_TTL_MS / 60_000} minutes, finish with`);
  ctx.say(`  auth-wizard login --provider openai --complete '<the address the browser ended on>'`);
  ctx.say(`(or --complete - to read it from stdin). The sign-in will be saved to ${TARGET_NAMES[target]}; its one-time secret is in ${ctx.tilde(path)}.`);
}

export async function completeTwoPhase(ctx: LoginCtx, endpoints: OpenAIEndpoints, given: string): Promise<void> {
  let input = given;
  if (given === '-') {
    const line = await readLine(ctx.deps.stdin);
    if (line === undefined) throw usageError('--complete - reads the address from stdin, and stdin was empty.');
    input = line;
  }
  const state = pastedResponseParams(input).get('state');
  if (state === null || state === '') {
    throw new AppError('state_mismatch', 'The address has no state, so it cannot be matched to a pending sign-in. Its code was not sent anywhere and nothing was written.');
  }
  // Before the claim: a target that must be refused leaves the attempt to finish once it is fixed.
  const peeked = await peekPending(ctx.paths, state);
  if (peeked !== undefined) await checkTargetWritable(ctx, peeked.target);
  const pending = await claimPending(ctx.paths, state, ctx.deps.now());
  const { code } = parsePastedRedirect(input, pending.state);
  if (pending.issuer !== endpoints.issuer) {
    throw new AppError('usage', `This sign-in was started against ${pending.issuer} but AUTH_WIZARD_OPENAI_ISSUER now points to ${endpoints.issuer}. Nothing was written; start again.`);
  }
  const target = pending.target;
  if (ctx.opts.target !== undefined && ctx.opts.target !== target) {
    throw usageError(`This sign-in was started with --target ${target}; --complete cannot change it. Start again with --print-url --target ${ctx.opts.target}.`);
  }
  ctx.say('Got the address; fetching tokens…');
  await checkTargetWritable(ctx, target);
  const tokens = await exchangeCode({ fetch: ctx.deps.fetch, now: ctx.deps.now, endpoints, code, verifier: pending.verifier, redirectUri: pending.redirectUri });
  await saveAndReport(ctx, target, tokens, pending.profile ?? ctx.opts.profile);
}
