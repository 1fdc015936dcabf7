import type { AgentName, ExpectedAlert, SeqRange } from '../core/ledger/index.js';
import type { WorkloadProfile } from './agents/agent-model.js';
import type { Partition, ShardSpec } from './partition.js';
import type { Temporality } from './metrics/metric-accumulator.js';
import type { RateStage } from './schedule/scheduler.js';
import type { RetryPolicy } from './sinks/retry-policy.js';
import type { TlsOptions } from './sinks/sink.js';
import type { Threshold } from '../scenarios/thresholds.js';
import type { PopulationPlan } from './population.js';

/** One of k6's named scenarios, resolved: its own schedule (offset by its startTime) and agent and team mix. */
export interface NamedLoadPlan {
  name: string;
  executor: 'constant-arrival-rate' | 'ramping-arrival-rate';
  startMs: number;
  stages: RateStage[];
  startPerSec?: number;
  /** Its preAllocatedVUs: its share of the cap on export requests in flight. */
  preAllocatedVUs: number;
  agentShare: Record<AgentName, number>;
  profiles: Record<AgentName, WorkloadProfile>;
}

/** Everything a simulation run needs, fully resolved (flags > env > scenario > defaults). Plain data. */
export interface SimulationConfig {
  runId: string;
  seed: number;
  /** Scenario name (built-in) or file path, for the ledger. */
  scenario: string;
  /** The scenario's expectAlerts, copied to the ledger (undefined: it declares none). */
  expectedAlerts?: ExpectedAlert[];
  /** Rate stages (one stage = constant rate); null = as fast as possible (`--rate max`). */
  stages: RateStage[] | null;
  /** Headline target for the ledger and progress line (null for max or a ramp without one rate). */
  targetPerSec: number | null;
  /** Run length (Infinity = until --count, the stages end, or Ctrl-C). */
  durationMs: number;
  /**
   * k6-style named loads, overlapping by their start times, each with its own mix. Absent: one load (`stages`,
   * `agentShare`, `profiles`). Present: `stages` is their summed rate (progress and ledger only).
   */
  loads?: NamedLoadPlan[];
  /** How the scenario describes its load (default rate); the population model's figures when it is one. */
  loadModel?: 'rate' | 'population';
  population?: PopulationPlan;
  /** k6-style thresholds over aimon's measurements, evaluated by verify when the run is checked. */
  thresholds?: Threshold[];
  /** Stop after this many events (undefined = no limit). */
  count?: number;
  /**
   * `--shard i/n`: this process sends shard i of n (default 1/1). With `threads` generator threads the run has
   * n × threads partitions and this process builds (i−1)·threads … i·threads − 1 of them (simulator/partition.ts).
   */
  shard?: ShardSpec;
  /** `--threads`: generator threads in this process, each building one partition (default 1). */
  threads?: number;
  /** The one partition a generator builds; set per generator by runSimulation (absent = the whole run). */
  partition?: Partition;
  /** Relative weight of each agent's events; an agent with weight 0 is not simulated. */
  agentShare: Record<AgentName, number>;
  profiles: Record<AgentName, WorkloadProfile>;

  protocol: 'grpc' | 'http' | 'file';
  /** gRPC host:port, HTTP base URL, or the --output file path. */
  endpoint: string;
  headers: Record<string, string>;
  tls: TlsOptions;

  runTags: boolean;
  temporality: Temporality;
  metricIntervalMs: number;
  ledgerFile?: string;
  faults: { withhold: SeqRange[]; duplicate: SeqRange[] };

  /**
   * Export requests in flight at once (logs). Past it, a timed run keeps building records on schedule and queues
   * them (up to maxQueuedRecords); a max-rate run waits. A record that cannot be built or queued within
   * missAfterMs of its due time is missed.
   */
  maxInFlight: number;
  /** Log records built but not yet settled (queued, in flight or retrying) at most: the outage memory bound. */
  maxQueuedRecords: number;
  /** Log records per export request at most. */
  maxBatchSize: number;
  /** How long a built record may wait for its batch to fill before it is sent anyway. */
  batchDelayMs: number;
  /** A due slot later than this is counted as missed instead of being sent late. */
  missAfterMs: number;
  exportTimeoutMs: number;
  /** Retries of retryable failures: a batch is failed retry.retryForMs after it was built (--retry-for). */
  retry: RetryPolicy;
}

/** Engine defaults (not scenario-specific). */
export const ENGINE_DEFAULTS = {
  maxInFlight: 8,
  // Records wait in their batch until it is encoded; smaller batches survive fewer scavenges (measured: 1024 vs 2048).
  maxBatchSize: 1024,
  batchDelayMs: 20,
  missAfterMs: 1000,
  /**
   * 120,000 records: two minutes at 1,000/s, 12 s at 10,000/s. Encoded, a record is about 800 bytes (smoke,
   * team-steady; 600 for codex-heavy), so a full queue holds ~100 MB. Past it, records are missed, not queued.
   */
  maxQueuedRecords: 120_000,
  exportTimeoutMs: 10_000,
  /** 60 s: a collector restart, or a short outage, costs nothing; a typo'd endpoint still fails at the probe. */
  retry: { retryForMs: 60_000, initialBackoffMs: 250, maxBackoffMs: 5000 },
  /**
   * The real clients export metrics every 60 s. The simulator defaults to 1 s: runs are short (a 30 s smoke run
   * would otherwise export metrics only once, at exit) and a short interval exercises the delta chaining that
   * matters; exporting more often does not change any cumulative total.
   */
  metricIntervalMs: 1000,
} as const;
