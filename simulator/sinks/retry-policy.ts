/**
 * How the simulator rides out an unavailable receiver, as OTLP asks of exporters: which failures are worth
 * retrying (gRPC codes, HTTP statuses, connection errors), exponential backoff with jitter, the server's own
 * throttle delay (HTTP Retry-After, gRPC google.rpc.RetryInfo), and a deadline after which a batch is failed.
 * Pure functions: the transport (transport/delivery.ts) owns the clock and the queues.
 */

export interface RetryPolicy {
  /** How long after it was handed to the transport a batch may still be retried (Infinity: for ever). */
  retryForMs: number;
  /** First backoff; each retry doubles it, up to maxBackoffMs. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * gRPC codes OTLP/gRPC calls retryable (opentelemetry-proto, otlp.md "Failures"): CANCELLED, DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS. Every other code is permanent.
 */
export const RETRYABLE_GRPC_CODES: ReadonlySet<number> = new Set([1, 4, 8, 10, 11, 14, 15]);

/** HTTP statuses OTLP/HTTP calls retryable: 429, 502, 503, 504. Every other non-2xx is permanent. */
export const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Connection-level errors that a receiver coming back would cure (refused, reset, timed out, DNS hiccups).
 * Anything else thrown before an HTTP status (TLS certificate errors, invalid arguments) is permanent.
 */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_ABORTED',
]);

export function isRetryableNetworkError(code: string | undefined): boolean {
  // No code at all: an unexpected socket-level failure; retrying is the safe side (the deadline still applies).
  return code === undefined || TRANSIENT_NETWORK_CODES.has(code);
}

/**
 * The backoff before retry number `retry` (1 = the first retry): initial × 2^(retry−1), capped, then jittered
 * to between half and all of it so that many batches failing together do not retry in lockstep.
 */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const base = Math.min(policy.initialBackoffMs * 2 ** Math.max(0, retry - 1), policy.maxBackoffMs);
  return base * (0.5 + random() / 2);
}

/**
 * When to retry after a retryable failure, or undefined to give up. `deadlineMs` is when the batch must have
 * been acknowledged by (handed over + retryForMs). A computed backoff is cut short at the deadline, so the last
 * attempt happens right on it; a server-requested delay (Retry-After, RetryInfo) that ends past the deadline
 * gives up at once, as the server said it will not take the batch before then.
 */
export function nextRetryAt(
  policy: RetryPolicy,
  retry: number,
  nowMs: number,
  deadlineMs: number,
  random: () => number,
  serverDelayMs?: number,
): number | undefined {
  if (nowMs >= deadlineMs) return undefined;
  if (serverDelayMs !== undefined) {
    const at = nowMs + Math.max(0, serverDelayMs);
    return at > deadlineMs ? undefined : at;
  }
  return Math.min(nowMs + backoffMs(policy, retry, random), deadlineMs);
}

/** An HTTP Retry-After header (delay-seconds or an HTTP date) in ms from now; undefined when absent or bad. */
export function parseRetryAfterMs(
  header: string | string[] | undefined,
  nowMs = Date.now(),
): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/**
 * The retry delay in a gRPC status's details (`grpc-status-details-bin`: google.rpc.Status whose `details` may hold
 * a google.rpc.RetryInfo { retry_delay: Duration }), in ms; undefined when there is none.
 */
export function grpcRetryInfoDelayMs(statusDetails: Uint8Array | undefined): number | undefined {
  if (!statusDetails || statusDetails.length === 0) return undefined;
  try {
    for (const [field, any] of protoFields(statusDetails)) {
      if (field !== 3 || typeof any === 'number') continue; // Status.details (repeated Any)
      let typeUrl = '';
      let value: Uint8Array | undefined;
      for (const [f, v] of protoFields(any)) {
        if (f === 1 && typeof v !== 'number') typeUrl = Buffer.from(v).toString('utf8');
        else if (f === 2 && typeof v !== 'number') value = v;
      }
      if (!typeUrl.endsWith('google.rpc.RetryInfo') || !value) continue;
      for (const [f, duration] of protoFields(value)) {
        if (f !== 1 || typeof duration === 'number') continue; // RetryInfo.retry_delay
        let seconds = 0;
        let nanos = 0;
        for (const [df, dv] of protoFields(duration)) {
          if (df === 1 && typeof dv === 'number') seconds = dv;
          else if (df === 2 && typeof dv === 'number') nanos = dv;
        }
        return seconds * 1000 + nanos / 1e6;
      }
    }
  } catch {
    return undefined; // malformed details: no server delay
  }
  return undefined;
}

/** The fields of one protobuf message: [field number, varint value or length-delimited bytes]. */
function protoFields(bytes: Uint8Array): Array<[number, number | Uint8Array]> {
  const fields: Array<[number, number | Uint8Array]> = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= bytes.length) throw new Error('truncated varint');
      const b = bytes[pos++]!;
      result += (b & 127) * scale;
      if (b < 128) return result;
      scale *= 128;
    }
  };
  while (pos < bytes.length) {
    const tag = varint();
    const wire = tag % 8;
    const field = Math.floor(tag / 8);
    if (wire === 0) fields.push([field, varint()]);
    else if (wire === 2) {
      const len = varint();
      if (pos + len > bytes.length) throw new Error('truncated field');
      fields.push([field, bytes.subarray(pos, pos + len)]);
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return fields;
}
