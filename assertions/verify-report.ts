import type { LedgerLoad, RunLedger } from '../core/ledger/index.js';
import type { ThresholdOutcome } from './thresholds.js';
import type { AssertionResult, ResultCounts } from './assertion.js';
import type { LagSummary } from './lag-probe.js';
import type { SuiteRun } from './run-suites.js';
import type { SettleOutcome } from './settle.js';
import type { PerSecondPoint } from './verify-context.js';

/** Everything a reporter needs; also the --json output. */
export interface VerifyReport {
  schema: 'aimon.verify/v1';
  runId: string;
  scenario: string;
  passed: boolean;
  counts: ResultCounts;
  /** When the suites started and finished, and how long after the load ended the verdict came (live runs). */
  startedAt: string;
  finishedAt: string;
  verdictAfterLoadMs?: number;
  suitesDurationMs: number;
  run: {
    window: RunLedger['window'];
    records: RunLedger['records'];
    rate: RunLedger['rate'];
    protocol: RunLedger['protocol'];
    endpoint: string;
  };
  /** The load's model and churn per wall-clock minute (ledger.load). */
  load?: LedgerLoad;
  /** k6-style thresholds from the scenario, as evaluated (also in `results`, suite `thresholds`). */
  thresholds?: ThresholdOutcome[];
  settle?: SettleOutcome;
  lag?: LagSummary & { lost: number; sent: number };
  charts: {
    perSecond: PerSecondPoint[];
    /** VictoriaLogs rows ingested per second (all traffic), from its counter sampled during the load. */
    ingestRate: Array<{ tMs: number; rowsPerSec: number }>;
    lagsMs: number[];
  };
  suites: Array<Omit<SuiteRun, 'results'> & { counts: ResultCounts }>;
  results: AssertionResult[];
}
