/** Where export requests go: an OTLP receiver (gRPC or HTTP/protobuf) or a file of OTLP/JSON lines. */
export type Signal = 'logs' | 'metrics';

export type SinkResult =
  | {
      status: 'ok';
      /** Records the receiver reported as rejected in a partial success. */ rejected: number;
      message?: string;
    }
  | { status: 'failed'; error: string }
  | { status: 'retryable'; error: string; retryInMs?: number };

export interface Sink {
  readonly protocol: 'grpc' | 'http' | 'file';
  /** Where it sends, for the ledger and the summary. */
  readonly endpoint: string;
  /** 'protobuf' sinks get ExportLogs/MetricsServiceRequest bytes; 'json' sinks one OTLP/JSON line. */
  readonly payloadFormat: 'protobuf' | 'json';
  send(signal: Signal, payload: Buffer | string, timeoutMs: number): Promise<SinkResult>;
  /**
   * Before anything is sent: does anything answer at the endpoint? undefined when it does, else why not. A run
   * whose probe fails stops at once (exit 3); later failures are retried (see retry-policy.ts).
   */
  probe?(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface TlsOptions {
  /** No TLS at all (OTel's OTEL_EXPORTER_OTLP_INSECURE, telemetrygen's --otlp-insecure). */
  insecure?: boolean;
  /** TLS, but without verifying the server's certificate (telemetrygen's --otlp-insecure-skip-verify). */
  insecureSkipVerify?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

/** partial_success of an Export*ServiceResponse: field 1 { rejected (varint, field 1), error_message (field 2) }. */
export function decodePartialSuccess(bytes: Uint8Array): { rejected: number; message?: string } {
  let rejected = 0;
  let message: string | undefined;
  const readVarint = (buf: Uint8Array, at: { pos: number }): number => {
    let result = 0;
    let shift = 1;
    for (;;) {
      const b = buf[at.pos++];
      if (b === undefined) return result;
      result += (b & 127) * shift;
      if (b < 128) return result;
      shift *= 128;
    }
  };
  const outer = { pos: 0 };
  while (outer.pos < bytes.length) {
    const tag = readVarint(bytes, outer);
    const wire = tag & 7;
    if (wire === 2) {
      const len = readVarint(bytes, outer);
      const body = bytes.subarray(outer.pos, outer.pos + len);
      outer.pos += len;
      if (tag >> 3 !== 1) continue;
      const inner = { pos: 0 };
      while (inner.pos < body.length) {
        const t = readVarint(body, inner);
        if ((t & 7) === 0) {
          const v = readVarint(body, inner);
          if (t >> 3 === 1) rejected = v;
        } else if ((t & 7) === 2) {
          const l = readVarint(body, inner);
          if (t >> 3 === 2) message = Buffer.from(body.subarray(inner.pos, inner.pos + l)).toString('utf8');
          inner.pos += l;
        } else break;
      }
    } else if (wire === 0) readVarint(bytes, outer);
    else break;
  }
  return message ? { rejected, message } : { rejected };
}
