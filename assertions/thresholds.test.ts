import { describe, expect, it } from 'vitest';
import type { RunLedger } from '../core/ledger/index.js';
import { parseThreshold, type Threshold, type ThresholdMetricName } from '../scenarios/thresholds.js';
import type { AssertionResult } from './assertion.js';
import {
  evaluateThresholds,
  measure,
  renderThresholdSummary,
  thresholdAssertions,
  type Measurement,
} from './thresholds.js';
import type { VerifyContext } from './verify-context.js';

const t = (metric: ThresholdMetricName, source: string): Threshold => {
  const parsed = parseThreshold(metric, source);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('threshold expressions (k6 syntax)', () => {
  it('parses aggregation, operator and number', () => {
    expect(t('lag_ms', 'p(99)<2000')).toEqual({
      metric: 'lag_ms',
      source: 'p(99)<2000',
      aggregation: 'p(99)',
      percentile: 99,
      operator: '<',
      value: 2000,
    });
    expect(t('lag_ms', ' p(99.9) <= 1.5e3 ')).toMatchObject({
      percentile: 99.9,
      operator: '<=',
      value: 1500,
    });
    expect(t('missed', 'count==0')).toMatchObject({ aggregation: 'count', operator: '==', value: 0 });
    expect(t('ingest_rate', 'avg>1e9')).toMatchObject({ aggregation: 'avg', operator: '>', value: 1e9 });
    expect(t('failed', 'rate<0.001')).toMatchObject({ aggregation: 'rate', value: 0.001 });
    expect(t('series_per_min', 'value!=0')).toMatchObject({ aggregation: 'value', operator: '!=' });
  });
  it('rejects what k6 would, saying why', () => {
    expect(parseThreshold('lag_ms', 'p99<1')).toMatch(/^"p99<1" is not a threshold/);
    expect(parseThreshold('lag_ms', 'avg<')).toMatch(/is not a threshold/);
    expect(parseThreshold('lag_ms', 'p(101)<1')).toBe('"p(101)<1": a percentile is between p(0) and p(100)');
    expect(parseThreshold('missed', 'avg<1')).toBe(
      '"avg<1": missed is a counter metric, which has count, rate (not avg)',
    );
    expect(parseThreshold('sessions_per_min', 'count<1')).toBe(
      '"count<1": sessions_per_min is a gauge metric, which has value (not count)',
    );
  });
});

const measured = (overrides: Partial<Record<ThresholdMetricName, Measurement>>) =>
  ({
    lag_ms: { type: 'trend', values: [100, 200, 300, 400, 2500] },
    ingest_rate: { type: 'trend', values: [9000, 10_000, 11_000] },
    missed: { type: 'counter', count: 0, perSecond: 0 },
    failed: { type: 'rate', rate: 0.002 },
    acknowledged: { type: 'counter', count: 30_000, perSecond: 10_000 },
    dashboard_mismatches: { type: 'unavailable', reason: 'the dashboards suite did not run' },
    assertions_failed: { type: 'counter', count: 0, perSecond: 0 },
    sessions_per_min: { type: 'gauge', value: 120 },
    series_per_min: { type: 'gauge', value: 1800.25 },
    ...overrides,
  }) as Record<ThresholdMetricName, Measurement>;

describe('threshold evaluation', () => {
  it('passes and fails as k6 would, showing the measured value', () => {
    const outcomes = evaluateThresholds(
      [
        t('lag_ms', 'p(99)<2000'),
        t('lag_ms', 'p(80)<=400'),
        t('lag_ms', 'med==300'),
        t('ingest_rate', 'avg>9000'),
        t('ingest_rate', 'avg>1e9'),
        t('missed', 'count==0'),
        t('failed', 'rate<0.001'),
        t('acknowledged', 'rate>=10000'),
        t('dashboard_mismatches', 'count==0'),
        t('series_per_min', 'value<1000'),
      ],
      measured({}),
    );
    expect(outcomes.map((o) => [o.metric, o.source, o.status, o.display])).toEqual([
      ['lag_ms', 'p(99)<2000', 'failed', 'p(99)=2500ms'],
      ['lag_ms', 'p(80)<=400', 'passed', 'p(80)=400ms'],
      ['lag_ms', 'med==300', 'passed', 'med=300ms'],
      ['ingest_rate', 'avg>9000', 'passed', 'avg=10000'],
      ['ingest_rate', 'avg>1e9', 'failed', 'avg=10000'],
      ['missed', 'count==0', 'passed', 'count=0'],
      ['failed', 'rate<0.001', 'failed', 'rate=0.002'],
      ['acknowledged', 'rate>=10000', 'passed', 'rate=10000'],
      ['dashboard_mismatches', 'count==0', 'errored', 'not measured: the dashboards suite did not run'],
      ['series_per_min', 'value<1000', 'failed', 'value=1800.3'],
    ]);
    const assertions = thresholdAssertions(outcomes);
    expect(assertions.map((a) => a.status)).toEqual([
      'failed',
      'passed',
      'passed',
      'passed',
      'failed',
      'passed',
      'failed',
      'passed',
      'errored',
      'failed',
    ]);
    expect(assertions[4]).toMatchObject({
      id: 'thresholds.ingest_rate.4',
      suite: 'thresholds',
      title: 'Threshold ingest_rate: avg>1e9',
      expected: 'avg>1e9',
      actual: 'avg=10000',
      detail: "ingest_rate 'avg>1e9' crossed: avg=10000",
    });
  });

  it('an empty trend is not measured (never a pass)', () => {
    const [outcome] = evaluateThresholds(
      [t('lag_ms', 'p(99)<2000')],
      measured({ lag_ms: { type: 'trend', values: [] } }),
    );
    expect(outcome).toMatchObject({ status: 'errored', display: 'not measured: no lag_ms values' });
  });

  it("prints k6's summary: ✓ or ✗ per threshold, grouped by metric", () => {
    const text = renderThresholdSummary(
      evaluateThresholds(
        [t('lag_ms', 'p(99)<2000'), t('missed', 'count==0'), t('lag_ms', 'avg<1000')],
        measured({}),
      ),
    );
    expect(text).toBe(
      [
        '  █ THRESHOLDS',
        '',
        '    lag_ms',
        "    ✗ 'p(99)<2000' p(99)=2500ms",
        "    ✓ 'avg<1000' avg=700ms",
        '',
        '    missed',
        "    ✓ 'count==0' count=0",
        '',
        '',
      ].join('\n'),
    );
  });
});

describe('measurements from a verify run', () => {
  const ledger = {
    window: { startMs: 0, endMs: 10_000 },
    records: {
      scheduled: 1000,
      sent: 1000,
      acknowledged: 998,
      failed: 2,
      missed: 5,
      withheld: 0,
      duplicated: 0,
    },
    load: {
      model: 'rate',
      timeScale: null,
      durationMs: 10_000,
      sessions: 20,
      metricSeries: 300,
      sessionsPerMin: 120,
      seriesPerMin: 1800,
    },
  } as unknown as RunLedger;
  const ctx = {
    ledger,
    observations: { perSecond: [{ second: 0, sent: 100, stored: 90 }] },
    probes: { lagsMs: [5, 7] },
  } as unknown as VerifyContext;
  const result = (suite: string, status: AssertionResult['status']): AssertionResult => ({
    id: `${suite}.x`,
    suite,
    title: '',
    status,
    expected: '',
    actual: '',
    detail: '',
    query: '',
  });

  it('reads the ledger, the probes, the per-second ingest and the other suites', () => {
    const m = measure(ctx, [
      result('dashboards', 'failed'),
      result('dashboards', 'passed'),
      result('content', 'errored'),
    ]);
    expect(m.lag_ms).toEqual({ type: 'trend', values: [5, 7] });
    expect(m.ingest_rate).toEqual({ type: 'trend', values: [90] });
    expect(m.missed).toEqual({ type: 'counter', count: 5, perSecond: 0.5 });
    expect(m.failed).toEqual({ type: 'rate', rate: 0.002 });
    expect(m.dashboard_mismatches).toMatchObject({ type: 'counter', count: 1 });
    expect(m.assertions_failed).toMatchObject({ type: 'counter', count: 2 });
    expect(m.series_per_min).toEqual({ type: 'gauge', value: 1800 });
  });

  it('says what was not measured: no probes with --ledger, no dashboards suite', () => {
    const m = measure({ ...ctx, probes: undefined } as VerifyContext, [result('dashboards', 'skipped')]);
    expect(m.lag_ms.type).toBe('unavailable');
    expect(m.dashboard_mismatches).toEqual({
      type: 'unavailable',
      reason: 'the dashboards suite did not run',
    });
  });
});
