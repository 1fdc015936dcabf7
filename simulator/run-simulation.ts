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
import type { GeneratorMessage } from './generate/generator-protocol.js';
import type { PayloadFormat } from './generate/record-generator.js';
import { partitionsOfShard, WHOLE_RUN } from './partition.js';
import { partitionLedger } from './partition-ledger.js';
import { PartitionTransport } from './partition-transport.js';
import { ProgressReporter } from './progress-reporter.js';
import { runPartitions } from './run-partitions.js';
import { RampingRateScheduler } from './schedule/scheduler.js';
import type { SimulationConfig } from './simulation-config.js';
import { createSink } from './sinks/create-sink.js';
import type { Sink } from './sinks/sink.js';
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
 * the generator started, each batch it hands over delivered and tallied (partition-transport.ts); once everything
 * has settled, the partition's ledger is assembled (partition-ledger.ts) and written.
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

  /** The run starts when the generator is ready (models built), as the generator's own schedule does. */
  let startedMs = clock.nowMs();
  const transport = new PartitionTransport(
    config,
    sink,
    clock,
    (nowMs) => {
      startedMs = nowMs;
      progress.restart(nowMs);
    },
    options.signal,
  );
  const targetAt = progressTarget(config, targetPerSec, partition.count);
  const progress = new ProgressReporter(options.onProgress, clock, (elapsedMs, nowMs) => ({
    targetPerSec: targetAt(elapsedMs),
    ...transport.progressFigures(nowMs),
  }));

  // Retired metric series wait on disk until the run is over (the generator's memory stays flat).
  const seriesDir = await mkdtemp(join(tmpdir(), 'aimon-series-'));
  const metricSeriesPath = join(seriesDir, 'metric-series.tsv');
  const generator = await startGenerator(
    config,
    sink.payloadFormat,
    options,
    clock,
    metricSeriesPath,
    transport.onMessage,
  );
  transport.connect(generator);
  progress.start(options.progressIntervalMs ?? 1000);
  const onAbort = (): void => generator.send({ type: 'stop' });
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let metricSeries: RunLedger['metrics'];
  try {
    await generator.finished;
    await transport.allSettled();
    metricSeries = await readMetricSeries(metricSeriesPath);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    progress.stop();
    await generator.close();
    await rm(seriesDir, { recursive: true, force: true });
  }
  const endedMs = transport.lastSettledAt ?? clock.nowMs();
  progress.emit(clock.nowMs());
  await sink.close();
  const { tally, summary } = transport;
  const ledger = partitionLedger({
    config,
    partition,
    targetPerSec,
    endpoint: sink.endpoint,
    startedMs,
    endedMs,
    tally,
    summary,
    metrics: metricSeries,
  });
  if (config.ledgerFile) await writeLedgerFile(config.ledgerFile, ledger);
  const allAcknowledged =
    tally.counts.failed === 0 && summary.missed === 0 && transport.metricStats.failedPoints === 0;
  return {
    ledger,
    exitCode: allAcknowledged ? 0 : 1,
    retried: tally.counts.retried,
    errors: tally.errors,
    metricExports: transport.metricStats,
    elapsedMs: endedMs - startedMs,
  };
}

/** The target rate a progress line shows: none for max; a ramp (or named loads) has the planned rate at the moment. */
function progressTarget(
  config: SimulationConfig,
  targetPerSec: number | null,
  partitions: number,
): (elapsedMs: number) => number | null {
  if (config.stages === null) return () => null;
  if (targetPerSec !== null) return () => targetPerSec;
  const plan = new RampingRateScheduler(config.stages);
  return (elapsedMs) => (plan.targetRateAt(elapsedMs) ?? 0) / partitions;
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
