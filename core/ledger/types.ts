/**
 * The run ledger: the ground truth the simulator writes (`--ledger FILE`) and the assertions read.
 *
 * Everything here counts records the collector ACKNOWLEDGED (plus records deliberately withheld by fault
 * injection, which the ledger lists as if sent so the assertions can prove they catch the loss). Records whose
 * export failed are listed in `seq.failed` and excluded from every expectation.
 */
import type { AgentId } from '../agents.js';

/** Inclusive range of aimon.seq values, [first, last]. */
export type SeqRange = [number, number];

/** An agent's id (core/agents.ts): the ledger's per-agent JSON keys. */
export type AgentName = AgentId;

/**
 * One expected aggregate over the log records of a run, generic enough that the content suite can turn it into
 * a LogsQL query by itself: `<run filter> <event filter> | stats by (<by>) <op>(<field>)`.
 */
export interface LedgerBreakdown {
  /** Stable id, e.g. "claude_code.api_request.cost_usd.by_model". */
  id: string;
  /** Human title for reports. */
  title: string;
  agent: AgentName;
  /** Qualified event name: "claude_code.api_request" or "codex.sse_event". */
  event: string;
  /** Extra exact-match attribute filter, e.g. { "event.kind": "response.completed" }. */
  where?: Record<string, string>;
  /** Attribute keys grouped by (dotted names as the record carries them). Empty = one total. */
  by: string[];
  op: 'count' | 'sum' | 'count_uniq';
  /** Attribute summed (op sum) or counted distinct (op count_uniq). */
  field?: string;
  /** Group key (values of `by` joined with "\u001f", "" when by is empty) → expected value. */
  values: Record<string, number>;
}

export type MetricAttributes = Record<string, string | number | boolean>;

/** Expected final (cumulative) value of one metric series, as it should read after delta→cumulative. */
export interface LedgerMetricSeries {
  agent: AgentName;
  /** OTLP instrument name, e.g. "claude_code.token.usage". */
  name: string;
  unit: string;
  kind: 'sum' | 'histogram';
  temporality: 'delta' | 'cumulative';
  /** Data point attributes exactly as sent (Claude copies user/session/terminal keys here too). */
  attributes: MetricAttributes;
  /** Resource attributes of the exporting process. */
  resource: MetricAttributes;
  /** For sums: the total. For histograms: the sum of observed values. */
  value: number;
  /** Histograms only. */
  count?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
}

export interface LedgerTimelinePoint {
  /** Unix second. */
  second: number;
  scheduled: number;
  sent: number;
  acknowledged: number;
  failed: number;
  missed: number;
}

/** An alert a scenario declares its run fires (name plus labels it must carry). */
export interface ExpectedAlert {
  alert: string;
  labels?: Record<string, string>;
}

export interface RunLedger {
  schema: 'aimon.ledger/v1';
  runId: string;
  seed: number;
  scenario: string;
  protocol: 'grpc' | 'http' | 'file';
  endpoint: string;
  /** false with --no-run-tags: records carry no aimon.* attributes and cannot be verified by run. */
  runTags: boolean;
  temporality: 'delta' | 'cumulative';
  /** Redacted prompts unless --log-prompts. */
  promptsLogged: boolean;
  /** Wall-clock window covering every emitted record's timestamp, ms since epoch. */
  window: { startMs: number; endMs: number };
  rate: { targetPerSec: number | null; achievedPerSec: number };
  records: {
    scheduled: number;
    sent: number;
    acknowledged: number;
    failed: number;
    /** Not sent because the open-model scheduler could not keep up (counted, never silently delayed). */
    missed: number;
    /** Deliberately not sent (fault injection) yet counted in every expectation below. */
    withheld: number;
    /** Sent more than once on purpose (fault injection: --fault-duplicate). */
    duplicated: number;
  };
  seq: {
    first: number;
    last: number;
    /** Ranges expected in the backend: acknowledged plus withheld. */
    expected: SeqRange[];
    failed: SeqRange[];
    withheld: SeqRange[];
    duplicated: SeqRange[];
  };
  /** Expected record counts per qualified event name (acknowledged + withheld). */
  eventCounts: Record<string, number>;
  breakdowns: LedgerBreakdown[];
  /** Distinct sessions and users per agent. */
  sessions: Record<AgentName, number>;
  users: Record<AgentName, number>;
  metrics: LedgerMetricSeries[];
  timeline: LedgerTimelinePoint[];
  /**
   * Sharded runs only (`--shard i/n`, `--threads t`): the run has `count` partitions (n × t) and this ledger covers
   * `indices` (0-based). Partitions have disjoint seqs, sessions and users; merging the ledgers of all of them
   * (merge.ts) gives the run's. Absent: the ledger covers the whole run.
   */
  partitions?: LedgerPartitions;
  /** How the load was described and how much it churned (absent in ledgers written before it existed). */
  load?: LedgerLoad;
  /**
   * The scenario's `expectAlerts`: these alerts fire for the run and no other does (verify's `alerts` suite).
   * Absent when the scenario declares none (the suite is then skipped).
   */
  expectedAlerts?: ExpectedAlert[];
}

export interface LedgerPartitions {
  count: number;
  indices: number[];
}

/**
 * The load's model and its churn on the wall clock: whether a test is realistic. Real developers start a session
 * every half hour or so; a rate-model run at thousands of events/s starts hundreds a second, and every Claude Code
 * session starts its own metric series.
 */
export interface LedgerLoad {
  model: 'rate' | 'population';
  /** Simulated seconds per wall-clock second (population model); null for the rate model. */
  timeScale: number | null;
  population?: {
    users: number;
    usersByAgent: Record<AgentName, number>;
    promptsPerHour: number;
    sessionMinutes: number;
    /** How long a session lasted on the wall clock at this time scale. */
    sessionWallSeconds: number;
  };
  /** k6-style named loads and the records each built. */
  scenarios?: Array<{ name: string; executor: string; startMs: number; scheduled: number }>;
  /** Wall-clock length the figures below are per. */
  durationMs: number;
  /** Distinct sessions in the acknowledged records, and the metric series the run wrote. */
  sessions: number;
  metricSeries: number;
  sessionsPerMin: number;
  seriesPerMin: number;
}

export const BREAKDOWN_KEY_SEPARATOR = '\u001f';
