import { METRICS_SCRAPE_JOB } from '../../core/endpoints.js';
import type { LedgerMetricSeries, MetricAttributes } from '../../core/ledger/index.js';
import { check, describeError, errored, type AssertionResult } from '../assertion.js';
import { BackendError } from '../backends/http-get.js';
import type { PromSample } from '../backends/prometheus-client.js';
import { formatFigure, nearlyEqual } from '../float-compare.js';
import {
  INFRASTRUCTURE_LABELS,
  prometheusLabelName,
  prometheusLabelValue,
  prometheusMetricName,
} from '../prometheus-names.js';
import type { Suite } from '../suite.js';
import type { VerifyContext } from '../verify-context.js';
import { checkClaudeEventCounts } from './claude-event-counts.js';

const SUITE = 'metrics';

/**
 * Every ledger metric series' run total read from Prometheus with `increase(x[w] anchored)` (exact: no
 * extrapolation, resets counted; plain increase()/rate() extrapolate), matched by its exact label set. Histograms are
 * native histograms with custom buckets: their count, sum and every bucket are compared.
 */
const METRIC_QUERY_CONCURRENCY = 6;

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const metricsSuite: Suite = {
  id: SUITE,
  title: 'Metrics',
  async run(ctx) {
    const byName = new Map<string, LedgerMetricSeries[]>();
    for (const series of ctx.ledger.metrics) {
      const list = byName.get(series.name) ?? [];
      list.push(series);
      byName.set(series.name, list);
    }
    const results: AssertionResult[] = [];
    let backendDown: BackendError | undefined;
    let ignore: ReadonlySet<string> = INFRASTRUCTURE_LABELS;
    try {
      ignore = await ignoredLabels(ctx);
    } catch (error) {
      if (error instanceof BackendError) backendDown = error;
    }
    const entries = [...byName.entries()].sort(([a], [b]) => a.localeCompare(b));
    const check = async ([name, series]: [string, LedgerMetricSeries[]]): Promise<AssertionResult> => {
      const first = series[0]!;
      const promName = prometheusMetricName(name, first.unit, first.kind);
      const base = { id: `${SUITE}.${name}`, suite: SUITE, title: `${name} (${promName}) per series` };
      if (backendDown) return errored({ ...base, detail: `not checked: ${backendDown.message}` });
      try {
        return await checkMetric(ctx, name, promName, series, ignore);
      } catch (error) {
        if (error instanceof BackendError) backendDown = error;
        return errored({ ...base, detail: describeError(error) });
      }
    };
    // A few metrics at a time: each is up to three instant queries, and Codex alone has some sixty metrics.
    results.push(...(await mapWithConcurrency(entries, METRIC_QUERY_CONCURRENCY, check)));
    // Not in the ledger's metric series (the client does not send them): the collector's counts of log events.
    results.push(...(await checkClaudeEventCounts(ctx.ledger, ctx.prometheus, rangeSeconds(ctx))));
    return results;
  },
};

/** Prometheus labels an OTLP series should carry (resource attributes, then data point attributes). */
export function expectedLabels(
  series: Pick<LedgerMetricSeries, 'attributes' | 'resource'>,
): Record<string, string> {
  const labels: Record<string, string> = {};
  const add = (attributes: MetricAttributes): void => {
    for (const [key, value] of Object.entries(attributes)) {
      const rendered = prometheusLabelValue(value);
      const name = prometheusLabelName(key);
      // Prometheus drops empty labels, and drops the infrastructure ones from the comparison.
      if (rendered === '' || INFRASTRUCTURE_LABELS.has(name)) continue;
      labels[name] = rendered;
    }
  };
  add(series.resource);
  add(series.attributes);
  return labels;
}

/**
 * Labels that do not come from OTLP attributes: the exporter's and Prometheus' own, plus whatever target labels the
 * scrape config attaches to the exporter target (e.g. component="collector-exporter").
 */
async function ignoredLabels(ctx: VerifyContext): Promise<ReadonlySet<string>> {
  const ignore = new Set(INFRASTRUCTURE_LABELS);
  const exporterPage = ctx.endpoints.collectorPrometheusExporter;
  const exporter = exporterPage ? new URL(exporterPage) : undefined;
  for (const target of await ctx.prometheus.targets()) {
    const url = new URL(target.scrapeUrl);
    const sameTarget = url.port === exporter?.port || target.scrapePool === METRICS_SCRAPE_JOB;
    if (sameTarget) for (const label of Object.keys(target.labels)) ignore.add(label);
  }
  return ignore;
}

/** Canonical key of a label set (ignoring labels Prometheus or the exporter add). */
export function labelKey(
  labels: Record<string, string>,
  ignore: ReadonlySet<string> = INFRASTRUCTURE_LABELS,
): string {
  return Object.keys(labels)
    .filter((k) => !ignore.has(k) && labels[k] !== '')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

function rangeSeconds(ctx: VerifyContext): number {
  return Math.max(60, Math.ceil((Date.now() - ctx.ledger.window.startMs) / 1000) + 300);
}

function selector(promName: string, runId: string): string {
  // No job matcher: counters are scraped (job otel-collector), histograms pushed (job = their service name). The
  // suffix-less job holds Claude Code's counters under other names, so a name matches one spelling only.
  return `${promName}{aimon_run_id=${JSON.stringify(runId)}}`;
}

/**
 * The run's total of one series: `increase(...[w] anchored)` over a window that starts before the run, i.e. from the
 * series' zero sample at its start time to its last sample, with no extrapolation, counting any counter reset (a
 * collector restarted mid-run begins its running totals again, which a raw last value would miss).
 */
function lastValueQuery(ctx: VerifyContext, promName: string): string {
  return `increase(${selector(promName, ctx.ledger.runId)}[${rangeSeconds(ctx)}s] anchored)`;
}

async function lastValues(
  ctx: VerifyContext,
  promName: string,
): Promise<{ query: string; samples: PromSample[] }> {
  const query = lastValueQuery(ctx, promName);
  return { query, samples: await ctx.prometheus.query(query) };
}

/** The upper bounds a ledger histogram counts into: its explicit bounds, then +Inf. */
function bucketBounds(series: LedgerMetricSeries | undefined): number[] {
  return [...(series?.explicitBounds ?? []), Number.POSITIVE_INFINITY];
}

/**
 * Cumulative counts at each upper bound `le`, from a native histogram's non-cumulative buckets (empty ones omitted),
 * as the classic `_bucket{le}` series would read.
 */
export function cumulativeBuckets(
  buckets: ReadonlyArray<{ upper: number; count: number }>,
  bounds: readonly number[],
): Array<[number, number]> {
  return bounds.map((le) => [le, buckets.filter((b) => b.upper <= le).reduce((sum, b) => sum + b.count, 0)]);
}

interface Figure {
  /** Series label (only the labels that tell this metric's series apart). */
  series: string;
  what: string;
  expected: number;
}

async function checkMetric(
  ctx: VerifyContext,
  name: string,
  promName: string,
  series: LedgerMetricSeries[],
  ignore: ReadonlySet<string>,
): Promise<AssertionResult> {
  const isHistogram = series[0]!.kind === 'histogram';
  const display = distinguishingLabels(series.map(expectedLabels));
  const expectedByKey = new Map(series.map((s) => [labelKey(expectedLabels(s)), s]));

  const queries: string[] = [];
  const actual = new Map<string, number>(); // "<seriesKey>|<what>" → value
  const seen = new Map<string, Record<string, string>>();
  if (isHistogram) {
    // Histograms are stored as native histograms with custom buckets (Prometheus converts them at OTLP ingest).
    const query = lastValueQuery(ctx, promName);
    queries.push(query);
    for (const sample of await ctx.prometheus.queryHistograms(query)) {
      const key = labelKey(sample.metric, ignore);
      seen.set(key, sample.metric);
      actual.set(`${key}|sum`, sample.sum);
      actual.set(`${key}|count`, sample.count);
      for (const [le, cumulative] of cumulativeBuckets(sample.buckets, bucketBounds(expectedByKey.get(key))))
        actual.set(`${key}|bucket le=${le}`, cumulative);
    }
  } else {
    const { query, samples } = await lastValues(ctx, promName);
    queries.push(query);
    for (const sample of samples) {
      const key = labelKey(sample.metric, ignore);
      seen.set(key, sample.metric);
      actual.set(`${key}|value`, sample.value);
    }
  }

  const problems: string[] = [];
  let figures = 0;
  for (const [key, s] of expectedByKey) {
    const shown = showLabels(expectedLabels(s), display);
    if (!seen.has(key)) {
      problems.push(`${promName}{${shown}}: series missing (expected ${formatFigure(s.value)})`);
      continue;
    }
    for (const figure of expectedFigures(s, shown)) {
      figures += 1;
      const got = actual.get(`${key}|${figure.what}`);
      if (got === undefined)
        problems.push(
          `${promName}{${figure.series}} ${figure.what}: missing (expected ${formatFigure(figure.expected)})`,
        );
      else if (!nearlyEqual(figure.expected, got)) {
        problems.push(
          `${promName}{${figure.series}} ${figure.what}: expected ${formatFigure(figure.expected)}, got ${formatFigure(got)}`,
        );
      }
    }
  }
  for (const [key, labels] of seen) {
    if (!expectedByKey.has(key))
      problems.push(`${promName}{${showLabels(labels, display)}}: series not in the ledger (${key})`);
  }
  const total = series.reduce((sum, s) => sum + s.value, 0);
  return check(problems.length === 0, {
    id: `${SUITE}.${name}`,
    suite: SUITE,
    title: `${name} (${promName}) per series`,
    expected: `${series.length} series, ${isHistogram ? 'sum' : 'total'} ${formatFigure(total)}`,
    actual:
      problems.length === 0
        ? `${seen.size} series, ${figures} figures equal`
        : `${problems.length} wrong figures`,
    detail:
      problems.slice(0, 40).join('; ') + (problems.length > 40 ? `; … ${problems.length - 40} more` : ''),
    query: queries.join('\n'),
  });
}

function expectedFigures(series: LedgerMetricSeries, shown: string): Figure[] {
  if (series.kind !== 'histogram') return [{ series: shown, what: 'value', expected: series.value }];
  const figures: Figure[] = [{ series: shown, what: 'sum', expected: series.value }];
  if (series.count !== undefined) figures.push({ series: shown, what: 'count', expected: series.count });
  if (series.bucketCounts && series.explicitBounds) {
    let cumulative = 0;
    series.bucketCounts.forEach((count, i) => {
      cumulative += count;
      const le = i < series.explicitBounds!.length ? series.explicitBounds![i]! : Number.POSITIVE_INFINITY;
      figures.push({ series: shown, what: `bucket le=${le}`, expected: cumulative });
    });
  }
  return figures;
}

/** Labels whose values differ between a metric's series (what a reader needs to tell them apart). */
export function distinguishingLabels(labelSets: ReadonlyArray<Record<string, string>>): string[] {
  const names = new Set(labelSets.flatMap((l) => Object.keys(l)));
  const varying = [...names].filter((n) => new Set(labelSets.map((l) => l[n] ?? '')).size > 1).sort();
  return varying.length > 0 ? varying : ['aimon_run_id'];
}

function showLabels(labels: Record<string, string>, names: readonly string[]): string {
  return names.map((n) => `${n}=${JSON.stringify(labels[n] ?? '')}`).join(',');
}
