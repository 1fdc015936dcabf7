/**
 * k6's threshold syntax over aimon's own measurements: `lag_ms: ['p(99)<2000']`, `missed: ['count==0']`.
 * Parsing only (pure); assertions/thresholds/ measures and evaluates. An expression is `<aggregation> <op> <number>`
 * as in k6 (https://grafana.com/docs/k6/latest/using-k6/thresholds/), and each metric has k6's metric type, which
 * decides the aggregations it accepts.
 */

/** k6's metric types and the aggregations each accepts (`p(N)` stands for any percentile). */
export type MetricType = 'trend' | 'counter' | 'rate' | 'gauge';
const AGGREGATIONS: Record<MetricType, readonly string[]> = {
  trend: ['avg', 'min', 'max', 'med', 'p(N)', 'count'],
  counter: ['count', 'rate'],
  rate: ['rate'],
  gauge: ['value'],
};

export interface ThresholdMetric {
  type: MetricType;
  unit: string;
  /** What it measures, for the README and error messages. */
  meaning: string;
}

/** The measurements thresholds may name. */
export const THRESHOLD_METRICS = {
  lag_ms: {
    type: 'trend',
    unit: 'ms',
    meaning: 'emit-to-queryable lag of the probe records sent during the load (VictoriaLogs, no force flush)',
  },
  ingest_rate: {
    type: 'trend',
    unit: 'rows/s',
    meaning: "the run's rows stored in VictoriaLogs per second of the run window (avg = stored / seconds)",
  },
  missed: {
    type: 'counter',
    unit: 'records',
    meaning: 'records the open-model schedule could not send on time (count; rate = per second)',
  },
  failed: {
    type: 'rate',
    unit: 'fraction',
    meaning: 'share of the records sent whose export failed after retries (0.001 = one in a thousand)',
  },
  acknowledged: {
    type: 'counter',
    unit: 'records',
    meaning: 'records the collector acknowledged (count; rate = per second of the run)',
  },
  dashboard_mismatches: {
    type: 'counter',
    unit: 'panels',
    meaning: "dashboard checks whose figure differs from the ledger's (the dashboards suite's failures)",
  },
  assertions_failed: {
    type: 'counter',
    unit: 'assertions',
    meaning: "verify's own assertions that failed or errored, all suites",
  },
  sessions_per_min: {
    type: 'gauge',
    unit: 'sessions/min',
    meaning: 'sessions started per wall-clock minute of the run',
  },
  series_per_min: {
    type: 'gauge',
    unit: 'series/min',
    meaning: 'metric series started per wall-clock minute of the run (what grows Prometheus)',
  },
} as const satisfies Record<string, ThresholdMetric>;

export type ThresholdMetricName = keyof typeof THRESHOLD_METRICS;

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface Threshold {
  metric: ThresholdMetricName;
  /** As written: "p(99)<2000". */
  source: string;
  /** "avg", "p(99)", "count", … */
  aggregation: string;
  /** For p(N): N (0–100). */
  percentile?: number;
  operator: ThresholdOperator;
  value: number;
}

const EXPRESSION =
  /^\s*(avg|min|max|med|count|rate|value|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*$/i;

export function isThresholdMetric(name: string): name is ThresholdMetricName {
  return Object.hasOwn(THRESHOLD_METRICS, name);
}

/** Parses one expression for `metric`; a string (the problem, to follow the field's name) when it is not valid. */
export function parseThreshold(metric: ThresholdMetricName, source: string): Threshold | string {
  const match = EXPRESSION.exec(source);
  if (!match)
    return `"${source}" is not a threshold (expected <aggregation><operator><number>, e.g. p(99)<2000, count==0)`;
  const aggregation = match[1]!.replace(/\s+/g, '').toLowerCase();
  const type = THRESHOLD_METRICS[metric].type;
  const allowed = AGGREGATIONS[type];
  const percentile = match[2] !== undefined ? Number(match[2]) : undefined;
  const generic = percentile !== undefined ? 'p(N)' : aggregation;
  if (!allowed.includes(generic))
    return `"${source}": ${metric} is a ${type} metric, which has ${allowed.join(', ')} (not ${aggregation})`;
  if (percentile !== undefined && !(percentile >= 0 && percentile <= 100))
    return `"${source}": a percentile is between p(0) and p(100)`;
  return {
    metric,
    source,
    aggregation,
    ...(percentile !== undefined ? { percentile } : {}),
    operator: match[3] as ThresholdOperator,
    value: Number(match[4]),
  };
}

export function compare(actual: number, operator: ThresholdOperator, expected: number): boolean {
  switch (operator) {
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '==':
    case '===':
      return actual === expected;
    case '!=':
      return actual !== expected;
  }
}
