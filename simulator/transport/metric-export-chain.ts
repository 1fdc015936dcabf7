import type { Clock } from '../clock.js';
import type { SinkResult } from '../sinks/sink.js';
import { asPayload, isAcknowledged, type Delivery } from './delivery.js';
import type { PendingSends } from './pending-sends.js';

export interface MetricExportStats {
  requests: number;
  points: number;
  acknowledgedPoints: number;
  failedPoints: number;
}

/**
 * Metric export requests: one at a time, in order, so that a delta point never reaches the collector before its
 * predecessor. Counts requests and points, acknowledged or failed.
 */
export class MetricExportChain {
  readonly stats: MetricExportStats = { requests: 0, points: 0, acknowledgedPoints: 0, failedPoints: 0 };
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly delivery: Delivery,
    private readonly pending: PendingSends,
    private readonly clock: Clock,
    private readonly onSettled: (id: number, result: SinkResult) => void,
  ) {}

  push(id: number, payload: Uint8Array | string, points: number): void {
    this.stats.requests++;
    this.stats.points += points;
    const handedAt = this.clock.nowMs();
    const sent = this.chain.then(() =>
      this.delivery.deliver('metrics', asPayload(payload), handedAt, () => undefined),
    );
    this.chain = sent;
    this.pending.track(
      sent.then((result: SinkResult) => {
        if (isAcknowledged(result)) this.stats.acknowledgedPoints += points;
        else this.stats.failedPoints += points;
        this.onSettled(id, result);
      }),
    );
  }
}
