/**
 * What one partition's transport learns as its requests settle, kept for the ledger: records sent, acknowledged and
 * failed (by seq and by second), what the acknowledged ones add to the expectations, and the errors seen.
 */
import {
  type AgentName,
  type ExpectationsDelta,
  RecordExpectations,
  SeqRangeSet,
  Timeline,
} from '../core/ledger/index.js';
import type { BreakdownSpec } from './agents/agent-model.js';
import type { LogBatch } from './generate/generator-protocol.js';
import type { SinkResult } from './sinks/sink.js';
import { isAcknowledged } from './transport/delivery.js';

export class PartitionTally {
  readonly counts = { sent: 0, acknowledged: 0, failed: 0, retried: 0 };
  /** Distinct error messages of failed exports with their counts. */
  readonly errors: Record<string, number> = {};
  readonly timeline = new Timeline();
  readonly acknowledgedSeq = new SeqRangeSet();
  readonly failedSeq = new SeqRangeSet();
  private built: RecordExpectations | undefined;

  /** The generator is ready: its agents' breakdowns are known. */
  start(breakdowns: Partial<Record<AgentName, readonly BreakdownSpec[]>>): void {
    this.built = new RecordExpectations(breakdowns);
  }

  get expectations(): RecordExpectations {
    if (!this.built) throw new Error('the generator never reported ready');
    return this.built;
  }

  logsSent(batch: LogBatch): void {
    this.counts.sent += batch.records;
    for (const [second, n] of batch.seconds) this.timeline.addToSecond(second, 'sent', n);
  }

  logsSettled(batch: LogBatch, result: SinkResult, retried: boolean): void {
    if (retried) this.counts.retried += batch.records;
    const ok = isAcknowledged(result);
    if (!ok) {
      this.countError(
        result.status === 'ok'
          ? `partial success: ${result.rejected} rejected${result.message ? ` (${result.message})` : ''}`
          : result.error,
      );
    }
    for (const [second, n] of batch.seconds)
      this.timeline.addToSecond(second, ok ? 'acknowledged' : 'failed', n);
    if (ok) {
      this.counts.acknowledged += batch.records;
      for (const [a, b] of batch.seqRanges) this.acknowledgedSeq.add(a, b);
      this.expectations.merge(batch.expectations);
    } else {
      this.counts.failed += batch.records;
      for (const [a, b] of batch.seqRanges) this.failedSeq.add(a, b);
    }
  }

  /** Records withheld on purpose (fault injection): never sent, yet expected. */
  withheld(delta: ExpectationsDelta): void {
    this.expectations.merge(delta);
  }

  metricsSettled(result: SinkResult): void {
    if (isAcknowledged(result)) return;
    this.countError(
      `metrics: ${result.status === 'ok' ? `partial success, ${result.rejected} rejected` : result.error}`,
    );
  }

  private countError(message: string): void {
    this.errors[message] = (this.errors[message] ?? 0) + 1;
  }
}
