import Table from 'cli-table3';
import type { AssertionResult } from '../assertion.js';
import type { LedgerLoad } from '../../core/ledger/index.js';
import { renderThresholdSummary } from '../thresholds.js';
import type { VerifyReport } from '../verify-report.js';

const MARK: Record<AssertionResult['status'], string> = {
  passed: 'pass',
  failed: 'FAIL',
  errored: 'ERROR',
  skipped: 'skip',
};

/** The console table: assertion, expected, actual, pass/fail; then the details of everything that did not pass. */
export function renderConsole(report: VerifyReport, options: { width?: number } = {}): string {
  const width = Math.max(100, options.width ?? 140);
  const table = new Table({
    head: ['assertion', 'expected', 'actual', 'result'],
    colWidths: [Math.floor(width * 0.38), Math.floor(width * 0.25), Math.floor(width * 0.25), 8],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const result of report.results)
    table.push([result.title, result.expected, result.actual, MARK[result.status]]);
  const problems = report.results.filter((r) => r.status === 'failed' || r.status === 'errored');
  const lines = [table.toString()];
  for (const result of problems) {
    lines.push(`${MARK[result.status]} ${result.id}: ${result.detail}`);
    if (result.query) lines.push(`  query: ${result.query.split('\n').join('\n         ')}`);
  }
  if (report.load) lines.push(loadLine(report.load));
  if (report.thresholds?.length) lines.push(renderThresholdSummary(report.thresholds).trimEnd());
  const { counts } = report;
  const verdict = report.passed ? 'PASSED' : 'FAILED';
  const timing =
    report.verdictAfterLoadMs !== undefined
      ? `, verdict ${(report.verdictAfterLoadMs / 1000).toFixed(1)} s after the load`
      : '';
  lines.push(
    `${verdict}: ${counts.passed} passed, ${counts.failed} failed, ${counts.errored} errored, ${counts.skipped} skipped ` +
      `(run ${report.runId}${timing})`,
  );
  return `${lines.join('\n')}\n`;
}

/** Whether the test looked like real people: the load model and its churn per wall-clock minute. */
export function loadLine(load: LedgerLoad): string {
  const n = (v: number): string => Math.round(v).toLocaleString('en-US');
  const model =
    load.model === 'population' && load.population
      ? `population model, ${n(load.population.users)} people, timeScale ×${load.timeScale}`
      : 'rate model';
  return `load: ${model}; ${n(load.sessionsPerMin)} sessions/min and ${n(load.seriesPerMin)} metric series/min started (wall clock)`;
}
