import type { QueryEndpoints } from '../core/endpoints.js';
import type { RunLedger } from '../core/ledger/index.js';
import type { PrometheusClient } from './backends/prometheus-client.js';
import type { VictoriaLogsClient } from './backends/victoria-logs-client.js';
import type { LagProbeReport } from './lag-probe.js';
import type { PipelineSnapshot } from './pipeline-snapshot.js';
import type { SettleOutcome } from './settle.js';

/** One second of the run as the charts show it. */
export interface PerSecondPoint {
  /** Unix second. */
  second: number;
  /** Records the simulator had acknowledged in that second (ledger timeline). */
  sent: number;
  /** Records of the run stored in VictoriaLogs with a timestamp in that second (hits). */
  stored: number;
}

/** Everything the suites read. Built once per verification by the caller (CLI, tests, bench). */
export interface VerifyContext {
  ledger: RunLedger;
  endpoints: QueryEndpoints;
  logs: VictoriaLogsClient;
  prometheus: PrometheusClient;
  /** Query window for the run's records, ms since epoch (ledger window with margins). */
  range: { startMs: number; endMs: number };
  /** Pipeline counters before the load and after settling (live runs only). */
  baseline?: PipelineSnapshot;
  after?: PipelineSnapshot;
  /** Emit-to-queryable latency probes sent during and after the load (live runs only). */
  probes?: LagProbeReport;
  /** VictoriaLogs' rows-ingested counter sampled during the load: [ms, rows] (live runs only). */
  ingestSamples?: Array<[number, number]>;
  settle?: SettleOutcome;
  /** Optional p99 lag bound; without it the lag assertion only requires every probe to become visible. */
  maxLagP99Ms?: number;
  /** Filled by suites for the reports' charts. */
  observations: { perSecond?: PerSecondPoint[] };
}

/** Ledger window widened for clock skew and Codex' observed-time stamps. */
export function queryRangeFor(ledger: RunLedger, nowMs = Date.now()): { startMs: number; endMs: number } {
  return {
    startMs: ledger.window.startMs - 5 * 60_000,
    endMs: Math.max(nowMs, ledger.window.endMs) + 5 * 60_000,
  };
}
