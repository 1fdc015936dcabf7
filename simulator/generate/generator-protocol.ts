/**
 * Messages between the record generator (scheduling, agent models, metric accumulation, encoding; in a worker
 * thread or in the caller's thread) and the transport (sending, retries, acknowledgements, the ledger).
 * Everything here is plain, structured-cloneable data.
 */
import type { AgentName, ExpectationsDelta, LedgerTimelinePoint, SeqRange } from '../../core/ledger/index.js';
import type { BreakdownSpec } from '../agents/agent-model.js';

/** One encoded logs export request. */
export interface LogBatch {
  id: number;
  payload: Uint8Array | string;
  /** Distinct records in the request (a duplicated record counts once). */
  records: number;
  duplicates: number;
  /** Seq numbers of the distinct records. */
  seqRanges: SeqRange[];
  /** [epoch second of the record time, records] pairs, for the per-second timeline. */
  seconds: Array<[number, number]>;
  /** What the batch adds to the ledger once acknowledged. */
  expectations: ExpectationsDelta;
}

export interface MetricsBatch {
  id: number;
  payload: Uint8Array | string;
  points: number;
}

/** Running totals of what the generator decided (the transport shows them in progress lines). */
export interface GeneratorCounters {
  scheduled: number;
  missed: number;
  withheld: number;
  duplicated: number;
  /** Metric series held in memory (live sessions, Codex's shared series) and retired to the series file so far. */
  liveMetricSeries: number;
  retiredMetricSeries: number;
}

export function noGeneratorCounters(): GeneratorCounters {
  return { scheduled: 0, missed: 0, withheld: 0, duplicated: 0, liveMetricSeries: 0, retiredMetricSeries: 0 };
}

export interface GeneratorSummary extends GeneratorCounters {
  /** Seq numbers handed out: 0 … seqCount − 1. */
  seqCount: number;
  windowStartMs: number | null;
  windowEndMs: number | null;
  withheldRanges: SeqRange[];
  duplicatedRanges: SeqRange[];
  /** Scheduled and missed counts per second (sent/acknowledged/failed are the transport's). */
  timeline: LedgerTimelinePoint[];
  /** Records built for each named load (config.loads order), when there are named loads. */
  scheduledPerLoad?: number[];
}

export type GeneratorMessage =
  | { type: 'ready'; breakdowns: Partial<Record<AgentName, readonly BreakdownSpec[]>> }
  | { type: 'logs'; batch: LogBatch; counters: GeneratorCounters }
  /** Records withheld on purpose (fault injection): never sent, yet expected by the ledger. */
  | { type: 'withheld'; expectations: ExpectationsDelta }
  | { type: 'metrics'; batch: MetricsBatch }
  | { type: 'counters'; counters: GeneratorCounters }
  | { type: 'done'; summary: GeneratorSummary }
  /** `userError`: bad input (a scenario no model can run), rethrown as UserError by the transport. */
  | { type: 'error'; message: string; userError: boolean };

export type TransportMessage =
  { type: 'settled'; signal: 'logs' | 'metrics'; id: number; acknowledged: boolean } | { type: 'stop' };
