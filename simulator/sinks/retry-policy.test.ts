import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  grpcRetryInfoDelayMs,
  isRetryableNetworkError,
  nextRetryAt,
  parseRetryAfterMs,
  RETRYABLE_GRPC_CODES,
  RETRYABLE_HTTP_STATUSES,
  type RetryPolicy,
} from './retry-policy.js';

const policy: RetryPolicy = { retryForMs: 60_000, initialBackoffMs: 250, maxBackoffMs: 5000 };
const low = (): number => 0; // jitter at its lowest: half the backoff
const high = (): number => 0.999_999; // at its highest: all of it

/** protobuf helpers to build a google.rpc.Status by hand. */
const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const field = (no: number, bytes: number[]): number[] => [
  ...varint(no * 8 + 2),
  ...varint(bytes.length),
  ...bytes,
];
const int = (no: number, v: number): number[] => [...varint(no * 8), ...varint(v)];
const text = (s: string): number[] => [...Buffer.from(s)];

function statusWithRetryInfo(seconds: number, nanos: number): Buffer {
  const duration = [...int(1, seconds), ...int(2, nanos)];
  const retryInfo = field(1, duration);
  const any = [...field(1, text('type.googleapis.com/google.rpc.RetryInfo')), ...field(2, retryInfo)];
  return Buffer.from([...int(1, 8), ...field(2, text('slow down')), ...field(3, any)]);
}

describe('backoff', () => {
  it('doubles from the initial backoff and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((r) => backoffMs(policy, r, high))).toEqual(
      [250, 500, 1000, 2000, 4000, 5000, 5000].map((ms) => expect.closeTo(ms, 0)),
    );
  });

  it('jitters each delay to between half and all of it', () => {
    expect(backoffMs(policy, 3, low)).toBe(500);
    expect(backoffMs(policy, 3, high)).toBeCloseTo(1000, 0);
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = Array.from({ length: 200 }, () => backoffMs(policy, 3, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    expect(new Set(delays.map((d) => Math.round(d))).size).toBeGreaterThan(50); // not in lockstep
  });
});

describe('nextRetryAt (the deadline)', () => {
  it('retries after the backoff while the deadline is ahead', () => {
    expect(nextRetryAt(policy, 1, 1000, 61_000, low)).toBe(1125);
  });

  it('cuts the last backoff short so the last try lands on the deadline', () => {
    expect(nextRetryAt(policy, 8, 60_000, 61_000, high)).toBe(61_000);
  });

  it('gives up once the deadline has passed', () => {
    expect(nextRetryAt(policy, 3, 61_000, 61_000, low)).toBeUndefined();
    expect(nextRetryAt({ ...policy, retryForMs: 0 }, 1, 5, 5, low)).toBeUndefined();
  });

  it('honours a server delay, and gives up at once when it ends past the deadline', () => {
    expect(nextRetryAt(policy, 1, 1000, 61_000, low, 7000)).toBe(8000);
    expect(nextRetryAt(policy, 1, 1000, 5000, low, 7000)).toBeUndefined();
  });

  it('retries for ever with an infinite deadline', () => {
    expect(nextRetryAt(policy, 50, 1e12, Infinity, high)).toBeCloseTo(1e12 + 5000, 0);
  });
});

describe('what is retryable', () => {
  it('gRPC: the OTLP retryable codes only', () => {
    // CANCELLED 1, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, ABORTED 10, OUT_OF_RANGE 11, UNAVAILABLE 14, DATA_LOSS 15
    expect([...RETRYABLE_GRPC_CODES].sort((a, b) => a - b)).toEqual([1, 4, 8, 10, 11, 14, 15]);
    // INVALID_ARGUMENT 3, NOT_FOUND 5, PERMISSION_DENIED 7, UNIMPLEMENTED 12, INTERNAL 13, UNAUTHENTICATED 16
    for (const permanent of [2, 3, 5, 6, 7, 9, 12, 13, 16])
      expect(RETRYABLE_GRPC_CODES.has(permanent)).toBe(false);
  });

  it('HTTP: 429, 502, 503, 504; never 400, 401, 403, 404, 413, 500', () => {
    for (const s of [429, 502, 503, 504]) expect(RETRYABLE_HTTP_STATUSES.has(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 413, 415, 500, 501])
      expect(RETRYABLE_HTTP_STATUSES.has(s)).toBe(false);
  });

  it('connections: refused, reset, timeouts and DNS hiccups retry; TLS and bad arguments do not', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'UND_ERR_SOCKET',
      'UND_ERR_CONNECT_TIMEOUT',
      'EAI_AGAIN',
    ])
      expect(isRetryableNetworkError(code)).toBe(true);
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UND_ERR_INVALID_ARG'])
      expect(isRetryableNetworkError(code)).toBe(false);
  });
});

describe('server delays', () => {
  it('Retry-After: seconds or an HTTP date; junk is ignored', () => {
    expect(parseRetryAfterMs('3')).toBe(3000);
    expect(parseRetryAfterMs(['1.5'])).toBe(1500);
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(parseRetryAfterMs('Fri, 27 Nov 2026 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfterMs('Fri, 27 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });

  it('gRPC: google.rpc.RetryInfo in grpc-status-details-bin', () => {
    expect(grpcRetryInfoDelayMs(statusWithRetryInfo(2, 500_000_000))).toBe(2500);
    expect(grpcRetryInfoDelayMs(undefined)).toBeUndefined();
    expect(grpcRetryInfoDelayMs(Buffer.from([...int(1, 14), ...field(2, text('down'))]))).toBeUndefined();
    expect(grpcRetryInfoDelayMs(Buffer.from([0x1a, 0x7f, 1]))).toBeUndefined(); // truncated
  });
});
