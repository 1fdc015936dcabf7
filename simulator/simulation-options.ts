import type { SeqRange } from '../core/ledger/index.js';
import type { LoadedScenario } from '../scenarios/load-scenario.js';
import type { Temporality } from './metrics/metric-accumulator.js';
import type { TlsOptions } from './sinks/sink.js';

/** Where OTLP goes: a collector's gRPC host:port or HTTP base URL, with its headers and TLS settings. */
export interface OtlpTarget {
  protocol: 'grpc' | 'http';
  /** gRPC host:port (https:// for TLS), HTTP base URL (/v1/logs, /v1/metrics are appended). */
  endpoint: string;
  headers?: Record<string, string>;
  tls?: TlsOptions;
}

/**
 * A run as code describes it: typed values, no CLI strings (the CLI parses its flags into this, see
 * cli/options/simulate-flags.ts). Everything left out comes from the scenario, then the defaults.
 */
export interface SimulationOptions {
  /** A built-in name or YAML file (loaded by `simulate`), or a scenario already loaded. Default smoke. */
  scenario?: string | LoadedScenario;
  /** Events per second, or 'max' (as fast as possible); replaces the scenario's rate plan with one stage. */
  ratePerSec?: number | 'max';
  /** Run length: cuts or extends the scenario's plan (Infinity = until count). */
  durationMs?: number;
  /** Stop after this many events (alone it lets the plan run until N events). */
  count?: number;
  /** Send OTLP here. Exactly one of target and output. */
  target?: OtlpTarget;
  /** Write every export request as one OTLP/JSON line to this file instead of sending. */
  output?: string;
  /** aimon.run_id (default: generated). */
  runId?: string;
  seed?: number;
  /** false: no aimon.run_id / aimon.seq (demo data that cannot be verified). Default true. */
  runTags?: boolean;
  temporality?: Temporality;
  metricIntervalMs?: number;
  /** Where the run's ledger is written when it ends (default: not written). */
  ledgerFile?: string;
  faults?: { withhold?: SeqRange[]; duplicate?: SeqRange[] };
  logPrompts?: boolean;
  maxInFlight?: number;
  maxBatchSize?: number;
  /** Send shard `index` of `count` (simulator/partition.ts); count > 1 needs runId, the same in every shard. */
  shard?: { index: number; count: number };
  /** Generator threads in this process, each building a sub-shard (default 1). */
  threads?: number;
  /** How long a batch is retried through an outage before it counts as failed (0 never, Infinity never gives up). */
  retryForMs?: number;
}
