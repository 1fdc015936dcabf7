/**
 * One partition's transport: it takes the generator's messages, delivers the batches (transport/), tallies what
 * settles (partition-tally.ts), tells the generator, and shows where it all stands for the progress line.
 */
import type { Clock } from './clock.js';
import type { GeneratorHandle } from './generate/generator-handle.js';
import {
  noGeneratorCounters,
  type GeneratorCounters,
  type GeneratorMessage,
  type GeneratorSummary,
} from './generate/generator-protocol.js';
import { PartitionTally } from './partition-tally.js';
import type { ProgressFigures } from './progress-reporter.js';
import { seededRandom } from './seeded-random.js';
import type { SimulationConfig } from './simulation-config.js';
import type { Sink } from './sinks/sink.js';
import { Delivery, isAcknowledged } from './transport/delivery.js';
import { LogExportQueue } from './transport/log-export-queue.js';
import { MetricExportChain, type MetricExportStats } from './transport/metric-export-chain.js';
import { PendingSends } from './transport/pending-sends.js';

export class PartitionTransport {
  readonly tally = new PartitionTally();
  /** The generator's running totals, as its last message gave them. */
  private generated: GeneratorCounters = noGeneratorCounters();
  private finalSummary: GeneratorSummary | undefined;
  /** When the last export settled: the run ends there (the summary hand-over after it is bookkeeping). */
  lastSettledAt: number | undefined;
  private readonly pending = new PendingSends();
  private readonly delivery: Delivery;
  private readonly logs: LogExportQueue;
  private readonly metrics: MetricExportChain;
  private generator: Pick<GeneratorHandle, 'send'> | undefined;

  constructor(
    config: SimulationConfig,
    sink: Sink,
    private readonly clock: Clock,
    /** The generator is ready (models built): the run starts now. */
    private readonly onReady: (nowMs: number) => void,
    signal?: AbortSignal,
  ) {
    this.delivery = new Delivery(sink, {
      retry: config.retry,
      exportTimeoutMs: config.exportTimeoutMs,
      clock,
      jitter: seededRandom(config.seed ^ 0x7e7),
      ...(signal ? { signal } : {}),
    });
    this.logs = new LogExportQueue(
      this.delivery,
      this.pending,
      clock,
      config.maxInFlight,
      (batch, result, retried) => {
        this.tally.logsSettled(batch, result, retried);
        this.settled('logs', batch.id, isAcknowledged(result));
      },
    );
    this.metrics = new MetricExportChain(this.delivery, this.pending, clock, (id, result) => {
      this.tally.metricsSettled(result);
      this.settled('metrics', id, isAcknowledged(result));
    });
  }

  /** The generator to tell what settled (started with onMessage as its listener). */
  connect(generator: Pick<GeneratorHandle, 'send'>): void {
    this.generator = generator;
  }

  readonly onMessage = (message: GeneratorMessage): void => {
    switch (message.type) {
      case 'ready':
        this.onReady(this.clock.nowMs());
        this.tally.start(message.breakdowns);
        break;
      case 'logs':
        this.generated = message.counters;
        this.tally.logsSent(message.batch);
        this.logs.push(message.batch);
        break;
      case 'withheld':
        this.tally.withheld(message.expectations);
        break;
      case 'metrics':
        this.metrics.push(message.batch.id, message.batch.payload, message.batch.points);
        break;
      case 'counters':
        this.generated = message.counters;
        break;
      case 'done':
        this.finalSummary = message.summary;
        break;
      case 'error':
        break; // surfaced by the handle's `finished` promise
    }
  };

  /** Resolves once every request handed over has settled. */
  allSettled(): Promise<void> {
    return this.pending.settled();
  }

  private settled(signal: 'logs' | 'metrics', id: number, acknowledged: boolean): void {
    this.lastSettledAt = this.clock.nowMs();
    this.generator?.send({ type: 'settled', signal, id, acknowledged });
  }

  /** The generator's summary ('done'); throws if the generator finished without one. */
  get summary(): GeneratorSummary {
    if (!this.finalSummary) throw new Error('the generator finished without a summary');
    return this.finalSummary;
  }

  get metricStats(): MetricExportStats {
    return this.metrics.stats;
  }

  /** Where the transport stands, for a progress line (the target rate is the caller's). */
  progressFigures(nowMs: number): Omit<ProgressFigures, 'targetPerSec'> {
    const { counts } = this.tally;
    return {
      scheduled: this.generated.scheduled,
      sent: counts.sent,
      acknowledged: counts.acknowledged,
      failed: counts.failed,
      missed: this.generated.missed,
      retried: counts.retried,
      withheld: this.generated.withheld,
      inFlight: this.logs.inFlight,
      waiting: this.logs.waitingRecords,
      queued: this.logs.queuedRecords,
      outage: this.delivery.outage(nowMs),
      liveMetricSeries: this.generated.liveMetricSeries,
      retiredMetricSeries: this.generated.retiredMetricSeries,
    };
  }
}
