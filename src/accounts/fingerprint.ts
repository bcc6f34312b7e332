// A short fingerprint of an account, so two rows (the tool's sign-in and a saved
// one) can be seen to be the same account. Derived from the account's ids,
// never from a token: a token changes on every refresh, an account does not.
// The user id is part of it because a ChatGPT Team workspace has one account
// id for all its members: two people in one workspace are two accounts here.
import { fingerprint } from '../core/fingerprint';

export function accountFingerprint(provider: string, accountId: string | undefined, userId?: string | undefined): string | undefined {
  if (accountId === undefined || accountId === '') return undefined;
  return fingerprint(`account:${provider}:${accountId}:${userId ?? ''}`).slice(0, 8);
}
