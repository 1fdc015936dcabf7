import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetricSeries, writeLedgerFile, type AgentName, type RunLedger } from '../core/ledger/index.js';
import type { AgentModelFactory } from './agents/agent-model.js';
import { systemClock, type Clock } from './clock.js';
import {
  startGeneratorInThread,
  startGeneratorWorker,
  workerScriptAvailable,
  type GeneratorHandle,
} from './generate/generator-handle.js';
import {
  noGeneratorCounters,
  type GeneratorCounters,
  type GeneratorMessage,
  type GeneratorSummary,
} from './generate/generator-protocol.js';
import type { PayloadFormat } from './generate/record-generator.js';
import { partitionsOfShard, WHOLE_RUN } from './partition.js';
import { partitionLedger } from './partition-ledger.js';
import { PartitionTally } from './partition-tally.js';
import { ProgressReporter } from './progress-reporter.js';
import { runPartitions } from './run-partitions.js';
import { RampingRateScheduler } from './schedule/scheduler.js';
import { seededRandom } from './seeded-random.js';
import type { SimulationConfig } from './simulation-config.js';
import { createSink } from './sinks/create-sink.js';
import type { Sink } from './sinks/sink.js';
import { Delivery, isAcknowledged } from './transport/delivery.js';
import { LogExportQueue } from './transport/log-export-queue.js';
import { MetricExportChain } from './transport/metric-export-chain.js';
import { PendingSends } from './transport/pending-sends.js';
import { requireReceiver } from './transport/require-receiver.js';

export interface SimulationProgress {
  elapsedMs: number;
  targetPerSec: number | null;
  /** Records sent per second over the last progress interval. */
  currentPerSec: number;
  scheduled: number;
  sent: number;
  acknowledged: number;
  failed: number;
  missed: number;
  retried: number;
  withheld: number;
  /** Log export requests handed to the transport and not yet settled (queued, in flight or retrying). */
  inFlight: number;
  /** Log records in those requests: built, not yet acknowledged or failed. */
  waiting: number;
  /** Of those, records in requests not sent yet (queued behind maxInFlight busy ones). */
  queued: number;
  /** Set while the receiver is unavailable and batches are being retried: since when, and what it answers. */
  outage: { forMs: number; error: string } | null;
  /** Metric series the generator holds in memory, and has retired to disk (ended sessions). */
  liveMetricSeries: number;
  retiredMetricSeries: number;
}

export interface SimulationResult {
  ledger: RunLedger;
  /** 0 when every record (and every metric export) was acknowledged and none was missed; else 1. */
  exitCode: number;
  retried: number;
  /** Distinct error messages of failed exports with their counts. */
  errors: Record<string, number>;
  metricExports: { requests: number; points: number; acknowledgedPoints: number; failedPoints: number };
  elapsedMs: number;
}

export interface RunSimulationOptions {
  onProgress?(progress: SimulationProgress): void;
  signal?: AbortSignal;
  clock?: Clock;
  /** Overrides the real agent models (tests). */
  agentModelFactories?: Partial<Record<AgentName, AgentModelFactory>>;
  /** 'main' builds records in this thread (default: a worker thread when the compiled worker exists). */
  generatorThread?: GeneratorThread;
  /** Overrides the sink built from config (tests); its probe, if any, runs as the built one's would. */
  sink?: Sink;
  progressIntervalMs?: number;
}

/** Where records are built: a worker thread unless the caller injects models or a clock (tests). */
export type GeneratorThread = 'worker' | 'main';

/**
 * Runs one simulation (or this process's shard of one: config.shard). The record generator (schedule, agent models,
 * metrics, encoding; generate/) runs in a worker thread by default; this function is the transport: it sends each
 * encoded batch with retries, tracks what was acknowledged, and writes the ledger. Content depends only on the seed
 * and the run's partitions (partition.ts), not on the thread. With config.threads > 1, each thread builds one
 * partition with a transport of its own (run-partitions.ts) and their ledgers are merged.
 *
 * Outages: before anything is built, the sink's probe must find something listening, or the run stops with a
 * StackError (exit 3; transport/require-receiver.ts). After that, failures are retried through the outage until
 * config.retry.retryForMs after the batch was handed over (transport/delivery.ts). Log requests go out at most
 * maxInFlight at once, the rest queued (transport/log-export-queue.ts); metric requests one at a time, in order
 * (transport/metric-export-chain.ts).
 */
export async function runSimulation(
  config: SimulationConfig,
  options: RunSimulationOptions = {},
): Promise<SimulationResult> {
  if (config.partition) return runPartition(config, options);
  const partitions = partitionsOfShard(config.shard ?? { index: 1, count: 1 }, config.threads ?? 1);
  if (partitions.length === 1) return runPartition({ ...config, partition: partitions[0]! }, options);
  return runPartitions(config, partitions, options, runPartition);
}

/**
 * One generator (one partition of the run, the whole run unless sharded) and its transport: the receiver is probed,
 * the generator started, each batch it hands over delivered (transport/) and tallied (partition-tally.ts); once
 * everything has settled, the partition's ledger is assembled (partition-ledger.ts) and written.
 */
async function runPartition(
  config: SimulationConfig,
  options: RunSimulationOptions,
): Promise<SimulationResult> {
  const partition = config.partition ?? WHOLE_RUN;
  /** This partition's share of the run's target rate. */
  const targetPerSec = config.targetPerSec === null ? null : config.targetPerSec / partition.count;
  const clock = options.clock ?? systemClock;
  const sink = options.sink ?? createSink(config);
  await requireReceiver(sink);

  const tally = new PartitionTally();
  const pending = new PendingSends();
  const delivery = new Delivery(sink, {
    retry: config.retry,
    exportTimeoutMs: config.exportTimeoutMs,
    clock,
    jitter: seededRandom(config.seed ^ 0x7e7),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let generated: GeneratorCounters = noGeneratorCounters();
  let summary: GeneratorSummary | undefined;
  /** The run starts when the generator is ready (models built), as the generator's own schedule does. */
  let startedMs = clock.nowMs();
  /** When the last export settled: the run ends there (the summary hand-over after it is bookkeeping). */
  let lastSettledAt: number | undefined;
  const settled = (signal: 'logs' | 'metrics', id: number, acknowledged: boolean): void => {
    lastSettledAt = clock.nowMs();
    generator.send({ type: 'settled', signal, id, acknowledged });
  };
  const logs = new LogExportQueue(delivery, pending, clock, config.maxInFlight, (batch, result, retried) => {
    tally.logsSettled(batch, result, retried);
    settled('logs', batch.id, isAcknowledged(result));
  });
  const metrics = new MetricExportChain(delivery, pending, clock, (id, result) => {
    tally.metricsSettled(result);
    settled('metrics', id, isAcknowledged(result));
  });

  // A ramp (or named loads) has no one target: progress shows the planned rate at the moment.
  const plan = config.stages && targetPerSec === null ? new RampingRateScheduler(config.stages) : undefined;
  const progress = new ProgressReporter(options.onProgress, clock, (elapsedMs, nowMs) => ({
    targetPerSec:
      config.stages === null
        ? null
        : (targetPerSec ?? (plan ? (plan.targetRateAt(elapsedMs) ?? 0) / partition.count : null)),
    scheduled: generated.scheduled,
    sent: tally.counts.sent,
    acknowledged: tally.counts.acknowledged,
    failed: tally.counts.failed,
    missed: generated.missed,
    retried: tally.counts.retried,
    withheld: generated.withheld,
    inFlight: logs.inFlight,
    waiting: logs.waitingRecords,
    queued: logs.queuedRecords,
    outage: delivery.outage(nowMs),
    liveMetricSeries: generated.liveMetricSeries,
    retiredMetricSeries: generated.retiredMetricSeries,
  }));

  const onMessage = (message: GeneratorMessage): void => {
    switch (message.type) {
      case 'ready':
        startedMs = clock.nowMs();
        progress.restart(startedMs);
        tally.start(message.breakdowns);
        break;
      case 'logs':
        generated = message.counters;
        tally.logsSent(message.batch);
        logs.push(message.batch);
        break;
      case 'withheld':
        tally.withheld(message.expectations);
        break;
      case 'metrics':
        metrics.push(message.batch.id, message.batch.payload, message.batch.points);
        break;
      case 'counters':
        generated = message.counters;
        break;
      case 'done':
        summary = message.summary;
        break;
      case 'error':
        break; // surfaced by the handle's `finished` promise
    }
  };

  // Retired metric series wait on disk until the run is over (the generator's memory stays flat).
  const seriesDir = await mkdtemp(join(tmpdir(), 'aimon-series-'));
  const metricSeriesPath = join(seriesDir, 'metric-series.tsv');
  const generator = await startGenerator(
    config,
    sink.payloadFormat,
    options,
    clock,
    metricSeriesPath,
    onMessage,
  );
  progress.start(options.progressIntervalMs ?? 1000);
  const onAbort = (): void => generator.send({ type: 'stop' });
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let metricSeries: RunLedger['metrics'];
  try {
    await generator.finished;
    await pending.settled();
    metricSeries = await readMetricSeries(metricSeriesPath);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    progress.stop();
    await generator.close();
    await rm(seriesDir, { recursive: true, force: true });
  }
  const endedMs = lastSettledAt ?? clock.nowMs();
  progress.emit(clock.nowMs());
  await sink.close();
  const ledger = partitionLedger({
    config,
    partition,
    targetPerSec,
    endpoint: sink.endpoint,
    startedMs,
    endedMs,
    tally,
    summary: summary!,
    metrics: metricSeries,
  });
  if (config.ledgerFile) await writeLedgerFile(config.ledgerFile, ledger);
  const allAcknowledged =
    tally.counts.failed === 0 && summary!.missed === 0 && metrics.stats.failedPoints === 0;
  return {
    ledger,
    exitCode: allAcknowledged ? 0 : 1,
    retried: tally.counts.retried,
    errors: tally.errors,
    metricExports: metrics.stats,
    elapsedMs: endedMs - startedMs,
  };
}

/** Starts the record generator: in a worker thread unless the caller injects models or a clock (tests). */
async function startGenerator(
  config: SimulationConfig,
  payloadFormat: PayloadFormat,
  options: RunSimulationOptions,
  clock: Clock,
  metricSeriesPath: string,
  onMessage: (message: GeneratorMessage) => void,
): Promise<GeneratorHandle> {
  const inThread =
    options.agentModelFactories !== undefined ||
    options.clock !== undefined ||
    options.generatorThread === 'main' ||
    !workerScriptAvailable();
  if (!inThread) return startGeneratorWorker(config, payloadFormat, metricSeriesPath, onMessage);
  return startGeneratorInThread(
    config,
    payloadFormat,
    // Loaded only here: the models (and their text pools) otherwise live in the worker alone.
    options.agentModelFactories ?? (await import('./agents/index.js')).agentModelFactories,
    clock,
    metricSeriesPath,
    onMessage,
  );
}
