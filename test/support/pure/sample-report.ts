import type { AssertionResult } from '../../../assertions/assertion.js';
import { countResults } from '../../../assertions/assertion.js';
import type { VerifyReport } from '../../../assertions/verify-report.js';

/** A report with every status and chart data, for reporter tests. */
export function sampleReport(overrides: Partial<VerifyReport> = {}): VerifyReport {
  const results: AssertionResult[] = [
    {
      id: 'completeness.total',
      suite: 'completeness',
      title: 'Records stored for the run',
      status: 'passed',
      expected: '1000',
      actual: '1000',
      detail: '',
      query: 'aimon.run_id:="r" | stats count()',
    },
    {
      id: 'completeness.seq',
      suite: 'completeness',
      title: 'Every aimon.seq stored exactly once',
      status: 'failed',
      expected: '1000 distinct seqs, each once',
      actual: '900 present, 100 missing, 1 duplicate records',
      detail: 'missing seq 100-199 (100 records); total 100; duplicated seq 42 ×2; 1 extra record <&>"',
      query: 'aimon.run_id:="r" | math floor(aimon.seq / 1000) as b',
    },
    {
      id: 'metrics.x',
      suite: 'metrics',
      title: 'x per series',
      status: 'errored',
      expected: '',
      actual: 'error',
      detail: 'Prometheus: unreachable at http://127.0.0.1:1',
      query: '',
    },
    {
      id: 'throughput.lag',
      suite: 'throughput',
      title: 'Lag',
      status: 'skipped',
      expected: '',
      actual: 'skipped',
      detail: 'no probes',
      query: '',
    },
  ];
  const startSecond = 1_800_000_000;
  return {
    schema: 'aimon.verify/v1',
    runId: 'r-sample',
    scenario: 'smoke',
    passed: false,
    counts: countResults(results),
    startedAt: '2026-11-27T12:00:00.000Z',
    finishedAt: '2026-11-27T12:00:03.000Z',
    verdictAfterLoadMs: 3200,
    suitesDurationMs: 1500,
    run: {
      window: { startMs: startSecond * 1000, endMs: startSecond * 1000 + 30_000 },
      records: {
        scheduled: 1000,
        sent: 1000,
        acknowledged: 1000,
        failed: 0,
        missed: 0,
        withheld: 100,
        duplicated: 1,
      },
      rate: { targetPerSec: 500, achievedPerSec: 499.8 },
      protocol: 'grpc',
      endpoint: '127.0.0.1:4317',
    },
    lag: { count: 5, p50: 900, p95: 1100, p99: 1200, max: 1200, lost: 0, sent: 5 },
    charts: {
      perSecond: Array.from({ length: 30 }, (_, i) => ({
        second: startSecond + i,
        sent: 500,
        stored: i === 3 ? 400 : 500,
      })),
      ingestRate: Array.from({ length: 30 }, (_, i) => ({
        tMs: (startSecond + i) * 1000,
        rowsPerSec: 480 + i,
      })),
      lagsMs: [800, 900, 950, 1100, 1200],
    },
    suites: [
      {
        suite: 'completeness',
        title: 'Completeness',
        durationMs: 500,
        counts: countResults(results.slice(0, 2)),
      },
      { suite: 'metrics', title: 'Metrics', durationMs: 500, counts: countResults(results.slice(2, 3)) },
      {
        suite: 'throughput',
        title: 'Throughput and lag',
        durationMs: 500,
        counts: countResults(results.slice(3)),
      },
    ],
    results,
    ...overrides,
  };
}
