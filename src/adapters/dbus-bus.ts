// One connection to the D-Bus session bus: EXTERNAL authentication, method
// calls with their replies matched by serial, nothing else (no signals, no
// objects of our own). Used by src/adapters/secret-service.ts.
import { existsSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { type DValue, Reader, Writer } from './dbus-wire';

export interface Call {
  destination: string;
  path: string;
  iface: string;
  member: string;
  signature?: string;
  body?: (w: Writer) => void;
}

export interface Reply {
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

export class Bus {
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
