/**
 * Assembling a run's (or a partition's) ledger from what its transport counted and its generator reported: the
 * last step of `aimon simulate` before the file is written. Plain inputs, no simulator types, so the ledger's shape
 * is decided here alone.
 */
import { AGENT_IDS } from '../agents.js';
import type { RecordExpectations } from './record-expectations.js';
import { normalizeRanges } from './seq-ranges.js';
import type { Timeline } from './timeline.js';
import type { LedgerLoad, LedgerMetricSeries, RunLedger, SeqRange } from './types.js';

/** How the load was described, without the churn figures (they follow from the ledger). */
export type LoadDescription = Pick<LedgerLoad, 'model' | 'timeScale' | 'population' | 'scenarios'>;

export interface LedgerInputs {
  /** The run's identity and settings, as the ledger shows them. */
  run: Pick<
    RunLedger,
    | 'runId'
    | 'seed'
    | 'scenario'
    | 'expectedAlerts'
    | 'protocol'
    | 'endpoint'
    | 'runTags'
    | 'temporality'
    | 'promptsLogged'
  >;
  /** This ledger's share of the run's target rate (null for max or a ramp without one rate). */
  targetPerSec: number | null;
  /** The partition covered; count 1 = the whole run. */
  partition: { index: number; count: number };
  /** When the run started (generator ready) and ended (last export settled), ms since epoch. */
  startedMs: number;
  endedMs: number;
  /** Timestamps of the first and last record built (undefined: none was). */
  window: { startMs?: number; endMs?: number };
  /** Transport counts. */
  sent: number;
  acknowledged: number;
  failed: number;
  /** Generator counts. */
  scheduled: number;
  missed: number;
  withheld: number;
  duplicated: number;
  /** The seqs handed out, in seq order (undefined: none). */
  seqBounds?: { first: number; last: number };
  acknowledgedSeq: readonly SeqRange[];
  failedSeq: readonly SeqRange[];
  withheldSeq: SeqRange[];
  duplicatedSeq: SeqRange[];
  expectations: RecordExpectations;
  timeline: Timeline;
  metrics: LedgerMetricSeries[];
  load: LoadDescription;
}

/** The ledger of one partition (or the whole run), with its load figures. */
export function assembleLedger(inputs: LedgerInputs): RunLedger {
  const { run, partition, expectations } = inputs;
  const elapsedMs = inputs.endedMs - inputs.startedMs;
  const ledger: RunLedger = {
    schema: 'aimon.ledger/v1',
    runId: run.runId,
    seed: run.seed,
    scenario: run.scenario,
    ...(run.expectedAlerts ? { expectedAlerts: run.expectedAlerts } : {}),
    protocol: run.protocol,
    endpoint: run.endpoint,
    runTags: run.runTags,
    temporality: run.temporality,
    promptsLogged: run.promptsLogged,
    window: {
      startMs: inputs.window.startMs ?? Math.round(inputs.startedMs),
      endMs: inputs.window.endMs ?? Math.round(inputs.startedMs),
    },
    rate: {
      targetPerSec: inputs.targetPerSec,
      achievedPerSec: elapsedMs > 0 ? (inputs.sent * 1000) / elapsedMs : 0,
    },
    records: {
      scheduled: inputs.scheduled,
      sent: inputs.sent,
      acknowledged: inputs.acknowledged,
      failed: inputs.failed,
      missed: inputs.missed,
      withheld: inputs.withheld,
      duplicated: inputs.duplicated,
    },
    seq: {
      first: inputs.seqBounds?.first ?? 0,
      last: inputs.seqBounds?.last ?? -1,
      // Expected in the backend: what was acknowledged plus what was withheld on purpose.
      expected: normalizeRanges([...inputs.acknowledgedSeq, ...inputs.withheldSeq]),
      failed: normalizeRanges(inputs.failedSeq),
      withheld: inputs.withheldSeq,
      duplicated: inputs.duplicatedSeq,
    },
    eventCounts: Object.fromEntries([...expectations.eventCounts].sort(([a], [b]) => a.localeCompare(b))),
    breakdowns: expectations.breakdowns(),
    sessions: expectations.sessionCounts(),
    users: expectations.userCounts(),
    metrics: inputs.metrics,
    timeline: inputs.timeline.toArray(),
    ...(partition.count > 1 ? { partitions: { count: partition.count, indices: [partition.index] } } : {}),
  };
  ledger.load = loadFigures(inputs.load, ledger, elapsedMs);
  return ledger;
}

/** The load's model and churn per wall-clock minute (sessions and metric series started). */
export function loadFigures(load: LoadDescription, ledger: RunLedger, elapsedMs: number): LedgerLoad {
  const minutes = Math.max(elapsedMs, 1) / 60_000;
  const sessions = AGENT_IDS.reduce((sum, agent) => sum + ledger.sessions[agent], 0);
  return {
    model: load.model,
    timeScale: load.timeScale,
    ...(load.population ? { population: load.population } : {}),
    ...(load.scenarios ? { scenarios: load.scenarios } : {}),
    durationMs: Math.round(elapsedMs),
    sessions,
    metricSeries: ledger.metrics.length,
    sessionsPerMin: sessions / minutes,
    seriesPerMin: ledger.metrics.length / minutes,
  };
}
