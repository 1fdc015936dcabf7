/**
 * k6-style thresholds (scenarios/thresholds.ts) evaluated at the end of a verify run, over what verify measured:
 * the ledger, the lag probes, the per-second ingest and the other suites' results. Each threshold becomes one
 * assertion (suite `thresholds`), so a failed one fails the run (exit 1) and lands in every report.
 */
import {
  compare,
  THRESHOLD_METRICS,
  type Threshold,
  type ThresholdMetricName,
} from '../scenarios/thresholds.js';
import { check, errored, isProblem, type AssertionResult } from './assertion.js';
import type { VerifyContext } from './verify-context.js';

export const THRESHOLDS_SUITE = 'thresholds';

/** One metric as measured: a trend's values, a counter's count (and per-second rate), a rate, a gauge's value. */
export type Measurement =
  | { type: 'trend'; values: number[] }
  | { type: 'counter'; count: number; perSecond: number }
  | { type: 'rate'; rate: number }
  | { type: 'gauge'; value: number }
  | { type: 'unavailable'; reason: string };

export interface ThresholdOutcome {
  metric: ThresholdMetricName;
  source: string;
  /** passed/failed as k6 decides; errored when the metric was not measured in this run. */
  status: 'passed' | 'failed' | 'errored';
  /** The aggregated value, e.g. 412 for p(99); undefined when not measured. */
  actual?: number;
  /** `p(99)=412` as the summary shows it, or why it was not measured. */
  display: string;
}

/** Nearest-rank percentile, as verify's own lag figures (assertions/lag-probe.ts). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Every threshold metric as this run measured it. `results` are the other suites' assertions. */
export function measure(
  ctx: VerifyContext,
  results: readonly AssertionResult[],
): Record<ThresholdMetricName, Measurement> {
  const { ledger } = ctx;
  const seconds = Math.max(0.001, (ledger.window.endMs - ledger.window.startMs) / 1000);
  const dashboards = results.filter((r) => r.suite === 'dashboards');
  const load = ledger.load;
  const noLoad = {
    type: 'unavailable',
    reason: 'the ledger has no load figures (written before aimon measured churn)',
  } as const;
  return {
    lag_ms: ctx.probes
      ? { type: 'trend', values: [...ctx.probes.lagsMs] }
      : { type: 'unavailable', reason: 'lag is probed only while verify sends the load (not with --ledger)' },
    ingest_rate: ctx.observations.perSecond
      ? { type: 'trend', values: ctx.observations.perSecond.map((p) => p.stored) }
      : { type: 'unavailable', reason: 'ingest is measured by the throughput suite, which did not run' },
    missed: { type: 'counter', count: ledger.records.missed, perSecond: ledger.records.missed / seconds },
    failed: { type: 'rate', rate: ledger.records.sent > 0 ? ledger.records.failed / ledger.records.sent : 0 },
    acknowledged: {
      type: 'counter',
      count: ledger.records.acknowledged,
      perSecond: ledger.records.acknowledged / seconds,
    },
    dashboard_mismatches:
      dashboards.length > 0 && !dashboards.every((r) => r.status === 'skipped')
        ? {
            type: 'counter',
            count: dashboards.filter((r) => r.status === 'failed').length,
            perSecond: dashboards.filter((r) => r.status === 'failed').length / seconds,
          }
        : { type: 'unavailable', reason: 'the dashboards suite did not run' },
    assertions_failed: {
      type: 'counter',
      count: results.filter(isProblem).length,
      perSecond: results.filter(isProblem).length / seconds,
    },
    sessions_per_min: load ? { type: 'gauge', value: load.sessionsPerMin } : noLoad,
    series_per_min: load ? { type: 'gauge', value: load.seriesPerMin } : noLoad,
  };
}

/** The value a threshold's aggregation takes of a measurement (the parser has matched it to the metric type). */
export function aggregate(threshold: Threshold, m: Measurement): number {
  switch (m.type) {
    case 'trend': {
      const sorted = [...m.values].sort((a, b) => a - b);
      switch (threshold.aggregation) {
        case 'avg':
          return sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
        case 'min':
          return sorted.length ? sorted[0]! : NaN;
        case 'max':
          return sorted.length ? sorted[sorted.length - 1]! : NaN;
        case 'med':
          return percentile(sorted, 50);
        case 'count':
          return sorted.length;
        default:
          return percentile(sorted, threshold.percentile!);
      }
    }
    case 'counter':
      return threshold.aggregation === 'count' ? m.count : m.perSecond;
    case 'rate':
      return m.rate;
    case 'gauge':
      return m.value;
    case 'unavailable':
      return NaN;
  }
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US').replace(/,/g, '');
  return Math.abs(value) >= 100 ? value.toFixed(1) : Number(value.toPrecision(4)).toString();
}

export function evaluateThresholds(
  thresholds: readonly Threshold[],
  measured: Record<ThresholdMetricName, Measurement>,
): ThresholdOutcome[] {
  return thresholds.map((threshold) => {
    const m = measured[threshold.metric];
    const base = { metric: threshold.metric, source: threshold.source };
    if (m.type === 'unavailable') return { ...base, status: 'errored', display: `not measured: ${m.reason}` };
    const actual = aggregate(threshold, m);
    if (Number.isNaN(actual))
      return { ...base, status: 'errored', display: `not measured: no ${threshold.metric} values` };
    const unit = THRESHOLD_METRICS[threshold.metric].unit;
    const display = `${threshold.aggregation}=${format(actual)}${unit === 'ms' ? 'ms' : ''}`;
    return {
      ...base,
      status: compare(actual, threshold.operator, threshold.value) ? 'passed' : 'failed',
      actual,
      display,
    };
  });
}

/** Each outcome as an assertion, for the table, JUnit, JSON and HTML. */
export function thresholdAssertions(outcomes: readonly ThresholdOutcome[]): AssertionResult[] {
  return outcomes.map((o, i) => {
    const fields = {
      id: `${THRESHOLDS_SUITE}.${o.metric}.${i}`,
      suite: THRESHOLDS_SUITE,
      title: `Threshold ${o.metric}: ${o.source}`,
      expected: o.source,
      query: `${o.metric}: ${THRESHOLD_METRICS[o.metric].meaning}`,
    };
    if (o.status === 'errored')
      return errored({ ...fields, detail: `${o.metric} '${o.source}' ${o.display}` });
    return check(o.status === 'passed', {
      ...fields,
      actual: o.display,
      detail: o.status === 'passed' ? '' : `${o.metric} '${o.source}' crossed: ${o.display}`,
    });
  });
}

/** k6's end-of-run threshold summary: per metric, ✓ or ✗ per threshold with the measured value. */
export function renderThresholdSummary(outcomes: readonly ThresholdOutcome[]): string {
  if (outcomes.length === 0) return '';
  const lines = ['  █ THRESHOLDS', ''];
  const byMetric = new Map<string, ThresholdOutcome[]>();
  for (const o of outcomes) byMetric.set(o.metric, [...(byMetric.get(o.metric) ?? []), o]);
  for (const [metric, list] of byMetric) {
    lines.push(`    ${metric}`);
    for (const o of list) lines.push(`    ${o.status === 'passed' ? '✓' : '✗'} '${o.source}' ${o.display}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
