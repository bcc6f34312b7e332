// The D-Bus wire format, just the part the Secret Service client needs
// (src/adapters/secret-service.ts): little-endian marshalling of the basic
// types, strings, arrays, structs and variants, and reading them back by
// signature. Anything malformed throws; the caller turns that into "unavailable".

export type DValue = string | number | boolean | Uint8Array | DValue[] | { [k: string]: DValue };

export class Writer {
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
export class Reader {
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
