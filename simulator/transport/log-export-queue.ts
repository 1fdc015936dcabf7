import type { Clock } from '../clock.js';
import type { LogBatch } from '../generate/generator-protocol.js';
import type { SinkResult } from '../sinks/sink.js';
import { asPayload, type Delivery } from './delivery.js';
import type { PendingSends } from './pending-sends.js';

/** Called once per batch, when it is acknowledged or failed for good; `retried`: it needed more than one try. */
export type LogsSettled = (batch: LogBatch, result: SinkResult, retried: boolean) => void;

/**
 * Log export requests: at most maxInFlight are sent at once, the rest wait here in order (the generator bounds the
 * queue by maxQueuedRecords). Counts what is waiting, for the progress line.
 */
export class LogExportQueue {
  /** Requests handed over and not settled yet (queued, in flight or retrying). */
  inFlight = 0;
  /** Records in those requests. */
  waitingRecords = 0;
  /** Of those, records in requests not sent yet. */
  queuedRecords = 0;
  private readonly queue: Array<{ batch: LogBatch; handedAt: number } | undefined> = [];
  private head = 0;
  private sending = 0;

  constructor(
    private readonly delivery: Delivery,
    private readonly pending: PendingSends,
    private readonly clock: Clock,
    private readonly maxInFlight: number,
    private readonly onSettled: LogsSettled,
  ) {}

  push(batch: LogBatch): void {
    this.inFlight++;
    this.waitingRecords += batch.records;
    this.queuedRecords += batch.records;
    this.queue.push({ batch, handedAt: this.clock.nowMs() });
    this.pump();
  }

  private pump(): void {
    while (this.sending < this.maxInFlight && this.head < this.queue.length) {
      const { batch, handedAt } = this.queue[this.head]!;
      this.queue[this.head++] = undefined;
      this.queuedRecords -= batch.records;
      this.sending++;
      let retried = false;
      this.pending.track(
        this.delivery
          .deliver('logs', asPayload(batch.payload), handedAt, () => (retried = true))
          .then((result) => {
            this.sending--;
            this.inFlight--;
            this.waitingRecords -= batch.records;
            this.onSettled(batch, result, retried);
            this.pump();
          }),
      );
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
