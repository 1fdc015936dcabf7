/**
 * A minimal protobuf writer for the hot path: one growable buffer, nested messages written in place with a
 * reserved length prefix that is fixed up (and the body moved only when the guess was wrong).
 */

export class ProtoWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.pos = 0;
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Copy of the bytes written so far. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    if (value >= 0 && value < 0x80000000) {
      let v = value >>> 0;
      while (v > 127) {
        buf[pos++] = (v & 127) | 128;
        v >>>= 7;
      }
      buf[pos++] = v;
    } else if (value >= 0) {
      let v = value;
      while (v > 127) {
        buf[pos++] = (v % 128) | 128;
        v = Math.floor(v / 128);
      }
      buf[pos++] = v;
    } else {
      // Negative int64: ten-byte two's complement.
      let big = BigInt.asUintN(64, BigInt(Math.trunc(value)));
      while (big > 127n) {
        buf[pos++] = Number(big & 127n) | 128;
        big >>= 7n;
      }
      buf[pos++] = Number(big);
    }
    this.pos = pos;
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  /** fixed64 of epoch milliseconds × 1e6, exact (ms·1e6 exceeds 2^53). */
  fixed64MsAsNanos(ms: number): void {
    this.ensure(8);
    // ms·1e6 exceeds 2^53, so it is built from exact pieces: ms = wh·2^24 + wl, and wh·1e6 = bh·2^8 + bl.
    const whole = Math.floor(ms);
    const sub = Math.round((ms - whole) * 1000) * 1000;
    const wl = whole % 16777216;
    const b = ((whole - wl) / 16777216) * 1_000_000;
    const bl = b % 256;
    let lo = bl * 16777216 + wl * 1_000_000 + sub;
    let hi = (b - bl) / 256;
    const carry = Math.floor(lo / 4294967296);
    lo -= carry * 4294967296;
    hi += carry;
    const buf = this.buf;
    buf.writeUInt32LE(lo, this.pos);
    buf.writeUInt32LE(hi, this.pos + 4);
    this.pos += 8;
  }

  fixed64(value: number): void {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt(Math.trunc(value)), this.pos);
    this.pos += 8;
  }

  bool(value: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
  }

  /** Length-prefixed UTF-8 (no tag). ASCII is copied by hand: cheaper than a native call for short strings. */
  stringBody(value: string): void {
    const n = value.length;
    if (n < 43) {
      // At most 3 bytes per UTF-16 unit: the length fits one varint byte.
      this.ensure(n * 3 + 1);
      const buf = this.buf;
      const lenAt = this.pos;
      let pos = lenAt + 1;
      let ascii = true;
      for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 128) {
          ascii = false;
          break;
        }
        buf[pos++] = c;
      }
      if (ascii) {
        buf[lenAt] = n;
        this.pos = pos;
        return;
      }
      const written = buf.write(value, lenAt + 1, 'utf8');
      buf[lenAt] = written;
      this.pos = lenAt + 1 + written;
      return;
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varint(bytes);
    this.ensure(bytes);
    this.buf.write(value, this.pos, 'utf8');
    this.pos += bytes;
  }

  string(field: number, value: string): void {
    if (field < 16) {
      this.ensure(1);
      this.buf[this.pos++] = (field << 3) | 2;
    } else this.tag(field, 2);
    this.stringBody(value);
  }

  /** Raw bytes, already encoded (a cached message including its own tag and length). */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    if (n < 32) {
      const buf = this.buf;
      let pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos++] = bytes[i]!;
      this.pos = pos;
      return;
    }
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, 2);
    this.varint(bytes.length);
    this.raw(bytes);
  }

  /** Starts a nested message: writes the tag, reserves `reserve` bytes for its length; returns a mark for end(). */
  begin(field: number, reserve = 1): number {
    this.ensure(reserve + 2);
    if (field < 16) this.buf[this.pos++] = (field << 3) | 2;
    else this.tag(field, 2);
    this.ensure(reserve);
    const mark = this.pos * 8 + reserve;
    this.pos += reserve;
    return mark;
  }

  end(mark: number): void {
    const reserve = mark & 7;
    const lenAt = (mark - reserve) / 8;
    const bodyStart = lenAt + reserve;
    const length = this.pos - bodyStart;
    const need = varintSize(length);
    if (need !== reserve) {
      this.ensure(need - reserve);
      this.buf.copyWithin(lenAt + need, bodyStart, this.pos);
      this.pos += need - reserve;
    }
    let pos = lenAt;
    let v = length;
    while (v > 127) {
      this.buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    this.buf[pos] = v;
  }
}

export function varintSize(value: number): number {
  if (value < 128) return 1;
  if (value < 16384) return 2;
  if (value < 2097152) return 3;
  if (value < 268435456) return 4;
  return 5;
}

let lastMs = NaN;
let lastNanos = 0n;
/** Consecutive records share milliseconds, so the BigInt conversion is memoised. */
export function msToNanosBigInt(ms: number): bigint {
  if (ms === lastMs) return lastNanos;
  const whole = Math.floor(ms);
  const micros = Math.round((ms - whole) * 1000);
  lastNanos = BigInt(whole) * 1_000_000n + BigInt(micros) * 1000n;
  lastMs = ms;
  return lastNanos;
}

export function msToNanosString(ms: number): string {
  return msToNanosBigInt(ms).toString();
}
