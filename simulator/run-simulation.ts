import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDurationMs } from '../core/duration.js';
import { StackError } from '../core/errors.js';
import type { AgentName, LedgerLoad, RunLedger } from '../core/ledger.js';
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
  type LogBatch,
} from './generate/generator-protocol.js';
import { RecordExpectations, Timeline } from './ledger/ledger-builder.js';
import { writeLedgerFile } from '../core/ledger-file.js';
import { readMetricSeries } from './ledger/metric-series-file.js';
import { SeqRangeSet } from './ledger/seq-ranges.js';
import { partitionsOfShard, seqOf, WHOLE_RUN } from './partition.js';
import { runPartitions } from './run-partitions.js';
import { RampingRateScheduler } from './schedule/scheduler.js';
import { seededRandom } from './seeded-random.js';
import type { SimulationConfig } from './simulation-config.js';
import { createSink } from './sinks/create-sink.js';
import { nextRetryAt } from './sinks/retry-policy.js';
import type { Signal, Sink, SinkResult } from './sinks/sink.js';
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
 * StackError (exit 3). After that, a retryable failure (retry-policy.ts) is retried with backoff and jitter until
 * config.retry.retryForMs after the batch was handed over; only then is it failed. Log requests go out at most
 * maxInFlight at once and the rest wait in a FIFO queue (the generator bounds it by maxQueuedRecords); metric
 * requests go one at a time, in order, so that a delta point never reaches the collector before its predecessor.
 * While it is away, one request at a time probes it; when it answers again, every sleeping retry is woken.
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

/** One generator (one partition of the run, the whole run unless sharded) and its transport. */
async function runPartition(
  config: SimulationConfig,
  options: RunSimulationOptions,
): Promise<SimulationResult> {
  const partition = config.partition ?? WHOLE_RUN;
  /** This partition's share of the run's target rate. */
  const targetPerSec = config.targetPerSec === null ? null : config.targetPerSec / partition.count;
  const clock = options.clock ?? systemClock;
  const sink = options.sink ?? createSink(config);
  if (sink.probe) {
    const why = await sink.probe();
    if (why !== undefined) {
      await sink.close();
      throw new StackError(
        `nothing answers at ${sink.protocol} ${sink.endpoint} (${why}): start the stack (aimon stack up) or check --endpoint; nothing was sent`,
      );
    }
  }
  const jitter = seededRandom(config.seed ^ 0x7e7);
  let expectations: RecordExpectations | undefined;
  const timeline = new Timeline();
  const acked = new SeqRangeSet();
  const failedSeq = new SeqRangeSet();
  const errors: Record<string, number> = {};
  const counts = { sent: 0, acknowledged: 0, failed: 0, retried: 0 };
  let generated: GeneratorCounters = noGeneratorCounters();
  let summary: GeneratorSummary | undefined;
  const metricStats = { requests: 0, points: 0, acknowledgedPoints: 0, failedPoints: 0 };
  let inFlight = 0;
  /** When the last export settled: the run ends there (the summary hand-over after it is bookkeeping). */
  let lastSettledAt: number | undefined;
  const pendingSends = new Set<Promise<void>>();
  /** The run starts when the generator is ready (models built), as the generator's own schedule does. */
  let t0 = clock.nowMs();

  let lastProgress = { at: t0, sent: 0 };

  const countError = (message: string): void => {
    errors[message] = (errors[message] ?? 0) + 1;
  };

  // The receiver's availability, as the last answer showed it (see progress `outage`).
  let downSince: number | undefined;
  let downError = '';
  let onRecovered = deferred();
  const aborted = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    else options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  const noteAnswer = (result: SinkResult): void => {
    if (result.status === 'retryable') {
      downSince ??= clock.nowMs();
      downError = result.error;
    } else if (downSince !== undefined) {
      downSince = undefined;
      const recovered = onRecovered;
      onRecovered = deferred();
      recovered.resolve(); // the receiver is back: every sleeping retry tries now
    }
  };

  // While the receiver is away, one request at a time finds out whether it is back (the probe); the others wait
  // for its answer and take it as their own. A collector that comes back with a backlog (or from SIGSTOP, with
  // every timed-out request still to process) is not also sent maxInFlight retries of the same data at once.
  let probing = false;
  let onProbeAnswered = deferred();
  async function attempt(signal: Signal, payload: Buffer | string, timeoutMs: number): Promise<SinkResult> {
    if (downSince !== undefined && probing) {
      await Promise.race([onProbeAnswered.promise, aborted]);
      if (downSince !== undefined) return { status: 'retryable', error: downError };
    }
    const probe = downSince !== undefined;
    if (probe) probing = true;
    try {
      const result = await sink.send(signal, payload, timeoutMs);
      noteAnswer(result);
      return result;
    } finally {
      if (probe) {
        probing = false;
        const answered = onProbeAnswered;
        onProbeAnswered = deferred();
        answered.resolve();
      }
    }
  }

  /** Sends one request until it is answered for good, or its retry deadline (handed over + retryForMs) passes. */
  async function deliver(
    signal: Signal,
    payload: Buffer | string,
    handedAt: number,
    onRetry: () => void,
  ): Promise<SinkResult> {
    const deadline = handedAt + config.retry.retryForMs;
    // Queued past its deadline (or after Ctrl-C) while the receiver is still away: failed without another try.
    if (downSince !== undefined && (clock.nowMs() >= deadline || options.signal?.aborted)) {
      return { status: 'retryable', error: gaveUp(downError) };
    }
    for (let retry = 1; ; retry++) {
      // A retry is not left hanging (a frozen receiver) much past the deadline; the first try gets the full timeout.
      const timeoutMs =
        retry === 1
          ? config.exportTimeoutMs
          : Math.max(1000, Math.min(config.exportTimeoutMs, deadline - clock.nowMs()));
      const result = await attempt(signal, payload, timeoutMs);
      if (result.status !== 'retryable' || options.signal?.aborted) return result;
      const at = nextRetryAt(config.retry, retry, clock.nowMs(), deadline, jitter, result.retryInMs);
      if (at === undefined) return { ...result, error: gaveUp(result.error) };
      if (retry === 1) onRetry();
      const cancel = new AbortController();
      await Promise.race([clock.sleepUntil(at, cancel.signal), onRecovered.promise, aborted]);
      cancel.abort();
    }
  }
  const gaveUp = (error: string): string =>
    config.retry.retryForMs > 0
      ? `${error} (gave up after retrying for ${formatDurationMs(config.retry.retryForMs)})`
      : error;

  function track(promise: Promise<void>): void {
    pendingSends.add(promise);
    void promise.finally(() => pendingSends.delete(promise));
  }

  const asPayload = (p: Uint8Array | string): Buffer | string =>
    typeof p === 'string' || Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);

  // Log requests: at most maxInFlight at once, the rest wait here in order.
  const logQueue: Array<{ batch: LogBatch; handedAt: number } | undefined> = [];
  let logQueueHead = 0;
  let logsSending = 0;
  let waitingRecords = 0;
  let queuedRecords = 0;

  function sendLogs(batch: LogBatch): void {
    counts.sent += batch.records;
    for (const [second, n] of batch.seconds) timeline.addToSecond(second, 'sent', n);
    inFlight++;
    waitingRecords += batch.records;
    queuedRecords += batch.records;
    logQueue.push({ batch, handedAt: clock.nowMs() });
    pumpLogs();
  }

  function pumpLogs(): void {
    while (logsSending < config.maxInFlight && logQueueHead < logQueue.length) {
      const { batch, handedAt } = logQueue[logQueueHead]!;
      logQueue[logQueueHead++] = undefined;
      queuedRecords -= batch.records;
      logsSending++;
      let retriedBatch = false;
      track(
        deliver('logs', asPayload(batch.payload), handedAt, () => (retriedBatch = true)).then((result) => {
          logsSending--;
          inFlight--;
          waitingRecords -= batch.records;
          lastSettledAt = clock.nowMs();
          settleLogs(batch, result, retriedBatch);
          generator.send({ type: 'settled', signal: 'logs', id: batch.id, acknowledged: isOk(result) });
          pumpLogs();
        }),
      );
    }
    if (logQueueHead > 1024 && logQueueHead * 2 > logQueue.length) {
      logQueue.splice(0, logQueueHead);
      logQueueHead = 0;
    }
  }

  const isOk = (result: SinkResult): boolean => result.status === 'ok' && result.rejected === 0;

  function settleLogs(batch: LogBatch, result: SinkResult, retriedBatch: boolean): void {
    if (retriedBatch) counts.retried += batch.records;
    const ok = isOk(result);
    if (!ok) {
      countError(
        result.status === 'ok'
          ? `partial success: ${result.rejected} rejected${result.message ? ` (${result.message})` : ''}`
          : result.error,
      );
    }
    const field = ok ? 'acknowledged' : 'failed';
    for (const [second, n] of batch.seconds) timeline.addToSecond(second, field, n);
    if (ok) {
      counts.acknowledged += batch.records;
      for (const [a, b] of batch.seqRanges) acked.add(a, b);
      expectations!.merge(batch.expectations);
    } else {
      counts.failed += batch.records;
      for (const [a, b] of batch.seqRanges) failedSeq.add(a, b);
    }
  }

  // Metric requests: one at a time, in order (a delta point must not overtake its predecessor).
  let metricsChain: Promise<unknown> = Promise.resolve();

  function sendMetrics(id: number, payload: Uint8Array | string, points: number): void {
    metricStats.requests++;
    metricStats.points += points;
    const handedAt = clock.nowMs();
    const sent = metricsChain.then(() => deliver('metrics', asPayload(payload), handedAt, () => undefined));
    metricsChain = sent;
    track(
      sent.then((result: SinkResult) => {
        lastSettledAt = clock.nowMs();
        const ok = isOk(result);
        if (ok) metricStats.acknowledgedPoints += points;
        else {
          metricStats.failedPoints += points;
          countError(
            `metrics: ${result.status === 'ok' ? `partial success, ${result.rejected} rejected` : result.error}`,
          );
        }
        generator.send({ type: 'settled', signal: 'metrics', id, acknowledged: ok });
      }),
    );
  }

  const onMessage = (message: GeneratorMessage): void => {
    switch (message.type) {
      case 'ready':
        t0 = clock.nowMs();
        lastProgress = { at: t0, sent: 0 };
        expectations = new RecordExpectations(message.breakdowns);
        break;
      case 'logs':
        generated = message.counters;
        sendLogs(message.batch);
        break;
      case 'withheld':
        expectations!.merge(message.expectations);
        break;
      case 'metrics':
        sendMetrics(message.batch.id, message.batch.payload, message.batch.points);
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
  const inThread =
    options.agentModelFactories !== undefined ||
    options.clock !== undefined ||
    options.generatorThread === 'main' ||
    !workerScriptAvailable();
  const generator: GeneratorHandle = inThread
    ? startGeneratorInThread(
        config,
        sink.payloadFormat,
        // Loaded only here: the models (and their text pools) otherwise live in the worker alone.
        options.agentModelFactories ?? (await import('./agents/index.js')).agentModelFactories,
        clock,
        metricSeriesPath,
        onMessage,
      )
    : startGeneratorWorker(config, sink.payloadFormat, metricSeriesPath, onMessage);

  const isMax = config.stages === null;
  // A ramp (or named loads) has no one target: progress shows the planned rate at the moment.
  const plan = config.stages && targetPerSec === null ? new RampingRateScheduler(config.stages) : undefined;
  const progressEvery = options.progressIntervalMs ?? 1000;
  const emitProgress = (now: number): void => {
    if (!options.onProgress) return;
    const dt = Math.max(1, now - lastProgress.at);
    options.onProgress({
      elapsedMs: now - t0,
      targetPerSec: isMax
        ? null
        : (targetPerSec ?? (plan ? (plan.targetRateAt(now - t0) ?? 0) / partition.count : null)),
      currentPerSec: ((counts.sent - lastProgress.sent) * 1000) / dt,
      scheduled: generated.scheduled,
      sent: counts.sent,
      acknowledged: counts.acknowledged,
      failed: counts.failed,
      missed: generated.missed,
      retried: counts.retried,
      withheld: generated.withheld,
      inFlight,
      waiting: waitingRecords,
      queued: queuedRecords,
      outage: downSince === undefined ? null : { forMs: now - downSince, error: downError },
      liveMetricSeries: generated.liveMetricSeries,
      retiredMetricSeries: generated.retiredMetricSeries,
    });
    lastProgress = { at: now, sent: counts.sent };
  };
  const progressTimer = options.onProgress
    ? setInterval(() => emitProgress(clock.nowMs()), progressEvery)
    : undefined;
  const onAbort = (): void => generator.send({ type: 'stop' });
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let metricSeries: RunLedger['metrics'];
  try {
    await generator.finished;
    while (pendingSends.size > 0) await Promise.all([...pendingSends]);
    metricSeries = await readMetricSeries(metricSeriesPath);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (progressTimer) clearInterval(progressTimer);
    await generator.close();
    await rm(seriesDir, { recursive: true, force: true });
  }
  const end = lastSettledAt ?? clock.nowMs();
  emitProgress(clock.nowMs());
  await sink.close();
  const s = summary!;
  for (const p of s.timeline) {
    if (p.scheduled) timeline.addToSecond(p.second, 'scheduled', p.scheduled);
    if (p.missed) timeline.addToSecond(p.second, 'missed', p.missed);
  }
  const withheldSeq = s.withheldRanges;
  const elapsedMs = end - t0;
  const expected = new SeqRangeSet();
  for (const [a, b] of [...acked.toRanges(), ...withheldSeq].sort((x, y) => x[0] - y[0])) expected.add(a, b);
  const ledger: RunLedger = {
    schema: 'aimon.ledger/v1',
    runId: config.runId,
    seed: config.seed,
    scenario: config.scenario,
    ...(config.expectedAlerts ? { expectedAlerts: config.expectedAlerts } : {}),
    protocol: config.protocol,
    endpoint: sink.endpoint,
    runTags: config.runTags,
    temporality: config.temporality,
    promptsLogged: Object.values(config.profiles).some((p) => p.logPrompts),
    window: {
      startMs: s.windowStartMs ?? Math.round(t0),
      endMs: s.windowEndMs ?? Math.round(t0),
    },
    rate: {
      targetPerSec,
      achievedPerSec: elapsedMs > 0 ? (counts.sent * 1000) / elapsedMs : 0,
    },
    records: {
      scheduled: s.scheduled,
      sent: counts.sent,
      acknowledged: counts.acknowledged,
      failed: counts.failed,
      missed: s.missed,
      withheld: s.withheld,
      duplicated: s.duplicated,
    },
    seq: {
      first: s.seqCount > 0 ? seqOf(partition, 0) : 0,
      last: s.seqCount > 0 ? seqOf(partition, s.seqCount - 1) : -1,
      expected: expected.toRanges(),
      failed: failedSeq.toRanges(),
      withheld: withheldSeq,
      duplicated: s.duplicatedRanges,
    },
    eventCounts: Object.fromEntries([...expectations!.eventCounts].sort(([a], [b]) => a.localeCompare(b))),
    breakdowns: expectations!.breakdowns(),
    sessions: expectations!.sessionCounts(),
    users: expectations!.userCounts(),
    metrics: metricSeries,
    timeline: timeline.toArray(),
    ...(partition.count > 1 ? { partitions: { count: partition.count, indices: [partition.index] } } : {}),
  };
  ledger.load = loadFigures(config, ledger, elapsedMs, s.scheduledPerLoad);
  if (config.ledgerFile) await writeLedgerFile(config.ledgerFile, ledger);
  const allAcknowledged = counts.failed === 0 && s.missed === 0 && metricStats.failedPoints === 0;
  return {
    ledger,
    exitCode: allAcknowledged ? 0 : 1,
    retried: counts.retried,
    errors,
    metricExports: metricStats,
    elapsedMs,
  };
}

/** The load's model and churn per wall-clock minute (sessions and metric series started). */
export function loadFigures(
  config: SimulationConfig,
  ledger: RunLedger,
  elapsedMs: number,
  scheduledPerLoad: number[] | undefined,
): LedgerLoad {
  const minutes = Math.max(elapsedMs, 1) / 60_000;
  const sessions = ledger.sessions.claude_code + ledger.sessions.codex;
  const population = config.population;
  return {
    model: config.loadModel ?? 'rate',
    timeScale: population ? population.timeScale : null,
    ...(population
      ? {
          population: {
            users: population.users,
            usersByAgent: population.usersByAgent,
            promptsPerHour: population.promptsPerHour,
            sessionMinutes: population.sessionMinutes,
            sessionWallSeconds: population.sessionWallSeconds,
          },
        }
      : {}),
    ...(config.loads
      ? {
          scenarios: config.loads.map((l, i) => ({
            name: l.name,
            executor: l.executor,
            startMs: l.startMs,
            scheduled: scheduledPerLoad?.[i] ?? 0,
          })),
        }
      : {}),
    durationMs: Math.round(elapsedMs),
    sessions,
    metricSeries: ledger.metrics.length,
    sessionsPerMin: sessions / minutes,
    seriesPerMin: ledger.metrics.length / minutes,
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
