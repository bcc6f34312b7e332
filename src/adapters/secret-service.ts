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
import { existsSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import type { KeyringFound, KeyringResult } from '../deps';

type DValue = string | number | boolean | Uint8Array | DValue[] | { [k: string]: DValue };

// ---------------------------------------------------------------- marshalling

class Writer {
  private buf = Buffer.alloc(256);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  align(n: number): void {
    const pad = (n - (this.len % n)) % n;
    this.ensure(pad);
    this.buf.fill(0, this.len, this.len + pad);
    this.len += pad;
  }
  byte(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }
  u32(v: number): void {
    this.align(4);
    this.ensure(4);
    this.buf.writeUInt32LE(v, this.len);
    this.len += 4;
  }
  string(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u32(b.length);
    this.ensure(b.length + 1);
    b.copy(this.buf, this.len);
    this.len += b.length;
    this.buf[this.len++] = 0;
  }
  signature(s: string): void {
    this.byte(s.length);
    this.ensure(s.length + 1);
    this.buf.write(s, this.len, 'ascii');
    this.len += s.length;
    this.buf[this.len++] = 0;
  }
  /** An array whose elements align to `elemAlign`; the length excludes the padding before the first. */
  array(elemAlign: number, body: () => void): void {
    this.u32(0);
    const at = this.len - 4;
    this.align(elemAlign);
    const start = this.len;
    body();
    this.buf.writeUInt32LE(this.len - start, at);
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/** Reads values by signature; throws on anything malformed (the caller turns that into "unavailable"). */
class Reader {
  constructor(
    private readonly buf: Buffer,
    public pos = 0,
  ) {}
  align(n: number): void {
    this.pos += (n - (this.pos % n)) % n;
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error('truncated D-Bus message');
  }
  read(sig: string): DValue[] {
    const out: DValue[] = [];
    let i = 0;
    while (i < sig.length) {
      const end = completeType(sig, i);
      out.push(this.value(sig.slice(i, end)));
      i = end;
    }
    return out;
  }
  private value(t: string): DValue {
    switch (t[0]) {
      case 'y':
        this.need(1);
        return this.buf[this.pos++] ?? 0;
      case 'b':
      case 'u':
      case 'i': {
        this.align(4);
        this.need(4);
        const v = t[0] === 'i' ? this.buf.readInt32LE(this.pos) : this.buf.readUInt32LE(this.pos);
        this.pos += 4;
        return t[0] === 'b' ? v !== 0 : v;
      }
      case 's':
      case 'o': {
        this.align(4);
        this.need(4);
        const n = this.buf.readUInt32LE(this.pos);
        this.pos += 4;
        this.need(n + 1);
        const s = this.buf.toString('utf8', this.pos, this.pos + n);
        this.pos += n + 1;
        return s;
      }
      case 'g': {
        this.need(1);
        const n = this.buf[this.pos++] ?? 0;
        this.need(n + 1);
        const s = this.buf.toString('ascii', this.pos, this.pos + n);
        this.pos += n + 1;
        return s;
      }
      case 'v': {
        const sig = this.value('g') as string;
        return this.read(sig)[0] ?? '';
      }
      case 'a': {
        this.align(4);
        this.need(4);
        const n = this.buf.readUInt32LE(this.pos);
        this.pos += 4;
        const elem = t.slice(1);
        this.align(alignment(elem));
        const end = this.pos + n;
        this.need(n);
        if (elem === 'y') {
          const bytes = new Uint8Array(this.buf.subarray(this.pos, end));
          this.pos = end;
          return bytes;
        }
        if (elem[0] === '{') {
          const dict: { [k: string]: DValue } = {};
          while (this.pos < end) {
            this.align(8);
            const [k, v] = this.read(elem.slice(1, -1));
            dict[String(k)] = v ?? '';
          }
          return dict;
        }
        const items: DValue[] = [];
        while (this.pos < end) items.push(this.value(elem));
        return items;
      }
      case '(': {
        this.align(8);
        return this.read(t.slice(1, -1));
      }
      default:
        throw new Error(`unsupported D-Bus type ${t}`);
    }
  }
}

function alignment(t: string): number {
  switch (t[0]) {
    case 'y':
    case 'g':
    case 'v':
      return 1;
    case '(':
    case '{':
      return 8;
    default:
      return 4;
  }
}

/** The end index of the single complete type starting at `i`. */
function completeType(sig: string, i: number): number {
  const c = sig[i];
  if (c === 'a') return completeType(sig, i + 1);
  if (c === '(' || c === '{') {
    let depth = 0;
    for (let j = i; j < sig.length; j++) {
      if (sig[j] === '(' || sig[j] === '{') depth++;
      else if (sig[j] === ')' || sig[j] === '}') depth--;
      if (depth === 0) return j + 1;
    }
    throw new Error(`bad D-Bus signature ${sig}`);
  }
  return i + 1;
}

// ---------------------------------------------------------------- connection

interface Call {
  destination: string;
  path: string;
  iface: string;
  member: string;
  signature?: string;
  body?: (w: Writer) => void;
}

interface Reply {
  error?: string | undefined;
  values: DValue[];
}

/** The session bus socket: DBUS_SESSION_BUS_ADDRESS (unix:path= or unix:abstract=), else $XDG_RUNTIME_DIR/bus as libdbus and GDBus do. */
export function sessionBusSocket(env: Readonly<Record<string, string | undefined>>): { path: string } | { reason: string } {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (address !== undefined && address !== '') {
    for (const entry of address.split(';')) {
      const [transport, rest = ''] = entry.split(/:(.*)/s);
      if (transport !== 'unix') continue;
      const params = new Map(rest.split(',').map((kv) => kv.split(/=(.*)/s) as [string, string]));
      const unescape = (v: string) => decodeURIComponent(v);
      const path = params.get('path');
      if (path !== undefined) return { path: unescape(path) };
      const abstract = params.get('abstract');
      if (abstract !== undefined) return { path: `\0${unescape(abstract)}` };
    }
    return { reason: `DBUS_SESSION_BUS_ADDRESS (${JSON.stringify(address)}) names no unix socket auth-wizard can use` };
  }
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime !== undefined && runtime !== '' && existsSync(`${runtime}/bus`)) return { path: `${runtime}/bus` };
  return { reason: 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service' };
}

class Bus {
  private serial = 0;
  private pending = new Map<number, (r: Reply) => void>();
  private inbox = Buffer.alloc(0);
  private authed = false;
  private failure: ((e: Error) => void) | undefined;

  private constructor(private readonly socket: Socket) {}

  /** `signal` closes the socket at the caller's deadline, whatever stage the conversation is in. */
  static connect(path: string, signal?: AbortSignal): Promise<Bus> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ path });
      const bus = new Bus(socket);
      signal?.addEventListener('abort', () => bus.close(), { once: true });
      bus.failure = reject;
      socket.on('error', (e) => bus.fail(e));
      socket.on('close', () => bus.fail(new Error('the D-Bus connection closed')));
      socket.on('data', (d) => bus.onData(d, resolve));
      socket.on('connect', () => {
        // EXTERNAL: the bus checks our uid from the socket's credentials.
        const uid = process.getuid?.() ?? 0;
        socket.write(`\0AUTH EXTERNAL ${Buffer.from(String(uid)).toString('hex')}\r\n`);
      });
    });
  }

  private fail(e: Error): void {
    this.failure?.(e);
    for (const done of this.pending.values()) done({ error: e.message, values: [] });
    this.pending.clear();
  }

  private onData(d: Buffer, ready: (b: Bus) => void): void {
    this.inbox = Buffer.concat([this.inbox, d]);
    if (!this.authed) {
      const nl = this.inbox.indexOf('\r\n');
      if (nl < 0) return;
      const line = this.inbox.toString('ascii', 0, nl);
      this.inbox = this.inbox.subarray(nl + 2);
      if (!line.startsWith('OK ')) return this.fail(new Error(`the D-Bus session bus refused authentication (${line})`));
      this.authed = true;
      this.socket.write('BEGIN\r\n');
      ready(this);
    }
    this.drain();
  }

  private drain(): void {
    while (this.inbox.length >= 16) {
      const bodyLen = this.inbox.readUInt32LE(4);
      const fieldsLen = this.inbox.readUInt32LE(12);
      const headerEnd = 16 + fieldsLen + ((8 - ((16 + fieldsLen) % 8)) % 8);
      const total = headerEnd + bodyLen;
      if (this.inbox.length < total) return;
      const msg = this.inbox.subarray(0, total);
      this.inbox = this.inbox.subarray(total);
      if (msg[0] !== 0x6c) return this.fail(new Error('big-endian D-Bus messages are not supported'));
      this.receive(msg, headerEnd);
    }
  }

  private receive(msg: Buffer, headerEnd: number): void {
    const type = msg[1];
    if (type !== 2 && type !== 3) return; // signals and calls to us
    const header = new Reader(msg, 12);
    const [fields] = header.read('a(yv)') as [DValue[][]];
    let replySerial: number | undefined;
    let signature = '';
    let errorName: string | undefined;
    for (const [code, value] of fields) {
      if (code === 5) replySerial = Number(value);
      else if (code === 8) signature = String(value);
      else if (code === 4) errorName = String(value);
    }
    if (replySerial === undefined) return;
    const done = this.pending.get(replySerial);
    if (done === undefined) return;
    this.pending.delete(replySerial);
    const values = new Reader(msg, headerEnd).read(signature);
    done(type === 3 ? { error: `${errorName ?? 'error'}${typeof values[0] === 'string' ? `: ${values[0]}` : ''}`, values } : { values });
  }

  call(c: Call): Promise<Reply> {
    const serial = ++this.serial;
    const body = new Writer();
    c.body?.(body);
    const w = new Writer();
    w.byte(0x6c);
    w.byte(1); // METHOD_CALL
    w.byte(0);
    w.byte(1);
    w.u32(body.len);
    w.u32(serial);
    const field = (code: number, sig: string, write: () => void) => {
      w.align(8);
      w.byte(code);
      w.signature(sig);
      write();
    };
    w.array(8, () => {
      field(1, 'o', () => w.string(c.path));
      field(2, 's', () => w.string(c.iface));
      field(3, 's', () => w.string(c.member));
      field(6, 's', () => w.string(c.destination));
      if (c.signature !== undefined) field(8, 'g', () => w.signature(c.signature ?? ''));
    });
    w.align(8);
    return new Promise((resolve) => {
      this.pending.set(serial, resolve);
      this.socket.write(Buffer.concat([w.bytes(), body.bytes()]));
    });
  }

  close(): void {
    this.failure = undefined;
    this.socket.destroy();
  }
}

// ---------------------------------------------------------------- Secret Service

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
