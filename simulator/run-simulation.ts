import { setImmediate as yieldToIo } from 'node:timers/promises';
import { writeFile } from 'node:fs/promises';
import type { AgentName, RunLedger } from '../core/ledger.js';
import type { AgentModel, AgentModelFactory, SimAttributes } from './agents/agent-model.js';
import { systemClock, type Clock } from './clock.js';
import { logsRequestJson, OtlpLogsEncoder, type SeqRecord } from './encode/otlp-logs-encoder.js';
import { encodeMetricsRequest, metricsRequestJson } from './encode/otlp-metrics-encoder.js';
import { RecordExpectations, Timeline } from './ledger/ledger-builder.js';
import { inRanges, SeqRangeSet } from './ledger/seq-ranges.js';
import { MetricAccumulator, type MetricPoint } from './metrics/metric-accumulator.js';
import { MaxRateScheduler, RampingRateScheduler, type Scheduler } from './schedule/scheduler.js';
import { seededRandom } from './seeded-random.js';
import type { SimulationConfig } from './simulation-config.js';
import { createSink } from './sinks/create-sink.js';
import type { Signal, Sink, SinkResult } from './sinks/sink.js';
import { loadAgentModelFactories } from './agent-model-factories.js';

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
  inFlight: number;
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
  /** Overrides the sink built from config (tests). */
  sink?: Sink;
  progressIntervalMs?: number;
}

interface InFlightBatch {
  records: SeqRecord[];
  /** Records that were put in the request twice (fault injection). */
  duplicates: number;
}

function schedulerFor(config: SimulationConfig): Scheduler {
  if (config.stages === null) return new MaxRateScheduler(config.count ?? Infinity, config.durationMs);
  return new RampingRateScheduler(
    config.stages,
    config.count !== undefined ? { maxCount: config.count } : {},
  );
}

function recordTimeMs(r: SeqRecord): number {
  return r.record.timeUnixMs || r.record.observedTimeUnixMs;
}

/** Runs one simulation: schedules, builds, encodes and sends records, then writes the ledger. */
export async function runSimulation(
  config: SimulationConfig,
  options: RunSimulationOptions = {},
): Promise<SimulationResult> {
  const clock = options.clock ?? systemClock;
  const factories = options.agentModelFactories ?? (await loadAgentModelFactories());
  const agents: Array<{ agent: AgentName; weight: number; model: AgentModel }> = [];
  for (const agent of ['claude_code', 'codex'] as const) {
    const weight = config.agentShare[agent];
    if (!(weight > 0)) continue;
    const factory = factories[agent];
    if (!factory) throw new Error(`no agent model for ${agent}`);
    agents.push({ agent, weight, model: factory(config.profiles[agent]) });
  }
  if (agents.length === 0) throw new Error('no agent has a share > 0');
  const totalWeight = agents.reduce((s, a) => s + a.weight, 0);
  const pickRandom = seededRandom(config.seed ^ 0x5eed);
  const pickModel = (): AgentModel => {
    if (agents.length === 1) return agents[0]!.model;
    let x = pickRandom() * totalWeight;
    for (const a of agents) if ((x -= a.weight) < 0) return a.model;
    return agents.at(-1)!.model;
  };

  const sink = options.sink ?? createSink(config);
  const tags = { runId: config.runId, enabled: config.runTags };
  const encoder = new OtlpLogsEncoder(tags);
  const runTag: SimAttributes = config.runTags ? [['aimon.run_id', { s: config.runId }]] : [];
  const scheduler = schedulerFor(config);
  const expectations = new RecordExpectations(
    Object.fromEntries(agents.map((a) => [a.agent, a.model.breakdowns])),
  );
  const timeline = new Timeline();
  const acked = new SeqRangeSet();
  const failedSeq = new SeqRangeSet();
  const withheldSeq = new SeqRangeSet();
  const duplicatedSeq = new SeqRangeSet();
  const errors: Record<string, number> = {};
  const counts = {
    scheduled: 0,
    sent: 0,
    acknowledged: 0,
    failed: 0,
    missed: 0,
    withheld: 0,
    duplicated: 0,
    retried: 0,
  };
  const metricStats = { requests: 0, points: 0, acknowledgedPoints: 0, failedPoints: 0 };
  let windowStart = Infinity;
  let windowEnd = -Infinity;

  const t0 = clock.nowMs();
  const accumulator = new MetricAccumulator(config.temporality, Math.round(t0), runTag);
  const withhold = config.faults.withhold;
  const duplicate = config.faults.duplicate;

  let inFlight = 0;
  const pendingSends = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const countError = (message: string): void => {
    errors[message] = (errors[message] ?? 0) + 1;
  };

  async function sendWithRetry(
    signal: Signal,
    payload: Buffer | string,
    onRetry: () => void,
  ): Promise<SinkResult> {
    let backoff = config.retry.initialBackoffMs;
    for (let attempt = 1; ; attempt++) {
      const result = await sink.send(signal, payload, config.exportTimeoutMs);
      if (result.status !== 'retryable' || attempt >= config.retry.maxAttempts || options.signal?.aborted)
        return result;
      if (attempt === 1) onRetry();
      const delay = result.retryInMs ?? backoff * (0.5 + pickRandom() / 2);
      await clock.sleepUntil(clock.nowMs() + Math.min(delay, config.retry.maxBackoffMs));
      backoff = Math.min(backoff * 2, config.retry.maxBackoffMs);
    }
  }

  function track(promise: Promise<void>): void {
    pendingSends.add(promise);
    void promise.finally(() => pendingSends.delete(promise));
  }

  function flushLogs(batch: SeqRecord[]): void {
    const toSend: SeqRecord[] = [];
    let duplicates = 0;
    for (const item of batch) {
      if (withhold.length && inRanges(withhold, item.seq)) {
        counts.withheld++;
        withheldSeq.add(item.seq);
        expectations.add(item.record);
        continue;
      }
      toSend.push(item);
      if (duplicate.length && inRanges(duplicate, item.seq)) {
        toSend.push(item);
        duplicates++;
        duplicatedSeq.add(item.seq);
      }
    }
    if (toSend.length === 0) return;
    const sending: InFlightBatch = { records: toSend, duplicates };
    const payload =
      sink.payloadFormat === 'json' ? JSON.stringify(logsRequestJson(toSend, tags)) : encoder.encode(toSend);
    counts.sent += toSend.length - duplicates;
    counts.duplicated += duplicates;
    for (const r of toSend) timeline.add(recordTimeMs(r), 'sent');
    inFlight++;
    let retriedBatch = false;
    track(
      sendWithRetry('logs', payload, () => (retriedBatch = true)).then((result) => {
        inFlight--;
        settleLogs(sending, result, retriedBatch);
        notify();
      }),
    );
  }

  function settleLogs(batch: InFlightBatch, result: SinkResult, retriedBatch: boolean): void {
    const unique = batch.duplicates ? batch.records.filter((r, i, all) => all[i - 1] !== r) : batch.records;
    if (retriedBatch) counts.retried += unique.length;
    const ok = result.status === 'ok' && result.rejected === 0;
    if (!ok) {
      countError(
        result.status === 'ok'
          ? `partial success: ${result.rejected} rejected${result.message ? ` (${result.message})` : ''}`
          : result.error,
      );
    }
    for (const r of unique) {
      if (ok) {
        counts.acknowledged++;
        acked.add(r.seq);
        expectations.add(r.record);
        timeline.add(recordTimeMs(r), 'acknowledged');
      } else {
        counts.failed++;
        failedSeq.add(r.seq);
        timeline.add(recordTimeMs(r), 'failed');
      }
    }
  }

  function exportMetrics(nowMs: number): void {
    const points = accumulator.collect(Math.round(nowMs));
    if (points.length === 0) return;
    metricStats.requests++;
    metricStats.points += points.length;
    const payload =
      sink.payloadFormat === 'json'
        ? JSON.stringify(metricsRequestJson(points))
        : encodeMetricsRequest(points);
    track(
      sendWithRetry('metrics', payload, () => undefined).then((result: SinkResult) =>
        settleMetrics(points, result),
      ),
    );
  }

  function settleMetrics(points: MetricPoint[], result: SinkResult): void {
    if (result.status === 'ok' && result.rejected === 0) {
      accumulator.acknowledge(points);
      metricStats.acknowledgedPoints += points.length;
    } else {
      metricStats.failedPoints += points.length;
      countError(
        `metrics: ${result.status === 'ok' ? `partial success, ${result.rejected} rejected` : result.error}`,
      );
    }
  }

  // The open-model loop: slot n is due at t0 + dueAtMs(n); a slot that cannot be sent within missAfterMs is missed.
  const isMax = config.stages === null;
  let slot = 0;
  let seq = 0;
  let pending: SeqRecord[] = [];
  let pendingSince = 0;
  let finished = false;
  let nextMetricsAt = t0 + config.metricIntervalMs;
  const progressEvery = options.progressIntervalMs ?? 1000;
  let nextProgressAt = t0 + progressEvery;
  let lastProgress = { at: t0, sent: 0 };
  const emitProgress = (now: number): void => {
    if (!options.onProgress) return;
    const dt = Math.max(1, now - lastProgress.at);
    options.onProgress({
      elapsedMs: now - t0,
      targetPerSec: isMax ? null : scheduler.targetRateAt(now - t0),
      currentPerSec: ((counts.sent - lastProgress.sent) * 1000) / dt,
      scheduled: counts.scheduled,
      sent: counts.sent,
      acknowledged: counts.acknowledged,
      failed: counts.failed,
      missed: counts.missed,
      retried: counts.retried,
      withheld: counts.withheld,
      inFlight,
    });
    lastProgress = { at: now, sent: counts.sent };
  };

  while (!finished) {
    let now = clock.nowMs();
    const offset = now - t0;
    // Timed runs end when the scheduler has no slot due before durationMs; max-rate runs end by the clock.
    if (options.signal?.aborted || (isMax && offset >= config.durationMs)) finished = true;
    let nextDue: number | undefined;
    let built = 0;
    while (!finished) {
      const due = scheduler.dueAtMs(slot);
      if (due === undefined || due >= config.durationMs) {
        finished = true;
        break;
      }
      if (due > offset) {
        nextDue = due;
        break;
      }
      const dueWall = t0 + due;
      if (!isMax && offset - due > config.missAfterMs) {
        counts.scheduled++;
        counts.missed++;
        timeline.add(dueWall, 'scheduled');
        timeline.add(dueWall, 'missed');
        slot++;
        continue;
      }
      if (pending.length >= config.maxBatchSize) {
        if (inFlight >= config.maxInFlight) break;
        flushLogs(pending);
        pending = [];
      }
      if (isMax && built >= config.maxBatchSize) break; // yield to I/O between batches
      const event = pickModel().nextEvent(isMax ? Math.round(now) : Math.round(dueWall));
      const item: SeqRecord = { seq: seq++, record: event.record };
      const t = recordTimeMs(item);
      if (t < windowStart) windowStart = t;
      if (t > windowEnd) windowEnd = t;
      counts.scheduled++;
      timeline.add(t, 'scheduled');
      for (const inc of event.metrics) accumulator.add(inc);
      if (pending.length === 0) pendingSince = now;
      pending.push(item);
      built++;
      slot++;
    }
    now = clock.nowMs();
    if (pending.length > 0 && inFlight < config.maxInFlight) {
      if (
        finished ||
        pending.length >= config.maxBatchSize ||
        now - pendingSince >= config.batchDelayMs ||
        isMax
      ) {
        flushLogs(pending);
        pending = [];
      }
    }
    if (now >= nextMetricsAt) {
      exportMetrics(now);
      while (nextMetricsAt <= now) nextMetricsAt += config.metricIntervalMs;
    }
    if (now >= nextProgressAt) {
      emitProgress(now);
      while (nextProgressAt <= now) nextProgressAt += progressEvery;
    }
    if (finished) break;

    // Sleep until the next thing to do: a due slot, the batch deadline, a metric export, or a finished export.
    let wakeAt = Math.min(nextMetricsAt, nextProgressAt, t0 + config.durationMs);
    const blocked = inFlight >= config.maxInFlight && (pending.length > 0 || nextDue === undefined);
    if (!blocked) {
      if (nextDue !== undefined) wakeAt = Math.min(wakeAt, t0 + nextDue);
      else if (isMax) wakeAt = now; // more due right now
      if (pending.length > 0) wakeAt = Math.min(wakeAt, pendingSince + config.batchDelayMs);
    }
    if (wakeAt > now || blocked) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      await Promise.race([clock.sleepUntil(wakeAt, options.signal), woken]);
      wake = undefined;
    } else {
      await yieldToIo();
    }
  }

  if (pending.length > 0) {
    while (inFlight >= config.maxInFlight) await new Promise<void>((resolve) => (wake = resolve));
    flushLogs(pending);
    pending = [];
  }
  while (pendingSends.size > 0) await Promise.all([...pendingSends]);
  exportMetrics(Math.max(clock.nowMs(), windowEnd));
  while (pendingSends.size > 0) await Promise.all([...pendingSends]);
  const end = clock.nowMs();
  emitProgress(end);
  await sink.close();

  const elapsedMs = end - t0;
  const expected = new SeqRangeSet();
  for (const [a, b] of [...acked.toRanges(), ...withheldSeq.toRanges()].sort((x, y) => x[0] - y[0]))
    expected.add(a, b);
  const ledger: RunLedger = {
    schema: 'aimon.ledger/v1',
    runId: config.runId,
    seed: config.seed,
    scenario: config.scenario,
    protocol: config.protocol,
    endpoint: sink.endpoint,
    runTags: config.runTags,
    temporality: config.temporality,
    promptsLogged: Object.values(config.profiles).some((p) => p.logPrompts),
    window: {
      startMs: Number.isFinite(windowStart) ? windowStart : Math.round(t0),
      endMs: Number.isFinite(windowEnd) ? windowEnd : Math.round(t0),
    },
    rate: {
      targetPerSec: config.targetPerSec,
      achievedPerSec: elapsedMs > 0 ? (counts.sent * 1000) / elapsedMs : 0,
    },
    records: {
      scheduled: counts.scheduled,
      sent: counts.sent,
      acknowledged: counts.acknowledged,
      failed: counts.failed,
      missed: counts.missed,
      withheld: counts.withheld,
      duplicated: counts.duplicated,
    },
    seq: {
      first: 0,
      last: seq - 1,
      expected: expected.toRanges(),
      failed: failedSeq.toRanges(),
      withheld: withheldSeq.toRanges(),
      duplicated: duplicatedSeq.toRanges(),
    },
    eventCounts: Object.fromEntries([...expectations.eventCounts].sort(([a], [b]) => a.localeCompare(b))),
    breakdowns: expectations.breakdowns(),
    sessions: expectations.sessionCounts(),
    users: expectations.userCounts(),
    metrics: accumulator.ledgerSeries(),
    timeline: timeline.toArray(),
  };
  if (config.ledgerFile) await writeFile(config.ledgerFile, `${JSON.stringify(ledger, null, 2)}\n`);
  const allAcknowledged = counts.failed === 0 && counts.missed === 0 && metricStats.failedPoints === 0;
  return {
    ledger,
    exitCode: allAcknowledged ? 0 : 1,
    retried: counts.retried,
    errors,
    metricExports: metricStats,
    elapsedMs,
  };
}
