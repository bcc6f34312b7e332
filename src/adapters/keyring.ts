// The real KeyringReader (src/deps.ts), in its own bundle: loaded with import()
// only when a tool's configuration says its secret is in the keyring, never on
// the default `status` path. Read only: nothing here writes, deletes or unlocks.
//
// - Linux (and the BSDs): the Secret Service over D-Bus (./secret-service),
//   which tells a locked item from a missing one without prompting and finds
//   items by keyring-rs's `username` (Codex) and by keytar's `account`
//   (Gemini CLI) attribute alike.
// - macOS (Keychain) and Windows (Credential Manager): @napi-rs/keyring, the
//   maintained binding over keyring-rs (the library Codex itself uses). keytar
//   names a Windows credential `<service>/<account>`, keyring-rs
//   `<account>.<service>`: both are tried.
//
// Every read is bounded by a timeout (3 s by default): a Secret Service that
// never answers is "unavailable", not a hang.
import type { KeyringReader, KeyringResult } from '../deps';
import { searchSecretService } from './secret-service';

export const KEYRING_TIMEOUT_MS = 3000;

interface NapiCredential {
  account: string;
  password: string;
}
interface NapiKeyring {
  AsyncEntry: {
    new (service: string, account: string): { getPassword(signal?: AbortSignal): Promise<string | null> };
    withTarget(target: string, service: string, account: string): { getPassword(signal?: AbortSignal): Promise<string | null> };
  };
  findCredentialsAsync(service: string, target?: string | null, signal?: AbortSignal): Promise<NapiCredential[]>;
}

/** `work` bounded by `ms`; the signal it gets aborts at the deadline, so a connection still open is closed and cannot keep the process alive. */
function withTimeout(work: (signal: AbortSignal) => Promise<KeyringResult>, ms: number): Promise<KeyringResult> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<KeyringResult>((resolve) => {
    timer = setTimeout(() => {
      deadline.abort();
      resolve({ kind: 'unavailable', reason: `the OS keyring did not answer within ${ms / 1000} s` });
    }, ms);
  });
  return Promise.race([work(deadline.signal), late]).finally(() => clearTimeout(timer));
}

/** The binding's error as a result: a locked keychain is "locked", anything else "unavailable". */
function napiFailure(e: unknown): KeyringResult {
  const message = e instanceof Error ? e.message : String(e);
  if (/locked|dismissed|interaction is not allowed/i.test(message)) return { kind: 'locked' };
  return { kind: 'unavailable', reason: `the OS keyring failed: ${message}` };
}

function loadNapi(): NapiKeyring | string {
  try {
    // A native addon: required, not bundled (scripts/build.mjs keeps it external).
    return require('@napi-rs/keyring') as NapiKeyring;
  } catch (e) {
    return `the keyring binding @napi-rs/keyring did not load: ${(e as Error).message}`;
  }
}

function napiReader(timeoutMs: number, platform: NodeJS.Platform): KeyringReader {
  return {
    get: (service, account) =>
      withTimeout(async (signal): Promise<KeyringResult> => {
        const napi = loadNapi();
        if (typeof napi === 'string') return { kind: 'unavailable', reason: napi };
        const entries = [new napi.AsyncEntry(service, account)];
        if (platform === 'win32') entries.push(napi.AsyncEntry.withTarget(`${service}/${account}`, service, account));
        try {
          for (const entry of entries) {
            const secret = await entry.getPassword(signal);
            if (secret !== null) return { kind: 'found', secret, items: [{ account, secret }] };
          }
          return { kind: 'missing' };
        } catch (e) {
          return napiFailure(e);
        }
      }, timeoutMs),
    find: (service) =>
      withTimeout(async (signal): Promise<KeyringResult> => {
        const napi = loadNapi();
        if (typeof napi === 'string') return { kind: 'unavailable', reason: napi };
        try {
          const found = await napi.findCredentialsAsync(service, null, signal);
          const items = found.map((c) => ({ account: c.account, secret: c.password }));
          return items.length === 0 ? { kind: 'missing' } : { kind: 'found', secret: items[0]?.secret ?? '', items };
        } catch (e) {
          return napiFailure(e);
        }
      }, timeoutMs),
  };
}

function secretServiceReader(env: Readonly<Record<string, string | undefined>>, timeoutMs: number): KeyringReader {
  const search = (searches: Record<string, string>[]) => (signal: AbortSignal) => searchSecretService(env, searches, signal);
  return {
    // keyring-rs (Codex) names the account `username`; keytar and libsecret's
    // generic schema (Gemini CLI) name it `account`.
    get: (service, account) => withTimeout(search([{ service, username: account }, { service, account }]), timeoutMs),
    find: (service) => withTimeout(search([{ service }]), timeoutMs),
  };
}

export function createKeyringReader(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, timeoutMs = KEYRING_TIMEOUT_MS): KeyringReader {
  if (platform === 'darwin' || platform === 'win32') return napiReader(timeoutMs, platform);
  return secretServiceReader(env, timeoutMs);
}
