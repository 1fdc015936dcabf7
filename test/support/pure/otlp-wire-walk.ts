/**
 * Structural walks of OTLP export requests in their wire format, for counting at bench rates without decoding
 * objects per record. Every length is checked; malformed input throws.
 */

/** A cursor over protobuf bytes. */
class WireReader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 127) * mul;
      if (b < 128) return result;
      mul *= 128;
    }
    throw new Error('varint too long');
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) {
      const len = this.varint(); // read before pos is: `pos += varint()` would add to the old pos
      this.pos += len;
    } else if (wire === 5) this.pos += 4;
    else throw new Error(`unexpected wire type ${wire}`);
    if (this.pos > this.buf.length) throw new Error('truncated field');
  }

  /** Calls `each(field, end)` for every length-delimited field in `fields` up to `end`, skipping the rest. */
  messages(end: number, fields: readonly number[], each: (field: number, end: number) => void): void {
    while (this.pos < end) {
      const tag = this.varint();
      const field = tag >>> 3;
      if ((tag & 7) === 2 && fields.includes(field)) {
        const inner = this.varint() + this.pos;
        if (inner > end) throw new Error('truncated message');
        each(field, inner);
        this.pos = inner;
      } else this.skip(tag & 7);
    }
    if (this.pos !== end) throw new Error('message overruns its length');
  }

  equals(start: number, len: number, key: Buffer): boolean {
    return len === key.length && this.buf.compare(key, 0, len, start, start + len) === 0;
  }
}

const RUN_ID_KEY = Buffer.from('aimon.run_id');
const SEQ_KEY = Buffer.from('aimon.seq');

/**
 * Walks ExportLogsServiceRequest bytes (request.1 ResourceLogs → 2 ScopeLogs → 2 LogRecord → 6 KeyValue) and
 * reports each record's aimon.run_id / aimon.seq.
 */
export function walkLogRecords(
  buf: Buffer,
  onRecord: (runId: string | undefined, seq: number | undefined) => void,
): void {
  const r = new WireReader(buf);
  r.messages(buf.length, [1], (_rl, rlEnd) =>
    r.messages(rlEnd, [2], (_sl, slEnd) =>
      r.messages(slEnd, [2], (_lr, lrEnd) => {
        let runId: string | undefined;
        let seq: number | undefined;
        r.messages(lrEnd, [6], (_kv, kvEnd) => {
          let which = 0;
          while (r.pos < kvEnd) {
            const tag = r.varint();
            if (tag === 0x0a) {
              const len = r.varint();
              if (r.equals(r.pos, len, RUN_ID_KEY)) which = 1;
              else if (r.equals(r.pos, len, SEQ_KEY)) which = 2;
              r.pos += len;
            } else if (tag === 0x12 && which !== 0) {
              const anyEnd = r.varint() + r.pos;
              while (r.pos < anyEnd) {
                const t = r.varint();
                if (t === 0x0a && which === 1) {
                  const len = r.varint();
                  runId = buf.toString('utf8', r.pos, r.pos + len);
                  r.pos += len;
                } else if (t === 0x18 && which === 2) seq = r.varint();
                else r.skip(t & 7);
              }
            } else r.skip(tag & 7);
          }
        });
        onRecord(runId, seq);
      }),
    ),
  );
}

/** Data point fields of Metric: 5 gauge, 7 sum, 9 histogram, 10 exponential histogram, 11 summary. */
const METRIC_DATA = [5, 7, 9, 10, 11];

/**
 * Data points in ExportMetricsServiceRequest bytes (request.1 ResourceMetrics → 2 ScopeMetrics → 2 Metric →
 * its data → 1 data point).
 */
export function countMetricPoints(buf: Buffer): number {
  const r = new WireReader(buf);
  let points = 0;
  r.messages(buf.length, [1], (_rm, rmEnd) =>
    r.messages(rmEnd, [2], (_sm, smEnd) =>
      r.messages(smEnd, [2], (_m, mEnd) =>
        r.messages(mEnd, METRIC_DATA, (_d, dataEnd) => r.messages(dataEnd, [1], () => points++)),
      ),
    ),
  );
  return points;
}
