// A read-only Secret Service client (freedesktop.org Secret Service API over
// the D-Bus session bus), for Linux. Why our own and not the binding's Linux
// half: @napi-rs/keyring (keyring-rs) unlocks a locked item on read, which
// pops gnome-keyring's unlock dialog on the user's desktop (or, with no
// display, fails as "unlock prompt was dismissed"), and it searches by the
// attribute `username` only, so it cannot see items written by keytar or
// libsecret (`account`), which is how Gemini CLI stores its sign-in. Here
// SearchItems tells locked from unlocked without unlocking, and only an
// unlocked item's secret is read (docs/stores.md, "Keyrings").
//
// Speaks just enough of the D-Bus wire protocol (little-endian, EXTERNAL auth)
// for five calls: Hello, SearchItems, OpenSession("plain"), GetSecret, and
// nothing that writes. The "plain" session sends the secret unencrypted over the
// local socket, as libsecret does when the peer is on the same machine.
import type { KeyringFound, KeyringResult } from '../deps';
import { Bus, sessionBusSocket } from './dbus-bus';
import type { DValue, Writer } from './dbus-wire';

const SECRETS = 'org.freedesktop.secrets';

function stringDict(w: Writer, attrs: Record<string, string>): void {
  w.array(8, () => {
    for (const [k, v] of Object.entries(attrs)) {
      w.align(8);
      w.string(k);
      w.string(v);
    }
  });
}

function paths(v: DValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function unavailable(reason: string): KeyringResult {
  return { kind: 'unavailable', reason };
}

/**
 * The items matching any of `searches` (attribute sets, tried in order), read
 * without unlocking: the first search with an unlocked item gives its secrets;
 * if only locked items match, "locked".
 */
export async function searchSecretService(env: Readonly<Record<string, string | undefined>>, searches: ReadonlyArray<Record<string, string>>, signal?: AbortSignal): Promise<KeyringResult> {
  const where = sessionBusSocket(env);
  if ('reason' in where) return unavailable(where.reason);
  let bus: Bus;
  try {
    bus = await Bus.connect(where.path, signal);
  } catch (e) {
    return unavailable(`cannot connect to the D-Bus session bus: ${(e as Error).message}`);
  }
  try {
    const hello = await bus.call({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', iface: 'org.freedesktop.DBus', member: 'Hello' });
    if (hello.error !== undefined) return unavailable(`the D-Bus session bus failed: ${hello.error}`);
    let locked = false;
    for (const attrs of searches) {
      const found = await bus.call({ destination: SECRETS, path: '/org/freedesktop/secrets', iface: 'org.freedesktop.Secret.Service', member: 'SearchItems', signature: 'a{ss}', body: (w) => stringDict(w, attrs) });
      if (found.error !== undefined) {
        return unavailable(/ServiceUnknown|NameHasNoOwner/.test(found.error) ? 'no Secret Service on the D-Bus session bus (no gnome-keyring or KWallet running)' : `the Secret Service failed: ${found.error}`);
      }
      const unlockedItems = paths(found.values[0]);
      if (unlockedItems.length === 0) {
        locked ||= paths(found.values[1]).length > 0;
        continue;
      }
      const session = await bus.call({ destination: SECRETS, path: '/org/freedesktop/secrets', iface: 'org.freedesktop.Secret.Service', member: 'OpenSession', signature: 'sv', body: (w) => { w.string('plain'); w.signature('s'); w.string(''); } });
      const sessionPath = session.values[1];
      if (session.error !== undefined || typeof sessionPath !== 'string') return unavailable(`the Secret Service refused a session: ${session.error ?? 'no session path'}`);
      const items: KeyringFound['items'] = [];
      for (const item of unlockedItems) {
        const props = await bus.call({ destination: SECRETS, path: item, iface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: (w) => { w.string('org.freedesktop.Secret.Item'); w.string('Attributes'); } });
        const attributes = props.values[0];
        const secret = await bus.call({ destination: SECRETS, path: item, iface: 'org.freedesktop.Secret.Item', member: 'GetSecret', signature: 'o', body: (w) => w.string(sessionPath) });
        const struct = secret.values[0];
        // (session o, parameters ay, value ay, content_type s)
        if (secret.error !== undefined || !Array.isArray(struct) || !(struct[2] instanceof Uint8Array)) continue;
        const a = attributes !== undefined && typeof attributes === 'object' && !Array.isArray(attributes) && !(attributes instanceof Uint8Array) ? attributes : {};
        items.push({ account: String(a.username ?? a.account ?? ''), secret: Buffer.from(struct[2]).toString('utf8') });
      }
      if (items.length > 0) return { kind: 'found', secret: items[0]?.secret ?? '', items };
    }
    return locked ? { kind: 'locked' } : { kind: 'missing' };
  } catch (e) {
    return unavailable(`the Secret Service answered something auth-wizard cannot read: ${(e as Error).message}`);
  } finally {
    bus.close();
  }
}
