/**
 * Delivering one export request through outages: a retryable failure (retry-policy.ts) is retried with backoff and
 * jitter until retry.retryForMs after the request was handed over; only then is it failed. While the receiver is
 * away, one request at a time probes it and the others take its answer as their own, so a collector that comes back
 * with a backlog is not also sent every retry at once; when it answers again, every sleeping retry is woken.
 */
import { formatDurationMs } from '../../core/duration.js';
import type { Clock } from '../clock.js';
import { nextRetryAt, type RetryPolicy } from '../sinks/retry-policy.js';
import type { Signal, Sink, SinkResult } from '../sinks/sink.js';
import { deferred } from './deferred.js';

export interface DeliveryOptions {
  retry: RetryPolicy;
  /** Timeout of a first try (a retry's is cut to the time left before its deadline, 1 s at least). */
  exportTimeoutMs: number;
  clock: Clock;
  /** Seeded random source for the backoff's jitter. */
  jitter: () => number;
  /** Ctrl-C: no retry sleeps past it, a request queued while the receiver is away fails at once. */
  signal?: AbortSignal;
}

/** Whether the receiver took every record of the request. */
export const isAcknowledged = (result: SinkResult): boolean =>
  result.status === 'ok' && result.rejected === 0;

/** A generator's payload as the sink takes it (a worker thread hands over plain Uint8Arrays). */
export const asPayload = (p: Uint8Array | string): Buffer | string =>
  typeof p === 'string' || Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);

export class Delivery {
  /** The receiver's availability, as the last answer showed it. */
  private downSince: number | undefined;
  private downError = '';
  private onRecovered = deferred();
  private probing = false;
  private onProbeAnswered = deferred();
  private readonly aborted: Promise<void>;

  constructor(
    private readonly sink: Sink,
    private readonly options: DeliveryOptions,
  ) {
    const signal = options.signal;
    this.aborted = new Promise<void>((resolve) => {
      if (signal?.aborted) resolve();
      else signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Set while the receiver is unavailable: for how long, and what it answers. */
  outage(nowMs: number): { forMs: number; error: string } | null {
    return this.downSince === undefined ? null : { forMs: nowMs - this.downSince, error: this.downError };
  }

  /** Sends one request until it is answered for good, or its retry deadline (handed over + retryForMs) passes. */
  async deliver(
    signal: Signal,
    payload: Buffer | string,
    handedAt: number,
    onRetry: () => void,
  ): Promise<SinkResult> {
    const { clock, retry, exportTimeoutMs } = this.options;
    const deadline = handedAt + retry.retryForMs;
    // Queued past its deadline (or after Ctrl-C) while the receiver is still away: failed without another try.
    if (this.downSince !== undefined && (clock.nowMs() >= deadline || this.options.signal?.aborted)) {
      return { status: 'retryable', error: this.gaveUp(this.downError) };
    }
    for (let attempt = 1; ; attempt++) {
      // A retry is not left hanging (a frozen receiver) much past the deadline; the first try gets the full timeout.
      const timeoutMs =
        attempt === 1 ? exportTimeoutMs : Math.max(1000, Math.min(exportTimeoutMs, deadline - clock.nowMs()));
      const result = await this.attempt(signal, payload, timeoutMs);
      if (result.status !== 'retryable' || this.options.signal?.aborted) return result;
      const at = nextRetryAt(retry, attempt, clock.nowMs(), deadline, this.options.jitter, result.retryInMs);
      if (at === undefined) return { ...result, error: this.gaveUp(result.error) };
      if (attempt === 1) onRetry();
      const cancel = new AbortController();
      await Promise.race([clock.sleepUntil(at, cancel.signal), this.onRecovered.promise, this.aborted]);
      cancel.abort();
    }
  }

  /** One try; while the receiver is away and another request is probing it, that one's answer instead. */
  private async attempt(signal: Signal, payload: Buffer | string, timeoutMs: number): Promise<SinkResult> {
    if (this.downSince !== undefined && this.probing) {
      await Promise.race([this.onProbeAnswered.promise, this.aborted]);
      if (this.downSince !== undefined) return { status: 'retryable', error: this.downError };
    }
    const probe = this.downSince !== undefined;
    if (probe) this.probing = true;
    try {
      const result = await this.sink.send(signal, payload, timeoutMs);
      this.noteAnswer(result);
      return result;
    } finally {
      if (probe) {
        this.probing = false;
        const answered = this.onProbeAnswered;
        this.onProbeAnswered = deferred();
        answered.resolve();
      }
    }
  }

  private noteAnswer(result: SinkResult): void {
    if (result.status === 'retryable') {
      this.downSince ??= this.options.clock.nowMs();
      this.downError = result.error;
    } else if (this.downSince !== undefined) {
      this.downSince = undefined;
      const recovered = this.onRecovered;
      this.onRecovered = deferred();
      recovered.resolve(); // the receiver is back: every sleeping retry tries now
    }
  }

  private gaveUp(error: string): string {
    const { retryForMs } = this.options.retry;
    return retryForMs > 0 ? `${error} (gave up after retrying for ${formatDurationMs(retryForMs)})` : error;
  }
}
