/**
 * The producing half of a simulation: the open-model schedule, the agent models, fault injection, metric
 * accumulation and the encoding of export requests. It never sends: it hands encoded batches to the transport
 * (GeneratorMessage) and learns from it when a batch has settled, which is its only backpressure. The same code
 * runs in a worker thread (generator-worker.ts) or in the caller's thread, so content is the same either way.
 */
import { AGENT_IDS } from '../../core/agents.js';
import {
  type AgentName,
  inRanges,
  MetricSeriesWriter,
  RecordExpectations,
  SeqRangeSet,
  Timeline,
} from '../../core/ledger/index.js';
import type { AgentModel, AgentModelFactory, SimAttributes } from '../agents/agent-model.js';
import type { Clock } from '../clock.js';
import { logsRequestJson, OtlpLogsEncoder, type SeqRecord } from '../encode/otlp-logs-encoder.js';
import { encodeMetricsRequest, metricsRequestJson } from '../encode/otlp-metrics-encoder.js';
import { MetricAccumulator, type MetricPoint } from '../metrics/metric-accumulator.js';
import { MultiLoadScheduler } from '../schedule/multi-load-scheduler.js';
import { MaxRateScheduler, RampingRateScheduler, type Scheduler } from '../schedule/scheduler.js';
import {
  type Partition,
  partitionLabel,
  partitionScheduler,
  partitionSeed,
  seqOf,
  WHOLE_RUN,
} from '../partition.js';
import { seededRandom } from '../seeded-random.js';
import type { SimulationConfig } from '../simulation-config.js';
import {
  noGeneratorCounters,
  type GeneratorCounters,
  type GeneratorMessage,
  type LogBatch,
} from './generator-protocol.js';

export type PayloadFormat = 'protobuf' | 'json';
/** Delivers a message to the transport; `transfer` lists buffers the receiver may take over. */
export type EmitMessage = (message: GeneratorMessage, transfer?: ArrayBuffer[]) => void;

/** The run's schedule, of which this generator builds its partition's slots. */
function schedulerFor(config: SimulationConfig): Scheduler {
  if (config.loads) return new MultiLoadScheduler(config.loads, config.count ?? Infinity);
  if (config.stages === null) return new MaxRateScheduler(config.count ?? Infinity, config.durationMs);
  return new RampingRateScheduler(
    config.stages,
    config.count !== undefined ? { maxCount: config.count } : {},
  );
}

function recordTimeMs(r: SeqRecord): number {
  return r.record.timeUnixMs || r.record.observedTimeUnixMs;
}

/** A buffer the receiver can own outright (not a slice of a shared pool), for zero-copy transfer. */
function transferable(payload: Uint8Array | string): ArrayBuffer[] {
  if (typeof payload === 'string') return [];
  const ab = payload.buffer;
  return ab instanceof ArrayBuffer && payload.byteOffset === 0 && payload.byteLength === ab.byteLength
    ? [ab]
    : [];
}

/** One load's agents (the whole run's, or one named load's) and how its events are shared between them. */
interface LoadAgents {
  agents: Array<{ agent: AgentName; weight: number; model: AgentModel }>;
  totalWeight: number;
}

function buildLoadAgents(
  agentShare: SimulationConfig['agentShare'],
  profiles: SimulationConfig['profiles'],
  factories: Partial<Record<AgentName, AgentModelFactory>>,
  partition: Partition,
): LoadAgents {
  const agents: LoadAgents['agents'] = [];
  for (const agent of AGENT_IDS) {
    const weight = agentShare[agent];
    if (!(weight > 0)) continue;
    const factory = factories[agent];
    if (!factory) throw new Error(`no agent model for ${agent}`);
    const profile = partition.count > 1 ? { ...profiles[agent], partition } : profiles[agent];
    agents.push({ agent, weight, model: factory(profile) });
  }
  if (agents.length === 0) throw new Error('no agent has a share > 0');
  return { agents, totalWeight: agents.reduce((s, a) => s + a.weight, 0) };
}

export class RecordGenerator {
  /** One entry per named load (config.loads), or one for the whole run. */
  private readonly loads: LoadAgents[];
  /** Records scheduled per named load. */
  private readonly scheduledPerLoad: number[];
  /** The part of the run this generator builds (simulator/partition.ts). */
  private readonly partition: Partition;
  private readonly breakdownSpecs: ConstructorParameters<typeof RecordExpectations>[0];
  private readonly pickRandom: () => number;
  private readonly encoder: OtlpLogsEncoder;
  private readonly tags: { runId: string; enabled: boolean };
  private accumulator!: MetricAccumulator;
  private readonly timeline = new Timeline();
  private readonly withheldSeq = new SeqRangeSet();
  private readonly duplicatedSeq = new SeqRangeSet();
  private readonly counters: GeneratorCounters = noGeneratorCounters();
  private readonly pendingMetrics = new Map<number, MetricPoint[]>();
  private outstandingLogs = 0;
  /** Records in unsettled log batches (queued, in flight or retrying in the transport), by batch id. */
  private outstandingRecords = 0;
  private readonly outstandingByBatch = new Map<number, number>();
  private nextBatchId = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly config: SimulationConfig,
    factories: Partial<Record<AgentName, AgentModelFactory>>,
    private readonly payloadFormat: PayloadFormat,
    private readonly emit: EmitMessage,
    private readonly clock: Clock,
    /** Where retired metric series go (see core/ledger/metric-series-file.ts); the transport reads it after 'done'. */
    private readonly metricSeriesPath: string,
  ) {
    this.partition = config.partition ?? WHOLE_RUN;
    this.loads = config.loads
      ? config.loads.map((l) => buildLoadAgents(l.agentShare, l.profiles, factories, this.partition))
      : [buildLoadAgents(config.agentShare, config.profiles, factories, this.partition)];
    this.scheduledPerLoad = this.loads.map(() => 0);
    this.pickRandom = seededRandom(partitionSeed((config.seed ^ 0x5eed) >>> 0, this.partition));
    this.breakdownSpecs = Object.fromEntries(
      this.loads.flatMap((l) => l.agents).map((a) => [a.agent, a.model.breakdowns]),
    );
    this.tags = { runId: config.runId, enabled: config.runTags };
    this.encoder = new OtlpLogsEncoder(this.tags);
  }

  /** The transport finished with a batch (acknowledged or not): frees its in-flight slot. */
  settled(signal: 'logs' | 'metrics', id: number, acknowledged: boolean): void {
    if (signal === 'logs') {
      this.outstandingLogs--;
      this.outstandingRecords -= this.outstandingByBatch.get(id) ?? 0;
      this.outstandingByBatch.delete(id);
    } else {
      const points = this.pendingMetrics.get(id);
      this.pendingMetrics.delete(id);
      if (points) this.accumulator.settle(points, acknowledged);
    }
    this.notify();
  }

  /** Ends the schedule early (Ctrl-C): what was built is still sent and settled. */
  stop(): void {
    this.stopped = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private pickModel(load: number): AgentModel {
    const { agents, totalWeight } = this.loads[load]!;
    if (agents.length === 1) return agents[0]!.model;
    let x = this.pickRandom() * totalWeight;
    for (const a of agents) if ((x -= a.weight) < 0) return a.model;
    return agents.at(-1)!.model;
  }

  /** Sleeps until `atMs` or until settled()/stop() is called. */
  private async sleep(atMs: number): Promise<void> {
    const cancel = new AbortController();
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([this.clock.sleepUntil(atMs, cancel.signal), woken]);
    this.wake = undefined;
    cancel.abort();
  }

  private async waitUntil(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /**
   * May `records` more go to the transport now? Always while fewer than maxInFlight batches are unsettled. Past
   * that, a timed run (an open model: its schedule does not wait for the receiver) still hands them over, to be
   * queued, up to maxQueuedRecords unsettled records; a max-rate run waits (its backpressure is the receiver).
   */
  private canHandOver(records: number): boolean {
    if (this.outstandingLogs < this.config.maxInFlight) return true;
    return this.config.stages !== null && this.outstandingRecords + records <= this.config.maxQueuedRecords;
  }

  private flushLogs(batch: SeqRecord[]): void {
    const { withhold, duplicate } = this.config.faults;
    let toSend: SeqRecord[] = batch;
    let duplicates = 0;
    if (withhold.length || duplicate.length) {
      toSend = [];
      const withheld = new RecordExpectations(this.breakdownSpecs);
      for (const item of batch) {
        if (withhold.length && inRanges(withhold, item.seq)) {
          this.counters.withheld++;
          this.withheldSeq.add(item.seq);
          withheld.add(item.record);
          continue;
        }
        toSend.push(item);
        if (duplicate.length && inRanges(duplicate, item.seq)) {
          toSend.push(item);
          duplicates++;
          this.duplicatedSeq.add(item.seq);
        }
      }
      this.counters.duplicated += duplicates;
      if (toSend.length < batch.length + duplicates)
        this.emit({ type: 'withheld', expectations: withheld.toDelta() });
      if (toSend.length === 0) return;
    }
    const expectations = new RecordExpectations(this.breakdownSpecs);
    const seqs = new SeqRangeSet();
    const seconds: Array<[number, number]> = [];
    let previous: SeqRecord | undefined;
    for (const item of toSend) {
      if (item === previous) continue; // a duplicate: counted once
      previous = item;
      expectations.add(item.record);
      seqs.add(item.seq);
      const second = Math.floor(recordTimeMs(item) / 1000);
      const last = seconds.at(-1);
      if (last && last[0] === second) last[1]++;
      else seconds.push([second, 1]);
    }
    const payload =
      this.payloadFormat === 'json'
        ? JSON.stringify(logsRequestJson(toSend, this.tags))
        : this.encoder.encode(toSend);
    const batchOut: LogBatch = {
      id: this.nextBatchId++,
      payload,
      records: toSend.length - duplicates,
      duplicates,
      seqRanges: seqs.toRanges(),
      seconds,
      expectations: expectations.toDelta(),
    };
    this.outstandingLogs++;
    this.outstandingRecords += batchOut.records;
    this.outstandingByBatch.set(batchOut.id, batchOut.records);
    this.counters.liveMetricSeries = this.accumulator.liveSeriesCount;
    this.counters.retiredMetricSeries = this.accumulator.retiredSeriesCount;
    this.emit({ type: 'logs', batch: batchOut, counters: { ...this.counters } }, transferable(payload));
  }

  private exportMetrics(nowMs: number): void {
    const points = this.accumulator.collect(Math.round(nowMs));
    if (points.length === 0) return;
    const id = this.nextBatchId++;
    this.pendingMetrics.set(id, points);
    const payload =
      this.payloadFormat === 'json'
        ? JSON.stringify(metricsRequestJson(points))
        : encodeMetricsRequest(points);
    this.emit({ type: 'metrics', batch: { id, payload, points: points.length } }, transferable(payload));
  }

  /** Runs the schedule to its end, then waits for every batch to settle and reports the summary. */
  async run(): Promise<void> {
    const seriesWriter = new MetricSeriesWriter(this.metricSeriesPath);
    try {
      await this.runSchedule(seriesWriter);
    } finally {
      seriesWriter.close();
    }
  }

  private async runSchedule(seriesWriter: MetricSeriesWriter): Promise<void> {
    const config = this.config;
    const clock = this.clock;
    const counters = this.counters;
    const timeline = this.timeline;
    this.emit({ type: 'ready', breakdowns: this.breakdownSpecs });
    const runTag: Array<SimAttributes[number]> = config.runTags
      ? [['aimon.run_id', { s: config.runId }]]
      : [];
    // Partitions keep their metric streams apart: Codex's carry nothing per user, and two generators adding to one
    // delta stream would overlap in time (the collector keeps the first and drops the other's points).
    if (this.partition.count > 1) runTag.push(['aimon.partition', { s: partitionLabel(this.partition) }]);
    const scheduler = partitionScheduler(schedulerFor(config), this.partition);
    const t0 = clock.nowMs();
    this.accumulator = new MetricAccumulator(
      config.temporality,
      Math.round(t0),
      runTag,
      (series, resourceId) => seriesWriter.add(resourceId, series),
    );
    const accumulator = this.accumulator;
    let windowStart = Infinity;
    let windowEnd = -Infinity;

    // The open-model loop: slot n is due at t0 + dueAtMs(n); a slot that cannot be built within missAfterMs
    // (because maxQueuedRecords are unsettled: the receiver has been away that long) is missed, never built late.
    // While the transport's maxInFlight requests are busy (a slow or absent receiver), records are still built on
    // schedule and handed over in full batches, which the transport queues and sends when it can.
    const isMax = config.stages === null;
    let slot = 0;
    let seq = 0;
    let pending: SeqRecord[] = [];
    let pendingSince = 0;
    let finished = false;
    let nextMetricsAt = t0 + config.metricIntervalMs;
    let reportedMissed = 0;

    while (!finished) {
      let now = clock.nowMs();
      const offset = now - t0;
      // Timed runs end when the scheduler has no slot due before durationMs; max-rate runs end by the clock.
      if (this.stopped || (isMax && offset >= config.durationMs)) finished = true;
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
          counters.scheduled++;
          counters.missed++;
          timeline.add(dueWall, 'scheduled');
          timeline.add(dueWall, 'missed');
          slot++;
          continue;
        }
        if (pending.length >= config.maxBatchSize) {
          if (!this.canHandOver(pending.length)) break;
          this.flushLogs(pending);
          pending = [];
        }
        if (isMax && built >= config.maxBatchSize) break; // let settle messages in between batches
        const load = scheduler.loadOf?.(slot) ?? 0;
        this.scheduledPerLoad[load]!++;
        const event = this.pickModel(load).nextEvent(isMax ? Math.round(now) : Math.round(dueWall));
        const item: SeqRecord = { seq: seqOf(this.partition, seq++), record: event.record };
        const t = recordTimeMs(item);
        if (t < windowStart) windowStart = t;
        if (t > windowEnd) windowEnd = t;
        counters.scheduled++;
        timeline.add(t, 'scheduled');
        const metrics = event.metrics;
        for (let i = 0; i < metrics.length; i++) accumulator.add(metrics[i]!);
        if (event.endsSession) accumulator.endSession(event.endsSession);
        if (pending.length === 0) pendingSince = now;
        pending.push(item);
        built++;
        slot++;
      }
      now = clock.nowMs();
      if (pending.length > 0 && this.outstandingLogs < config.maxInFlight) {
        if (
          finished ||
          pending.length >= config.maxBatchSize ||
          now - pendingSince >= config.batchDelayMs ||
          isMax
        ) {
          this.flushLogs(pending);
          pending = [];
        }
      }
      if (now >= nextMetricsAt) {
        this.exportMetrics(now);
        while (nextMetricsAt <= now) nextMetricsAt += config.metricIntervalMs;
      }
      if (counters.missed !== reportedMissed) {
        reportedMissed = counters.missed;
        this.emit({ type: 'counters', counters: { ...counters } });
      }
      if (finished) break;

      // Sleep until the next thing to do: a due slot, the batch deadline, a metric export, or a settled batch.
      // With every request slot busy, a partial batch waits to fill (or for a slot) instead of for its deadline;
      // a timed run still wakes for due slots unless the queue is full too.
      let wakeAt = Math.min(nextMetricsAt, t0 + config.durationMs);
      const slotsBusy = this.outstandingLogs >= config.maxInFlight;
      const queueFull = isMax ? slotsBusy : !this.canHandOver(Math.max(1, pending.length));
      const blocked = queueFull && (pending.length > 0 || nextDue === undefined);
      if (!blocked) {
        if (nextDue !== undefined) wakeAt = Math.min(wakeAt, t0 + nextDue);
        else if (isMax) wakeAt = now; // more due right now
        if (pending.length > 0 && !slotsBusy) wakeAt = Math.min(wakeAt, pendingSince + config.batchDelayMs);
      }
      if (wakeAt > now || blocked) await this.sleep(wakeAt);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }

    if (pending.length > 0) {
      await this.waitUntil(() => this.canHandOver(pending.length));
      this.flushLogs(pending);
      pending = [];
    }
    await this.waitUntil(() => this.outstandingLogs === 0);
    this.exportMetrics(Math.max(clock.nowMs(), windowEnd));
    await this.waitUntil(() => this.pendingMetrics.size === 0);
    accumulator.retireAll();
    seriesWriter.close();
    counters.liveMetricSeries = 0;
    counters.retiredMetricSeries = accumulator.retiredSeriesCount;
    this.emit({
      type: 'done',
      summary: {
        ...counters,
        seqCount: seq,
        windowStartMs: Number.isFinite(windowStart) ? windowStart : null,
        windowEndMs: Number.isFinite(windowEnd) ? windowEnd : null,
        withheldRanges: this.withheldSeq.toRanges(),
        duplicatedRanges: this.duplicatedSeq.toRanges(),
        timeline: timeline.toArray(),
        ...(config.loads ? { scheduledPerLoad: [...this.scheduledPerLoad] } : {}),
      },
    });
  }
}
